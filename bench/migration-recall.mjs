// How much of a real Odoo migration Uplift points at. Given the code of a repository's addons
// before and after their migration from one series to the next, diff every JS, XML and Python file
// into hunks, scan the "before" code with Uplift for that hop, and count the hunks a finding of
// medium severity or worse lies in; then list the findings that lie in places the migration left
// alone.
//
//   # branch heads: two checkouts of the same repository at the old and the new branch
//   node bench/migration-recall.mjs --old /tmp/oca/web-16.0 --new /tmp/oca/web-17.0 --from 16.0 --to 17.0
//   # migration PRs: per addon, the code just before the commit that bumped its manifest to the new
//   # series, against the code once the PR carrying that commit was merged (needs the history)
//   node bench/migration-recall.mjs --git /path/to/web.git --old-ref 16.0 --new-ref 17.0 --from 16.0 --to 17.0
//
// Options: --repo <label>, --json <file> (everything, for later analysis), --details (print every
// missed hunk and every finding in an unchanged place), --work <dir> (where --git extracts the
// addons), --scan <file> (reuse an Uplift JSON result of the same "before" tree), --rules <dir>,
// --min-severity <low|medium|high|critical> (the least severe finding that points at a hunk;
// medium unless given), --match <overlap|start> (a finding points at a hunk when its lines overlap
// the hunk's, ±1 line, as the issue defines it; or, with start, only when its first line lies there).
// See docs/odoo-recall.md for the method and what the figures mean.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { diffLines, structuredPatch } from "diff";
import { PYTHON_NOT_COUNTED, PYTHON_TOKENS, pythonCodeOnly } from "./recall-python.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const UPLIFT = path.join(HERE, "..", "packages", "cli", "dist", "bin.js");

