// The checklist's text formats, shared by the server (uplift … --format checklist-csv, the
// Markdown report) and the page's export buttons, which build them from the embedded checklist:
// one implementation, so a download equals what the command line writes. Pure and browser-safe:
// no Node module and nothing from the engine is imported here.
import { mdCode, mdText } from "./markdown-text.js";

export type Priority = "critical" | "high" | "medium" | "low";

/** The fields of a checklist item the formats need. */
export interface FormatItem {
  id: string;
  title: string;
  section: string;
  priority: Priority;
  preconditions: string;
  steps: string[];
  expected: string;
  references: string[];
}

export interface FormatSection {
  title: string;
  items: FormatItem[];
}

const PRIORITY_LABELS: Readonly<Record<Priority, string>> = { critical: "Critical", high: "High", medium: "Medium", low: "Low" };

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

function itemsOf(sections: readonly FormatSection[]): FormatItem[] {
  return sections.flatMap((s) => s.items);
}

/** Test statuses as TestRail names them: ticked items passed, the others are still to run. */
export const STATUS_DONE = "Passed";
export const STATUS_OPEN = "Untested";

/** TestRail's CSV import columns, with the status last (the page fills it from its ticks). */
export const CSV_COLUMNS = ["Title", "Section", "Priority", "Preconditions", "Steps", "Expected Result", "References", "Status"] as const;

/** The checklist in TestRail's columns with a status per item, CRLF line ends as RFC 4180 asks. */
export function testRailCsv(sections: readonly FormatSection[], done: ReadonlySet<string> = new Set()): string {
  return csv([
    [...CSV_COLUMNS],
    ...itemsOf(sections).map((item) => [
      item.title,
      item.section,
      PRIORITY_LABELS[item.priority],
      item.preconditions,
      numberedSteps(item.steps),
      item.expected,
      item.references.join(", "),
      done.has(item.id) ? STATUS_DONE : STATUS_OPEN,
    ]),
  ]);
}

/**
 * Azure Test Plans, "Import test cases from CSV": the mandatory headers ID, Work Item Type, Title,
 * Test Step, Step Action and Step Expected; one row per step, the test case's own fields on its
 * first row only; new test cases have an empty ID; titles of at most 128 characters; imported test
 * cases must be in the Design state. The preconditions become the first step.
 */
export const AZURE_COLUMNS = ["ID", "Work Item Type", "Title", "Test Step", "Step Action", "Step Expected", "Priority", "State"] as const;
export const AZURE_TITLE_MAX = 128;
const AZURE_PRIORITY: Readonly<Record<Priority, string>> = { critical: "1", high: "2", medium: "3", low: "4" };

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function azureTestPlansCsv(sections: readonly FormatSection[]): string {
  const rows: string[][] = [[...AZURE_COLUMNS]];
  for (const item of itemsOf(sections)) {
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
const JIRA_PRIORITY: Readonly<Record<Priority, string>> = { critical: "Highest", high: "High", medium: "Medium", low: "Low" };

export function xrayCsv(sections: readonly FormatSection[]): string {
  const rows: string[][] = [[...XRAY_COLUMNS]];
  itemsOf(sections).forEach((item, n) => {
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

/**
 * The checklist as Markdown task lists under `#…#` headings of the given level, ticked where done:
 * every item starts with `- [ ] ` (or `- [x] `) at the start of a line, in model order.
 */
export function checklistMarkdown(sections: readonly FormatSection[], level = 3, done: ReadonlySet<string> = new Set()): string {
  const out: string[] = [];
  for (const section of sections) {
    out.push(`${"#".repeat(level)} ${mdText(section.title)}`, "");
    for (const item of section.items) {
      out.push(`- [${done.has(item.id) ? "x" : " "}] **${mdText(item.title)}** · ${PRIORITY_LABELS[item.priority]}`);
      out.push(`  - Preconditions: ${mdText(item.preconditions)}`);
      out.push("  - Steps:");
      item.steps.forEach((step, i) => out.push(`    ${i + 1}. ${mdText(step)}`));
      out.push(`  - Expected: ${mdText(item.expected)}`);
      if (item.references.length > 0) out.push(`  - References: ${item.references.map((r) => mdCode(r)).join(", ")}`);
    }
    out.push("");
  }
  return out.join("\n");
}

/** The page's Markdown download: a title, the date, then the checklist. */
export function checklistDocument(
  title: string,
  generatedAt: string,
  sections: readonly FormatSection[],
  done: ReadonlySet<string>,
): string {
  return `# Regression-test checklist: ${mdText(title)}\n\nGenerated ${mdText(generatedAt)}.\n\n${checklistMarkdown(sections, 2, done)}`;
}
