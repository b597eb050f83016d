import { mkdtempSync, rmSync, writeFileSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expectGolden, repoRoot, uplift } from "./helpers.js";

interface Finding {
  ruleId: string;
  file: string;
  line: number;
  column: number;
  severity: string;
  impact: { artefacts: Array<{ type: string; name: string }> };
}
interface Result {
  findings: Finding[];
  summary: { files: { relevant: number; checked: number; unchecked: number } };
  unchecked: Array<{ file: string; why: string; reason: string }>;
}

const temp: string[] = [];
afterAll(() => {
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

const scan = (args: string[] = []): Result =>
  JSON.parse(
    uplift(["scan", "fixtures/sap-cds", "--erp", "sap", "--from", "ecc6", "--to", "2023", "--format", "json", ...args]).stdout,
  ) as Result;

describe("an abapGit package with CDS views beside ABAP", () => {
  const run = uplift(["scan", "fixtures/sap-cds", "--erp", "sap", "--from", "ecc6", "--to", "2023", "--format", "json"]);
  const result = JSON.parse(run.stdout) as Result;
  const places = (file: string) => result.findings.filter((f) => f.file === file).map((f) => `${f.line}:${f.column} ${f.ruleId}`);

  it("gives the reviewed findings", () => {
    expect(run.stderr).toBe("");
    expectGolden("sap-cds-scan.json", run.stdout);
  });

  it("reports the data sources a view reads, at the name, and never a name in a comment or a string", () => {
    expect(places("src/zi_orderpricing.ddls.asddls")).toEqual(["8:25 sap/s4hana/cds-konv-source"]);
    expect(places("src/zi_salesorderstatus.ddls.asddls")).toEqual([
      "5:1 sap/s4hana/cds-ddic-based-view",
      "7:16 sap/s4hana/cds-vbuk-vbup-source",
      "8:25 sap/clean-core/deprecated",
    ]);
    expect(places("src/zi_goodsmovement.ddls.asddls")).toEqual([
      "4:18 sap/s4hana/cds-material-document-source",
      "5:16 sap/s4hana/cds-material-document-source",
    ]);
    // A service definition exposes the customer's view (no finding) and a deprecated SAP entity.
    expect(places("src/zui_orderpricing.srvd.srvdsrv")).toEqual(["5:10 sap/clean-core/deprecated"]);
    // A behaviour definition: its function returns a deprecated SAP entity; the customer's own
    // entity, class, parameter type and control structure, and VBAK (not released, but classic ABAP
    // may use it), are no finding.
    expect(places("src/zi_deliveryblock.bdef.asbdef")).toEqual(["16:43 sap/clean-core/deprecated"]);
    // An extension of SAP's sales order through its released interface: nothing to report.
    expect(places("src/zx_salesorder_pricing.bdef.asbdef")).toEqual([]);
    // The program reads the customer's own view (no finding) and VBUK itself (the ABAP rule).
    expect(places("src/zsd_order_report.prog.abap")).toEqual(["9:26 sap/s4hana/vbuk-read"]);
  });

  it("names the view a finding stands in", () => {
    const konv = result.findings.find((f) => f.ruleId === "sap/s4hana/cds-konv-source")!;
    expect(konv.impact.artefacts[0]).toMatchObject({ name: "ZI_ORDERPRICING" });
  });

  it("checks data definitions, metadata extensions, access controls, service definitions, behaviour definitions and base info; lists what it cannot read", () => {
    expect(result.summary.files).toMatchObject({ relevant: 22, checked: 21, unchecked: 1 });
    expect(result.unchecked.map((u) => `${u.file} ${u.why}`)).toEqual(["src/zsf_discount.ddls.asddls unparseable"]);
    expect(result.unchecked[0]!.reason).toMatch(/^line 2: CDS source not understood by abaplint's CDS parser/);
  });

  it("reports SAP tables a view reads that SAP has not released, with --clean-core", () => {
    const clean = scan(["--clean-core"]);
    const notReleased = clean.findings.filter((f) => f.ruleId === "sap/clean-core/not-released" && f.file.endsWith(".asddls"));
    expect(notReleased.map((f) => `${f.file}:${f.line}:${f.column} ${f.severity}`)).toContain("src/zi_orderpricing.ddls.asddls:8:25 low");
    // A behaviour definition mapping its entity onto VBAK: the table is named, not the customer's names around it.
    const behaviour = clean.findings.filter((f) => f.file.endsWith(".asbdef") && f.ruleId === "sap/clean-core/not-released");
    expect(behaviour.map((f) => `${f.file}:${f.line}:${f.column} ${f.severity}`)).toEqual(["src/zi_deliveryblock.bdef.asbdef:19:15 low"]);
  });

  it("keeps scanning past a broken CDS source", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "uplift-cds-"));
    temp.push(dir);
    cpSync(path.join(repoRoot, "fixtures/sap-cds"), dir, { recursive: true });
    writeFileSync(
      path.join(dir, "src/zi_broken.ddls.asddls"),
      "define view entity ZI_Broken as select from vbuk {\n  key vbeln,\n  ((((\n",
    );
    // A behaviour definition without its implementation type (`managed;`, …) is not guessed at.
    writeFileSync(path.join(dir, "src/zr_broken.bdef.asbdef"), "define behavior for ZR_Broken\npersistent table vbak\n{ update; }\n");
    const broken = JSON.parse(uplift(["scan", dir, "--erp", "sap", "--format", "json"]).stdout) as Result;
    expect(broken.unchecked.find((u) => u.file === "src/zi_broken.ddls.asddls")).toMatchObject({ why: "unparseable" });
    expect(broken.unchecked.find((u) => u.file === "src/zr_broken.bdef.asbdef")).toMatchObject({
      why: "unparseable",
      reason: expect.stringMatching(/^line 1: no behaviour definition found \(it starts with managed/),
    });
    expect(broken.findings.filter((f) => f.ruleId === "sap/s4hana/cds-konv-source")).toHaveLength(1);
  });
});

describe("an extension through an interface BDEF SAP releases apart from its entity", () => {
  it("reads the BDEF's own state: SAP's 2023 list releases I_ENTERPRISEPROJECTTP_3 as a BDEF and leaves its view out", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "uplift-bdef-"));
    temp.push(dir);
    const src = path.join(dir, "src");
    cpSync(path.join(repoRoot, "fixtures/sap-cds/src/package.devc.xml"), path.join(src, "package.devc.xml"));
    writeFileSync(
      path.join(src, "zx_enterpriseproject.bdef.asbdef"),
      "extension using interface i_enterpriseprojecttp_3\nimplementation in class zbp_x_enterpriseproject unique;\n\nextend behavior for EnterpriseProject\n{\n  validation zz_checkPartner on save { create; update; }\n}\n",
    );
    // The view itself, read as a data source, is not in the 2023 list: that use is still reported.
    writeFileSync(
      path.join(src, "zi_projectlist.ddls.asddls"),
      "define view entity ZI_ProjectList as select from I_EnterpriseProjectTP_3\n{\n  key ProjectUUID\n}\n",
    );
    const r = JSON.parse(
      uplift(["scan", dir, "--erp", "sap", "--from", "2022", "--to", "2023", "--clean-core", "--format", "json", "--fail-on", "none"])
        .stdout,
    ) as Result;
    const notReleased = r.findings.filter((f) => f.ruleId === "sap/clean-core/not-released").map((f) => `${f.file}:${f.line}:${f.column}`);
    expect(notReleased).toEqual(["src/zi_projectlist.ddls.asddls:1:50"]);
  });
});