// Uplift does not scan bundled third-party code by default (packages/core/src/discover.ts); the
// hunks in it are not counted either.
const VENDORED = [/\.min\.js$/, /(^|\/)static\/(src\/)?lib\//, /(^|\/)vendor\//, /(^|\/)bower_components\//];
const COUNTED = /\.(js|xml|py)$/;
const LANGUAGES = [
  ["JS", ".js"],
  ["XML", ".xml"],
  ["Python", ".py"],
];
const SEVERITY_RANK = { low: 0, medium: 1, high: 2, critical: 3 };

// ---------------------------------------------------------------------------------------------
// Upgrade-driven hunks. A hunk is classed upgrade-driven when the code it removes (comments
// stripped) matches one of these patterns: API names and markup that the vendor or the OCA
// migration tooling says changed in the hop. The list was written from the sources named on each
// entry before the first run and is not adjusted to the results; it deliberately includes changes
// that no Uplift rule covers. `in` limits a pattern to .js or .xml files, `path` to some paths.
const UPGRADE_TOKENS = {
  "16.0-17.0": [
    // Views: attrs and states are gone, invisible on list columns becomes column_invisible.
    // odoo/odoo#104741
    { id: "attrs", in: "xml", re: /\battrs\s*=|name=["']attrs["']/ },
    { id: "states", in: "xml", re: /\bstates\s*=|name=["']states["']/ },
    { id: "invisible", in: "xml", re: /\binvisible\s*=|name=["']invisible["']/ },
    // Templates in the assets all go to Owl (odoo/odoo#130467): owl="1" is moot, and what only the
    // legacy QWeb engine understood (t-raw, t-extend/t-jquery) is not Owl 2 syntax (odoo/owl docs).
    { id: "owl-attr", in: "xml", path: /static\//, re: /\bowl=["']1["']/ },
    { id: "legacy-qweb", in: "xml", path: /static\//, re: /\bt-(raw|extend|jquery)\b/ },
    // web.assets_common is removed: odoo/odoo#132190 (and the OCA migrator's 16.0-17.0 warning).
    { id: "assets-common", in: "any", re: /web\.assets_common/ },
    // The settings view markup becomes <app>/<block>/<setting>: odoo/odoo#106425,
    // OCA/maintainer-tools#594 (17.0 migration wiki).
    { id: "settings-markup", in: "xml", re: /app_settings_block|o_settings_container|o_setting_box|o_setting_(left|right)_pane|data-key=/ },
    // Date range fields are declared differently with the new date picker: odoo/documentation#4330.
    { id: "daterange-options", in: "xml", re: /related_(end|start)_date|widget=["']daterange["']/ },
    // The legacy JavaScript framework is removed (odoo/odoo#111809, #131683, #136271, #130867):
    // odoo.define modules, require()d legacy modules, the legacy class system, this._super.
    { id: "odoo-define", in: "js", re: /\bodoo\.define\s*\(/ },
    { id: "legacy-require", in: "js", re: /\brequire\s*\(\s*["'][\w.]+["']\s*\)/ },
    { id: "legacy-class", in: "js", re: /\.(extend|include)\s*\(\s*\{/ },
    { id: "legacy-imports", in: "js", re: /["']@web\/legacy\// },
    { id: "legacy-rpc", in: "js", re: /\bthis\._rpc\b|\brpc\.query\b/ },
    // patch() loses its name argument and this._super: odoo/odoo#125716.
    { id: "patch-name", in: "js", re: /\bpatch\s*\([^,()]+(\([^()]*\))?[^,()]*,\s*["'`]/ },
    { id: "super", in: "js", re: /\bthis\._super\b/ },
    { id: "unpatch", in: "js", re: /\bunpatch\b/ },
    // Translations: env._t dropped (odoo/odoo#131390), _lt only an alias (#124157).
    { id: "translate", in: "js", re: /\benv\._t\b|\b_lt\b/ },
    // Field widgets become descriptors with a new extractProps, and lose props.value/update:
    // odoo/odoo#112498, #113092, #113495.
    { id: "field-api", in: "js", re: /\b(extractProps|supportedTypes|fieldDependencies)\b|\bprops\.(value|update)\b/ },
    // Hooks and components whose signature or existence changed, as OCA migrations report them
    // (Uplift's own pack lists them as left out for want of a vendor statement).
    { id: "popover-filters", in: "js", re: /\busePopover\b|\bCustomFilterItem\b|\bgetActionMenuItems\b/ },
    // Tour steps become a function (odoo/odoo commit 81be42d8, see odoo/odoo#145273).
    { id: "tour-steps", in: "js", re: /\bsteps\s*:\s*\[/ },
  ],
  "17.0-18.0": [
    // tree becomes list everywhere: odoo/odoo#159909, odoo/upgrade_code/17.5-01-tree-to-list.py,
    // and the OCA migrator's 17.0-18.0 script.
    { id: "tree", in: "xml", re: /\btree\b/ },
    { id: "tree-js", in: "js", re: /["']tree["']|tree_view_ref/ },
    // kanban-box/kanban-menu/kanban-card become card/menu (OCA migrator; odoo/odoo#183524).
    { id: "kanban-box", in: "any", re: /kanban-(box|menu|card)/ },
    // The chatter div becomes <chatter/> (OCA migrator; odoo/odoo#156463).
    { id: "chatter", in: "xml", re: /oe_chatter|message_follower_ids|message_ids|activity_ids/ },
    // ir.cron loses numbercall and doall: odoo/odoo commit 2700dd3f.
    { id: "cron", in: "xml", re: /\b(numbercall|doall)\b/ },
    // rpc and user stop being services: odoo/odoo#145362, #151788, commit 137c43d0.
    {
      id: "services",
      in: "js",
      re: /useService\(\s*["'](rpc|user)["']|\bservices\.(rpc|user)\b|@web\/core\/(user_service|network\/rpc_service)/,
    },
    // _lt is removed: odoo/odoo#141399.
    { id: "lazy-translate", in: "js", re: /\b_lt\b/ },
    // Tours: extra_trigger and isCheck are gone and a step without run no longer clicks:
    // odoo/odoo#169252, #171309.
    { id: "tour-steps", in: "js", re: /\bextra_trigger\b|\bisCheck\b/ },
  ],
};

// ---------------------------------------------------------------------------------------------
function parseArgs(argv) {
  const opts = { details: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--details") opts.details = true;
    else if (a.startsWith("--")) opts[a.slice(2).replace(/-(\w)/g, (_, c) => c.toUpperCase())] = argv[++i];
    else throw new Error(`unexpected argument ${a}`);
  }
  if (!opts.from || !opts.to) throw new Error("--from and --to are required");
  if (!(opts.old && opts.new) && !(opts.git && opts.oldRef && opts.newRef)) {
    throw new Error("give --old <dir> --new <dir>, or --git <gitdir> --old-ref <ref> --new-ref <ref>");
  }
  return opts;
}

const MANIFEST = ["__manifest__.py", "__openerp__.py"];

/** The series ("16.0") a manifest's version starts with. */
function seriesOf(manifestText) {
  const m = /["']version["']\s*:\s*["'](\d+\.\d+)\./.exec(manifestText ?? "");
  return m ? m[1] : undefined;
}

function readManifest(dir) {
  for (const name of MANIFEST) {
    const p = path.join(dir, name);
    if (fs.existsSync(p)) return fs.readFileSync(p, "utf8");
  }
  return undefined;
}

function listFiles(dir, base = dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === ".git" || entry.name === "node_modules") continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) listFiles(full, base, out);
    else if (entry.isFile()) out.push(path.relative(base, full).split(path.sep).join("/"));
  }
  return out;
}

// --- the two ways of getting "before" and "after" --------------------------------------------

/** Branch heads: every addon in both checkouts whose manifests say old series → new series. */
function pairsFromCheckouts(opts) {
  const pairs = [];
  const skipped = [];
  for (const addon of fs.readdirSync(opts.old).sort()) {
    const oldDir = path.join(opts.old, addon);
    const newDir = path.join(opts.new, addon);
    const oldManifest = fs.statSync(oldDir).isDirectory() ? readManifest(oldDir) : undefined;
    if (!oldManifest) continue;
    const newManifest = fs.existsSync(newDir) ? readManifest(newDir) : undefined;
    if (!newManifest) continue;
    const [a, b] = [seriesOf(oldManifest), seriesOf(newManifest)];
    if (a === opts.from && b === opts.to) pairs.push({ addon, oldDir, newDir });
    else skipped.push({ addon, reason: `manifest series ${a} → ${b}` });
  }
  return { root: opts.old, pairs, skipped };
}

function git(gitDir, args) {
  return execFileSync("git", [`--git-dir=${gitDir}`, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 28,
    stdio: ["ignore", "pipe", "ignore"],
  });
}

function gitShow(gitDir, rev, file) {
  try {
    return git(gitDir, ["show", `${rev}:${file}`]);
  } catch {
    return undefined;
  }
}

function isAncestor(gitDir, a, b) {
  try {
    execFileSync("git", [`--git-dir=${gitDir}`, "merge-base", "--is-ancestor", a, b]);
    return true;
  } catch {
    return false;
  }
}

/**
 * Migration PRs. For each addon of the new branch: the oldest commit that changed its manifest's
 * series from --from to --to (the "[MIG]" commit of the OCA migration process) gives "before" (its
 * first parent); "after" is the first commit on the new branch's first-parent line that contains
 * it (the merge of the migration PR), so fix-ups made in the same PR count as part of the
 * migration. Both trees are extracted under --work.
 */
function pairsFromHistory(opts) {
  const work = opts.work ?? fs.mkdtempSync(path.join(os.tmpdir(), "uplift-recall-"));
  const oldRoot = path.join(work, "old");
  const newRoot = path.join(work, "new");
  const headRoot = path.join(work, "head"); // the new branch today, to tell later fixes apart
  fs.rmSync(work, { recursive: true, force: true });
  for (const dir of [oldRoot, newRoot, headRoot]) fs.mkdirSync(dir, { recursive: true });
  const mainline = git(opts.git, ["rev-list", "--first-parent", "--reverse", opts.newRef]).trim().split("\n");
  const addons = git(opts.git, ["ls-tree", "-d", "--name-only", opts.newRef]).trim().split("\n");
  const pairs = [];
  const skipped = [];
  for (const addon of addons.sort()) {
    const manifest = MANIFEST.map((m) => `${addon}/${m}`).find((m) => gitShow(opts.git, opts.newRef, m) !== undefined);
    if (!manifest || seriesOf(gitShow(opts.git, opts.newRef, manifest)) !== opts.to) continue;
    const commits = git(opts.git, ["log", "--format=%H %P", "--reverse", opts.newRef, "--", manifest])
      .trim()
      .split("\n")
      .map((l) => l.split(" "));
    let bump;
    let fromOther;
    for (const [sha, parent] of commits) {
      if (!parent || seriesOf(gitShow(opts.git, sha, manifest)) !== opts.to) continue;
      const before = seriesOf(gitShow(opts.git, parent, manifest));
      if (before === opts.from) {
        bump = { sha, parent };
        break;
      }
      fromOther ??= before;
    }
    if (!bump) {
      skipped.push({
        addon,
        reason: `no commit moves its manifest from ${opts.from} to ${opts.to}${fromOther ? ` (from ${fromOther})` : ""}`,
      });
      continue;
    }
    // The first mainline commit containing the bump: binary search, ancestry is monotone on it.
    let lo = 0;
    let hi = mainline.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (isAncestor(opts.git, bump.sha, mainline[mid])) hi = mid;
      else lo = mid + 1;
    }
    const after = mainline[lo];
    for (const [rev, root] of [
      [bump.parent, oldRoot],
      [after, newRoot],
      [opts.newRef, headRoot],
    ]) {
      const tar = execFileSync("git", [`--git-dir=${opts.git}`, "archive", rev, addon], {
        maxBuffer: 1 << 28,
        stdio: ["ignore", "pipe", "ignore"],
      });
      execFileSync("tar", ["-x", "-C", root], { input: tar });
    }
    const subject = git(opts.git, ["log", "-1", "--format=%s", bump.sha]).trim();
    const merge = git(opts.git, ["log", "-1", "--format=%s", after]).trim();
    pairs.push({
      addon,
      oldDir: path.join(oldRoot, addon),
      newDir: path.join(newRoot, addon),
      headDir: path.join(headRoot, addon),
      before: bump.parent,
      bump: bump.sha,
      after,
      subject,
      merge,
    });
  }
  return { root: oldRoot, pairs, skipped };
}

// --- comments and whitespace -----------------------------------------------------------------

/**
 * The text with comments (and, for XML, the <?xml?> declaration) blanked out, line breaks kept,
 * so that line i of the result is the code of line i. A scanner, not a parser: good enough to tell
 * a comment-only change from a code change.
 */
function codeOnly(text, file) {
  if (file.endsWith(".py")) return pythonCodeOnly(text);
  if (file.endsWith(".xml")) {
    return text.replace(/<!--[\s\S]*?-->|<\?xml[\s\S]*?\?>/g, (m) => m.replace(/[^\n]/g, " "));
  }
  if (!file.endsWith(".js")) return text;
  const out = text.split("");
  const blank = (from, to) => {
    for (let k = from; k < to; k++) if (out[k] !== "\n") out[k] = " ";
  };
  let i = 0;
  let prev = ""; // the last significant character outside comments, to tell a regex from a division
  while (i < text.length) {
    const c = text[i];
    const n = text[i + 1];
    if (c === "/" && n === "/") {
      const end = text.indexOf("\n", i);
      const stop = end < 0 ? text.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === "/" && n === "*") {
      const end = text.indexOf("*/", i + 2);
      const stop = end < 0 ? text.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === '"' || c === "'" || c === "`") {
      i++;
      while (i < text.length && text[i] !== c) {
        if (text[i] === "\\") i++;
        else if (c !== "`" && text[i] === "\n") break;
        i++;
      }
      i++;
      prev = c;
    } else if (c === "/" && (prev === "" || "(,=:[!&|?{};+-*%<>~^".includes(prev))) {
      // a regular expression literal
      i++;
      let inClass = false;
      while (i < text.length && text[i] !== "\n" && (inClass || text[i] !== "/")) {
        if (text[i] === "\\") i++;
        else if (text[i] === "[") inClass = true;
        else if (text[i] === "]") inClass = false;
        i++;
      }
      i++;
      prev = "/";
    } else {
      if (!/\s/.test(c)) prev = c;
      i++;
    }
  }
  return out.join("");
}

const squeeze = (s) => s.replace(/\s+/g, "");

// --- hunks ------------------------------------------------------------------------------------

function lines(text) {
  const l = text.split("\n");
  if (l[l.length - 1] === "") l.pop();
  return l;
}

/**
 * The hunks of one file, as `git diff` groups them (3 lines of context). For each: the old line
 * range it changes (first to last removed line; a pure insertion covers the lines either side of
 * the insertion point), the code it removes and adds with comments blanked, and whether only
 * whitespace and comments change.
 */
function hunksOf(file, oldText, newText, oldFile = file, newFile = file) {
  const patch = structuredPatch(oldFile, newFile, oldText, newText, "", "", { context: 3 });
  const oldCode = lines(codeOnly(oldText, oldFile));
  const newCode = lines(codeOnly(newText, newFile));
  const hunks = [];
  for (const h of patch.hunks) {
    let o = h.oldStart;
    let n = h.newStart;
    const removed = [];
    const added = [];
    const removedLines = [];
    let insertAt;
    const removedRaw = [];
    const addedRaw = [];
    for (const l of h.lines) {
      if (l.startsWith("\\")) continue;
      if (l[0] === "-") {
        removed.push(oldCode[o - 1] ?? "");
        removedRaw.push(l.slice(1));
        removedLines.push(o);
        o++;
      } else if (l[0] === "+") {
        added.push(newCode[n - 1] ?? "");
        addedRaw.push(l.slice(1));
        insertAt ??= o;
        n++;
      } else {
        o++;
        n++;
      }
    }
    const start = removedLines.length ? removedLines[0] : insertAt - 1;
    const end = removedLines.length ? removedLines[removedLines.length - 1] : insertAt;
    const removedCode = removed.join("\n");
    hunks.push({
      file,
      kind: "changed",
      start,
      end,
      removed: removedCode,
      firstRemoved: (removedRaw.find((l) => l.trim()) ?? "").trim(),
      firstAdded: (addedRaw.find((l) => l.trim()) ?? "").trim(),
      trivial: squeeze(removedCode) === squeeze(added.join("\n")),
    });
  }
  return hunks;
}

/** How alike two texts are: the share of lines they have in common. */
function similarity(a, b) {
  let same = 0;
  for (const part of diffLines(a, b)) if (!part.added && !part.removed) same += part.count ?? 0;
  return same / Math.max(lines(a).length, lines(b).length, 1);
}

function classify(hunk, hop) {
  const ext = hunk.file.endsWith(".xml") ? "xml" : hunk.file.endsWith(".py") ? "py" : "js";
  const tokens = [];
  for (const t of [...(UPGRADE_TOKENS[hop] ?? []), ...(PYTHON_TOKENS[hop] ?? [])]) {
    if (t.in !== "any" && t.in !== ext) continue;
    if (t.path && !t.path.test(hunk.file)) continue;
    if (t.re.test(hunk.removed)) tokens.push(t.id);
  }
  return tokens;
}

// --- Uplift ------------------------------------------------------------------------------------

function scan(opts, root) {
  if (opts.scan) return JSON.parse(fs.readFileSync(opts.scan, "utf8"));
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "uplift-recall-scan-")), "scan.json");
  const args = [UPLIFT, "scan", root, "--erp", "odoo", "--from", opts.from, "--to", opts.to, "--format", "json", "--output", out];
  args.push("--fail-on", "none");
  if (opts.rules) args.push("--rules", opts.rules);
  execFileSync(process.execPath, args, { stdio: ["ignore", "ignore", "inherit"] });
  return JSON.parse(fs.readFileSync(out, "utf8"));
}

// --- the measure --------------------------------------------------------------------------------

function measure(opts) {
  const hop = `${opts.from}-${opts.to}`;
  const { root, pairs, skipped } = opts.git ? pairsFromHistory(opts) : pairsFromCheckouts(opts);
  const result = scan(opts, root);
  const minRank = SEVERITY_RANK[opts.minSeverity ?? "medium"];
  if (minRank === undefined) throw new Error(`--min-severity must be one of ${Object.keys(SEVERITY_RANK).join(", ")}`);
  const matchMode = opts.match ?? "overlap";
  if (matchMode !== "overlap" && matchMode !== "start") throw new Error("--match must be overlap or start");
  // Does a finding lie in a hunk's old lines (±1)? By its first line only, or by any of its lines.
  const inHunk = (f, h) =>
    h.kind === "deleted" ||
    (f.line <= h.end + 1 && (matchMode === "start" ? f.line : Math.max(f.line, f.endLine ?? f.line)) >= h.start - 1);
  const findingsByFile = new Map();
  for (const f of result.findings) {
    if (f.hop !== hop || SEVERITY_RANK[f.severity] < minRank) continue;
    // Paths in the result are relative to the scanned root, which holds the addons.
    const key = f.file;
    if (!findingsByFile.has(key)) findingsByFile.set(key, []);
    findingsByFile.get(key).push(f);
  }

  const hunks = []; // counted: JS and XML, not vendored, not trivial
  const changedRanges = new Map(); // every file with a finding: its non-trivial hunks, or "deleted"
  const renames = [];
  const addonStats = [];
  let trivial = 0; // JS/XML hunks that only touch whitespace, comments or the XML declaration
  for (const pair of pairs) {
    const oldFiles = listFiles(pair.oldDir);
    const newFiles = new Set(listFiles(pair.newDir));
    const rel = (f) => `${pair.addon}/${f}`;
    const read = (dir, f) => fs.readFileSync(path.join(dir, f), "utf8");
    const counted = (f) => COUNTED.test(f) && !PYTHON_NOT_COUNTED.test(f) && !VENDORED.some((v) => v.test(rel(f)));
    // Files gone from the new tree: paired with a new file of the same kind holding at least half
    // the same lines (a rename or a move), else counted as one hunk over the whole old file.
    const gone = oldFiles.filter((f) => !newFiles.has(f) && (counted(f) || findingsByFile.has(rel(f))));
    const fresh = [...newFiles].filter((f) => !oldFiles.includes(f));
    const renamedTo = new Map();
    for (const f of gone) {
      const text = read(pair.oldDir, f);
      let best;
      for (const g of fresh) {
        if (path.extname(g) !== path.extname(f) || [...renamedTo.values()].includes(g)) continue;
        const s = similarity(text, read(pair.newDir, g));
        if (s >= 0.5 && (!best || s > best.s)) best = { g, s };
      }
      if (best) {
        renamedTo.set(f, best.g);
        renames.push({ from: rel(f), to: rel(best.g), similarity: Math.round(best.s * 100) / 100 });
      }
    }
    let addonHunks = 0;
    for (const f of oldFiles) {
      const withFindings = findingsByFile.has(rel(f));
      if (!counted(f) && !withFindings) continue;
      const oldText = read(pair.oldDir, f);
      const target = newFiles.has(f) ? f : renamedTo.get(f);
      let fileHunks;
      if (target) {
        const every = hunksOf(rel(f), oldText, read(pair.newDir, target), f, target);
        if (counted(f)) trivial += every.filter((h) => h.trivial).length;
        fileHunks = every.filter((h) => !h.trivial);
      } else {
        const code = codeOnly(oldText, f);
        fileHunks = squeeze(code)
          ? [{ file: rel(f), kind: "deleted", start: 1, end: lines(oldText).length, removed: code, firstRemoved: "(file deleted)" }]
          : [];
      }
      changedRanges.set(rel(f), fileHunks);
      if (!counted(f)) continue;
      for (const h of fileHunks) {
        h.addon = pair.addon;
        h.tokens = classify(h, hop);
        h.upgrade = h.tokens.length > 0;
        const inFile = findingsByFile.get(rel(f)) ?? [];
        h.findings = inFile.filter((x) => inHunk(x, h)).map((x) => x.ruleId);
        h.pointed = h.findings.length > 0;
        hunks.push(h);
        addonHunks++;
      }
    }
    addonStats.push({ addon: pair.addon, hunks: addonHunks, subject: pair.subject, merge: pair.merge });
  }

  // Findings in compared addons that lie outside every non-trivial hunk.
  const compared = new Set(pairs.map((p) => p.addon));
  const outside = [];
  let inAddons = 0;
  const inAddonsByExt = {};
  for (const [file, inFile] of findingsByFile) {
    if (!compared.has(file.split("/")[0])) continue;
    for (const f of inFile) {
      inAddons++;
      const ext = path.extname(file);
      inAddonsByExt[ext] = (inAddonsByExt[ext] ?? 0) + 1;
      const ranges = changedRanges.get(file) ?? [];
      const hit = ranges.some((h) => inHunk(f, h));
      if (hit) continue;
      // With --git: did the new branch change that place after the migration PR (a later fix)?
      const pair = pairs.find((p) => p.addon === file.split("/")[0]);
      const inAddon = file.slice(pair.addon.length + 1);
      let laterChanged = false;
      if (pair.headDir) {
        const headFile = path.join(pair.headDir, inAddon);
        const oldText = fs.readFileSync(path.join(pair.oldDir, inAddon), "utf8");
        laterChanged = fs.existsSync(headFile)
          ? hunksOf(file, oldText, fs.readFileSync(headFile, "utf8"), inAddon, inAddon).some((h) => !h.trivial && inHunk(f, h))
          : true;
      }
      outside.push({
        file,
        line: f.line,
        rule: f.ruleId,
        severity: f.severity,
        fileChanged: ranges.length > 0,
        laterChanged,
        snippet: f.snippet,
      });
    }
  }
  return { hop, root, pairs, skipped, hunks, trivial, renames, outside, inAddons, inAddonsByExt, addonStats };
}

// --- report ------------------------------------------------------------------------------------

const pct = (a, b) => (b ? `${((100 * a) / b).toFixed(1)}%` : "–");

function report(opts, m) {
  const label = opts.repo ?? path.basename(opts.git ?? opts.new);
  const mode = opts.git ? "migration PRs" : "branch heads";
  const all = m.hunks;
  const up = all.filter((h) => h.upgrade);
  const pointed = (hs) => hs.filter((h) => h.pointed).length;
  const out = [];
  out.push(`## ${label} ${opts.from} → ${opts.to} (${mode})`);
  out.push("");
  out.push(
    `Addons compared: ${m.pairs.length}; skipped: ${m.skipped.length}; renamed or moved files paired: ${m.renames.length}; ` +
      `hunks left out as whitespace or comment only: ${m.trivial}. A hunk is pointed at by a finding of severity ${opts.minSeverity ?? "medium"} or worse whose ${(opts.match ?? "overlap") === "start" ? "first line lies" : "lines overlap"} in it (±1 line).`,
  );
  out.push("");
  out.push("| hunks | all | pointed at | recall | upgrade-driven | pointed at | recall |");
  out.push("|---|---:|---:|---:|---:|---:|---:|");
  const row = (name, hs) => {
    const u = hs.filter((h) => h.upgrade);
    return `| ${name} | ${hs.length} | ${pointed(hs)} | ${pct(pointed(hs), hs.length)} | ${u.length} | ${pointed(u)} | ${pct(pointed(u), u.length)} |`;
  };
  for (const [name, ext] of LANGUAGES) {
    out.push(
      row(
        name,
        all.filter((h) => h.file.endsWith(ext)),
      ),
    );
  }
  out.push(
    row(
      "JS and XML",
      all.filter((h) => !h.file.endsWith(".py")),
    ),
  );
  out.push(
    row(
      "of which deleted files",
      all.filter((h) => h.kind === "deleted"),
    ),
  );
  out.push(row("**total**", all));
  out.push("");
  const byToken = new Map();
  for (const h of up) {
    for (const t of h.tokens) {
      const e = byToken.get(t) ?? { n: 0, p: 0 };
      e.n++;
      if (h.pointed) e.p++;
      byToken.set(t, e);
    }
  }
  if (byToken.size) {
    out.push("| upgrade token | hunks | pointed at |");
    out.push("|---|---:|---:|");
    for (const [t, e] of [...byToken].sort((a, b) => b[1].n - a[1].n)) out.push(`| ${t} | ${e.n} | ${e.p} |`);
    out.push("");
  }
  out.push(
    `Findings of the hop in compared addons: ${m.inAddons}; in changed places: ${m.inAddons - m.outside.length}; in unchanged places: ${m.outside.length}.`,
  );
  const byExt = LANGUAGES.map(([name, ext]) => {
    const n = m.inAddonsByExt[ext] ?? 0;
    const o = m.outside.filter((f) => f.file.endsWith(ext)).length;
    return `${name} ${n - o} of ${n} (${pct(n - o, n)})`;
  });
  out.push(`In changed places, by language: ${byExt.join("; ")}.`);
  if (m.outside.length) {
    const byRule = new Map();
    for (const f of m.outside) {
      const k = `${f.rule}|${f.severity}`;
      const e = byRule.get(k) ?? { n: 0, files: new Set(), unchangedFiles: 0, later: 0 };
      e.n++;
      e.files.add(f.file);
      if (!f.fileChanged) e.unchangedFiles++;
      if (f.laterChanged) e.later++;
      byRule.set(k, e);
    }
    out.push("");
    const later = opts.git ? " | changed later on the new branch" : "";
    out.push(`| rule (unchanged places) | severity | findings | files | in files the migration did not touch${later} |`);
    out.push(`|---|---|---:|---:|---:${opts.git ? "|---:" : ""}|`);
    for (const [k, e] of [...byRule].sort((a, b) => b[1].n - a[1].n)) {
      const [rule, sev] = k.split("|");
      out.push(`| ${rule} | ${sev} | ${e.n} | ${e.files.size} | ${e.unchangedFiles}${opts.git ? ` | ${e.later}` : ""} |`);
    }
  }
  out.push("");
  if (opts.details) {
    out.push("### Missed upgrade-driven hunks");
    for (const h of up.filter((x) => !x.pointed))
      out.push(`- ${h.file}:${h.start} [${h.tokens.join(",")}] ${h.firstRemoved.slice(0, 120)}`);
    out.push("");
    out.push("### Missed other hunks");
    for (const h of all.filter((x) => !x.upgrade && !x.pointed)) {
      out.push(`- ${h.file}:${h.start} ${h.firstRemoved.slice(0, 100)}${h.firstAdded ? ` → ${h.firstAdded.slice(0, 80)}` : ""}`);
    }
    out.push("");
    out.push("### Findings in unchanged places");
    for (const f of m.outside)
      out.push(
        `- ${f.file}:${f.line} ${f.rule} (${f.severity})${f.fileChanged ? "" : " [file untouched]"}${f.laterChanged ? " [changed later]" : ""} ${String(f.snippet ?? "").slice(0, 100)}`,
      );
    out.push("");
    if (m.skipped.length) {
      out.push("### Skipped addons");
      for (const s of m.skipped) out.push(`- ${s.addon}: ${s.reason}`);
      out.push("");
    }
  }
  return out.join("\n");
}

const opts = parseArgs(process.argv.slice(2));
const m = measure(opts);
console.log(report(opts, m));
if (opts.json) {
  const { pairs, ...rest } = m;
  const up = m.hunks.filter((h) => h.upgrade);
  const summary = {
    repo: opts.repo,
    from: opts.from,
    to: opts.to,
    mode: opts.git ? "migration-prs" : "branch-heads",
    addons: pairs.length,
    hunks: m.hunks.length,
    pointed: m.hunks.filter((h) => h.pointed).length,
    upgradeHunks: up.length,
    upgradePointed: up.filter((h) => h.pointed).length,
    trivialHunks: m.trivial,
    findings: m.inAddons,
    findingsOutside: m.outside.length,
    minSeverity: opts.minSeverity ?? "medium",
    match: opts.match ?? "overlap",
    byLanguage: Object.fromEntries(
      LANGUAGES.map(([name, ext]) => {
        const hs = m.hunks.filter((h) => h.file.endsWith(ext));
        const findings = m.inAddonsByExt[ext] ?? 0;
        return [
          name,
          {
            hunks: hs.length,
            pointed: hs.filter((h) => h.pointed).length,
            upgradeHunks: hs.filter((h) => h.upgrade).length,
            upgradePointed: hs.filter((h) => h.upgrade && h.pointed).length,
            findings,
            findingsOutside: m.outside.filter((f) => f.file.endsWith(ext)).length,
          },
        ];
      }),
    ),
  };
  const slim = pairs.map(({ addon, before, bump, after, subject, merge }) => ({ addon, before, bump, after, subject, merge }));
  fs.writeFileSync(opts.json, JSON.stringify({ summary, pairs: slim, ...rest }, null, 1));
}
