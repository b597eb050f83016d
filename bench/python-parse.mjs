// How fast the Python adapter reads real code, and whether it reports syntax errors in valid
// files. Give it folders of Python (checkouts of OCA repositories, for instance):
//
//   npm run build && node bench/python-parse.mjs /tmp/oca/server-tools-16.0 /tmp/oca/sale-workflow-16.0
//
// It prints, per folder and in total: files, MB, files with syntax problems, facts, and the best
// of three runs for the load of the parser, extraction of every file (parse, copy of the tree,
// facts) and, apart, the parse alone. See docs/python.md.
import fs from "node:fs";
import path from "node:path";
import { extractFacts, languageOf, prepareLanguage } from "@uplift/core";

const dirs = process.argv.slice(2);
if (dirs.length === 0) {
  console.error("usage: node bench/python-parse.mjs <folder>…");
  process.exit(2);
}

function pythonFiles(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === ".git" || entry.name === "node_modules") continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) pythonFiles(full, out);
    else if (entry.isFile() && entry.name.endsWith(".py")) out.push(full);
  }
  return out.sort();
}

const t0 = performance.now();
await prepareLanguage("python");
const loadMs = performance.now() - t0;
console.log(`parser loaded in ${loadMs.toFixed(0)} ms`);

function measure(files) {
  let best = Infinity;
  let facts = 0;
  const broken = [];
  for (let run = 0; run < 3; run++) {
    const start = performance.now();
    facts = 0;
    broken.length = 0;
    for (const f of files) {
      const r = extractFacts(f);
      facts += r.facts.length;
      if (r.problems.length > 0) broken.push(`${f.path}:${r.problems[0].line}:${r.problems[0].column} ${r.problems[0].message}`);
    }
    best = Math.min(best, performance.now() - start);
  }
  return { ms: best, facts, broken };
}

const rows = [];
const all = [];
for (const dir of dirs) {
  const files = pythonFiles(dir).map((p) => ({ path: path.relative(dir, p), language: languageOf(p), text: fs.readFileSync(p, "utf8") }));
  all.push(...files);
  rows.push({ name: path.basename(dir), files });
}
if (rows.length > 1) rows.push({ name: "all", files: all });
console.log("| folder | files | MB | with syntax problems | facts | extract ms | MB/s |");
console.log("|---|---:|---:|---:|---:|---:|---:|");
for (const row of rows) {
  const mb = row.files.reduce((n, f) => n + Buffer.byteLength(f.text), 0) / 1e6;
  const { ms, facts, broken } = measure(row.files);
  console.log(
    `| ${row.name} | ${row.files.length} | ${mb.toFixed(2)} | ${broken.length} | ${facts} | ${ms.toFixed(0)} | ${(mb / (ms / 1000)).toFixed(2)} |`,
  );
  if (row.name !== "all") for (const b of broken) console.log(`  ${b}`);
}
const usedMb = process.memoryUsage().rss / 1e6;
console.log(`peak RSS now: ${usedMb.toFixed(0)} MB`);
