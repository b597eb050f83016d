import type { Severity } from "@uplift/engine";

// The readiness score, documented in docs/report.md and on the page (method section).
//
// Every finding weighs by its severity; the score is 100 with no findings and halves at
// HALF_SCORE_POINTS weighted points: score = 100 × H / (H + points). It falls with every finding
// added (monotone), never below 0, and keeps telling large backlogs apart (500 points → 9,
// 5,000 → 1) where a linear scale would sit at 0.

/** What one finding of each severity weighs: a critical counts as ten low findings. */
export const SEVERITY_WEIGHTS: Readonly<Record<Severity, number>> = { critical: 10, high: 5, medium: 2, low: 1 };

/** Weighted points at which the score is 50: five critical findings, or fifty low ones. */
export const HALF_SCORE_POINTS = 50;

export interface ReadinessBand {
  /** The lowest score in the band. */
  min: number;
  key: "ready" | "minor" | "substantial" | "major";
  label: string;
}

/** Highest first; each applies from its `min` up to the next band. */
export const READINESS_BANDS: readonly ReadinessBand[] = [
  { min: 90, key: "ready", label: "Ready" },
  { min: 70, key: "minor", label: "Minor work" },
  { min: 40, key: "substantial", label: "Substantial work" },
  { min: 0, key: "major", label: "Major work" },
];

export interface Readiness {
  score: number;
  points: number;
  band: ReadinessBand;
}

export function weightedPoints(bySeverity: Readonly<Record<Severity, number>>): number {
  return (Object.keys(SEVERITY_WEIGHTS) as Severity[]).reduce((sum, s) => sum + SEVERITY_WEIGHTS[s] * (bySeverity[s] ?? 0), 0);
}

export function readiness(bySeverity: Readonly<Record<Severity, number>>): Readiness {
  const points = weightedPoints(bySeverity);
  const score = Math.round((100 * HALF_SCORE_POINTS) / (HALF_SCORE_POINTS + points));
  const band = READINESS_BANDS.find((b) => score >= b.min) ?? READINESS_BANDS[READINESS_BANDS.length - 1]!;
  return { score, points, band };
}
