import type { ScanResult, Severity } from "@uplift/engine";
import { groupDigits } from "./html/effort.js";
import { SEVERITY_LABELS } from "./html/labels.js";
import { thresholdOf } from "./html/readiness.js";
import { planRows } from "./html/view-sections.js";
import { mdText } from "./markdown-text.js";
import { prepareResult } from "./merge.js";
import { planOf } from "./plan.js";

export type PlanFormat = "stylish" | "json" | "markdown";

function pad(rows: readonly string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? "")].length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join("  ")
      .trimEnd(),
  );
}

/**
 * `uplift plan`: for each version the projects can reach, the findings, the effort (and what one
 * version more adds) and the regression tests, from one scan to the furthest version.
 */
export function renderPlan(input: ScanResult, format: PlanFormat, failOn?: Severity | "none"): string {
  const result = prepareResult(input);
  const threshold = thresholdOf(result, failOn);
  const plan = planOf(result, threshold);
  if (format === "json") return `${JSON.stringify({ schemaVersion: 1, root: result.root, threshold, targets: plan }, null, 2)}\n`;
  const level = SEVERITY_LABELS[threshold].toLowerCase();
  const rows = planRows(plan);
  if (rows.length === 0)
    return format === "markdown" ? "No project has a version to upgrade to.\n" : "No project has a version to upgrade to.\n";
  const head = ["Target", "Projects", "Findings", `${level} or worse`, "Effort", "One version more", "Tests", "Readiness"];
  const cells = rows.map((r) => [
    r.target,
    r.projects,
    groupDigits(r.findings),
    groupDigits(r.blocking),
    r.effort,
    `${r.addedEffort}, +${groupDigits(r.addedTests)} tests`,
    groupDigits(r.tests),
    String(r.score),
  ]);
  if (format === "markdown") {
    return [
      "# Cost per target version",
      "",
      `| ${head.join(" | ")} |`,
      `| ${head.map((_, i) => (i < 2 ? "---" : "---:")).join(" | ")} |`,
      ...cells.map((r) => `| ${r.map(mdText).join(" | ")} |`),
      "",
    ].join("\n");
  }
  const projects = result.projects.length;
  return `${[
    `Cost per target version (${groupDigits(projects)} ${projects === 1 ? "project" : "projects"}; effort counts the code changes, tests are the checklist items):`,
    "",
    ...pad([head, ...cells]),
  ].join("\n")}\n`;
}
