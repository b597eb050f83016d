import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { scan } from "../src/index.js";

const rulesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../rules");

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "uplift-sdf-"));
  const all = { "manifest.xml": '<manifest projecttype="ACCOUNTCUSTOMIZATION"><projectname>p</projectname></manifest>', ...files };
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
});
