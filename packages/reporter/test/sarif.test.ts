import { existsSync, readFileSync } from "node:fs";
import type { ScanResult } from "@uplift/engine";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { renderSarif } from "../src/sarif.js";
import { expectGolden, finding, HOSTILE, odooResult, sarifSchemaPath, scanResult } from "./scan-results.js";

interface SarifLocation {
  physicalLocation: { artifactLocation: { uri?: string; uriBaseId?: string; index?: number }; region?: Record<string, unknown> };
}
interface SarifRun {
  tool: {
    driver: { name: string; version: string; rules: Array<{ id: string; name: string; helpUri?: string; properties: { tags: string[] } }> };
  };
  invocations: Array<{
    executionSuccessful: boolean;
    toolExecutionNotifications?: Array<{ level: string; message: { text: string }; locations: SarifLocation[] }>;
  }>;
  originalUriBaseIds?: Record<string, { uri?: string; description?: { text: string } }>;
  artifacts: Array<{ location: { uri: string; uriBaseId?: string }; parentIndex?: number }>;
  results: Array<{
    ruleId: string;
    ruleIndex: number;
    level: string;
    message: { text: string };
    locations: SarifLocation[];
    relatedLocations?: SarifLocation[];
    partialFingerprints?: Record<string, string>;
    properties: Record<string, unknown>;
  }>;
  columnKind: string;
}

function sarif(result: ScanResult): { text: string; run: SarifRun } {
  const text = renderSarif(result);
  const log = JSON.parse(text) as { version: string; runs: SarifRun[] };
  expect(log.version).toBe("2.1.0");
  expect(log.runs).toHaveLength(1);
  return { text, run: log.runs[0] as SarifRun };
}

const archiveResult = (): ScanResult =>
  scanResult(
    [
      finding({ file: "addon/views/form.xml" }),
      finding({ file: "exports/solution.zip!/static/src/js/widget.js", line: 7, column: 3, endLine: 9, endColumn: 2 }),
      finding({ file: "exports/solution.zip!/views/a b#c.xml", severity: "medium" }),
      finding({ file: "exports/solution.zip!/lib.zip!/x.js", severity: "low" }),
    ],
    { unanalysed: [{ file: "exports/solution.zip!/img/logo.png", reason: "binary file" }] },
  );

const hostileResult = (): ScanResult =>
  scanResult([finding({ snippet: HOSTILE, message: HOSTILE, replacement: HOSTILE, title: HOSTILE, enclosing: HOSTILE })], {
    unanalysed: [{ file: "addon/big.js", reason: `larger than 4 MB ${HOSTILE}` }],
  });

