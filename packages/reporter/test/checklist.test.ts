import { describe, expect, it } from "vitest";
import { buildChecklist, checklistMarkdown, checklistSize } from "../src/checklist.js";
import { checklistCsv, csvField, CSV_COLUMNS, renderChecklistCsv } from "../src/checklist-exports.js";
import { finding, HOSTILE, parseCsv, resultOf, syntheticResult } from "./support.js";

const formView = { type: "view", name: "sale.view_order_form", record: "sale.order" };
const payment = { type: "view", name: "account.view_payment_form", record: "account.payment" };

function linkedResult() {
  const result = resultOf([
    finding({
      ruleId: "r/attrs",
      title: "attrs removed",
      severity: "critical",
      line: 3,
      impact: { artefacts: [formView], processes: ["order-to-cash"] },
    }),
    finding({
      ruleId: "r/states",
      title: "states removed",
      severity: "medium",
      line: 9,
      impact: { artefacts: [formView], processes: ["order-to-cash"] },
    }),
    finding({
      ruleId: "r/states",
      title: "states removed",
      severity: "medium",
      line: 12,
      impact: { artefacts: [payment], processes: ["procure-to-pay", "order-to-cash"] },
    }),
    finding({ ruleId: "r/rpc", title: "rpc removed", severity: "low", file: "addon/static/src/b.js", line: 4 }),
    finding({ ruleId: "r/rpc", title: "rpc removed", severity: "low", file: "addon/static/src/b.js", line: 8 }),
  ]);
  result.rules["r/attrs"]!.tests = ["Open every form that used attrs.", "Check required fields."];
  result.rules["r/states"]!.tests = ["Check buttons that used states.", "Check required fields."];
  result.processes = {
    "order-to-cash": { title: "Order to cash", tests: ["Quote, confirm, deliver, invoice."] },
    "procure-to-pay": { title: "Procure to pay", tests: [] },
  };
  return result;
}

describe("buildChecklist", () => {
  it("groups by business process, then artefact, with an end-to-end item per process", () => {
    const checklist = buildChecklist(linkedResult());
    expect(checklist.sections.map((s) => [s.title, s.kind, s.priority])).toEqual([
      ["Order to cash", "process", "critical"],
      ["Procure to pay", "process", "medium"],
      ["addon", "project", "low"],
    ]);
    const [o2c, p2p, project] = checklist.sections;
    expect(o2c!.items.map((i) => [i.kind, i.title, i.priority])).toEqual([
      ["process", "End-to-end: Order to cash", "critical"],
      ["artefact", "Retest the view sale.view_order_form (sale.order)", "critical"],
    ]);
    // The payment form is in two processes: it is listed once, under the first, and names the other.
    expect(p2p!.items.map((i) => i.title)).toEqual([
      "End-to-end: Procure to pay",
      "Retest the view account.view_payment_form (account.payment)",
    ]);
    expect(p2p!.items[1]!.preconditions).toContain("Also part of: Order to cash.");
    expect(project!.items.map((i) => i.title)).toEqual(["Retest everything that uses addon/static/src/b.js"]);
    expect(checklist.items).toBe(5);
  });

  it("takes steps from the rules' tests (no repeats) and the process tests", () => {
    const [o2c, p2p, project] = buildChecklist(linkedResult()).sections;
    expect(o2c!.items[0]!.steps).toEqual(["Quote, confirm, deliver, invoice."]);
    expect(o2c!.items[1]!.steps).toEqual(["Open every form that used attrs.", "Check required fields.", "Check buttons that used states."]);
    expect(o2c!.items[1]!.references).toEqual(["r/attrs", "r/states"]);
    expect(p2p!.items[0]!.steps).toEqual(["Run the Procure to pay process end to end as users do."]);
    expect(project!.items[0]!.steps).toEqual([
      "Exercise the feature at lines 4, 8 that “rpc removed” touches, and check it works as on the current version.",
    ]);
  });

  it("falls back to project and file when nothing is linked", () => {
    const result = resultOf([
      finding({ file: "addon/a.js" }),
      finding({ file: "addon/b.xml", severity: "critical" }),
      finding({ file: "addon/a.js", line: 7 }),
    ]);
    const checklist = buildChecklist(result);
    expect(checklist.sections).toHaveLength(1);
    expect(checklist.sections[0]!.items.map((i) => [i.title, i.priority, i.findings])).toEqual([
      ["Retest everything that uses addon/b.xml", "critical", 1],
      ["Retest everything that uses addon/a.js", "high", 2],
    ]);
  });

  it("gives items ids that depend on what they are, not on the date or the order of findings", () => {
    const a = buildChecklist(linkedResult());
    const b = buildChecklist({ ...linkedResult(), findings: [...linkedResult().findings].reverse() });
    const ids = (c: typeof a) => c.sections.flatMap((s) => s.items.map((i) => i.id)).sort();
    expect(ids(a)).toEqual(ids(b));
    expect(new Set(ids(a)).size).toBe(a.items);
  });
});

