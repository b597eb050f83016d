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

function project(files: Record<string, string>, manifest = true): string {
  const dir = mkdtempSync(path.join(tmpdir(), "uplift-sdf-"));
  temp.push(dir);
  const all = manifest
    ? { "manifest.xml": '<manifest projecttype="ACCOUNTCUSTOMIZATION"><projectname>p</projectname></manifest>', ...files }
    : files;
  for (const [name, text] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe("the NetSuite linker", () => {
  it("types a Suitelet's request and response from its script record, and names its deployment", async () => {
    const root = project({
      "Objects/customscript_x_sl.xml": [
        '<suitelet scriptid="customscript_x_sl">',
        "  <name>X</name>",
        "  <scriptfile>[/SuiteScripts/x_sl.js]</scriptfile>",
        "  <defaultfunction>show</defaultfunction>",
        '  <scriptdeployments><scriptdeployment scriptid="customdeploy_x_sl"><status>RELEASED</status></scriptdeployment></scriptdeployments>',
        "</suitelet>",
      ].join("\n"),
      "FileCabinet/SuiteScripts/x_sl.js": "function show(req, res) {\n  res.write(req.getParameter('q'));\n}\n",
    });
    const result = await scan({ root, rulesDir });
    const code = result.findings.filter((f) => f.file.endsWith("x_sl.js"));
    expect(code.map((f) => `${f.line}:${f.column} ${f.ruleId}`)).toEqual([
      "2:7 netsuite/2.0/nlobj-response-write",
      "2:17 netsuite/2.0/nlobj-request-get-parameter",
    ]);
    expect(code[0]!.impact.artefacts).toEqual([{ type: "Suitelet", name: "customscript_x_sl (X) — customdeploy_x_sl" }]);
  });

  it("takes broken and foreign objects in its stride", async () => {
    const root = project({
      "Objects/customscript_a.xml":
        "<usereventscript><scriptfile>SuiteScripts/no-bracket.js</scriptfile><scriptdeployments><scriptdeployment/>",
      "Objects/custbody_b.xml": '<transactionbodycustomfield scriptid="custbody_b"><label>B</label></transactionbodycustomfield>',
      "Objects/customscript_c.xml": '<clientscript scriptid="customscript_c"><pageinitfunction></pageinitfunction></clientscript>',
      "Objects/empty.xml": "",
      "FileCabinet/SuiteScripts/d.js": "nlapiGetUser();\n",
    });
    const result = await scan({ root, rulesDir });
    const d = result.findings.find((f) => f.file === "FileCabinet/SuiteScripts/d.js");
    expect(d?.impact.artefacts).toEqual([{ type: "script file", name: "FileCabinet/SuiteScripts/d.js" }]);
    expect(result.findings.filter((f) => f.ruleId.startsWith("netsuite/link/"))).toEqual([]);
  });

  const methods = (findings: Array<{ file: string; line: number; ruleId: string }>, file: string): string[] =>
    findings.filter((f) => f.file.endsWith(file) && f.ruleId.startsWith("netsuite/2.0/nlobj-")).map((f) => `${f.line} ${f.ruleId}`);

  it("follows what a library's functions return into the scripts that share its global scope", async () => {
    const root = project(
      {
        "lib.js":
          "function loadOrder(id) {\n  return nlapiLoadRecord('salesorder', id);\n}\nAcme = {};\nAcme.find = function () { return nlapiSearchRecord('item'); };\n",
        "ue.js":
          "function run(id) {\n  var order = loadOrder(id);\n  order.setFieldValue('memo', 'x');\n  Acme.find()[0].getValue('name');\n}\n",
      },
      false,
    );
    const result = await scan({ root, rulesDir, erp: "netsuite" });
    expect(methods(result.findings, "ue.js")).toEqual([
      "3 netsuite/2.0/nlobj-record-set-field-value",
      "4 netsuite/2.0/nlobj-search-result-get-value",
    ]);
  });

  it("assumes nothing of a function that files define differently, or that the script's own record does not load", async () => {
    const ambiguous = project(
      {
        "a.js": "function loadOrder(id) {\n  return nlapiLoadRecord('salesorder', id);\n}\n",
        "b.js": "function loadOrder(id) {\n  return { setFieldValue: function () {} };\n}\n",
        "ue.js": "function run(id) {\n  var order = loadOrder(id);\n  order.setFieldValue('memo', nlapiGetUser());\n}\n",
      },
      false,
    );
    expect(methods((await scan({ root: ambiguous, rulesDir, erp: "netsuite" })).findings, "ue.js")).toEqual([]);
    const unlisted = project({
      "Objects/customscript_u.xml": [
        '<usereventscript scriptid="customscript_u">',
        "  <scriptfile>[/SuiteScripts/ue.js]</scriptfile>",
        "  <libraries><library><scriptfile>[/SuiteScripts/own_lib.js]</scriptfile></library></libraries>",
        "</usereventscript>",
      ].join("\n"),
      "FileCabinet/SuiteScripts/own_lib.js": "function helper() {\n  return 1;\n}\n",
      "FileCabinet/SuiteScripts/other_lib.js": "function loadOrder(id) {\n  return nlapiLoadRecord('salesorder', id);\n}\n",
      "FileCabinet/SuiteScripts/ue.js":
        "function run(id) {\n  var order = loadOrder(id);\n  order.setFieldValue('memo', nlapiGetUser());\n}\n",
    });
    expect(methods((await scan({ root: unlisted, rulesDir })).findings, "ue.js")).toEqual([]);
  });
});
