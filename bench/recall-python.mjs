// Python for bench/migration-recall.mjs: which Python files count, their code without comments and
// docstrings, and the upgrade-driven patterns of each hop.

/** Manifests are Python but only their version changes in a migration: never counted. */
export const PYTHON_NOT_COUNTED = /(^|\/)__(manifest|openerp)__\.py$/;

/**
 * The text with comments and docstrings blanked out, line breaks kept. A docstring is taken to be
 * a string that starts its line (a statement of its own); other strings are code.
 */
export function pythonCodeOnly(text) {
  const out = text.split("");
  const blank = (from, to) => {
    for (let k = from; k < to; k++) if (out[k] !== "\n") out[k] = " ";
  };
  let i = 0;
  let lineStart = true; // only blanks since the last line break
  while (i < text.length) {
    const c = text[i];
    if (c === "\n") {
      lineStart = true;
      i++;
      continue;
    }
    if (c === "#") {
      const end = text.indexOf("\n", i);
      const stop = end < 0 ? text.length : end;
      blank(i, stop);
      i = stop;
      continue;
    }
    const prefix = /^[rRbBuUfF]{0,2}(?='|")/.exec(text.slice(i, i + 3));
    if (prefix && (prefix[0] === "" || !/[\w]/.test(text[i - 1] ?? ""))) {
      const q = i + prefix[0].length;
      const quote = text.startsWith('"""', q) ? '"""' : text.startsWith("'''", q) ? "'''" : text[q];
      let j = q + quote.length;
      while (j < text.length && !text.startsWith(quote, j)) {
        if (text[j] === "\\") j++;
        else if (quote.length === 1 && text[j] === "\n") break;
        j++;
      }
      const end = Math.min(text.length, j + quote.length);
      if (lineStart) blank(i, end);
      lineStart = false;
      i = end;
      continue;
    }
    if (!/\s/.test(c)) lineStart = false;
    i++;
  }
  return out.join("");
}

/**
 * Python API names and shapes that changed in each hop, from the rows of
 * /work/shared/research/odoo-python.md §3 and §4 (odoo/odoo PRs and the ORM changelog named
 * there), written before the first run. Like the JS/XML list, it includes changes no rule covers
 * (read_group dictionaries, hooks) only where the note names a source.
 */
export const PYTHON_TOKENS = {
  "16.0-17.0": [
    // name_get no longer names records: odoo/odoo#122085.
    { id: "py-name-get", in: "py", re: /\bname_get\b/ },
    // Field states= is ignored: odoo/odoo#104741, #140694.
    { id: "py-states", in: "py", re: /\bstates\s*=/ },
    // _read_group's new signature: odoo/odoo#110737.
    { id: "py-read-group", in: "py", re: /\b_read_group\s*\(/ },
    // message_post_with_view is gone: odoo/odoo commit 4775bd93.
    { id: "py-post-view", in: "py", re: /\bmessage_post_with_(view|template)\b/ },
    // Message bodies given as str are escaped: odoo/odoo#111850, #129977.
    { id: "py-markup", in: "py", re: /\bbody\s*=\s*(_\(\s*)?f?["'][^"'\n]*</ },
    // Form moves to odoo.tests: odoo/odoo#116779.
    { id: "py-form", in: "py", re: /from odoo\.tests\.common import[^\n]*\bForm\b/ },
  ],
  "17.0-18.0": [
    { id: "py-user-has-groups", in: "py", re: /\buser_has_groups\b|\[["']res\.users["']\]\.has_group/ }, // odoo/odoo#151597, #162248
    { id: "py-group-operator", in: "py", re: /\bgroup_operator\b/ }, // odoo/odoo#127353
    { id: "py-check-access", in: "py", re: /\b(check_access_rights|check_access_rule|_filter_access_rules\w*)\b/ }, // odoo/odoo#179148
    { id: "py-name-search", in: "py", re: /\bdef _name_search\b/ }, // odoo/odoo#174967
    { id: "py-flush-search", in: "py", re: /\b_flush_search\b/ }, // odoo/odoo#144747
    { id: "py-inselect", in: "py", re: /["']inselect["']/ }, // odoo/odoo#171371
    { id: "py-unaccent", in: "py", re: /\bunaccent\s*=/ }, // odoo/odoo#139568
    { id: "py-ustr", in: "py", re: /\bustr\b/ }, // odoo/odoo#173811
    { id: "py-registry", in: "py", re: /from odoo import[^\n]*\bregistry\b|\bodoo\.registry\(/ }, // odoo/odoo#178784
    { id: "py-storable", in: "py", re: /["']type["']\s*:\s*["']product["']|\bdetailed_type\b/ }, // odoo/odoo#165372
    { id: "py-ir-property", in: "py", re: /["']ir\.property["']/ }, // OpenUpgrade 18.0 base
    { id: "py-cron", in: "py", re: /\b(numbercall|doall)\b/ }, // odoo/odoo commit 2700dd3f
    { id: "py-chart-template", in: "py", re: /\bchart_template_ref\b/ }, // odoo/odoo#152899
    { id: "py-tree", in: "py", re: /["']tree\b|\btree["']|\btree_view_ref\b/ }, // odoo/odoo#159909
  ],
};
