// The test-management exports, each checked against the columns its vendor documents:
// - Azure Test Plans, "Bulk import or export of test cases", FAQ "What are the mandatory headers":
//   ID, Work Item Type, Title, Test Step, Step Action, Step Expected; limits: the title at most 128
//   characters, imported test cases in the Design state, an empty ID for a new test case.
//   https://learn.microsoft.com/en-us/azure/devops/test/bulk-import-export-test-cases
//   (source: MicrosoftDocs/azure-devops-docs, docs/test/bulk-import-export-test-cases.md)
// - Xray Test Case Importer (CSV): fields are mapped in the importer; mandatory are a Test ID that
//   groups the rows of one test, a Summary and a Test Type; each step is Action, Data and Result.
//   https://confluence.xpand-it.com/display/XRAYCLOUD/Importing+Tests+using+Test+Case+Importer
//   (Xray Server/DC: https://confluence.xpand-addons.com/display/XRAY/Importing+Manual+Tests+using+Test+Case+Importer)
import { describe, expect, it } from "vitest";
import { buildChecklist } from "../src/checklist.js";
import { AZURE_COLUMNS, AZURE_TITLE_MAX, azureTestPlansCsv, xrayCsv, XRAY_COLUMNS } from "../src/checklist-formats.js";
import { HOSTILE, parseCsv, syntheticResult } from "./support.js";

const AZURE_MANDATORY = ["ID", "Work Item Type", "Title", "Test Step", "Step Action", "Step Expected"];
const XRAY_MANDATORY = ["Test ID", "Summary", "Test Type", "Action", "Data", "Result"];

describe("Azure Test Plans CSV", () => {
  const checklist = buildChecklist(syntheticResult({ findings: 120, linked: true, hostile: true }));
  const rows = parseCsv(azureTestPlansCsv(checklist.sections));
  const [header, ...body] = rows;
  const col = (name: string): number => header!.indexOf(name);

  it("has every documented mandatory header, spelled exactly", () => {
    for (const name of AZURE_MANDATORY) expect(header, name).toContain(name);
    expect(header).toEqual([...AZURE_COLUMNS]);
  });

  it("starts each test case with its type, title, priority and the Design state, and numbers its steps", () => {
    const heads = body.filter((r) => r[col("Work Item Type")] === "Test Case");
    expect(heads).toHaveLength(checklist.items);
    for (const r of heads) {
      expect(r[col("ID")]).toBe("");
      expect(r[col("State")]).toBe("Design");
      expect(r[col("Title")]!.length).toBeLessThanOrEqual(AZURE_TITLE_MAX);
      expect(r[col("Test Step")]).toBe("1");
      expect(["1", "2", "3", "4"]).toContain(r[col("Priority")]);
    }
    for (const r of body) expect(r).toHaveLength(AZURE_COLUMNS.length);
    const first = checklist.sections[0]!.items[0]!;
    const steps = body.slice(0, first.steps.length + 1);
    expect(steps.map((r) => r[col("Test Step")])).toEqual(Array.from({ length: first.steps.length + 1 }, (_, i) => String(i + 1)));
    expect(steps.slice(1).map((r) => r[col("Step Action")])).toEqual(first.steps);
    expect(steps.at(-1)![col("Step Expected")]).toBe(first.expected);
  });

  it("keeps hostile text inside its field", () => {
    expect(body.some((r) => r.join("").includes(HOSTILE))).toBe(true);
  });
});

describe("Xray CSV", () => {
  const checklist = buildChecklist(syntheticResult({ findings: 120, linked: true }));
  const rows = parseCsv(xrayCsv(checklist.sections));
  const [header, ...body] = rows;
  const col = (name: string): number => header!.indexOf(name);

  it("has the documented mandatory fields and the step fields", () => {
    for (const name of XRAY_MANDATORY) expect(header, name).toContain(name);
    expect(header).toEqual([...XRAY_COLUMNS]);
  });

  it("groups the rows of one test by its Test ID, with summary and type on the first row", () => {
    const ids = [...new Set(body.map((r) => r[col("Test ID")]))];
    expect(ids).toHaveLength(checklist.items);
    const items = checklist.sections.flatMap((s) => s.items);
    ids.forEach((id, n) => {
      const own = body.filter((r) => r[col("Test ID")] === id);
      expect(own[0]![col("Summary")]).toBe(items[n]!.title);
      expect(own[0]![col("Test Type")]).toBe("Manual");
      expect(own.map((r) => r[col("Action")])).toEqual(items[n]!.steps);
      expect(own.at(-1)![col("Result")]).toBe(items[n]!.expected);
    });
  });
});
