// Writes rules/odoo/index/<version>.json: the core models, fields, selection values, XML ids and
// modules that each Odoo version removed, renamed or merged, read from the pinned public files
// listed in scripts/odoo-index.sources.json (OCA/OpenUpgrade analyses and migration scripts,
// OCA/odoo-module-migrator lists, odoo/odoo upgrade_code). The sources are AGPL-3.0: the index keeps
// names only, and every entry names the files it came from.
//
//   node scripts/odoo-index.mjs --sources <dir>            # write rules/odoo/index/*.json
//   node scripts/odoo-index.mjs --sources <dir> --check    # exit 1 if the committed files differ
//   node scripts/odoo-index.mjs --sources <dir> --out <dir>
//
// <dir> holds <owner>/<repo>/<path> for every source: a git checkout of the repository (each file
// is read at its pinned commit with `git show`) or a plain folder of the files themselves.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as prettier from "prettier";
import { parseArgs, readSource } from "./lib/pinned-sources.mjs";
import YAML from "yaml";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const MANIFEST = path.join(ROOT, "scripts/odoo-index.sources.json");
const VERSIONS = ["16.0", "17.0", "18.0", "19.0", "20.0"];
/** Records nobody's code names by XML id; left out to keep the index about what code refers to. */
const UNREFERENCED_RECORDS = new Set([
  "ir.model.access",
  "ir.model.constraint",
  "ir.model.relation",
  "ir.model.fields",
  "ir.model.fields.selection",
  "ir.actions.act_window.view",
  "ir.rule",
]);
const CHANGE_RANK = { removed: 0, merged: 1, renamed: 2 };

// --- the formats --------------------------------------------------------------------------------

const FIELD_LINE = /^(\S+)\s*\/\s*(\S+)\s*\/\s*(\w+)\s*\(([^)]*)\)\s*:\s*(.*)$/;
const XML_LINE = /^(DEL|NEW) ([\w.]+): ([\w.-]+)(.*)$/;
const quoted = (s) => [...s.matchAll(/'([^']*)'/g)].map((m) => m[1]);

/** OpenUpgrade's upgrade_general_log.txt and upgrade_analysis(_work).txt: one change a line. */
function parseOpenUpgradeLog(text, out) {
  let block = [];
  let afterComment = false;
  let section = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line.startsWith("#")) {
      annotate(block, line, out);
      afterComment = true;
      continue;
    }
    if (line === "") continue;
    if (afterComment) {
      block = [];
      afterComment = false;
    }
    const obsoleteModule = /^---Probably obsolete module (\w+)---$/.exec(line);
    if (obsoleteModule) out.modules.push({ name: obsoleteModule[1], change: "removed" });
    const header = /^---\w+ in module '(\w+)'---$/.exec(line);
    if (header) section = header[1];
    const model = /^obsolete model ([\w.]+)(?: \((renamed|merged) to ([\w.]+)\))?(?: \[module (\w+)\])?/.exec(line);
    if (model) {
      const change = model[2] ?? "removed";
      out.models.push({ name: model[1], change, to: model[3], module: model[4] ?? (section === "general" ? undefined : section) });
      continue;
    }
    const field = FIELD_LINE.exec(line);
    if (field) {
      const [, module, model, name, type, rest] = field;
      const relation = /relation: ([\w.]+)/.exec(rest)?.[1];
      const item = { kind: "field", model, name, type, relation, module };
      if (rest.startsWith("DEL")) {
        block.push({ ...item, op: "DEL" });
        out.fields.push({ ...item, change: "removed" });
      } else if (rest.startsWith("NEW")) block.push({ ...item, op: "NEW" });
      const removedKeys = /(?:selection_keys removed|, removed): \[([^\]]*)\]/.exec(rest);
      if (removedKeys) for (const v of removedKeys[1].split(",")) out.values.push({ model, field: name, value: v.trim(), module });
      const nowList = /^selection_keys is now '(\[.*\])' \('(\[.*\])'\)/.exec(rest);
      if (nowList) {
        const now = new Set(quoted(nowList[1]));
        for (const v of quoted(nowList[2])) if (!now.has(v)) out.values.push({ model, field: name, value: v, module });
      }
      continue;
    }
    const xml = XML_LINE.exec(line);
    if (xml) {
      const [, op, record, id, rest] = xml;
      const moved = /\[renamed to (\w+) module\]/.exec(rest);
      const item = { kind: "xmlid", op, record, id };
      block.push(item);
      if (op === "DEL" && !UNREFERENCED_RECORDS.has(record)) {
        out.xmlids.push(
          moved ? { id, record, change: "renamed", to: `${moved[1]}.${id.slice(id.indexOf(".") + 1)}` } : { id, record, change: "removed" },
        );
      }
    }
  }
}

