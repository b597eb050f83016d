// OCA/odoo-module-migrator as an oracle: its tests hold, for each hop, a module before
// (tests/data_template/module_<from>) and the module as the tool migrates it
// (tests/data_result/module_<from>_<to>). This script scans each "before" module with Uplift for
// that hop and counts the lines the migrator changes that a finding points at: a finding whose span
// covers the line, or that starts within one line of it.
//
//   node bench/migrator-oracle.mjs --migrator /path/to/odoo-module-migrator [--details] [--json out.json]
//   node bench/migrator-oracle.mjs --before <addons> --after <addons> --from 16.0 --to 17.0 [--details]
//
// The second form compares addons the tool migrated for you (run it on a copy of a folder of
// addons, then pass the untouched folder and the migrated one): every addon folder of --before
// that --after also holds is scanned for that hop and measured the same way. Only the files Uplift
// reads for Odoo (.py, .xml, .js, .csv) that exist on both sides count.
//
// The migrator is AGPL-3.0 and is not part of this repository: pass a checkout (or an unpacked
// archive) of it. Two counts: a changed line pointed at itself, and a changed line in a hunk (a run
// of consecutive changed lines, as a diff shows it) that a finding points at, which counts the
// inner lines of a multi-line element or call whose finding stands on its first line. Lines left
// out of the count, and shown apart: manifest bookkeeping (the version
// and installable keys the tool rewrites for every module) and lines that hold only a comment
// (Uplift never reads comments as code, while the migrator's text replacements also rewrite them).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { diffChars, diffLines } from "diff";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const UPLIFT = path.join(HERE, "..", "packages", "cli", "dist", "bin.js");
const HOPS = [
  ["150", "160", "15.0", "16.0"],
  ["160", "170", "16.0", "17.0"],
  ["170", "180", "17.0", "18.0"],
  ["180", "190", "18.0", "19.0"],
];

function parseArgs(argv) {
  const opts = { details: false };
  const value = { "--migrator": "migrator", "--json": "json", "--before": "before", "--after": "after", "--from": "from", "--to": "to" };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--details") opts.details = true;
    else if (value[argv[i]]) opts[value[argv[i]]] = argv[++i];
    else throw new Error(`unexpected argument ${argv[i]}`);
  }
  const pair = opts.before && opts.after && opts.from && opts.to;
  if (!opts.migrator && !pair) {
    throw new Error("--migrator <checkout of OCA/odoo-module-migrator>, or --before, --after, --from and --to, is required");
  }
  return opts;
}

const MEASURED = new Set([".py", ".xml", ".js", ".csv"]);

/** The hops to measure: the migrator's own test modules, or the addons of --before and --after. */
function hopsToMeasure(opts) {
  if (!opts.migrator) {
    const addons = fs
      .readdirSync(opts.before, { withFileTypes: true })
      .filter((d) => d.isDirectory() && fs.existsSync(path.join(opts.before, d.name, "__manifest__.py")))
      .filter((d) => fs.existsSync(path.join(opts.after, d.name)))
      .map((d) => ({ name: d.name, before: path.join(opts.before, d.name), after: path.join(opts.after, d.name) }))
      .sort((x, y) => (x.name < y.name ? -1 : 1));
    return addons.length > 0 ? [{ from: opts.from, to: opts.to, addons, only: MEASURED }] : [];
  }
  return HOPS.map(([a, b, from, to]) => ({
    from,
    to,
    addons: [
      {
        name: `module_${a}`,
        before: path.join(opts.migrator, "tests/data_template", `module_${a}`),
        after: path.join(opts.migrator, "tests/data_result", `module_${a}_${b}`),
      },
    ].filter((m) => fs.existsSync(m.before) && fs.existsSync(m.after)),
  })).filter((h) => h.addons.length > 0);
}

function listFiles(dir, base = dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) listFiles(full, base, out);
    else out.push(path.relative(base, full).split(path.sep).join("/"));
  }
  return out.sort();
}

/** The 1-based old lines a change rewrites or removes; an insertion counts the line before it. */
function changedOldLines(before, after) {
  const lines = [];
  let line = 1;
  for (const part of diffLines(before, after)) {
    const count = part.count ?? 0;
    if (part.removed) for (let i = 0; i < count; i++) lines.push(line + i);
    else if (part.added) lines.push(Math.max(1, line - 1));
    if (!part.added) line += count;
  }
  return [...new Set(lines)].sort((a, b) => a - b);
}

/**
 * The 1-based old lines whose text changes once layout is set aside: whitespace (re-indenting,
 * joining or splitting lines) and the quote character, which a tool that writes XML back out
 * rewrites for a whole file.
 */
function textChangedOldLines(before, after) {
  const strip = (s) => {
    let text = "";
    const lines = [];
    let line = 1;
    for (let i = 0; i < s.length; i++) {
      const ch = s[i];
      if (ch === "\n") line++;
      if (/\s/.test(ch)) continue;
      text += ch === "'" ? '"' : ch;
      lines.push(line);
    }
    return { text, lines };
  };
  const a = strip(before);
  const b = strip(after);
  const out = new Set();
  let at = 0;
  for (const part of diffChars(a.text, b.text)) {
    const n = part.value.length;
    if (part.removed) for (let k = 0; k < n; k++) out.add(a.lines[at + k]);
    else if (part.added) out.add(a.lines[Math.max(0, at - 1)] ?? 1);
    if (!part.added) at += n;
  }
  return out;
}

