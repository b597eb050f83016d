// Are Uplift's automatic fixes the conversion's? bench/sap-conversion/ecc holds ECC programs and
// bench/sap-conversion/s4 the same programs as SAP's quick fixes and notes convert them. This
// script scans a copy of the ECC version, applies Uplift's fixes (--fix) and compares each fixed
// place with the converted version:
//
//   same         the fixed statement is the converted statement (no difference left at that place);
//   other shape  the converted version took the other quick fix SAP offers for the same place
//                (the base tables instead of the compatibility view): both are SAP's rewrites;
//   wrong        anything else, or a fix where the converted version changed nothing.
//
// It also counts how many of the places SAP's quick fixes change get an automatic fix at all.
//
//   node bench/sap-fixes.mjs [--details] [corpus]
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { changedPlaces } from "./sap-conversion.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const UPLIFT = path.join(HERE, "..", "packages", "cli", "dist", "bin.js");

/**
 * SAP offers two rewrites for these reads: the compatibility view or the new tables (and for VBUK
 * in a join or a subquery the status fields of VBAK, or V_VBUK_S4 named instead).
 */
const ALTERNATIVES = {
  "qf-vbuk-table": "qf-vbuk-view",
  "qf-vbup-table": "qf-vbup-view",
  "qf-konv-table": "qf-konv-view",
  "sd-status": "qf-vbuk-view",
};

function scan(dir, extra = []) {
  const run = spawnSync(
    process.execPath,
    [UPLIFT, "scan", dir, "--erp", "sap", "--from", "ecc6", "--to", "2023", "--format", "json", "--fail-on", "none", ...extra],
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  if (run.status !== 0) throw new Error(`uplift scan failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout);
}

const near = (place, line) => line >= place.from - 1 && line <= place.to + 1;

export function measureFixes(corpus = path.join(HERE, "sap-conversion")) {
  const manifest = JSON.parse(fs.readFileSync(path.join(corpus, "changes.json"), "utf8"));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "uplift-sap-fixes-"));
  try {
    fs.cpSync(path.join(corpus, "ecc"), work, { recursive: true });
    const before = scan(work);
    scan(work, ["--fix"]);
    const after = scan(work);
    const fixable = before.findings.filter((f) => f.fixable);
    const byFile = new Map();
    for (const f of fixable) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
    const rows = [];
    let quickFixPlaces = 0;
    let quickFixPlacesFixed = 0;
    const files = new Set([...manifest.changes.map(([file]) => file), ...byFile.keys()]);
    for (const file of [...files].sort()) {
      const ecc = fs.readFileSync(path.join(corpus, "ecc", file), "utf8");
      const s4Path = path.join(corpus, "s4", file);
      const s4 = fs.existsSync(s4Path) ? fs.readFileSync(s4Path, "utf8") : "";
      const fixed = fs.readFileSync(path.join(work, file), "utf8");
      const places = changedPlaces(ecc, s4);
      for (const p of places)
        p.kinds = manifest.changes.filter(([f, line]) => f === file && line >= p.from && line <= p.to).map(([, , kind]) => kind);
      const left = changedPlaces(fixed, s4);
      const mine = byFile.get(file) ?? [];
      for (const p of places) {
        if (!p.kinds.some((k) => manifest.kinds[k]?.quickFix === true)) continue;
        quickFixPlaces++;
        if (mine.some((f) => near(p, f.line))) quickFixPlacesFixed++;
      }
      for (const f of mine) {
        const place = places.find((p) => near(p, f.line));
        const stillDifferent = left.some((p) => near(p, f.line));
        let verdict;
        if (!place) verdict = "wrong";
        else if (!stillDifferent) verdict = "same";
        else if (place.kinds.some((k) => ALTERNATIVES[k])) verdict = "other shape";
        else verdict = "wrong";
        rows.push({
          file,
          line: f.line,
          ruleId: f.ruleId,
          verdict,
          kinds: place?.kinds ?? [],
          text: fixed.split("\n")[f.line - 1]?.trim(),
        });
      }
    }
    // Every fix must leave a file Uplift still reads: no parse errors after --fix.
    const parseErrors = after.findings.filter((f) => f.ruleId === "uplift/parse-error").length;
    return { findings: before.findings.length, fixable: fixable.length, rows, quickFixPlaces, quickFixPlacesFixed, parseErrors };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const corpus = process.argv.slice(2).find((a) => !a.startsWith("--"));
  const m = measureFixes(corpus ? path.resolve(corpus) : undefined);
  const count = (v) => m.rows.filter((r) => r.verdict === v).length;
  console.log(`findings ${m.findings}, with an automatic fix ${m.fixable}`);
  console.log(`places SAP's quick fixes change: ${m.quickFixPlaces}, of which Uplift fixes ${m.quickFixPlacesFixed}`);
  console.log(
    `fixes: same as the conversion ${count("same")}, SAP's other quick fix there ${count("other shape")}, wrong ${count("wrong")}`,
  );
  console.log(`parse errors after --fix: ${m.parseErrors}`);
  if (process.argv.includes("--details"))
    for (const r of m.rows) console.log(`  ${r.verdict.padEnd(11)} ${r.file}:${r.line} ${r.ruleId} [${r.kinds.join(", ")}] ${r.text}`);
}
