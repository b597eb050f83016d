// A whole estate, cold and warm, against what reading and parsing the same files costs.
//
//   npm run build && node bench/estate.mjs [--target 10000] [--keep]
//
// Assembles an estate in a temporary folder (the fixtures of every ERP, then the public
// repositories of bench/estate/sources.mjs at their commits until about --target files), then
// in one run prints: the limits measured in this process (reading every file the scan reads;
// one parse and one full walk of each with the parser Uplift uses, per language), a cold scan
// with an empty cache, a warm rerun with nothing changed (whose output must equal the cold one),
// and a rerun after one Python file changed: wall, CPU and peak memory of each, as ratios to the
// targets of docs/performance.md.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { assembleEstate } from "./estate/assemble.mjs";
import { measureLimits } from "./estate/limits.mjs";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const cli = path.join(repoRoot, "packages/cli/dist/bin.js");
const args = process.argv.slice(2);
const target = Number(args[args.indexOf("--target") + 1] || 10_000) || 10_000;
const keep = args.includes("--keep");
const extra = args.includes("--jobs") ? ["--jobs", args[args.indexOf("--jobs") + 1]] : [];

const work = fs.mkdtempSync(path.join(os.tmpdir(), "uplift-estate-"));
const estate = path.join(work, "estate");
const cache = path.join(work, "cache");
const usageFile = path.join(work, "usage.json");
// Written by the scanned process as it exits: its own CPU time (every thread) and peak RSS.
const usageHook = `data:text/javascript,import{writeFileSync}from"node:fs";process.on("exit",()=>writeFileSync(process.env.UPLIFT_BENCH_USAGE,JSON.stringify(process.resourceUsage())))`;

function run(label, extraArgs = []) {
  const out = path.join(work, `${label}.json`);
  const start = performance.now();
  const r = spawnSync(
    process.execPath,
    [
      "--import",
      usageHook,
      cli,
      "scan",
      estate,
      "--format",
      "json",
      "-o",
      out,
      "--cache",
      "--cache-location",
      cache,
      ...extra,
      ...extraArgs,
    ],
    { env: { ...process.env, UPLIFT_BENCH_USAGE: usageFile }, encoding: "utf8" },
  );
  const wallMs = performance.now() - start;
  if (r.status !== 0 && r.status !== 1) throw new Error(`scan failed (${r.status}): ${r.stderr}`);
  const usage = JSON.parse(fs.readFileSync(usageFile, "utf8"));
  const result = fs.readFileSync(out, "utf8");
  return { label, wallMs, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, peakMb: usage.maxRSS / 1024, result };
}

try {
  const assembled = assembleEstate(repoRoot, estate, { target });
  console.log(`estate: ${assembled.files} files in ${work}`);
  for (const p of assembled.parts) console.log(`  ${p.name.padEnd(30)} ${String(p.files).padStart(6)} files  ${p.commit}`);
  if (assembled.missing.length > 0) console.log(`  neither mirrored nor fetched: ${assembled.missing.join(", ")}`);
  if (assembled.files < 0.9 * target)
    console.log(`  the estate holds ${assembled.files} of the ${target} files asked for: its ratios do not stand for a full estate`);
  const cores = os.availableParallelism();
  console.log(
    `machine: ${os.cpus()[0]?.model ?? "?"}, ${cores} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load ${os.loadavg()[0].toFixed(1)}`,
  );

  const limits = await measureLimits(estate);
  console.log(`\nlimits (this process, one thread): ${limits.files} files the scan reads, ${(limits.bytes / 2 ** 20).toFixed(1)} MB`);
  console.log(`  reading every file        ${limits.readMs.toFixed(0).padStart(7)} ms`);
  console.log(`  parse + one walk, total   ${limits.parseMs.toFixed(0).padStart(7)} ms  (${limits.parseCpuMs.toFixed(0)} ms CPU)`);
  for (const [language, row] of [...limits.perLanguage].sort((a, b) => b[1].ms - a[1].ms)) {
    const mbs = row.bytes / 2 ** 20 / (row.ms / 1000);
    console.log(
      `    ${language.padEnd(15)} ${String(row.files).padStart(6)} files ${row.ms.toFixed(0).padStart(7)} ms  ${mbs.toFixed(1)} MB/s`,
    );
  }

  const cold = run("cold");
  const warm = run("warm");
  const changed = Object.keys(JSON.parse(cold.result).findings.reduce((m, f) => ((m[f.file] = 1), m), {})).find((f) => f.endsWith(".py"));
  if (changed) fs.appendFileSync(path.join(estate, changed), "\n# changed for the benchmark\n");
  const after = run("after-one-change");
  console.log(
    `\nscans (uplift scan <estate> --format json --cache${extra.length ? " " + extra.join(" ") : ""}; wall includes Node's start-up):`,
  );
  console.log("  run                 wall (ms)   CPU (ms)   peak RSS (MB)");
  for (const r of [cold, warm, after]) {
    console.log(
      `  ${r.label.padEnd(18)} ${r.wallMs.toFixed(0).padStart(9)} ${r.cpuMs.toFixed(0).padStart(10)} ${r.peakMb.toFixed(0).padStart(14)}`,
    );
  }
  // The scan's default (--jobs not given) is one thread per core once an estate has enough to parse.
  const used = extra.length > 0 ? Number(extra[1]) || 1 : cores;
  const throughput = limits.files / (cold.wallMs / 1000);
  const floor = limits.files / (limits.parseMs / 1000);
  console.log(`\njudged (changed file: ${changed ?? "none"}):`);
  console.log(
    `  cold throughput / (parse-and-walk throughput × ${used} core(s)): wall ${((100 * throughput) / (floor * used)).toFixed(0)}%, CPU ${((100 * limits.parseCpuMs) / cold.cpuMs).toFixed(0)}%  (target ≥ 75%)`,
  );
  console.log(
    `  rerun after one change / cold, wall: ${((100 * after.wallMs) / cold.wallMs).toFixed(0)}%, CPU: ${((100 * after.cpuMs) / cold.cpuMs).toFixed(0)}%  (target ≤ 10%)`,
  );
  console.log(`  peak memory: ${Math.max(cold.peakMb, warm.peakMb, after.peakMb).toFixed(0)} MB  (target ≤ 1024 MB)`);
  console.log(`  warm output equals cold output: ${warm.result === cold.result ? "yes" : "NO"}`);
} finally {
  if (keep) console.log(`kept ${work}`);
  else fs.rmSync(work, { recursive: true, force: true });
}
