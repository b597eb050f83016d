import type { ScanResult, Severity } from "@uplift/engine";
import { buildChecklist, type Checklist } from "./checklist.js";
import { compareSeries, type LabelledResult, type Progress } from "./compare.js";
import { impactOf, type Impact } from "./html/impact.js";
import { thresholdOf } from "./html/readiness.js";
import { summariseForReport, type ExecutiveSummary } from "./html/summary.js";
import { prepareResult } from "./merge.js";
import { planOf, type TargetCost } from "./plan.js";

export interface ReportContext {
  title: string;
  /** When the report was made, as the caller wants it shown (an ISO date, say). */
  generatedAt: string;
  /** The blocking threshold (`--fail-on`), when it differs from the one the scan recorded. */
  failOn?: Severity | "none";
  /** Earlier scans of the same estate, oldest first: the report shows the progress since them. */
  compare?: readonly LabelledResult[];
  /** The label of the current scan in the series. */
  currentLabel?: string;
}

/** Everything a report shows, computed once so that every page and format says the same. */
export interface ReportModel {
  result: ScanResult;
  threshold: Severity;
  summary: ExecutiveSummary;
  checklist: Checklist;
  impact: Impact;
  plan: TargetCost[];
  progress?: Progress;
}

export function buildReport(results: ScanResult | readonly ScanResult[], context: ReportContext): ReportModel {
  const result = prepareResult(results);
  const threshold = thresholdOf(result, context.failOn);
  const checklist = buildChecklist(result);
  const progress =
    context.compare && context.compare.length > 0
      ? compareSeries([...context.compare, { label: context.currentLabel ?? "current", result }], threshold)
      : undefined;
  const summary = summariseForReport(result, threshold);
  return {
    result,
    threshold,
    summary,
    checklist,
    impact: impactOf(result, checklist),
    plan: planOf(result, threshold, { tests: checklist.items, score: summary.readiness.score }),
    ...(progress ? { progress } : {}),
  };
}
