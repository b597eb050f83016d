import { describe, expect, it } from "vitest";
import { mergeResults, prepareResult } from "../src/merge.js";
import { finding, resultOf } from "./support.js";

describe("mergeResults", () => {
  it("joins shards of one scan: findings re-sorted, rules and processes united, summary recomputed", () => {
    const a = resultOf([finding({ file: "addon/b.js", severity: "critical", effortMinutes: 60, effortMaxMinutes: 120 })]);
    const b = resultOf([finding({ file: "addon/a.js", ruleId: "r2", title: "Two" })], {
      unanalysed: [{ file: "addon/x.bin", reason: "binary" }],
    });
    b.processes = { crm: { title: "Lead to opportunity", tests: [] } };
    const merged = mergeResults([a, b]);
    expect(merged.root).toBe("workspace");
    expect(merged.findings.map((f) => f.file)).toEqual(["addon/a.js", "addon/b.js"]);
    expect(Object.keys(merged.rules)).toEqual(["odoo/17.0/r1", "r2"]);
    expect(merged.processes).toEqual({ crm: { title: "Lead to opportunity", tests: [] } });
    expect(merged.projects).toHaveLength(1);
    expect(merged.summary).toMatchObject({ findings: 2, filesScanned: 6, unanalysed: 1, effortMinutes: 75, effortMaxMinutes: 150 });
    expect(merged.summary.bySeverity).toEqual({ critical: 1, high: 1, medium: 0, low: 0 });
  });

  it("keeps the paths of different roots apart under their common folder", () => {
    const a = resultOf([finding()], { root: "clients/acme/odoo" });
    const b = resultOf([finding()], { root: "clients/acme/portal/" });
    const merged = mergeResults([a, b]);
    expect(merged.root).toBe("clients/acme");
    expect(merged.findings.map((f) => [f.project, f.file])).toEqual([
      ["odoo/addon", "odoo/addon/static/src/a.js"],
      ["portal/addon", "portal/addon/static/src/a.js"],
    ]);
    expect(merged.projects.map((p) => p.path)).toEqual(["odoo/addon", "portal/addon"]);
  });

  it("drops exact duplicates, so merging a result with itself changes no count of findings", () => {
    const a = resultOf([finding(), finding({ line: 5 })]);
    expect(mergeResults([a, a]).summary.findings).toBe(2);
  });

  it("refuses results of different schema versions, and nothing at all", () => {
    expect(() => mergeResults([resultOf([]), { ...resultOf([]), schemaVersion: 2 }])).toThrow(/schema versions/);
    expect(() => mergeResults([])).toThrow(/at least one/);
  });
});

describe("prepareResult", () => {
  it("fills in what older results lack", () => {
    const old = resultOf([finding()]) as Partial<ReturnType<typeof resultOf>>;
    delete old.processes;
    delete (old.findings![0] as Partial<ReturnType<typeof finding>>).impact;
    const ready = prepareResult(old as ReturnType<typeof resultOf>);
    expect(ready.processes).toEqual({});
    expect(ready.findings[0]!.impact).toEqual({ artefacts: [], processes: [] });
  });
});
