import type { Severity } from "@uplift/engine";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bandOf, isBlocking, readiness, thresholdOf } from "../src/html/readiness.js";
import { verdictOf } from "../src/verdict.js";
import { finding, resultOf } from "./support.js";

const SEVERITIES: Severity[] = ["critical", "high", "medium", "low"];
const view = { type: "view", name: "sale.view_order_form", record: "sale.order" };
const cron = { type: "scheduled action", name: "x.cron", record: "ir.cron" };

/** A random estate: findings in a handful of files, some reaching screens. */
const arbFinding = fc.record({
  file: fc.integer({ min: 0, max: 7 }),
  severity: fc.constantFrom(...SEVERITIES),
  line: fc.integer({ min: 1, max: 50 }),
  artefact: fc.constantFrom<"none" | "view" | "cron">("none", "view", "cron"),
});

function estate(
  specs: ReadonlyArray<{ file: number; severity: Severity; line: number; artefact: "none" | "view" | "cron" }>,
  checked = 10,
) {
  const findings = specs.map((s, i) =>
    finding({
      file: `addon/f${s.file}.js`,
      severity: s.severity,
      line: s.line,
      ruleId: `r/${i}`,
      fingerprint: `fp${i}`,
      impact: { artefacts: s.artefact === "view" ? [view] : s.artefact === "cron" ? [cron] : [], processes: [] },
    }),
  );
  const result = resultOf(findings);
  result.summary.files = {
    relevant: checked,
    checked,
    unchecked: 0,
    irrelevant: 0,
    excluded: 0,
    uncheckedBy: { "no-adapter": 0, "no-rules": 0, unparseable: 0, skipped: 0 },
    irrelevantBy: {},
  };
  result.unchecked = [];
  return result;
}

const without = (specs: readonly unknown[], i: number) => specs.filter((_, k) => k !== i);

describe("readiness: the share of the estate clear of blocking findings", () => {
  it("is 100 with nothing at or above the threshold, and below 100 with anything", () => {
    expect(readiness(estate([]), "high").score).toBe(100);
    expect(readiness(estate([{ file: 0, severity: "low", line: 1, artefact: "view" }]), "high").score).toBe(100);
    const one = readiness(estate([{ file: 0, severity: "high", line: 1, artefact: "view" }]), "high");
    expect(one).toMatchObject({ units: 11, clear: 9, files: 10, artefacts: 1 });
    expect(one.score).toBe(81);
  });

  it("never falls when a finding is fixed, and rises when a unit's last blocking finding goes", () => {
    fc.assert(
      fc.property(
        fc.array(arbFinding, { minLength: 1, maxLength: 30 }),
        fc.nat(),
        fc.constantFrom(...SEVERITIES),
        (specs, pick, threshold) => {
          const i = pick % specs.length;
          const before = readiness(estate(specs), threshold);
          const after = readiness(estate(without(specs, i) as typeof specs), threshold);
          expect(after.score).toBeGreaterThanOrEqual(before.score);
          if (!isBlocking(specs[i]!, threshold)) expect(after.score).toBe(before.score);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("reads Ready exactly when nothing blocks, however large the estate", () => {
    fc.assert(
      fc.property(fc.array(arbFinding, { maxLength: 30 }), fc.constantFrom(...SEVERITIES), (specs, threshold) => {
        const r = readiness(estate(specs), threshold);
        expect(r.band.key === "ready").toBe(!specs.some((f) => isBlocking(f, threshold)));
      }),
      { numRuns: 500 },
    );
    // A large estate with one blocking finding scores in the nineties and still is not Ready.
    const large = estate([{ file: 0, severity: "critical", line: 1, artefact: "none" }], 40);
    const r = readiness(large, "high");
    expect(r.score).toBeGreaterThanOrEqual(90);
    expect(r.band.label).toBe("Minor work");
  });

  it("never rises when a finding is added", () => {
    fc.assert(
      fc.property(fc.array(arbFinding, { maxLength: 30 }), arbFinding, fc.constantFrom(...SEVERITIES), (specs, extra, threshold) => {
        expect(readiness(estate([...specs, extra]), threshold).score).toBeLessThanOrEqual(readiness(estate(specs), threshold).score);
      }),
      { numRuns: 500 },
    );
  });

  it("uses --fail-on as given, else as the scan ran; none keeps the default", () => {
    expect(thresholdOf({})).toBe("high");
    expect(thresholdOf({ failOn: "critical" })).toBe("critical");
    expect(thresholdOf({ failOn: "critical" }, "medium")).toBe("medium");
    expect(thresholdOf({ failOn: "none" })).toBe("high");
    expect(bandOf(100).key).toBe("ready");
    expect(bandOf(99).key).toBe("minor");
    expect(bandOf(0).key).toBe("major");
  });

  it("reads Ready at 100 only when every relevant file was checked", () => {
    const partly = estate([{ file: 0, severity: "low", line: 1, artefact: "none" }]);
    partly.unchecked = [{ file: "addon/Pay.vue", why: "no-adapter", reason: "no adapter for .vue files" }];
    expect(readiness(partly, "high")).toMatchObject({ score: 100, band: { key: "unverified", label: "Clear where checked" } });
    const none = estate([], 0);
    none.unchecked = [{ file: "addon/hooks.py", why: "skipped", reason: "version unknown" }];
    expect(readiness(none, "high")).toMatchObject({ score: 100, units: 0, band: { key: "unverified", label: "Nothing checked" } });
    // Below 100 the band is the score's, and with everything checked 100 is Ready.
    const blocked = estate([{ file: 0, severity: "high", line: 1, artefact: "none" }]);
    blocked.unchecked = partly.unchecked;
    expect(readiness(blocked, "high").band.key).toBe("minor");
    expect(readiness(estate([]), "high").band.key).toBe("ready");
  });
});

describe("the verdict", () => {
  it("is Go only with nothing blocking and every relevant file checked, and names what was not", () => {
    const clean = estate([{ file: 0, severity: "low", line: 1, artefact: "none" }]);
    expect(verdictOf(clean, "high").go).toBe(true);
    const blind = estate([]);
    blind.unchecked = [
      { file: "addon/models/sale.py", why: "no-adapter", reason: "no adapter for .py files" },
      { file: "addon/data/x.csv", why: "no-adapter", reason: "no adapter for .csv files" },
    ];
    const v = verdictOf(blind, "high");
    expect(v.go).toBe(false);
    expect(v.headline).toBe("No-go: 2 relevant files were not checked: addon/models/sale.py, addon/data/x.csv.");
    const blocking = estate([{ file: 0, severity: "critical", line: 1, artefact: "none" }]);
    expect(verdictOf(blocking, "critical").headline).toBe("No-go: 1 critical finding must be fixed before the upgrade.");
  });

  it("says what a baseline accepted and what --changed-since left out", () => {
    const result = estate([]);
    result.baseline = { file: "uplift-baseline.json", matched: 12, stale: [] };
    result.changedSince = { ref: "main", files: 3, findingsLeftOut: 40 };
    const v = verdictOf(result, "high");
    expect(v.headline).toBe("Go: no upgrade problems found in what this scan reports.");
    expect(v.detail).toContain("accepted 12 known findings");
    expect(v.detail).toContain("40 findings in other files were left out");
  });
});