function kindOf(file, text) {
  if (/(^|\/)__(manifest|openerp)__\.py$/.test(file) && /["'](version|installable)["']\s*:/.test(text)) return "bookkeeping";
  const t = text.trim();
  if (/^(#|<!--.*-->$|\/\/)/.test(t)) return "comment";
  return "code";
}

function scan(dir, from, to) {
  const out = execFileSync(
    process.execPath,
    [UPLIFT, "scan", dir, "--erp", "odoo", "--from", from, "--to", to, "--format", "json", "--fail-on", "none"],
    {
      encoding: "utf8",
      maxBuffer: 1 << 28,
    },
  );
  return JSON.parse(out).findings;
}

const opts = parseArgs(process.argv.slice(2));
const work = fs.mkdtempSync(path.join(os.tmpdir(), "uplift-oracle-"));
const report = [];
try {
  for (const [n, { from, to, addons, only }] of hopsToMeasure(opts).entries()) {
    // Each addon scanned under its own name, all of a hop in one run.
    const root = path.join(work, String(n));
    for (const m of addons) fs.cpSync(m.before, path.join(root, m.name), { recursive: true });
    const findings = scan(root, from, to);
    const hop = {
      hop: `${from}-${to}`,
      addons: addons.length,
      counted: 0,
      pointed: 0,
      inHunks: 0,
      text: { counted: 0, pointed: 0 },
      left: { bookkeeping: 0, comment: 0 },
      byLanguage: {},
      missed: [],
      offLine: 0,
    };
    const changedByFile = new Map();
    for (const m of addons) {
      for (const file of listFiles(m.before)) {
        if (only && !only.has(path.extname(file))) continue;
        const afterFile = path.join(m.after, file);
        if (!fs.existsSync(afterFile)) continue;
        const before = fs.readFileSync(path.join(m.before, file), "utf8");
        const beforeLines = before.split("\n");
        const afterText = fs.readFileSync(afterFile, "utf8");
        const changed = changedOldLines(before, afterText);
        const textChanged = changed.length > 0 ? textChangedOldLines(before, afterText) : new Set();
        const scanned = `${m.name}/${file}`;
        changedByFile.set(scanned, new Set(changed));
        const mine = findings.filter((f) => f.file === scanned);
        const hits = (line) => mine.some((f) => (f.line <= line && line <= f.endLine) || Math.abs(f.line - line) <= 1);
        // Hunks: runs of consecutive changed lines; a hunk is pointed at when any of its lines is.
        const hunkOf = new Map();
        for (const line of changed) hunkOf.set(line, hunkOf.get(line - 1) ?? line);
        const pointedHunks = new Set(changed.filter(hits).map((l) => hunkOf.get(l)));
        for (const line of changed) {
          const text = beforeLines[line - 1] ?? "";
          const kind = kindOf(file, text);
          if (kind !== "code") {
            hop.left[kind]++;
            continue;
          }
          const ext = path.extname(file).slice(1) || "other";
          const lang = (hop.byLanguage[ext] ??= { counted: 0, pointed: 0 });
          hop.counted++;
          lang.counted++;
          if (pointedHunks.has(hunkOf.get(line))) hop.inHunks++;
          if (textChanged.has(line)) {
            hop.text.counted++;
            if (hits(line)) hop.text.pointed++;
          }
          if (hits(line)) {
            hop.pointed++;
            lang.pointed++;
          } else
            hop.missed.push(
              `${addons.length > 1 ? scanned : file}:${line}: ${text.trim()}${textChanged.has(line) ? "" : "  [layout only]"}`,
            );
        }
      }
    }
    // Findings on lines the migrator leaves alone (its tests do not rewrite everything Uplift knows).
    for (const f of findings) {
      const changed = changedByFile.get(f.file) ?? new Set();
      if (![...changed].some((l) => (f.line <= l && l <= f.endLine) || Math.abs(f.line - l) <= 1)) hop.offLine++;
    }
    hop.findings = findings.length;
    report.push(hop);
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

let counted = 0;
let pointed = 0;
let inHunks = 0;
let textCounted = 0;
let textPointed = 0;
for (const h of report) {
  counted += h.counted;
  pointed += h.pointed;
  inHunks += h.inHunks;
  textCounted += h.text.counted;
  textPointed += h.text.pointed;
  const langs = Object.entries(h.byLanguage)
    .map(([l, v]) => `${l} ${v.pointed}/${v.counted}`)
    .join(", ");
  const pct = h.counted ? ((100 * h.pointed) / h.counted).toFixed(0) : "–";
  process.stdout.write(
    `${h.hop}${opts.migrator ? "" : ` (${h.addons} addons)`}: ${h.pointed}/${h.counted} changed lines pointed at (${pct}%; ${langs}); ${h.inHunks}/${h.counted} in hunks pointed at; ${h.text.pointed}/${h.text.counted} whose text changes, layout aside; left out: ${h.left.bookkeeping} manifest bookkeeping, ${h.left.comment} comment; ${h.findings} findings, ${h.offLine} on lines the migrator leaves alone\n`,
  );
  if (opts.details) for (const m of h.missed) process.stdout.write(`    missed ${m}\n`);
}
const pc = (n) => (counted ? ((100 * n) / counted).toFixed(1) : "–");
process.stdout.write(
  `all hops: ${pointed}/${counted} lines (${pc(pointed)}%), ${inHunks}/${counted} in hunks pointed at (${pc(inHunks)}%), ${textPointed}/${textCounted} whose text changes, layout aside (${textCounted ? ((100 * textPointed) / textCounted).toFixed(1) : "–"}%)\n`,
);
if (opts.json) fs.writeFileSync(opts.json, JSON.stringify(report, null, 2));
