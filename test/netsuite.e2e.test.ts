import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expectGolden, repoRoot, uplift } from "./helpers.js";

interface Finding {
  ruleId: string;
  file: string;
  line: number;
  column: number;
  message: string;
  impact: { artefacts: Array<{ type: string; name: string; record?: string }>; processes: string[] };
}
interface Result {
  projects: Array<{ path: string; from: string; to: string; hops: string[]; fileVersions?: Record<string, string> }>;
  findings: Finding[];
  summary: { files: { relevant: number; checked: number; excluded: number } };
  unchecked: unknown[];
}

const SCRIPTS = "src/FileCabinet/SuiteScripts/acme";
const temp: string[] = [];
afterAll(() => {
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

describe("a NetSuite SDF project with SuiteScript 1.0 and 2.0 scripts", () => {
  const run = uplift(["scan", "fixtures/netsuite", "--format", "json", "--fail-on", "none"]);
  const result = JSON.parse(run.stdout) as Result;
  const at = (file: string): Finding[] => result.findings.filter((f) => f.file === `${SCRIPTS}/${file}`);

  it("gives the reviewed findings", () => {
    expect(run.stderr).toBe("");
    expectGolden("netsuite-scan.json", run.stdout);
  });

  it("reads each script's version from the script and starts the project at the oldest", () => {
    const [project] = result.projects;
    expect(project).toMatchObject({ path: "src", from: "1.0", to: "2.1", hops: ["1.0-2.0", "2.0-2.1"] });
    expect(project!.fileVersions).toEqual({
      [`${SCRIPTS}/accrual_ss.js`]: "1.0",
      [`${SCRIPTS}/bill_match_mr.js`]: "2.0",
      [`${SCRIPTS}/label_sl.js`]: "1.0",
      [`${SCRIPTS}/lib/acme_utils.js`]: "1.0",
      [`${SCRIPTS}/po_cs.js`]: "1.0",
      [`${SCRIPTS}/rates_2x.js`]: "2.1",
      [`${SCRIPTS}/so_ue.js`]: "1.0",
    });
    expect(at("rates_2x.js")).toEqual([]);
  });

  it("counts every script, script record and SDF file as relevant, and checks them all", () => {
    // 7 scripts, 5 script records, manifest.xml and deploy.xml; suitecloud.config.js is outside the project.
    expect(result.summary.files).toMatchObject({ relevant: 14, checked: 14, excluded: 1 });
    expect(result.unchecked).toEqual([]);
  });

  it("reports the methods of 1.0 objects wherever the value comes from", () => {
    const methods = (file: string): string[] =>
      at(file)
        .filter((f) => f.ruleId.startsWith("netsuite/2.0/nlobj-") && !/nlobj-search-(filter|column)$/.test(f.ruleId))
        .map((f) => `${f.line}:${f.column} ${f.ruleId.slice("netsuite/2.0/".length)}`);
    // beforeLoad's form and request come from the script record's <beforeloadfunction>.
    expect(methods("so_ue.js")).toEqual(
      expect.arrayContaining(["11:8 nlobj-form-add-button", "12:26 nlobj-request-get-parameter", "13:63 nlobj-field-set-default-value"]),
    );
    // acmeLoadCustomer() is a helper of the library the script record lists; copyDeliveryWindow() gets the record from its caller.
    expect(methods("so_ue.js")).toEqual(
      expect.arrayContaining([
        "22:63 nlobj-record-get-field-value",
        "32:16 nlobj-record-get-line-item-value",
        "33:13 nlobj-record-set-line-item-value",
      ]),
    );
    expect(methods("lib/acme_utils.js")).toEqual(["18:35 nlobj-record-get-field-value", "19:37 nlobj-record-get-field-value"]);
    expect(methods("accrual_ss.js")).toEqual(
      expect.arrayContaining(["19:39 nlobj-search-result-get-value", "31:11 nlobj-record-select-new-line-item"]),
    );
  });

  it("finds nothing in comments and strings", () => {
    const lines = (file: string): number[] => at(file).map((f) => f.line);
    expect(lines("lib/acme_utils.js")).not.toContain(24);
    expect(
      at("so_ue.js")
        .filter((f) => f.line === 44)
        .map((f) => f.ruleId),
    ).toEqual(["netsuite/2.0/nlobj-record-set-field-value"]);
  });

  it("names the script record, its deployments and record types, hence the processes", () => {
    const first = at("so_ue.js")[0]!;
    expect(first.impact.artefacts.map((a) => `${a.type}: ${a.name}`)).toEqual([
      "user event script: customscript_acme_so_ue (ACME order checks) — customdeploy_acme_inv_ue on INVOICE",
      "user event script: customscript_acme_so_ue (ACME order checks) — customdeploy_acme_so_ue on SALESORDER",
    ]);
    expect(first.impact.processes).toEqual(["order-to-cash", "record-to-report"]);
    expect(at("lib/acme_utils.js")[0]!.impact.processes).toEqual(["order-to-cash", "record-to-report"]);
    expect(at("po_cs.js")[0]!.impact.processes).toEqual(["procure-to-pay"]);
  });

  it("says which script no deployment uses, and which records name 1.0 entry points", () => {
    const links = result.findings.filter((f) => f.ruleId.startsWith("netsuite/link/")).map((f) => `${f.ruleId} ${f.file}:${f.line}`);
    expect(links).toEqual([
      "netsuite/link/entry-point-functions src/Objects/customscript_acme_accrual_ss.xml:5",
      "netsuite/link/unused-script src/Objects/customscript_acme_label_sl.xml:1",
      "netsuite/link/entry-point-functions src/Objects/customscript_acme_label_sl.xml:5",
      "netsuite/link/entry-point-functions src/Objects/customscript_acme_po_cs.xml:5",
      "netsuite/link/entry-point-functions src/Objects/customscript_acme_so_ue.xml:7",
    ]);
    expect(at("label_sl.js")[0]!.impact.artefacts[0]!.name).toBe(
      "customscript_acme_label_sl (ACME shipping label (old)) — no deployment: unused",
    );
  });

  it("reports what stands between the 2.0 script and 2.1, and 1.0 code left in it", () => {
    expect(at("bill_match_mr.js").map((f) => `${f.line}:${f.column} ${f.ruleId}`)).toEqual([
      "3:4 netsuite/2.1/api-version-tag",
      "14:19 netsuite/2.0/nlobj-record-method-on-2x-object",
      "19:39 netsuite/2.1/syntax-under-2-0-tag",
    ]);
  });

  it("fixes the version tag, and shows conversions of 1.0 calls as suggestions it never writes", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "uplift-netsuite-"));
    temp.push(dir);
    cpSync(path.join(repoRoot, "fixtures/netsuite"), dir, { recursive: true });
    const dry = uplift(["scan", ".", "--fix-dry-run"], dir);
    expect(dry.status).toBe(0);
    const [fixes, suggestions] = dry.stdout.split("# Suggested by the rules, not applied by --fix");
    expect(fixes).toContain("- * @NApiVersion 2.0\n+ * @NApiVersion 2.1");
    expect(suggestions).toContain(
      "-  order.setFieldValue(APPROVER_FIELD, nlapiGetUser());\n+  order.setFieldValue(APPROVER_FIELD, runtime.getCurrentUser().id);",
    );
    expect(suggestions).toContain("\n-      order.setLineItemValue('item', 'custcol_acme_window', line, window);\n");
    expect(suggestions).toContain(
      "\n+      order.setSublistValue({ sublistId: 'item', fieldId: 'custcol_acme_window', line: line - 1, value: window });\n",
    );
    expect(dry.stderr).toMatch(/uplift: \d+ suggestions in \d+ files, not applied by --fix/);
    const fixed = uplift(["scan", ".", "--fix", "--format", "json", "--fail-on", "none"], dir);
    expect(fixed.stderr).toContain("uplift: fixed 1 problems in 1 files");
    expect(readFileSync(path.join(dir, SCRIPTS, "bill_match_mr.js"), "utf8")).toContain("@NApiVersion 2.1");
    expect(readFileSync(path.join(dir, SCRIPTS, "so_ue.js"), "utf8")).toContain("order.setFieldValue(APPROVER_FIELD, nlapiGetUser());");
  });

  it("scans a bare folder of scripts when told it is NetSuite", () => {
    const r = uplift(["scan", `fixtures/netsuite/${SCRIPTS}`, "--erp", "netsuite", "--format", "json", "--fail-on", "none"]);
    const bare = JSON.parse(r.stdout) as Result;
    expect(bare.projects[0]).toMatchObject({ path: ".", from: "1.0" });
    expect(bare.findings.filter((f) => f.file === "so_ue.js" && f.ruleId === "netsuite/2.0/nlobj-form-add-button")).toEqual([]);
    expect(bare.findings.some((f) => f.file === "accrual_ss.js")).toBe(true);
  });
});
