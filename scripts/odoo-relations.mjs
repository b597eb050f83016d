// Writes packages/core/src/adapters/python/odoo-relations.ts: the relational fields of Odoo's core
// models (stock.picking.move_line_ids → stock.move.line), read from the pinned odoo/odoo model
// files listed in scripts/odoo-relations.sources.json, so the Python adapter knows the model of a
// recordset reached through a core relation. Each source lists the fields to take from it; the
// comodel is read from the file, and a listed field the file does not declare is an error. Names
// only, each with the file it came from.
//
//   node scripts/odoo-relations.mjs --sources <dir>            # write the table
//   node scripts/odoo-relations.mjs --sources <dir> --check    # exit 1 if the committed table differs
//   node scripts/odoo-relations.mjs --sources <dir> --out <file>
//
// <dir> holds <owner>/<repo>/<path> for every source: a git checkout of the repository (each file
// is read at its pinned commit with `git show`) or a plain folder of the files themselves.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as prettier from "prettier";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const MANIFEST = path.join(ROOT, "scripts/odoo-relations.sources.json");
const TABLE = path.join(ROOT, "packages/core/src/adapters/python/odoo-relations.ts");

function parseArgs(argv) {
  const opts = { check: false, out: TABLE };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--check") opts.check = true;
    else if (argv[i] === "--sources") opts.sources = argv[++i];
    else if (argv[i] === "--out") opts.out = argv[++i];
    else throw new Error(`unexpected argument ${argv[i]}`);
  }
  if (!opts.sources) throw new Error("--sources <dir> is required");
  return opts;
}

/** A source file's text at its pinned commit (git checkout) or as it lies in the folder. */
function readSource(dir, source) {
  const repo = path.join(dir, source.repository);
  if (fs.existsSync(path.join(repo, ".git"))) {
    return execFileSync("git", ["-C", repo, "show", `${source.commit}:${source.path}`], { encoding: "utf8", maxBuffer: 1 << 28 });
  }
  return fs.readFileSync(path.join(repo, source.path), "utf8");
}

const CLASS = /^class\s+\w+\s*\(/;
const MODEL_NAME = /^\s{4}_(name|inherit)\s*=\s*(['"])([\w.]+)\2/;
const RELATIONAL = /^\s{4}(\w+)\s*=\s*fields\.(Many2one|One2many|Many2many)\(\s*(?:comodel_name\s*=\s*)?(['"])([\w.]+)\3/;

/**
 * The relational fields a model file declares, by class: `_name` (else a single `_inherit`) names
 * the model; a field counts when its comodel is the first argument or `comodel_name=`, written on
 * the declaration's line or the next one. A field given by `related=` alone names no comodel here.
 */
export function parseModels(text) {
  const out = [];
  let model;
  let inherit;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (CLASS.test(line)) {
      model = undefined;
      inherit = undefined;
      continue;
    }
    const named = MODEL_NAME.exec(line);
    if (named) {
      if (named[1] === "name") model = named[3];
      else inherit = named[3];
      continue;
    }
    // A declaration whose first argument is on the next line.
    const joined = /fields\.(Many2one|One2many|Many2many)\(\s*$/.test(line) ? `${line}${(lines[i + 1] ?? "").trim()}` : line;
    const rel = RELATIONAL.exec(joined);
    const owner = model ?? inherit;
    if (rel && owner) out.push({ model: owner, field: rel[1], comodel: rel[4] });
  }
  return out;
}

async function build(opts) {
  const manifest = JSON.parse(fs.readFileSync(MANIFEST, "utf8"));
  /** model → field → { comodel, sources } ; a field two sources disagree on is dropped. */
  const table = new Map();
  const conflicts = new Set();
  manifest.sources.forEach((source, index) => {
    const declared = parseModels(readSource(opts.sources, source));
    for (const [model, names] of Object.entries(source.fields)) {
      for (const field of names) {
        const found = declared.find((d) => d.model === model && d.field === field);
        if (!found) throw new Error(`${source.path}@${source.commit.slice(0, 8)} declares no comodel for ${model}.${field}`);
        const fields = table.get(model) ?? new Map();
        table.set(model, fields);
        const seen = fields.get(field);
        if (seen && seen.comodel !== found.comodel) conflicts.add(`${model}.${field}`);
        else if (seen) seen.sources.add(index);
        else fields.set(field, { comodel: found.comodel, sources: new Set([index]) });
      }
    }
  });
  const relations = {};
  for (const model of [...table.keys()].sort()) {
    const fields = {};
    for (const field of [...table.get(model).keys()].sort()) {
      if (conflicts.has(`${model}.${field}`)) continue;
      const { comodel, sources } = table.get(model).get(field);
      fields[field] = { comodel, sources: [...sources].sort((a, b) => a - b) };
    }
    relations[model] = fields;
  }
  const sources = manifest.sources.map((s) => ({ repository: s.repository, commit: s.commit, path: s.path, licence: "LGPL-3.0" }));
  const count = Object.values(relations).reduce((n, f) => n + Object.keys(f).length, 0);
  const code = `// Generated by scripts/odoo-relations.mjs from the pinned files of scripts/odoo-relations.sources.json
// (docs/odoo-relations.md). Do not edit: change the sources and run the script.

/** A pinned odoo/odoo file the relations were read from. */
export interface RelationSource {
  repository: string;
  commit: string;
  path: string;
  licence: string;
}

export const ODOO_RELATION_SOURCES: readonly RelationSource[] = ${JSON.stringify(sources)};

/** model → relational field → its comodel and the indexes (in ODOO_RELATION_SOURCES) of the files that declare it. */
export const ODOO_RELATIONS: Readonly<Record<string, Readonly<Record<string, { comodel: string; sources: readonly number[] }>>>> = ${JSON.stringify(relations)};
`;
  const text = await prettier.format(code, { ...(await prettier.resolveConfig(TABLE)), filepath: TABLE });
  return { text, count, conflicts: [...conflicts] };
}

const opts = parseArgs(process.argv.slice(2));
const { text, count, conflicts } = await build(opts);
const rel = path.relative(ROOT, opts.out);
for (const c of conflicts) process.stderr.write(`odoo-relations: sources disagree on ${c}; left out\n`);
if (opts.check) {
  const same = fs.existsSync(opts.out) && fs.readFileSync(opts.out, "utf8") === text;
  process.stdout.write(`${rel}: ${count} relations, ${same ? "up to date" : "differs"}\n`);
  process.exitCode = same ? 0 : 1;
} else {
  fs.writeFileSync(opts.out, text);
  process.stdout.write(`${rel}: ${count} relations\n`);
}
