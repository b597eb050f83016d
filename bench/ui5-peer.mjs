// Uplift side by side with SAP's UI5 linter on the same UI5 apps: which of the linter's
// no-deprecated-api and no-globals findings Uplift reports at the same file and line, what Uplift
// reports besides, and CPU time (user + system) and peak memory of both, from /usr/bin/time -v.
//
// The linter is never a dependency of Uplift: install it in a folder of its own first,
//   npm install --prefix /tmp/ui5lint @ui5/linter@1.23.6
// then run, for any number of app folders (each with its ui5.yaml or webapp/):
//   node bench/ui5-peer.mjs --linter /tmp/ui5lint path/to/app [path/to/app2 …] [--runs 3] [--json out.json]
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const RULES = new Set(["no-deprecated-api", "no-globals"]);
const here = path.dirname(fileURLToPath(import.meta.url));
const upliftBin = path.join(here, "..", "packages", "cli", "dist", "bin.js");

function parseArgs(argv) {
  const out = { linter: "/tmp/ui5lint", apps: [], runs: 1, json: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--linter") out.linter = argv[++i];
    else if (a === "--runs") out.runs = Number(argv[++i]);
    else if (a === "--json") out.json = argv[++i];
    else out.apps.push(a);
  }
  if (out.apps.length === 0) throw new Error("name at least one app folder");
  return out;
}

/** Runs a command under /usr/bin/time -v: its stdout, CPU seconds (user + system) and peak RSS in MiB. */
function measured(cmd, args, cwd) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ui5-peer-"));
  const timeFile = path.join(dir, "time.txt");
  const r = spawnSync("/usr/bin/time", ["-v", "-o", timeFile, cmd, ...args], {
    cwd,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_UPDATE_NOTIFIER: "1", UI5LINT_NO_UPDATE_NOTIFIER: "1" },
  });
  const time = readFileSync(timeFile, "utf8");
  rmSync(dir, { recursive: true, force: true });
  const num = (label) => Number(new RegExp(`${label}: ([\\d.]+)`).exec(time)?.[1] ?? NaN);
  return {
    stdout: r.stdout,
    cpu: num("User time \\(seconds\\)") + num("System time \\(seconds\\)"),
    rssMiB: num("Maximum resident set size \\(kbytes\\)") / 1024,
  };
}

function linterFindings(stdout) {
  const out = [];
  for (const file of JSON.parse(stdout || "[]")) {
    for (const m of file.messages)
      if (RULES.has(m.ruleId)) out.push({ file: file.filePath, line: m.line, rule: m.ruleId, message: m.message });
  }
  return out;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function compareApp(app, opts) {
  const linterBin = path.join(opts.linter, "node_modules", ".bin", "ui5lint");
  if (!existsSync(linterBin)) throw new Error(`no UI5 linter at ${linterBin}; npm install --prefix ${opts.linter} @ui5/linter@1.23.6`);
  const peerRuns = [];
  const upliftRuns = [];
  for (let i = 0; i < opts.runs; i++) {
    peerRuns.push(measured(linterBin, ["--format", "json"], app));
    upliftRuns.push(measured(process.execPath, [upliftBin, "scan", ".", "--format", "json", "--fail-on", "none"], app));
  }
  const peer = linterFindings(peerRuns[0].stdout);
  const result = JSON.parse(upliftRuns[0].stdout);
  const ours = result.findings.filter((f) => f.ruleId.startsWith("sapui5/"));
  const at = new Set(ours.map((f) => `${f.file}:${f.line}`));
  const theirs = new Set(peer.map((f) => `${f.file}:${f.line}`));
  const missed = peer.filter((f) => !at.has(`${f.file}:${f.line}`));
  const extra = ours.filter((f) => !theirs.has(`${f.file}:${f.line}`));
  return {
    app: path.basename(path.resolve(app)),
    files: Number(
      execFileSync("sh", ["-c", "find . -type f -not -path '*/node_modules/*' -not -path './.git/*' | wc -l"], {
        cwd: app,
        encoding: "utf8",
      }).trim(),
    ),
    peerFindings: peer.length,
    found: peer.length - missed.length,
    recall: peer.length === 0 ? 1 : (peer.length - missed.length) / peer.length,
    upliftFindings: ours.length,
    extra: extra.length,
    peerCpu: median(peerRuns.map((r) => r.cpu)),
    upliftCpu: median(upliftRuns.map((r) => r.cpu)),
    peerRssMiB: median(peerRuns.map((r) => r.rssMiB)),
    upliftRssMiB: median(upliftRuns.map((r) => r.rssMiB)),
    missed,
    extraFindings: extra.map((f) => ({ file: f.file, line: f.line, rule: f.ruleId })),
  };
}

const opts = parseArgs(process.argv.slice(2));
const rows = opts.apps.map((app) => compareApp(app, opts));
console.log(
  "| app | files | linter findings | Uplift at same line | recall | Uplift extra | CPU linter (s) | CPU Uplift (s) | CPU ratio | RSS linter (MiB) | RSS Uplift (MiB) |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const r of rows) {
  console.log(
    `| ${r.app} | ${r.files} | ${r.peerFindings} | ${r.found} | ${(r.recall * 100).toFixed(1)}% | ${r.extra} | ${r.peerCpu.toFixed(2)} | ${r.upliftCpu.toFixed(2)} | ${(r.peerCpu / r.upliftCpu).toFixed(1)}× | ${r.peerRssMiB.toFixed(0)} | ${r.upliftRssMiB.toFixed(0)} |`,
  );
}
for (const r of rows) {
  for (const m of r.missed) console.log(`missed ${r.app}: ${m.file}:${m.line} ${m.rule} ${m.message}`);
  for (const e of r.extraFindings) console.log(`extra  ${r.app}: ${e.file}:${e.line} ${e.rule}`);
}
if (opts.json) {
  const { writeFileSync } = await import("node:fs");
  writeFileSync(opts.json, `${JSON.stringify(rows, null, 2)}\n`);
}
