import { appendFileSync, rmSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { caseArb, filesOf, nothingLeft, scanTree, unaccounted, validResult, writeTree, type Scanned } from "./cases.js";

/**
 * Property-based tests of the whole scan on mutated fixtures. `npm test` runs a few cases; set
 * UPLIFT_FUZZ_RUNS for more (UPLIFT_FUZZ_SEED for another sequence; a failure prints the seed and
 * path that replay it with UPLIFT_FUZZ_SEED and UPLIFT_FUZZ_PATH), e.g.
 *
 *   UPLIFT_FUZZ_RUNS=20000 npx vitest run test/fuzz/fuzz.test.ts
 *
 * For every case: the scan does not throw, every file and archive member is accounted for
 * (analysed, a finding, or listed with its reason), the result is valid against the JSON
 * contract, and a second scan gives the same bytes (with UPLIFT_FUZZ_JOBS=N, parsing in N worker
 * threads). Adding benign files never changes a finding
 * or the exit code.
 */
// ABAP is read in this process rather than in worker threads, whose start-up (abaplint loaded in
// each) would be most of every case's time; the e2e tests scan ABAP through the workers.
process.env.UPLIFT_ABAP_WORKERS ??= "0";
const RUNS = Number(process.env.UPLIFT_FUZZ_RUNS) > 0 ? Number(process.env.UPLIFT_FUZZ_RUNS) : 0;
const SEED =
  Number.isInteger(Number(process.env.UPLIFT_FUZZ_SEED)) && process.env.UPLIFT_FUZZ_SEED ? Number(process.env.UPLIFT_FUZZ_SEED) : 12;
/** A long run writes its figures here every 250 cases (UPLIFT_FUZZ_LOG=/tmp/fuzz.log). */
const LOG = process.env.UPLIFT_FUZZ_LOG;
/** A failing case is replayed with the seed and path fast-check prints: UPLIFT_FUZZ_SEED=… UPLIFT_FUZZ_PATH=…. */
const replay = process.env.UPLIFT_FUZZ_PATH ? { path: process.env.UPLIFT_FUZZ_PATH } : {};
/** The second scan of every case parses in this many worker threads (UPLIFT_FUZZ_JOBS=2); by default as the first. */
const JOBS = Number(process.env.UPLIFT_FUZZ_JOBS) > 1 ? { jobs: Number(process.env.UPLIFT_FUZZ_JOBS) } : {};
const runs = (quick: number): number => RUNS || quick;
const timeout = (quick: number): number => 60_000 + runs(quick) * 3_000;

/** The exit code `uplift scan` gives: 2 for a tree with no project at all, 1 for findings at or above high. */
const exitCode = (s: Scanned | undefined): number =>
  s === undefined ? 2 : s.result.findings.some((f) => f.severity === "critical" || f.severity === "high") ? 1 : 0;

const stats = { cases: 0, refused: 0, files: 0, members: 0, findings: 0, parseErrors: 0, unanalysed: 0, slowestMs: 0 };

describe("fuzzing the scan with mutated fixtures", () => {
  it(
    "never throws, accounts for every file, keeps to the JSON contract and gives the same bytes twice",
    async () => {
      await fc.assert(
        fc.asyncProperty(caseArb, async (c) => {
          const files = filesOf(c);
          const dir = writeTree(files.disk);
          try {
            const started = Date.now();
            const first = await scanTree(dir);
            stats.slowestMs = Math.max(stats.slowestMs, Date.now() - started);
            if (!first) {
              expect(nothingLeft(c), "no project found in a tree that still holds a marker").toBe(true);
              stats.refused++;
              return;
            }
            expect(unaccounted(files, dir, first, c.zipBytes.length > 0)).toEqual([]);
            expect(validResult(first.result), JSON.stringify(validResult.errors?.slice(0, 3))).toBe(true);
            expect((await scanTree(dir, JOBS))?.json).toBe(first.json);
            stats.cases++;
            stats.files += files.disk.size;
            stats.members += [...files.members.values()].reduce((n, m) => n + m.length, 0);
            stats.findings += first.result.findings.length;
            stats.parseErrors += first.result.findings.filter((f) => f.ruleId === "uplift/parse-error").length;
            stats.unanalysed += first.result.unanalysed.length;
            if (LOG && stats.cases % 250 === 0) appendFileSync(LOG, `${JSON.stringify({ seed: SEED, ...stats })}\n`);
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        }),
        { numRuns: runs(12), seed: SEED, ...replay, endOnFailure: RUNS > 0 },
      );
      if (RUNS > 0) process.stdout.write(`fuzz: ${JSON.stringify({ seed: SEED, ...stats })}\n`);
      if (LOG) appendFileSync(LOG, `done ${JSON.stringify({ seed: SEED, ...stats })}\n`);
    },
    timeout(12),
  );

  it(
    "never changes a finding or the exit code when benign files are added",
    async () => {
      const benign: Array<[string, Uint8Array]> = [
        ["notes/README.txt", Buffer.from("Release notes\n")],
        ["sale_delivery_window/static/description/icon.png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0])],
        ["docs/guide.md", Buffer.from("# Guide\n<field attrs='x'>\n")],
        ["ContosoSales/Other/notes.txt", Buffer.from("x")],
        ["empty/deeper/.keep", Buffer.from("")],
      ];
      await fc.assert(
        fc.asyncProperty(caseArb, fc.subarray(benign, { minLength: 1 }), async (c, additions) => {
          const files = filesOf(c);
          const plain = writeTree(files.disk);
          const added = writeTree(new Map([...files.disk, ...additions]));
          const before = await scanTree(plain);
          const after = await scanTree(added);
          rmSync(plain, { recursive: true, force: true });
          rmSync(added, { recursive: true, force: true });
          const key = (s: Scanned | undefined): string[] =>
            (s?.result.findings ?? []).map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.severity}`);
          expect(key(after)).toEqual(key(before));
          expect(exitCode(after)).toBe(exitCode(before));
        }),
        { numRuns: Math.max(4, Math.floor(runs(12) / 10)), seed: SEED + 1, endOnFailure: RUNS > 0 },
      );
    },
    timeout(2),
  );
});