/** A work file's comment under a block of lines: "renamed to x", "merged into y", "renamed in pre-migration". */
function annotate(block, comment, out) {
  if (!/renam|merged into/i.test(comment)) return;
  const dels = block.filter((i) => i.op === "DEL");
  const news = block.filter((i) => i.op === "NEW");
  const target = /(renamed|merged) (?:to|into) ([\w.]+)/i.exec(comment);
  if (target) {
    // "renamed to x" names one target: it says what became of a block's only removal.
    const change = target[1].toLowerCase() === "merged" ? "merged" : "renamed";
    const fields = dels.filter((d) => d.kind === "field");
    const xmlids = dels.filter((d) => d.kind === "xmlid");
    if (fields.length === 1 && /^\w+$/.test(target[2]))
      out.fieldRenames.push({ model: fields[0].model, from: fields[0].name, to: target[2], exact: false });
    if (target[2].includes(".") && (xmlids.length === 1 || change === "merged")) {
      for (const d of xmlids) out.xmlidRenames.push({ from: d.id, to: target[2], change });
    }
    return;
  }
  // "renamed in pre-migration": pair each removed field with the one added of the same kind.
  for (const d of dels.filter((i) => i.kind === "field")) {
    const same = news.filter((n) => n.kind === "field" && n.model === d.model && n.type === d.type && n.relation === d.relation);
    const rivals = dels.filter((o) => o.kind === "field" && o.model === d.model && o.type === d.type && o.relation === d.relation);
    if (same.length === 1 && rivals.length === 1) out.fieldRenames.push({ model: d.model, from: d.name, to: same[0].name, exact: true });
  }
  for (const d of dels.filter((i) => i.kind === "xmlid")) {
    const local = d.id.slice(d.id.indexOf(".") + 1);
    const candidates = news.filter((n) => n.kind === "xmlid" && n.record === d.record && n.id.endsWith(local));
    if (candidates.length === 1) out.xmlidRenames.push({ from: d.id, to: candidates[0].id, change: "renamed" });
  }
}

