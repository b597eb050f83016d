import { fileCoverage, SEVERITIES, type Finding, type ScanResult, type Severity } from "@uplift/engine";
import { irrelevantKind } from "@uplift/core";
import { subjectsOf } from "../subjects.js";

// The readiness score, documented in docs/report.md and on the page (method section).
//
// The estate is made of units: every relevant file the scan checked, and every screen, record or
// other artefact that a finding at or above the threshold reaches (an artefact that is a file
// itself, like a script, counts once, as the file). A unit is clear when no finding at or above
// the threshold is in it or reaches it. score = round(100 × clear ÷ units).
//
// Fixing the blocking findings of a unit clears it and raises the score; a finding below the
// threshold never moves it; a new blocking finding never raises it.

export interface ReadinessBand {
  /** The lowest score in the band. */
  min: number;
  key: "ready" | "minor" | "substantial" | "major" | "unverified";
  label: string;
}

/**
 * Highest first; each applies from its `min` up to the next band. "Ready" is 100 only, where nothing
 * blocks: a score of 95 with blocking findings left beside a "No-go" verdict must not read "Ready".
 */
export const READINESS_BANDS: readonly ReadinessBand[] = [
  { min: 100, key: "ready", label: "Ready" },
  { min: 70, key: "minor", label: "Minor work" },
  { min: 40, key: "substantial", label: "Substantial work" },
  { min: 0, key: "major", label: "Major work" },
];

export interface Readiness {
  score: number;
  /** Units of the estate: files checked plus screens and records that blocking findings reach. */
  units: number;
  /** Units with no finding at or above the threshold. */
  clear: number;
  /** Files among the units, and screens or records among them. */
  files: number;
  artefacts: number;
  threshold: Severity;
  band: ReadinessBand;
}

/**
 * A score of 100 while relevant files went unchecked: clear only as far as the scan saw, so not
 * "Ready" beside a verdict that says No-go for those files; and with nothing checked at all, no
 * measure of the estate.
 */
export const CLEAR_WHERE_CHECKED: ReadinessBand = { min: 100, key: "unverified", label: "Clear where checked" };
export const NOTHING_CHECKED: ReadinessBand = { min: 100, key: "unverified", label: "Nothing checked" };

/** The default threshold, and the one reports use when `--fail-on none` only keeps a build from failing. */
export const DEFAULT_THRESHOLD: Severity = "high";

/** The severity at or above which a finding blocks: `--fail-on` as given, or as the scan ran. */
export function thresholdOf(result: Pick<ScanResult, "failOn">, override?: Severity | "none"): Severity {
  const value = override && override !== "none" ? override : result.failOn;
  return value && value !== "none" ? value : DEFAULT_THRESHOLD;
}

export function isBlocking(f: Pick<Finding, "severity">, threshold: Severity): boolean {
  return SEVERITIES.indexOf(f.severity) <= SEVERITIES.indexOf(threshold);
}

export function bandOf(score: number): ReadinessBand {
  return READINESS_BANDS.find((b) => score >= b.min) ?? READINESS_BANDS[READINESS_BANDS.length - 1]!;
}

/** The share of the estate clear of findings at or above the threshold. */
export function readiness(result: ScanResult, threshold: Severity): Readiness {
  const checked = result.summary.files?.checked ?? result.summary.filesScanned;
  const uncheckedFiles = new Set((result.unchecked ?? []).map((u) => u.file));
  // Files with findings that are not among the checked ones (unparseable, irrelevant) are units too.
  const extraFiles = new Set<string>();
  const blockedFiles = new Set<string>();
  const blockedArtefacts = new Set<string>();
  const seenFiles = new Set<string>();
  for (const f of result.findings) {
    if (!seenFiles.has(f.file)) {
      seenFiles.add(f.file);
      if (uncheckedFiles.has(f.file) || irrelevantKind(f.file)) extraFiles.add(f.file);
    }
    if (!isBlocking(f, threshold)) continue;
    blockedFiles.add(f.file);
    for (const s of subjectsOf(result, f)) if (s.kind === "artefact") blockedArtefacts.add(s.key);
  }
  const files = checked + extraFiles.size;
  const units = files + blockedArtefacts.size;
  const clear = Math.max(0, units - blockedFiles.size - blockedArtefacts.size);
  const score = units === 0 ? 100 : Math.floor((100 * clear) / units);
  const band =
    score === 100 && fileCoverage(result).unchecked.length > 0 ? (units === 0 ? NOTHING_CHECKED : CLEAR_WHERE_CHECKED) : bandOf(score);
  return { score, units, clear, files, artefacts: blockedArtefacts.size, threshold, band };
}
