import type { Severity } from "@uplift/engine";
import type { FindingSet, Progress } from "../compare.js";
import type { TargetCost } from "../plan.js";
import { burnDown, type BurnDown } from "./charts.js";
import { formatHours, groupDigits } from "./effort.js";
import { plural, SEVERITY_LABELS } from "./labels.js";

// The parts of the page that only some reports have: progress between scans, cost per target.

export interface ProgressView {
  previous: string;
  current: string;
  threshold: string;
  headline: string;
  chart: BurnDown;
  scores: BurnDown;
  rows: Array<{ label: string; findings: number; blocking: number; effort: string; score: number; verdict: string; current: boolean }>;
  sets: Array<{
    key: "fixed" | "new" | "remaining";
    title: string;
    findings: number;
    effort: string;
    severities: string;
    rules: FindingSet["byRule"];
  }>;
  cleared: string[];
  newlyAtRisk: string[];
}

function severities(set: FindingSet): string {
  const parts = (Object.entries(set.bySeverity) as Array<[Severity, number]>)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${groupDigits(n)} ${SEVERITY_LABELS[s].toLowerCase()}`);
  return parts.join(", ") || "none";
}

export function progressView(progress: Progress): ProgressView {
  const level = SEVERITY_LABELS[progress.threshold].toLowerCase();
  const last = progress.series.at(-1)!;
  const before = progress.series.at(-2)!;
  const delta = last.score - before.score;
  const headline =
    `Since ${progress.previous}: ${groupDigits(progress.fixed.findings)} fixed, ${groupDigits(progress.new.findings)} new, ` +
    `${groupDigits(progress.remaining.findings)} remaining; readiness ${before.score} → ${last.score} (${delta >= 0 ? "+" : ""}${delta}).`;
  return {
    previous: progress.previous,
    current: progress.current,
    threshold: level,
    headline,
    chart: burnDown(
      `Findings ${level} or worse after each scan`,
      progress.series.map((p) => ({ label: p.label, value: p.blocking, note: formatHours(p.effort) })),
    ),
    scores: burnDown(
      "Readiness after each scan",
      progress.series.map((p) => ({ label: p.label, value: p.score, note: p.go ? "Go" : "No-go" })),
      100,
    ),
    rows: progress.series.map((p, i) => ({
      label: p.label,
      findings: p.findings,
      blocking: p.blocking,
      effort: formatHours(p.effort),
      score: p.score,
      verdict: p.go ? "Go" : "No-go",
      current: i === progress.series.length - 1,
    })),
    sets: (
      [
        ["fixed", "Fixed"],
        ["new", "New"],
        ["remaining", "Remaining"],
      ] as const
    ).map(([key, title]) => {
      const set = progress[key];
      return { key, title, findings: set.findings, effort: formatHours(set.effort), severities: severities(set), rules: set.byRule };
    }),
    cleared: progress.cleared.map((p) => p.title),
    newlyAtRisk: progress.newlyAtRisk.map((p) => p.title),
  };
}

export interface PlanRow {
  target: string;
  projects: string;
  findings: number;
  blocking: number;
  severities: string;
  effort: string;
  addedEffort: string;
  tests: number;
  addedTests: number;
  score: number;
}

export function planRows(plan: readonly TargetCost[]): PlanRow[] {
  return plan.map((t) => ({
    target: `${t.erp} ${t.version}`,
    projects: `${groupDigits(t.projects)}${t.alreadyThere > 0 ? ` (${groupDigits(t.alreadyThere)} already there)` : ""}`,
    findings: t.findings,
    blocking: t.blocking,
    severities:
      (Object.entries(t.bySeverity) as Array<[Severity, number]>)
        .filter(([, n]) => n > 0)
        .map(([s, n]) => `${groupDigits(n)} ${SEVERITY_LABELS[s].toLowerCase()}`)
        .join(", ") || "none",
    effort: formatHours(t.effort),
    addedEffort: `+${formatHours(t.added.effort)}`,
    tests: t.tests,
    addedTests: t.added.tests,
    score: t.score,
  }));
}

export function testsPhrase(n: number): string {
  return `${groupDigits(n)} ${plural(n, "test")}`;
}
