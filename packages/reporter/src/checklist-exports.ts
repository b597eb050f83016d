import type { ScanResult, Severity } from "@uplift/engine";
import { buildChecklist, type Checklist, type ChecklistItem } from "./checklist.js";
import { SEVERITY_LABELS } from "./html/labels.js";
import { prepareResult } from "./merge.js";

// The checklist in the import formats of test-management tools. Each one is checked against the
// columns its vendor documents (docs/report.md, "Exports"; test/checklist-exports.test.ts).

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. A field that a
 * spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csv(rows: ReadonlyArray<readonly string[]>): string {
  return rows.map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}

export function numberedSteps(steps: readonly string[]): string {
  return steps.map((s, i) => `${i + 1}. ${s}`).join("\n");
}

function items(checklist: Checklist): ChecklistItem[] {
  return checklist.sections.flatMap((s) => s.items);
}

/** Test statuses as TestRail names them: ticked items passed, the others are still to run. */
export const STATUS_DONE = "Passed";
export const STATUS_OPEN = "Untested";

/** TestRail's CSV import columns, with the status last (the page fills it from its ticks). */
export const CSV_COLUMNS = ["Title", "Section", "Priority", "Preconditions", "Steps", "Expected Result", "References", "Status"] as const;

/** The rows of the TestRail CSV without their status field, and the header: the page adds each item's status. */
export function testRailRows(checklist: Checklist): { header: string; rows: string[] } {
  return {
    header: CSV_COLUMNS.map(csvField).join(","),
    rows: items(checklist).map((item) =>
      [
        item.title,
        item.section,
        SEVERITY_LABELS[item.priority],
        item.preconditions,
        numberedSteps(item.steps),
        item.expected,
        item.references.join(", "),
      ]
        .map(csvField)
        .join(","),
    ),
  };
}

/** The checklist in TestRail's columns with a status per item, CRLF line ends as RFC 4180 asks. */
export function checklistCsv(checklist: Checklist, done: ReadonlySet<string> = new Set()): string {
  const { header, rows } = testRailRows(checklist);
  const ids = items(checklist).map((i) => i.id);
  return [header, ...rows.map((row, n) => `${row},${done.has(ids[n] ?? "") ? STATUS_DONE : STATUS_OPEN}`)].join("\r\n") + "\r\n";
}

/** The TestRail CSV of a result (or of several, merged): every item still to run. */
export function renderChecklistCsv(result: ScanResult | readonly ScanResult[]): string {
  return checklistCsv(buildChecklist(prepareResult(result)));
}

/**
 * Azure Test Plans, "Import test cases from CSV": the mandatory headers ID, Work Item Type, Title,
 * Test Step, Step Action and Step Expected; one row per step, the test case's own fields on its
 * first row only; new test cases have an empty ID; titles of at most 128 characters; imported test
 * cases must be in the Design state. The preconditions become the first step.
 */
export const AZURE_COLUMNS = ["ID", "Work Item Type", "Title", "Test Step", "Step Action", "Step Expected", "Priority", "State"] as const;
export const AZURE_TITLE_MAX = 128;
const AZURE_PRIORITY: Readonly<Record<Severity, string>> = { critical: "1", high: "2", medium: "3", low: "4" };

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function azureTestPlansCsv(checklist: Checklist): string {
  const rows: string[][] = [[...AZURE_COLUMNS]];
  for (const item of items(checklist)) {
    const steps: Array<[string, string]> = [
      [`${item.section}: ${item.preconditions}`, "The system is ready for the test."],
      ...item.steps.map((step, i): [string, string] => [step, i === item.steps.length - 1 ? item.expected : ""]),
    ];
    steps.forEach(([action, expected], i) => {
      const head = i === 0;
      rows.push([
        "",
        head ? "Test Case" : "",
        head ? clip(item.title, AZURE_TITLE_MAX) : "",
        String(i + 1),
        action,
        expected,
        head ? AZURE_PRIORITY[item.priority] : "",
        head ? "Design" : "",
      ]);
    });
  }
  return csv(rows);
}

/**
 * Xray's Test Case Importer (CSV): columns are mapped in the importer; a Test ID groups the rows
 * of one test, Summary and Test Type are mandatory, and each row holds one step as Action, Data
 * and Result. The test's own fields are written on its first row.
 */
export const XRAY_COLUMNS = ["Test ID", "Summary", "Test Type", "Priority", "Description", "Labels", "Action", "Data", "Result"] as const;
const JIRA_PRIORITY: Readonly<Record<Severity, string>> = { critical: "Highest", high: "High", medium: "Medium", low: "Low" };

export function xrayCsv(checklist: Checklist): string {
  const rows: string[][] = [[...XRAY_COLUMNS]];
  items(checklist).forEach((item, n) => {
    const id = String(n + 1);
    const description = `${item.section}. ${item.preconditions}${item.references.length > 0 ? ` Rules: ${item.references.join(", ")}.` : ""}`;
    item.steps.forEach((step, i) => {
      const head = i === 0;
      rows.push([
        id,
        head ? item.title : "",
        head ? "Manual" : "",
        head ? JIRA_PRIORITY[item.priority] : "",
        head ? description : "",
        head ? "upgrade-regression" : "",
        step,
        "",
        i === item.steps.length - 1 ? item.expected : "",
      ]);
    });
  });
  return csv(rows);
}

export function renderAzureTestPlansCsv(result: ScanResult | readonly ScanResult[]): string {
  return azureTestPlansCsv(buildChecklist(prepareResult(result)));
}

export function renderXrayCsv(result: ScanResult | readonly ScanResult[]): string {
  return xrayCsv(buildChecklist(prepareResult(result)));
}
