import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { scan } from "../src/index.js";

const rulesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../rules");

const temp: string[] = [];
afterAll(() => {
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
});

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "uplift-versions-"));
  temp.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const tagged = (version: string, body: string): string => `/**\n * @NApiVersion ${version}\n */\ndefine([], function () {\n${body}\n});\n`;

describe("per-file versions", () => {
  it("checks each script from its own version and reports the oldest as the project's", async () => {
    const root = folder({
      "legacy_ue.js": "function beforeSubmit(type) {\n  var rec = nlapiGetNewRecord();\n}\n",
      "modern.js": tagged("2.1", "  var rec = nlapiLoadRecord('customer', 1);"),
      "twox.js": tagged("2.x", "  let total = 0;"),
      "plain.js": "function helper(a) { return a + 1; }\n",
    });
    const result = await scan({ root, rulesDir, erp: "netsuite" });
    const [project] = result.projects;
    expect(project).toMatchObject({ from: "1.0", to: "2.1", hops: ["1.0-2.0", "2.0-2.1"] });
    expect(project!.fileVersions).toEqual({ "legacy_ue.js": "1.0", "modern.js": "2.1", "twox.js": "2.0" });
    const at = (file: string): string[] => result.findings.filter((f) => f.file === file).map((f) => `${f.line} ${f.ruleId}`);
    expect(at("legacy_ue.js")).toEqual(["2 netsuite/2.0/nlapi-get-new-record"]);
    // A 1.0 call in a 2.1 file is broken today: 2.x scripts cannot call 1.0.
    const modern = result.findings.find((f) => f.file === "modern.js");
    expect(modern?.ruleId).toBe("netsuite/2.0/nlapi-load-record");
    expect(modern?.message).toMatch(/^Already broken: removed in 2\.0/);
    expect(at("twox.js")).toEqual(["2 netsuite/2.1/api-version-tag", "5 netsuite/2.1/syntax-under-2-0-tag"]);
  });

  it("starts a project whose scripts are all 2.1 at 2.1, and files that say nothing there too", async () => {
    const root = folder({
      "a.js": tagged("2.1", "  return {};"),
      "lib.js": "var log = 'not SuiteScript';\n",
    });
    const result = await scan({ root, rulesDir, erp: "netsuite" });
    expect(result.projects[0]).toMatchObject({ from: "2.1", hops: [], fileVersions: { "a.js": "2.1" } });
    // lib.js says no version: checked from 2.1, where its `log` is no concern of an upgrade.
    expect(result.findings).toEqual([]);
  });

  it("lets --from speak for every file", async () => {
    const root = folder({ "a.js": tagged("2.1", "  return {};"), "b.js": "nlapiGetUser();\n" });
    const result = await scan({ root, rulesDir, erp: "netsuite", from: "2.0" });
    expect(result.projects[0]).toMatchObject({ from: "2.0", hops: ["2.0-2.1"] });
    expect(result.projects[0]!.fileVersions).toBeUndefined();
    expect(result.findings.map((f) => f.ruleId)).toEqual(["netsuite/2.0/nlapi-get-user"]);
  });

  it("scans the scripts next to an SDF project as a project of their own when told it is NetSuite", async () => {
    const root = folder({
      "sdf/src/manifest.xml": '<manifest projecttype="ACCOUNTCUSTOMIZATION"><projectname>x</projectname></manifest>',
      "sdf/src/FileCabinet/SuiteScripts/a.js": "nlapiGetUser();\n",
      "legacy/b.js": "nlapiGetRole();\n",
    });
    const result = await scan({ root, rulesDir, erp: "netsuite" });
    expect(result.projects.map((p) => p.path)).toEqual([".", "sdf/src"]);
    expect(result.findings.map((f) => `${f.project} ${f.file}`)).toEqual([
      ". legacy/b.js",
      "sdf/src sdf/src/FileCabinet/SuiteScripts/a.js",
    ]);
  });

  it("leaves other ERPs' projects as they were", async () => {
    const root = folder({
      "__manifest__.py": "{'name': 'x', 'version': '16.0.1.0.0'}",
      "static/src/a.js": "odoo.define('x', function (require) {});\n",
    });
    const result = await scan({ root, rulesDir });
    expect(result.projects[0]).toMatchObject({ erp: "odoo", from: "16.0" });
    expect(result.projects[0]!.fileVersions).toBeUndefined();
  });
});
