// What the type pass costs: the files of a scan that need the TypeScript checker, and the time to
// load the compiler, build the program and resolve their facts. Each run is a fresh process, as a
// user's scan is. Run after `npm run build`:
//   node bench/type-pass.mjs                                   # the typed fixture project
//   node bench/type-pass.mjs <folder> [--erp dynamics365] [--from 9.2] [--runs 3]
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const target = args[0] && !args[0].startsWith("--") ? args[0] : path.join(HERE, "..", "fixtures/bindings/dynamics365-typescript");
const runs = Number(flag("--runs", "3"));
const child = `
const { scan } = await import(${JSON.stringify(path.join(HERE, "..", "packages/engine/dist/index.js"))});
let stats = { programs: 0, files: 0, facts: 0, resolved: 0, loadMs: 0, programMs: 0, resolveMs: 0 };
const t = performance.now();
const result = await scan({ root: ${JSON.stringify(target)}, rulesDir: ${JSON.stringify(path.join(HERE, "..", "rules"))},
  erp: ${JSON.stringify(flag("--erp", "dynamics365"))}, from: ${JSON.stringify(flag("--from", "9.2"))}, onTypePass: (s) => { stats = s; } });
process.stdout.write(JSON.stringify({ ...stats, scanMs: performance.now() - t, scanned: result.summary.filesScanned, findings: result.findings.length, typed: result.findings.filter((f) => f.resolvedBy === "types").length }));
`;
const samples = [];
for (let i = 0; i < runs; i++) {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", child], { encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(r.stderr);
  samples.push(JSON.parse(r.stdout));
}
const median = (key) => samples.map((s) => s[key]).sort((a, b) => a - b)[Math.floor(samples.length / 2)];
const s = samples[0];
const typeMs = median("loadMs") + median("programMs") + median("resolveMs");
console.log(`${target}`);
console.log(
  `files scanned ${s.scanned}; files that needed types ${s.files} (${s.facts} facts, ${s.resolved} resolved); findings ${s.findings}, ${s.typed} through types`,
);
console.log(
  `median of ${runs}: load compiler ${median("loadMs").toFixed(0)} ms, build program ${median("programMs").toFixed(0)} ms, resolve ${median("resolveMs").toFixed(0)} ms`,
);
console.log(
  `type pass ${typeMs.toFixed(0)} ms in all; per typed file ${s.files ? (typeMs / s.files).toFixed(0) : "-"} ms (${s.files ? ((median("programMs") + median("resolveMs")) / s.files).toFixed(0) : "-"} ms without loading the compiler); whole scan ${median("scanMs").toFixed(0)} ms`,
);
