import { fileCoverage, type ScanResult, type Severity } from "@uplift/engine";
import { effortOf, formatHours, groupDigits } from "./html/effort.js";
import { plural, SEVERITY_LABELS } from "./html/labels.js";
import { isBlocking } from "./html/readiness.js";

/** How many unchecked files the verdict names before "and N more". */
export const NAMED_UNCHECKED = 5;

export interface Verdict {
  go: boolean;
  headline: string;
  detail: string;
  /** Findings at or above the threshold. */
  blocking: number;
  /** Relevant files no rule checked. */
  unchecked: number;
  /** The first of them, named in the verdict. */
  named: string[];
}

function list(names: readonly string[], total: number): string {
  const shown = names.join(", ");
  return total > names.length ? `${shown} and ${groupDigits(total - names.length)} more` : shown;
}

/**
 * "Go" only when nothing at or above the threshold remains and every relevant file was checked;
 * a relevant file left unchecked is named, since what it holds is unknown.
 */
export function verdictOf(result: ScanResult, threshold: Severity): Verdict {
  const blockingFindings = result.findings.filter((f) => isBlocking(f, threshold));
  const blocking = blockingFindings.length;
  const { unchecked } = fileCoverage(result);
  const named = unchecked.slice(0, NAMED_UNCHECKED).map((u) => u.file);
  const level = SEVERITY_LABELS[threshold].toLowerCase();
  const atOrAbove = threshold === "critical" ? "critical" : `${level} or worse`;
  const uncheckedText =
    unchecked.length > 0
      ? `${groupDigits(unchecked.length)} relevant ${plural(unchecked.length, "file was", "files were")} not checked: ${list(named, unchecked.length)}.`
      : "";
  const notes = scopeNotes(result);
  if (blocking > 0) {
    return {
      go: false,
      blocking,
      unchecked: unchecked.length,
      named,
      headline: `No-go: ${threshold === "critical" ? `${groupDigits(blocking)} critical ${plural(blocking, "finding")}` : `${groupDigits(blocking)} ${plural(blocking, "finding")} ${atOrAbove}`} must be fixed before the upgrade.`,
      detail: [`Fixing them takes an estimated ${formatHours(effortOf(blockingFindings))}.`, uncheckedText, ...notes]
        .filter(Boolean)
        .join(" "),
    };
  }
  if (unchecked.length > 0) {
    return {
      go: false,
      blocking,
      unchecked: unchecked.length,
      named,
      headline: `No-go: ${uncheckedText}`,
      detail: [
        `Nothing ${atOrAbove} was found in what was checked, but what these files hold is unknown: check them by hand or extend the scan to them.`,
        ...notes,
      ].join(" "),
    };
  }
  const below = result.findings.length;
  return {
    go: true,
    blocking,
    unchecked: 0,
    named,
    headline:
      below > 0
        ? `Go: nothing ${atOrAbove} remains; ${groupDigits(below)} ${plural(below, "finding")} below it to plan.`
        : notes.length > 0
          ? `Go: no upgrade problems found in what this scan reports.`
          : `Go: no upgrade problems found in the analysed files.`,
    detail: notes.join(" "),
  };
}

/**
 * What the findings shown leave out, said wherever a verdict is: what a baseline accepted,
 * what --changed-since left out, what suppressions silenced.
 */
export function scopeNotes(result: ScanResult): string[] {
  const notes: string[] = [];
  if (result.baseline && result.baseline.matched > 0) {
    const n = result.baseline.matched;
    notes.push(`A baseline (${result.baseline.file}) accepted ${groupDigits(n)} known ${plural(n, "finding")}, not counted here.`);
  }
  if (result.changedSince) {
    const c = result.changedSince;
    notes.push(
      `Only the ${groupDigits(c.files)} ${plural(c.files, "file")} changed since ${c.ref} are reported: ${groupDigits(c.findingsLeftOut)} ${plural(c.findingsLeftOut, "finding")} in other files were left out.`,
    );
  }
  if (result.suppressed) {
    notes.push(
      `${groupDigits(result.suppressed)} ${plural(result.suppressed, "finding was", "findings were")} suppressed by comments or configuration.`,
    );
  }
  return notes;
}
