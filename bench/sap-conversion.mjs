// The ECC → S/4HANA conversion as an oracle: bench/sap-conversion/ecc holds ECC-era custom programs
// and bench/sap-conversion/s4 the same programs as SAP's quick fixes and the simplification notes
// convert them (bench/sap-conversion/changes.json names the source of every change). This script
// scans the ECC version with Uplift, diffs each program against its converted version, and counts:
//
//   (a) the changed places (a hunk of the diff) that an Uplift finding points at: a finding on a
//       changed line of the hunk, or within one line of it;
//   (b) the share of Uplift's findings of medium severity or worse that stand at a changed place;
//   (c) the same two for a plain text search of the table names the conversion removed or emptied.
//
// bench/sap-conversion/changes.json says why each place changes: one of the shapes of SAP's ADT
// quick fixes, or a manual adaptation a SAP note describes. (a) is counted for the quick-fix
// places (what the criterion speaks of) and for all places.
//
//   node bench/sap-conversion.mjs [--details] [--write]     (--write: the table into docs/sap.md)
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { diffLines } from "diff";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.join(HERE, "..");
const CORPUS = path.join(HERE, "sap-conversion");
const UPLIFT = path.join(ROOT, "packages", "cli", "dist", "bin.js");
const SEVERE = new Set(["medium", "high", "critical"]);

/**
 * The tables a text search looks for: those the conversion removed (VBUK, VBUP, the SD index
 * tables), emptied (KONV), replaced (MKPF/MSEG by MATDOC, FAGLFLEXA and COEP by ACDOCA, the credit
 * management and rebate tables) or turned into read-only views (the FI index and totals tables):
 * the research note's simplification items 1, 3, 4, 6, 8, 9, 17 and 21.
 */
export const REMOVED_TABLES = [
  "VBUK",
  "VBUP",
  "KONV",
  "VAKPA",
  "VAPMA",
  "VLKPA",
  "VLPMA",
  "VRKPA",
  "VRPMA",
  "BSIS",
  "BSAS",
  "BSID",
  "BSAD",
  "BSIK",
  "BSAK",
  "FAGLBSIS",
  "FAGLBSAS",
  "GLT0",
  "FAGLFLEXT",
  "KNC1",
  "KNC3",
  "LFC1",
  "LFC3",
  "COSP",
  "COSS",
  "FAGLFLEXA",
  "COEP",
  "MKPF",
  "MSEG",
  "KNKK",
  "KNKA",
  "S066",
  "S067",
  "VBOX",
];

function listAbap(dir, base = dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) listAbap(full, base, out);
    else if (entry.name.endsWith(".abap")) out.push(path.relative(base, full).split(path.sep).join("/"));
  }
  return out.sort();
}

/**
 * The statements of an ABAP source as ranges of lines: a statement (or a link of a chained
 * statement) ends on a line whose code ends with "." or ","; a comment line is a unit of its own.
 */
function statementUnits(text) {
  const units = [];
  let start;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (/^\*/.test(raw) || raw.trim() === "") {
      if (start === undefined) units.push([line, line]);
      return;
    }
    start ??= line;
    const code = raw.replace(/"[^'`|]*$/, "").trimEnd();
    if (/[.,]$/.test(code)) {
      units.push([start, line]);
      start = undefined;
    }
  });
  if (start !== undefined) units.push([start, text.split(/\r?\n/).length]);
  return units;
}

/**
 * The places a conversion changed: the hunks of a line diff, as ranges of lines of the original
 * (1-based, inclusive), each widened to the whole statements it touches (SAP's quick fixes
 * rewrite a statement, so the lines of one statement are one place) and merged where they overlap.
 */
export function changedPlaces(before, after) {
  const units = statementUnits(before);
  const widen = (p) => {
    const first = units.find(([a, b]) => a <= p.from && p.from <= b);
    const last = units.find(([a, b]) => a <= p.to && p.to <= b);
    return { from: first ? first[0] : p.from, to: last ? last[1] : p.to };
  };
  const merged = [];
  for (const p of hunks(before, after).map(widen)) {
    const previous = merged[merged.length - 1];
    if (previous && p.from <= previous.to) previous.to = Math.max(previous.to, p.to);
    else merged.push(p);
  }
  return merged;
}

function hunks(before, after) {
  const places = [];
  let line = 1;
  let current;
  for (const part of diffLines(before, after)) {
    const count = part.count ?? 0;
    if (!part.added && !part.removed) {
      if (current) places.push(current);
      current = undefined;
      line += count;
      continue;
    }
    // A pure insertion after line n is a place between n and n + 1.
    current ??= { from: part.removed ? line : Math.max(1, line - 1), to: part.removed ? line - 1 : line };
    if (part.removed) {
      current.to = line + count - 1;
      line += count;
    }
  }
  if (current) places.push(current);
  return places.map((p) => ({ from: Math.min(p.from, p.to), to: Math.max(p.from, p.to) }));
}

const near = (place, line) => line >= place.from - 1 && line <= place.to + 1;

