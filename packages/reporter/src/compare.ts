import { SEVERITIES, type Finding, type ScanResult, type Severity } from "@uplift/engine";
import { effortOf, type EffortRange } from "./html/effort.js";
import { severityRank } from "./html/labels.js";
import { isBlocking, readiness } from "./html/readiness.js";
import { prepareResult } from "./merge.js";
import { verdictOf } from "./verdict.js";

/** A scan in a series, with the label it is shown by (its file name, its date). */
export interface LabelledResult {
  label: string;
  result: ScanResult;
}

/** One scan of the series, as the burn-down shows it. */
export interface SeriesPoint {
  label: string;
  findings: number;
  /** Findings at or above the threshold. */
  blocking: number;
  bySeverity: Record<Severity, number>;
  effort: EffortRange;
  score: number;
  unchecked: number;
  go: boolean;
}

/** Findings that were fixed, are new or remain between two scans. */
export interface FindingSet {
  findings: number;
  bySeverity: Record<Severity, number>;
  effort: EffortRange;
  byRule: Array<{ ruleId: string; title: string; severity: Severity; count: number }>;
}

/** Progress from the previous scan to the current one, and across the whole series. */
export interface Progress {
  threshold: Severity;
  /** Oldest first; the last is the current scan. */
  series: SeriesPoint[];
  previous: string;
  current: string;
  fixed: FindingSet;
  new: FindingSet;
  remaining: FindingSet;
  /** Processes with findings at or above the threshold in the previous scan and none now. */
  cleared: Array<{ id: string; title: string }>;
  /** Processes with no such finding before and some now. */
  newlyAtRisk: Array<{ id: string; title: string }>;
}

/** Findings are the same finding when rule and fingerprint agree: a moved line is not a new finding. */
function keyOf(f: Finding): string {
  return `${f.ruleId}\0${f.fingerprint || `${f.file}:${f.line}:${f.column}`}`;
}

function setOf(findings: readonly Finding[], result: ScanResult): FindingSet {
  const bySeverity: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  const byRule = new Map<string, { ruleId: string; title: string; severity: Severity; count: number }>();
  for (const f of findings) {
    bySeverity[f.severity]++;
    const r = byRule.get(f.ruleId) ?? { ruleId: f.ruleId, title: result.rules[f.ruleId]?.title ?? f.title, severity: f.severity, count: 0 };
    r.count++;
    if (severityRank(f.severity) < severityRank(r.severity)) r.severity = f.severity;
    byRule.set(f.ruleId, r);
  }
  return {
    findings: findings.length,
    bySeverity,
    effort: effortOf(findings),
    byRule: [...byRule.values()].sort(
      (a, b) => severityRank(a.severity) - severityRank(b.severity) || b.count - a.count || (a.ruleId < b.ruleId ? -1 : 1),
    ),
  };
}

function pointOf(label: string, result: ScanResult, threshold: Severity): SeriesPoint {
  const verdict = verdictOf(result, threshold);
  return {
    label,
    findings: result.findings.length,
    blocking: verdict.blocking,
    bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, result.summary.bySeverity[s]])) as Record<Severity, number>,
    effort: { min: result.summary.effortMinutes, max: result.summary.effortMaxMinutes },
    score: readiness(result, threshold).score,
    unchecked: verdict.unchecked,
    go: verdict.go,
  };
}

function atRisk(result: ScanResult, threshold: Severity): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of result.findings)
    if (isBlocking(f, threshold)) for (const p of f.impact.processes) out.set(p, result.processes[p]?.title ?? p);
  return out;
}

/**
 * Progress across a series of scans of the same estate, oldest first (the last is the current
 * one): what was fixed, what is new and what remains since the previous scan, and every scan's
 * point on the burn-down. Pure: labels come in with the results.
 */
export function compareSeries(series: readonly LabelledResult[], threshold: Severity): Progress {
  if (series.length < 2) throw new Error("compareSeries needs at least two scans");
  const prepared = series.map((s) => ({ label: s.label, result: prepareResult(s.result) }));
  const previous = prepared[prepared.length - 2]!;
  const current = prepared[prepared.length - 1]!;
  const before = new Map(previous.result.findings.map((f) => [keyOf(f), f]));
  const now = new Map(current.result.findings.map((f) => [keyOf(f), f]));
  const fixed = [...before].filter(([k]) => !now.has(k)).map(([, f]) => f);
  const added = [...now].filter(([k]) => !before.has(k)).map(([, f]) => f);
  const remaining = [...now].filter(([k]) => before.has(k)).map(([, f]) => f);
  const riskBefore = atRisk(previous.result, threshold);
  const riskNow = atRisk(current.result, threshold);
  const byTitle = (a: { title: string }, b: { title: string }): number => (a.title < b.title ? -1 : a.title > b.title ? 1 : 0);
  return {
    threshold,
    series: prepared.map((s) => pointOf(s.label, s.result, threshold)),
    previous: previous.label,
    current: current.label,
    fixed: setOf(fixed, previous.result),
    new: setOf(added, current.result),
    remaining: setOf(remaining, current.result),
    cleared: [...riskBefore]
      .filter(([id]) => !riskNow.has(id))
      .map(([id, title]) => ({ id, title }))
      .sort(byTitle),
    newlyAtRisk: [...riskNow]
      .filter(([id]) => !riskBefore.has(id))
      .map(([id, title]) => ({ id, title }))
      .sort(byTitle),
  };
}