describe.skipIf(!existsSync(sarifSchemaPath))(`SARIF against the OASIS 2.1.0 schema (${sarifSchemaPath})`, () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = existsSync(sarifSchemaPath) ? ajv.compile(JSON.parse(readFileSync(sarifSchemaPath, "utf8")) as object) : undefined;
  const expectValid = (result: ScanResult): void => {
    const ok = validate?.(JSON.parse(renderSarif(result)));
    expect(validate?.errors ?? [], JSON.stringify(validate?.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
  };

  it("validates the Odoo fixture's log", () => expectValid(odooResult()));
  it("validates archive members nested in their archives", () => expectValid(archiveResult()));
  it("validates hostile snippets, messages and reasons", () => expectValid(hostileResult()));
  it("validates an empty scan", () => expectValid(scanResult([], { projects: [] })));
  it("validates an absolute scan root and a parse error", () =>
    expectValid(
      scanResult([finding({ ruleId: "uplift/parse-error", change: "unanalysable", severity: "high", hop: undefined, references: [] })], {
        root: "/home/runner/work/my erp/addons/",
      }),
    ));
});

if (!existsSync(sarifSchemaPath)) {
  describe("SARIF schema validation", () => {
    it.skip(`skipped: ${sarifSchemaPath} is missing (it comes from shared/schemas beside the repository)`, () => {});
  });
}

describe("renderSarif", () => {
  it("describes the tool and every rule once, with results pointing at them", () => {
    const { run } = sarif(odooResult());
    expect(run.tool.driver.name).toBe("Uplift");
    expect(run.tool.driver.version).toBe("0.1.0");
    const ids = run.tool.driver.rules.map((r) => r.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]?.id).toBe(r.ruleId);
    const attrs = run.tool.driver.rules.find((r) => r.id === "odoo/17.0/view-attrs-removed");
    expect(attrs).toMatchObject({ name: "ViewAttrsRemoved", helpUri: "https://github.com/odoo/odoo/pull/104741" });
    expect(attrs?.properties.tags).toEqual(["odoo", "16.0-17.0", "removed"]);
    expect(run.columnKind).toBe("utf16CodeUnits");
  });

  it("maps severities to levels and keeps fingerprints, effort, hop and project", () => {
    const severities = ["critical", "high", "medium", "low"] as const;
    const { run } = sarif(scanResult(severities.map((severity, i) => finding({ severity, line: i + 1, ruleId: `odoo/17.0/r${i}` }))));
    expect(run.results.map((r) => r.level)).toEqual(["error", "error", "warning", "note"]);
    const first = run.results[0];
    expect(first?.partialFingerprints).toEqual({ "upliftFingerprint/v1": expect.stringMatching(/^fp0+\d+$/) });
    expect(first?.properties).toMatchObject({
      effortMinutes: 15,
      effortMaxMinutes: 30,
      hop: "16.0-17.0",
      project: "addon",
      change: "removed",
    });
    expect(first?.message.text).toBe("`attrs` is no longer read from 17.0. Replacement: Write invisible/readonly/required as expressions.");
  });

  it("gives paths relative to where Uplift ran, with %SRCROOT%, and the region with its snippet", () => {
    const { run } = sarif(odooResult());
    const loc = run.results[0]?.locations[0]?.physicalLocation;
    expect(loc?.artifactLocation).toEqual({
      uri: "fixtures/odoo/sale_delivery_window/__manifest__.py",
      uriBaseId: "%SRCROOT%",
      index: expect.any(Number),
    });
    expect(loc?.region).toEqual({ startLine: 20, startColumn: 9, endLine: 22, endColumn: 10, snippet: { text: '"web.assets_common": [' } });
    expect(run.originalUriBaseIds?.["%SRCROOT%"]?.uri).toBeUndefined();
    expect(run.originalUriBaseIds?.["%SRCROOT%"]?.description?.text).toContain("fixtures/odoo");
    const index = loc?.artifactLocation.index ?? -1;
    expect(run.artifacts[index]?.location.uri).toBe(loc?.artifactLocation.uri);
  });

  it("nests archive members under their archive (SARIF §3.24.3)", () => {
    const { run } = sarif(archiveResult());
    const uris = run.artifacts.map((a) => [a.location.uri, a.parentIndex ?? null, a.location.uriBaseId ?? null]);
    expect(uris).toEqual([
      ["addon/views/form.xml", null, "%SRCROOT%"],
      ["exports/solution.zip", null, "%SRCROOT%"],
      ["/img/logo.png", 1, null],
      ["/lib.zip", 1, null],
      ["/x.js", 3, null],
      ["/static/src/js/widget.js", 1, null],
      ["/views/a%20b%23c.xml", 1, null],
    ]);
    const member = run.results.find((r) => r.locations[0]?.physicalLocation.artifactLocation.uri === "/static/src/js/widget.js");
    expect(member?.locations[0]?.physicalLocation.artifactLocation).toEqual({ uri: "/static/src/js/widget.js", index: 5 });
    expect(member?.relatedLocations?.[0]?.physicalLocation.artifactLocation).toEqual({
      uri: "exports/solution.zip",
      uriBaseId: "%SRCROOT%",
      index: 1,
    });
    const note = run.invocations[0]?.toolExecutionNotifications?.[0];
    expect(note?.level).toBe("note");
    expect(note?.locations[0]?.physicalLocation.artifactLocation).toEqual({ uri: "/img/logo.png", index: 2 });
  });

  it("lists unanalysed files as notifications of a successful run", () => {
    const { run } = sarif(odooResult());
    const invocation = run.invocations[0];
    expect(invocation?.executionSuccessful).toBe(true);
    expect(invocation?.toolExecutionNotifications?.map((n) => [n.level, n.message.text])).toEqual([
      ["note", "fixtures/odoo/sale_delivery_window/__init__.py was not analysed: no adapter for .py files."],
      ["note", "fixtures/odoo/sale_delivery_window/models/__init__.py was not analysed: no adapter for .py files."],
      ["note", "fixtures/odoo/sale_delivery_window/models/sale_order.py was not analysed: no adapter for .py files."],
      ["note", "fixtures/odoo/sale_delivery_window/security/ir.model.access.csv was not analysed: no adapter for .csv files."],
    ]);
    const tooBig = sarif(scanResult([], { unanalysed: [{ file: "a.js", reason: "larger than 4 MB (5 MB)" }] })).run;
    expect(tooBig.invocations[0]?.toolExecutionNotifications?.[0]?.level).toBe("warning");
  });

  it("writes file URIs for an absolute root, since code scanning relativises them itself", () => {
    const { run } = sarif(scanResult([finding()], { root: "/home/runner/work/my erp/addons/" }));
    expect(run.artifacts[0]?.location).toEqual({ uri: "file:///home/runner/work/my%20erp/addons/addon/views/form.xml" });
    expect(run.originalUriBaseIds).toBeUndefined();
    const windows = sarif(scanResult([finding()], { root: "C:\\work\\addons" })).run;
    expect(windows.artifacts[0]?.location.uri).toBe("file:///C:/work/addons/addon/views/form.xml");
  });

  it("describes uplift/parse-error, which has no rule pack", () => {
    const parse = finding({
      ruleId: "uplift/parse-error",
      title: "File could not be parsed",
      change: "unanalysable",
      severity: "high",
      hop: undefined,
      references: [],
    });
    const { run } = sarif(scanResult([parse]));
    const rule = run.tool.driver.rules.find((r) => r.id === "uplift/parse-error");
    expect(rule).toMatchObject({ name: "ParseError", properties: { tags: ["unanalysable"] } });
    expect(rule?.helpUri).toBeUndefined();
    expect(run.results[0]?.properties.hop).toBeUndefined();
  });

  it("carries hostile text as data", () => {
    const { text, run } = sarif(hostileResult());
    expect(run.results[0]?.locations[0]?.physicalLocation.region?.snippet).toEqual({ text: HOSTILE.replace("\ud800", "\ufffd") });
    // Control characters are escaped by JSON: none is left raw on any line.
    expect([...text].filter((ch) => ch !== "\n" && (ch.codePointAt(0) ?? 0) < 0x20)).toEqual([]);
  });

  it("is deterministic and matches the reviewed golden log for the fixture", () => {
    const text = renderSarif(odooResult());
    expect(renderSarif(odooResult())).toBe(text);
    expectGolden("odoo.sarif", text);
  });
});