function scan(dir) {
  const run = spawnSync(process.execPath, [UPLIFT, "scan", dir, "--erp", "sap", "--from", "ecc6", "--to", "2023", "--format", "json"], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  // Exit status 1 means "findings at or above the failing severity", which is expected here.
  if (run.status !== 0 && run.status !== 1) throw new Error(`uplift scan failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout);
}

function textSearch(text) {
  const pattern = new RegExp(`\\b(${REMOVED_TABLES.join("|")})\\b`, "i");
  const hits = [];
  text.split(/\r?\n/).forEach((l, i) => {
    if (pattern.test(l)) hits.push({ line: i + 1, text: l.trim() });
  });
  return hits;
}

/** Every changed place gets its kinds from changes.json; a place without one, or a row without a place, is an error. */
function annotate(rel, places, manifest, problems) {
  const rows = manifest.changes.filter(([file]) => file === rel);
  for (const [, line, kind] of rows) {
    if (!manifest.kinds[kind]) problems.push(`${rel}:${line}: unknown kind ${kind}`);
    const place = places.find((p) => line >= p.from && line <= p.to);
    if (!place) problems.push(`${rel}:${line}: no changed place there`);
    else (place.kinds ??= []).push(kind);
  }
  for (const p of places) {
    if (!p.kinds) problems.push(`${rel}:${p.from}-${p.to}: changed place without a row in changes.json`);
    p.quickFix = (p.kinds ?? []).some((k) => manifest.kinds[k]?.quickFix === true);
  }
}

/** Runs the measurement; returns the counts and the details behind them. */
export function measure(corpus = CORPUS) {
  const result = scan(path.join(corpus, "ecc"));
  const files = listAbap(path.join(corpus, "ecc"));
  const manifest = JSON.parse(fs.readFileSync(path.join(corpus, "changes.json"), "utf8"));
  const problems = [];
  const rows = [];
  for (const rel of files) {
    const before = fs.readFileSync(path.join(corpus, "ecc", rel), "utf8");
    const afterPath = path.join(corpus, "s4", rel);
    const after = fs.existsSync(afterPath) ? fs.readFileSync(afterPath, "utf8") : "";
    const places = changedPlaces(before, after);
    annotate(rel, places, manifest, problems);
    const findings = result.findings.filter((f) => f.file === rel);
    rows.push({ file: rel, places, findings, hits: textSearch(before), lines: before.split("\n") });
  }
  const count = (select) => {
    let places = 0;
    let reached = 0;
    let quickFixPlaces = 0;
    let quickFixReached = 0;
    let findings = 0;
    let atPlace = 0;
    const missed = [];
    const off = [];
    for (const row of rows) {
      const marks = select(row);
      for (const p of row.places) {
        places++;
        if (p.quickFix) quickFixPlaces++;
        if (marks.some((m) => near(p, m.line))) {
          reached++;
          if (p.quickFix) quickFixReached++;
        } else missed.push(`${row.file}:${p.from}-${p.to} [${(p.kinds ?? []).join(", ")}] ${row.lines[p.from - 1]?.trim() ?? ""}`);
      }
      for (const m of marks) {
        findings++;
        if (row.places.some((p) => near(p, m.line))) atPlace++;
        else off.push(`${row.file}:${m.line} ${m.label ?? row.lines[m.line - 1]?.trim() ?? ""}`);
      }
    }
    return { places, reached, quickFixPlaces, quickFixReached, findings, atPlace, missed, off };
  };
  const label = (f) => ({ line: f.line, label: `${f.ruleId} (${f.severity})` });
  return {
    programs: files.length,
    problems,
    uplift: count((row) => row.findings.filter((f) => SEVERE.has(f.severity)).map(label)),
    upliftAll: count((row) => row.findings.map(label)),
    text: count((row) => row.hits.map((h) => ({ line: h.line, label: h.text }))),
  };
}

const pct = (a, b) => (b === 0 ? "–" : `${((100 * a) / b).toFixed(1)}%`);

export function table(m) {
  const row = (name, c) =>
    `| ${name} | ${c.quickFixReached} of ${c.quickFixPlaces} (${pct(c.quickFixReached, c.quickFixPlaces)}) | ${c.reached} of ${c.places} (${pct(c.reached, c.places)}) | ${c.atPlace} of ${c.findings} (${pct(c.atPlace, c.findings)}) |`;
  return [
    "| | quick-fix places pointed at (±1 line) | all changed places pointed at | findings at a changed place |",
    "|---|---|---|---|",
    row("Uplift, findings of medium severity or worse", m.uplift),
    row("Uplift, all findings (also low)", m.upliftAll),
    row("text search for the removed table names", m.text),
  ].join("\n");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const m = measure();
  if (m.problems.length > 0) {
    for (const p of m.problems) console.error(`changes.json: ${p}`);
    process.exit(2);
  }
  console.log(`${m.programs} ABAP source files\n`);
  console.log(table(m));
  if (process.argv.includes("--details")) {
    for (const [name, c] of [
      ["Uplift (medium+)", m.uplift],
      ["Uplift (all)", m.upliftAll],
      ["text search", m.text],
    ]) {
      console.log(`\n${name}: changed places not pointed at`);
      for (const x of c.missed) console.log(`  ${x}`);
      console.log(`${name}: findings away from a changed place`);
      for (const x of c.off) console.log(`  ${x}`);
    }
  }
  if (process.argv.includes("--write")) {
    const docs = path.join(ROOT, "docs", "sap.md");
    const text = fs.readFileSync(docs, "utf8");
    const start = "<!-- sap-conversion:start -->";
    const end = "<!-- sap-conversion:end -->";
    const at = text.indexOf(start);
    const until = text.indexOf(end);
    if (at < 0 || until < at) throw new Error(`docs/sap.md has no ${start} … ${end} block`);
    fs.writeFileSync(docs, `${text.slice(0, at + start.length)}\n${table(m)}\n${text.slice(until)}`);
    console.log("\ndocs/sap.md updated");
  }
}