/** A pre-migration.py: the lists and calls that rename fields, models and XML ids. */
function parseOpenUpgradeScript(text, out) {
  const starts = /(\w*renam\w*)\s*=\s*\[|openupgrade\.(rename_\w+)\(/g;
  for (const m of text.matchAll(starts)) {
    const name = (m[1] ?? m[2]).toLowerCase();
    if (/table|column|reference/.test(name)) continue;
    const open = text.indexOf("[", m.index);
    if (open < 0) continue;
    let depth = 0;
    let end = open;
    for (; end < text.length; end++) {
      if (text[end] === "[") depth++;
      else if (text[end] === "]" && --depth === 0) break;
    }
    for (const tuple of text.slice(open, end).matchAll(/\(([^()]*)\)/g)) {
      const strings = [...tuple[1].matchAll(/"([^"]*)"|'([^']*)'/g)].map((s) => s[1] ?? s[2]);
      if (name.includes("field") && strings.length === 4)
        out.fieldRenames.push({ model: strings[0], from: strings[2], to: strings[3], exact: true });
      else if (name.includes("model") && strings.length === 2) out.models.push({ name: strings[0], change: "renamed", to: strings[1] });
      else if (name.includes("xmlid") && strings.length === 2)
        out.xmlidRenames.push({ from: strings[0], to: strings[1], change: "renamed" });
    }
  }
}

/** OpenUpgrade's apriori.py: renamed and merged modules and models, as Python dicts. */
function parseApriori(text, out) {
  for (const m of text.matchAll(/^(renamed|merged)_(modules|models) = \{([^}]*)\}/gm)) {
    for (const pair of m[3].matchAll(/"([^"]+)"\s*:\s*"([^"]+)"/g)) {
      const entry = { name: pair[1].trim(), change: m[1], to: pair[2].trim() };
      (m[2] === "modules" ? out.modules : out.models).push(entry);
    }
  }
}

/** odoo-module-migrator's YAML lists ([old, new, note] and the like). */
function parseMigrator(format, text, out) {
  for (const row of YAML.parse(text) ?? []) {
    const [a, b, c] = row.map((v) => String(v).trim());
    if (format === "migrator-renamed-models") out.models.push({ name: a, change: "renamed", to: b });
    else if (format === "migrator-removed-models") out.models.push({ name: a, change: "removed" });
    else if (format === "migrator-removed-fields") out.fields.push({ model: a, name: b, change: "removed" });
    else if (format === "migrator-renamed-fields") {
      if (/^\w+$/.test(c)) out.fieldRenames.push({ model: a, from: b, to: c, exact: false });
      else out.fields.push({ model: a, name: b, change: "removed", note: `replaced by ${c}` });
    }
  }
}

// --- from parsed names to index entries ----------------------------------------------------------

function emptyParse() {
  return { models: [], fields: [], values: [], xmlids: [], modules: [], fieldRenames: [], xmlidRenames: [], listed: [] };
}

function entriesOf(parsed, notes) {
  const entries = new Map();
  const add = (entry, source) => {
    const known = entries.get(entry.key);
    if (!known) {
      entries.set(entry.key, { ...entry, sources: [source] });
      return;
    }
    if (!known.sources.includes(source)) known.sources.push(source);
    if (CHANGE_RANK[entry.change] > CHANGE_RANK[known.change]) Object.assign(known, { ...entry, sources: known.sources });
    for (const k of ["module", "note", "exact"]) if (known[k] === undefined && entry[k] !== undefined) known[k] = entry[k];
  };
  const removedModels = new Set();
  for (const { parse, source } of parsed) {
    for (const m of parse.models) {
      const entry = { key: `model:${m.name}`, change: m.change };
      if (m.to) entry.to = `model:${m.to}`;
      if (m.module) entry.module = m.module;
      add(entry, source);
      if (m.change === "removed") removedModels.add(m.name);
      const alias = { key: `irmodel:${m.name.replace(/\./g, "_")}`, change: m.change, name: m.name };
      if (m.to) Object.assign(alias, { to: `irmodel:${m.to.replace(/\./g, "_")}`, toName: m.to });
      add(alias, source);
    }
    for (const m of parse.modules) add({ key: `module:${m.name}`, change: m.change, ...(m.to ? { to: `module:${m.to}` } : {}) }, source);
    for (const x of parse.xmlids) add({ key: `xmlid:${x.id}`, change: x.change, ...(x.to ? { to: `xmlid:${x.to}` } : {}) }, source);
    for (const r of parse.xmlidRenames) add({ key: `xmlid:${r.from}`, change: r.change, to: `xmlid:${r.to}` }, source);
  }
  for (const { parse, source } of parsed) {
    for (const f of parse.fields) {
      if (removedModels.has(f.model) && !entries.get(`model:${f.model}`)?.to) continue;
      const entry = { key: `field:${f.model}.${f.name}`, change: "removed" };
      if (f.module) entry.module = f.module;
      if (f.note) entry.note = f.note;
      add(entry, source);
    }
    for (const r of parse.fieldRenames) {
      const entry = { key: `field:${r.model}.${r.from}`, change: "renamed", to: `field:${r.model}.${r.to}` };
      if (r.exact) entry.exact = true;
      add(entry, source);
    }
    for (const v of parse.values) {
      if (entries.get(`field:${v.model}.${v.field}`)) continue;
      add({ key: `selection:${v.model}.${v.field}=${v.value}`, change: "removed", name: `'${v.value}' of ${v.model}.${v.field}` }, source);
    }
    for (const e of parse.listed) add({ ...e, uncertain: true }, source);
  }
  for (const [key, note] of Object.entries(notes)) {
    const e = entries.get(key);
    if (e && !e.note) e.note = note;
  }
  const order = ["key", "change", "to", "name", "toName", "module", "note", "exact", "uncertain", "sources"];
  return [...entries.values()]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((e) =>
      Object.fromEntries(order.filter((k) => e[k] !== undefined).map((k) => [k, k === "sources" ? [...e[k]].sort((x, y) => x - y) : e[k]])),
    );
}

async function build(opts) {
  const manifest = JSON.parse(fs.readFileSync(MANIFEST, "utf8"));
  const written = [];
  for (const version of VERSIONS) {
    const sources = manifest.sources.filter((s) => s.version === version);
    const parsed = sources.map((source, index) => {
      const parse = emptyParse();
      if (source.format === "listed") parse.listed.push(...source.entries);
      else {
        const text = readSource(opts.sources, source);
        if (source.format === "openupgrade-log") parseOpenUpgradeLog(text, parse);
        else if (source.format === "openupgrade-script") parseOpenUpgradeScript(text, parse);
        else if (source.format === "openupgrade-apriori") parseApriori(text, parse);
        else parseMigrator(source.format, text, parse);
      }
      return { parse, source: index };
    });
    const index = {
      erp: "odoo",
      version,
      description: `Core names Odoo ${version} removed, renamed or merged, generated by scripts/odoo-index.mjs from the sources below (names only).`,
      generatedBy: "scripts/odoo-index.mjs",
      sources: sources.map((s) => ({
        repository: s.repository,
        commit: s.commit,
        path: s.path,
        licence: s.repository === "odoo/odoo" ? "LGPL-3.0" : "AGPL-3.0",
        ...(s.uncertain ? { uncertain: true } : {}),
      })),
      entries: entriesOf(parsed, manifest.notes ?? {}),
    };
    const file = path.join(opts.out, `${version}.json`);
    // Formatted as the repository formats it, wherever it is written.
    const home = path.join(ROOT, "rules/odoo/index", `${version}.json`);
    const text = await prettier.format(JSON.stringify(index), { ...(await prettier.resolveConfig(home)), filepath: home });
    written.push({ file, text, count: index.entries.length });
  }
  return written;
}

const opts = parseArgs(process.argv.slice(2), path.join(ROOT, "rules/odoo/index"));
const written = await build(opts);
let differs = 0;
for (const { file, text, count } of written) {
  const rel = path.relative(ROOT, file);
  if (opts.check) {
    const same = fs.existsSync(file) && fs.readFileSync(file, "utf8") === text;
    if (!same) differs++;
    process.stdout.write(`${rel}: ${count} names, ${same ? "up to date" : "differs"}\n`);
  } else {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    process.stdout.write(`${rel}: ${count} names\n`);
  }
}
process.exitCode = differs > 0 ? 1 : 0;
