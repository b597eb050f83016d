import { SEVERITIES, type Severity } from "@uplift/engine";
import { describe, expect, it } from "vitest";
import { HALF_SCORE_POINTS, readiness, SEVERITY_WEIGHTS, weightedPoints } from "../src/html/readiness.js";

type Counts = Record<Severity, number>;
const counts = (c: Partial<Counts>): Counts => ({ critical: 0, high: 0, medium: 0, low: 0, ...c });

describe("readiness", () => {
  it("is 100 with nothing to fix and 50 at the half-score points", () => {
    expect(readiness(counts({})).score).toBe(100);
    expect(readiness(counts({})).band.key).toBe("ready");
    expect(HALF_SCORE_POINTS / SEVERITY_WEIGHTS.critical).toBe(5);
    expect(readiness(counts({ critical: 5 })).score).toBe(50);
  });

  it("weighs severities in order, critical heaviest", () => {
    const weights = SEVERITIES.map((s) => SEVERITY_WEIGHTS[s]);
    expect([...weights].sort((a, b) => b - a)).toEqual(weights);
    expect(weightedPoints(counts({ critical: 1, high: 1, medium: 1, low: 1 }))).toBe(10 + 5 + 2 + 1);
  });

  it("never rises when a finding is added, whatever its severity (monotone)", () => {
    let seed = 1;
    const random = (n: number): number => {
      seed = (seed * 48271) % 2147483647;
      return seed % n;
    };
    for (let i = 0; i < 2000; i++) {
      const base = counts({ critical: random(30), high: random(200), medium: random(500), low: random(3000) });
      const before = readiness(base);
      for (const s of SEVERITIES) {
        const after = readiness({ ...base, [s]: base[s] + 1 });
        expect(after.score).toBeLessThanOrEqual(before.score);
        expect(after.points).toBeGreaterThan(before.points);
      }
    }
  });

  it("falls strictly while the score is still coarse enough to show it", () => {
    const scores = Array.from({ length: 21 }, (_, n) => readiness(counts({ high: n })).score);
    for (let n = 1; n < scores.length; n++) expect(scores[n]!).toBeLessThan(scores[n - 1]!);
  });

  it("stays within 0–100 and reads as a band", () => {
    expect(readiness(counts({ critical: 1_000_000 })).score).toBe(0);
    expect(readiness(counts({ critical: 1_000_000 })).band.key).toBe("major");
    expect(readiness(counts({ low: 3 })).band.key).toBe("ready");
    expect(readiness(counts({ critical: 1 })).band.key).toBe("minor");
    expect(readiness(counts({ critical: 4 })).band.key).toBe("substantial");
  });
});
