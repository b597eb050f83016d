import { fileCoverage, SEVERITIES, type FileCoverage, type ScanResult, type Severity } from "@uplift/engine";
import { verdictOf, type Verdict } from "../verdict.js";
import { effortOf, formatDays, formatHours, groupDigits } from "./effort.js";
import { changeLabel, hopLabel, plural, SEVERITY_LABELS, SEVERITY_MEANINGS } from "./labels.js";
import { isBlocking, readiness, type Readiness } from "./readiness.js";

/** The executive summary in words and numbers; the HTML, the Markdown and the terminal render it. */
export interface ExecutiveSummary {
  threshold: Severity;
  readiness: Readiness;
  verdict: Verdict;
  effort: { hours: string; days: string; blockingHours: string; minutes: number; maxMinutes: number };
  coverage: FileCoverage & { percent: number; sentence: string };
  severities: Array<{ severity: string; label: string; count: number; meaning: string; blocking: boolean }>;
  changes: Array<{ key: string; label: string; count: number }>;
  hops: Array<{ key: string; label: string; count: number }>;
}

/** "15 of 19 relevant files checked (79%); 3 irrelevant files (images, translations) not counted". */
export function coverageSentence(files: FileCoverage, percent: number): string {
  const irrelevant =
    files.irrelevant > 0
      ? `; ${groupDigits(files.irrelevant)} irrelevant ${plural(files.irrelevant, "file")} (${Object.keys(files.irrelevantBy).join(", ")}) not counted`
      : "";
  return `${groupDigits(files.checked)} of ${groupDigits(files.relevant)} relevant ${plural(files.relevant, "file")} checked (${percent}%)${irrelevant}`;
}

export function summariseForReport(result: ScanResult, threshold: Severity): ExecutiveSummary {
  const s = result.summary;
  const blocking = effortOf(result.findings.filter((f) => isBlocking(f, threshold)));
  const { files } = fileCoverage(result);
  const percent = files.relevant === 0 ? 100 : Math.floor((100 * files.checked) / files.relevant);
  const range = { min: s.effortMinutes, max: s.effortMaxMinutes };
  return {
    threshold,
    readiness: readiness(result, threshold),
    verdict: verdictOf(result, threshold),
    effort: {
      hours: formatHours(range),
      days: formatDays(range),
      blockingHours: formatHours(blocking),
      minutes: range.min,
      maxMinutes: range.max,
    },
    coverage: { ...files, percent, sentence: coverageSentence(files, percent) },
    severities: SEVERITIES.map((sev) => ({
      severity: sev,
      label: SEVERITY_LABELS[sev],
      count: s.bySeverity[sev],
      meaning: SEVERITY_MEANINGS[sev],
      blocking: isBlocking({ severity: sev }, threshold),
    })),
    changes: Object.entries(s.byChange).map(([key, count]) => ({ key, label: changeLabel(key), count })),
    hops: Object.entries(s.byHop).map(([key, count]) => ({ key, label: hopLabel(key), count })),
  };
}
