import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { strToU8, zipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { expectGolden, uplift } from "./helpers.js";

interface Finding {
  ruleId: string;
  file: string;
  line: number;
  impact: { artefacts: Array<{ type: string; name: string; record?: string }>; processes: string[] };
}
interface Result {
  projects: Array<{ path: string; from: string; to: string }>;
  findings: Finding[];
  unanalysed: Array<{ file: string; reason: string }>;
}

const temp: string[] = [];
afterAll(() => {
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

describe("a Dynamics 365 solution, unpacked and as exported", () => {
  const run = uplift(["scan", "fixtures/dynamics365", "--format", "json"]);
  const result = JSON.parse(run.stdout) as Result;

  it("gives the reviewed findings", () => {
    expect(run.stderr).toBe("");
    expectGolden("dynamics365-scan.json", run.stdout);
  });

  it("finds both projects and their version in solution.xml", () => {
    expect(result.projects.map((p) => [p.path, p.from, p.to])).toEqual([
      ["ContosoSales", "8.0", "next"],
      ["ContosoSales_1_4_0_0.zip!", "8.0", "next"],
    ]);
  });

  it("reads extensionless web resources inside the zip as the types customizations.xml gives", () => {
    const files = new Set(result.findings.map((f) => f.file));
    expect(files).toContain("ContosoSales_1_4_0_0.zip!/WebResources/new_scriptsaccount_formjs0A7F0C3E");
    expect(files).toContain("ContosoSales_1_4_0_0.zip!/WebResources/new_htmlaccount_maphtml9C8B7A65");
  });

  it("names the form, event and ribbon button each finding breaks, through helper calls", () => {
    const impact = (file: string, line: number): string[] => [
      ...new Set(
        result.findings.filter((f) => f.file.endsWith(file) && f.line === line).flatMap((f) => f.impact.artefacts.map((a) => a.name)),
      ),
    ];
    expect(impact("ContosoSales/WebResources/new_/scripts/account_form.js", 6)).toEqual(["Account — Account form — OnLoad"]);
    // defaultRegion() is only called from onLoad.
    expect(impact("ContosoSales/WebResources/new_/scripts/account_form.js", 28)).toEqual(["Account — Account form — OnLoad"]);
    // showProbability() is called from OpportunityForm_OnLoad.
    expect(impact("ContosoSales/WebResources/new_/scripts/opportunity_form.js", 12)).toEqual(["Opportunity — Opportunity form — OnLoad"]);
    expect(impact("ContosoSales/WebResources/new_/scripts/account_ribbon.js", 7)).toEqual(["Account ribbon — Credit check button"]);
    expect(impact("new_htmlaccount_maphtml9C8B7A65", 12)).toEqual(["Account — Account form — WebResource_accountmap"]);
    const processes = result.findings.find((f) => f.file.endsWith("opportunity_form.js"))?.impact.processes;
    expect(processes).toEqual(["lead-to-cash"]);
  });

  it("reports what only the configuration shows", () => {
    const config = result.findings
      .filter((f) => f.ruleId.startsWith("dynamics365/link/"))
      .map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.impact.artefacts[0]?.name}`);
    expect(config).toEqual([
      "dynamics365/link/pass-execution-context ContosoSales/Entities/Account/FormXml/main/{8448b78f-8f42-454e-8e2a-f8196b0419af}.xml:47 Account — Account form — OnLoad",
      "dynamics365/link/pass-execution-context ContosoSales/Entities/Opportunity/FormXml/main/{4a63c8d1-6c1e-48ec-9db4-3e6c7155334c}.xml:12 Opportunity — Opportunity form — OnLoad",
      "dynamics365/link/handler-function-missing ContosoSales/Entities/Opportunity/FormXml/main/{4a63c8d1-6c1e-48ec-9db4-3e6c7155334c}.xml:13 Opportunity — Opportunity form — OnLoad",
      "dynamics365/link/pass-execution-context ContosoSales_1_4_0_0.zip!/customizations.xml:54 Account — Account form — OnLoad",
      "dynamics365/link/pass-execution-context ContosoSales_1_4_0_0.zip!/customizations.xml:131 Opportunity — Opportunity form — OnLoad",
      "dynamics365/link/handler-function-missing ContosoSales_1_4_0_0.zip!/customizations.xml:132 Opportunity — Opportunity form — OnLoad",
    ]);
  });
});

describe("a bare web-resource tree", () => {
  it("is scanned from the oldest version when told it is Dynamics 365", () => {
    const r = uplift(["scan", "fixtures/dynamics365-webresources", "--erp", "dynamics365", "--format", "json"]);
    const result = JSON.parse(r.stdout) as Result;
    expect(result.projects).toEqual([expect.objectContaining({ path: ".", from: "5.0", to: "next" })]);
    expect(result.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toContain(
      "src/case_form.ts:12 dynamics365/next/xrm-page-context",
    );
  });
});

describe("a solution unpacked into a folder", () => {
  it("reads its extensionless web resources as customizations.xml or SolutionPackager's .data.xml types them", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "uplift-solution-"));
    temp.push(dir);
    const write = (rel: string, text: string): void => {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    };
    write("Export/solution.xml", '<ImportExportXml version="9.2.1.1"><SolutionManifest/></ImportExportXml>');
    write(
      "Export/customizations.xml",
      "<ImportExportXml><WebResources><WebResource><Name>new_/account.js</Name><WebResourceType>3</WebResourceType>" +
        "<FileName>/WebResources/new_accountjs0A7F</FileName></WebResource></WebResources></ImportExportXml>",
    );
    write("Export/WebResources/new_accountjs0A7F", "function onLoad() {\n  Xrm.Page.getAttribute('name');\n}\n");
    write("Packaged/Other/Solution.xml", '<ImportExportXml version="9.2.1.1"><SolutionManifest/></ImportExportXml>');
    write("Packaged/WebResources/new_page", "<html><script>\nparent.Xrm.Page.data.save();\n</script></html>\n");
    write(
      "Packaged/WebResources/new_page.data.xml",
      "<WebResource><Name>new_page</Name><WebResourceType>1</WebResourceType><FileName>/WebResources/new_page9C8B</FileName></WebResource>",
    );
    const r = uplift(["scan", dir, "--format", "json", "--fail-on", "none"]);
    const result = JSON.parse(r.stdout) as Result;
    expect(result.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual([
      "Export/WebResources/new_accountjs0A7F:2 dynamics365/next/xrm-page",
      "Packaged/WebResources/new_page:2 dynamics365/next/parent-xrm",
    ]);
    expect(result.unanalysed.map((u) => u.file)).not.toContain("Export/WebResources/new_accountjs0A7F");
  });
});

describe("parent.Xrm.Page in an HTML web resource", () => {
  it("is parent-xrm's alone, written out or through a local, and no rule derived from the declarations speaks for it", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "uplift-parent-xrm-"));
    temp.push(dir);
    writeFileSync(
      path.join(dir, "highlight.html"),
      "<html><body><script>\nvar xrm = window.parent.Xrm;\nvar formContext = xrm.Page;\nvar name = parent.Xrm.Page.getAttribute('name');\nvar page = Xrm.Page;\n</script></body></html>\n",
    );
    const r = uplift(["scan", dir, "--erp", "dynamics365", "--from", "9.2", "--format", "json", "--fail-on", "none"]);
    const result = JSON.parse(r.stdout) as Result;
    expect(result.findings.map((f) => `${f.line} ${f.ruleId}`)).toEqual([
      "2 dynamics365/next/parent-xrm",
      "4 dynamics365/next/parent-xrm",
      "5 dynamics365/next/xrm-page",
    ]);
  });
});

describe("hostile archives", () => {
  it("refuse zip bombs and names that climb out, and scan the rest", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "uplift-zip-"));
    temp.push(dir);
    const solution = '<ImportExportXml version="9.2.1.1"><SolutionManifest/></ImportExportXml>';
    const zip = zipSync({
      "solution.xml": strToU8(solution),
      "WebResources/a.js": strToU8("Xrm.Page.getAttribute('x');\n"),
      "WebResources/bomb.js": new Uint8Array(20 * 1024 * 1024),
      "../../escape.js": strToU8("Xrm.Page.ui;"),
    });
    writeFileSync(path.join(dir, "Sol_1_0.zip"), zip);
    writeFileSync(path.join(dir, "broken.zip"), strToU8("PK\u0003\u0004 not really a zip"));
    const r = uplift(["scan", dir, "--format", "json", "--fail-on", "none"]);
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout) as Result;
    expect(result.findings.map((f) => `${f.file}:${f.line}`)).toContain("Sol_1_0.zip!/WebResources/a.js:1");
    expect(result.unanalysed).toEqual(
      expect.arrayContaining([
        { file: "Sol_1_0.zip!/%2E%2E/%2E%2E/escape.js", reason: 'member name "../../escape.js" points outside the archive; refused' },
        { file: "Sol_1_0.zip!/WebResources/bomb.js", reason: expect.stringMatching(/expands past|compression ratio/) },
        { file: "broken.zip", reason: "not a zip archive, or cut off before its first member" },
      ]),
    );
  });
});
