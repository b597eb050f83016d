import { PARSE_ERROR_RULE, SEVERITIES, type ScanResult } from "@uplift/engine";
import { effortOf, formatDays, formatHours, groupDigits } from "./effort.js";
import { changeLabel, hopLabel, plural, SEVERITY_LABELS, SEVERITY_MEANINGS } from "./labels.js";
import { readiness, type Readiness } from "./readiness.js";

/** The executive summary in words and numbers; the HTML and the Markdown both render it. */
export interface ExecutiveSummary {
  readiness: Readiness;
  verdict: { go: boolean; headline: string; detail: string };
  effort: { hours: string; days: string; blockingHours: string; minutes: number; maxMinutes: number };
  coverage: { analysed: number; total: number; percent: number; unanalysed: number; parseErrors: number };
  severities: Array<{ severity: string; label: string; count: number; meaning: string }>;
  changes: Array<{ key: string; label: string; count: number }>;
  hops: Array<{ key: string; label: string; count: number }>;
}

export function summariseForReport(result: ScanResult): ExecutiveSummary {
  const s = result.summary;
  const critical = s.bySeverity.critical;
  const parseErrors = result.findings.filter((f) => f.ruleId === PARSE_ERROR_RULE).length;
  const blocking = effortOf(result.findings.filter((f) => f.severity === "critical"));
  const total = s.filesScanned + s.unanalysed;
  const blind = s.unanalysed + parseErrors;
  const blindNote =
    blind > 0 ? ` ${groupDigits(blind)} ${plural(blind, "file")} could not be analysed: check ${blind === 1 ? "it" : "them"} by hand.` : "";
  const verdict =
    critical > 0
      ? {
          go: false,
          headline: `No-go: ${groupDigits(critical)} critical ${plural(critical, "finding")} must be fixed before the upgrade.`,
          detail: `Fixing them takes an estimated ${formatHours(blocking)}.${blindNote}`,
        }
      : s.findings > 0
        ? {
            go: true,
            headline: `Go: no critical findings; ${groupDigits(s.findings)} ${plural(s.findings, "finding")} to plan.`,
            detail: `${s.bySeverity.high > 0 ? `${groupDigits(s.bySeverity.high)} high ${plural(s.bySeverity.high, "finding")} should be fixed before go-live.` : "What remains is medium or low."}${blindNote}`,
          }
        : { go: true, headline: "Go: no upgrade problems found in the analysed files.", detail: blindNote.trim() };
  const range = { min: s.effortMinutes, max: s.effortMaxMinutes };
  return {
    readiness: readiness(s.bySeverity),
    verdict,
    effort: {
      hours: formatHours(range),
      days: formatDays(range),
      blockingHours: formatHours(blocking),
      minutes: range.min,
      maxMinutes: range.max,
    },
    coverage: {
      analysed: s.filesScanned,
      total,
      percent: total === 0 ? 100 : Math.floor((100 * s.filesScanned) / total),
      unanalysed: s.unanalysed,
      parseErrors,
    },
    severities: SEVERITIES.map((sev) => ({
      severity: sev,
      label: SEVERITY_LABELS[sev],
      count: s.bySeverity[sev],
      meaning: SEVERITY_MEANINGS[sev],
    })),
    changes: Object.entries(s.byChange).map(([key, count]) => ({ key, label: changeLabel(key), count })),
    hops: Object.entries(s.byHop).map(([key, count]) => ({ key, label: hopLabel(key), count })),
  };
}