describe("CSV for TestRail", () => {
  it("quotes commas, quotes and line breaks, and defuses spreadsheet formulas", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("1. a\n2. b")).toBe('"1. a\n2. b"');
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
  });

  it("writes TestRail's columns and a status, one row per item, CRLF line ends", () => {
    const checklist = buildChecklist(linkedResult());
    const csv = checklistCsv(checklist.sections);
    expect(csv.split("\r\n")[0]).toBe(CSV_COLUMNS.join(","));
    expect(CSV_COLUMNS).toEqual(["Title", "Section", "Priority", "Preconditions", "Steps", "Expected Result", "References", "Status"]);
    expect(csv.endsWith("\r\n")).toBe(true);
    const rows = parseCsv(csv);
    expect(rows).toHaveLength(1 + checklist.items);
    expect(rows[2]).toEqual([
      "Retest the view sale.view_order_form (sale.order)",
      "Order to cash",
      "Critical",
      expect.stringContaining("2 findings fixed: attrs removed; states removed."),
      "1. Open every form that used attrs.\n2. Check required fields.\n3. Check buttons that used states.",
      "No error is shown and the behaviour matches the current version.",
      "r/attrs, r/states",
      "Untested",
    ]);
    const done = new Set([checklist.sections[0]!.items[1]!.id]);
    expect(parseCsv(checklistCsv(checklist.sections, done)).map((r) => r.at(-1))).toEqual([
      "Status",
      "Untested",
      "Passed",
      "Untested",
      "Untested",
      "Untested",
    ]);
  });

  it("keeps hostile text inside its field", () => {
    const result = syntheticResult({ findings: 40, linked: true, hostile: true });
    const rows = parseCsv(renderChecklistCsv(result));
    for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);
    expect(rows.some((row) => row[0]!.includes(HOSTILE))).toBe(true);
  });
});

describe("checklistMarkdown", () => {
  it("has one unticked task per item, in model order, with hostile text escaped", () => {
    const checklist = buildChecklist(syntheticResult({ findings: 60, linked: true, hostile: true }));
    const markdown = checklistMarkdown(checklist);
    expect(markdown.split("\n").filter((l) => l.startsWith("- [ ] "))).toHaveLength(checklist.items);
    // A backslash before < makes Markdown show it as text, not read a tag.
    expect(markdown).not.toMatch(/(?<!\\)<(img|\/script|!--)/);
    expect(markdown).toContain("\\<img");
  });
});

describe("checklistSize", () => {
  it("counts exactly the items buildChecklist makes", () => {
    for (const options of [
      { findings: 300, linked: true },
      { findings: 300, linked: false },
      { findings: 40, linked: true, hostile: true },
    ]) {
      const result = syntheticResult(options);
      expect(checklistSize(result)).toBe(buildChecklist(result).items);
    }
    expect(checklistSize(linkedResult())).toBe(buildChecklist(linkedResult()).items);
  });
});
