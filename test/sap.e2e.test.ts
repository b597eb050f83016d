import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { strToU8, zipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { expectGolden, repoRoot, uplift } from "./helpers.js";

interface Finding {
  ruleId: string;
  file: string;
  line: number;
  fixable: boolean;
  impact: { artefacts: Array<{ type: string; name: string; record?: string }>; processes: string[] };
}
interface Result {
  projects: Array<{ path: string; from: string; to: string }>;
  findings: Finding[];
  unanalysed: Array<{ file: string; reason: string }>;
  summary: { files: { relevant: number; checked: number; unchecked: number } };
  unchecked: Array<{ file: string; why: string }>;
}

const temp: string[] = [];
afterAll(() => {
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

function scratch(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "uplift-sap-"));
  temp.push(dir);
  return dir;
}

describe("an abapGit package of ECC programs", () => {
  const run = uplift(["scan", "fixtures/sap", "--erp", "sap", "--from", "ecc6", "--to", "2023", "--format", "json"]);
  const result = JSON.parse(run.stdout) as Result;

  it("gives the reviewed findings", () => {
    expect(run.stderr).toBe("");
    expectGolden("sap-scan.json", run.stdout);
  });

  it("names the program, the function module and the transaction that starts the program", () => {
    const vbuk = result.findings.find((f) => f.ruleId === "sap/s4hana/vbuk-read")!;
    expect(vbuk.impact.artefacts.map((a) => `${a.type}: ${a.name}`)).toEqual([
      "program: ZSD_ORDER_STATUS",
      "transaction: ZSD01 (ZSD_ORDER_STATUS)",
    ]);
    expect(vbuk.impact.processes).toEqual(["order-to-cash"]);
    const mseg = result.findings.find((f) => f.ruleId === "sap/s4hana/material-document-write")!;
    expect(mseg.impact.artefacts[0]).toMatchObject({
      type: "function module",
      name: "Z_MM_POST_MOVEMENT (function group ZMM_GOODS_MOVEMENT)",
    });
  });

  it("counts every ABAP source and object description as relevant, and all of them as checked", () => {
    const abapFiles = 14; // .abap and object .xml files of the fixture; .abapgit.xml is repository settings
    expect(result.summary.files).toMatchObject({ relevant: abapFiles, checked: abapFiles, unchecked: 0 });
    expect(result.unchecked).toEqual([]);
  });

  it("never reads comments as code", () => {
    // The report's header comment says "FROM vbuk" on line 3.
    expect(result.findings.filter((f) => f.file.endsWith("zsd_order_status.prog.abap") && f.line < 5)).toEqual([]);
  });

  it("reads the same package from a ZIP export in place", () => {
    const dir = scratch();
    const files: Record<string, Uint8Array> = {};
    const add = (rel: string): void => {
      files[rel] = strToU8(readFileSync(path.join(repoRoot, "fixtures/sap", rel), "utf8"));
    };
    for (const rel of [
      ".abapgit.xml",
      "src/package.devc.xml",
      "src/sd/package.devc.xml",
      "src/sd/zcl_sd_pricing.clas.abap",
      "src/sd/zcl_sd_pricing.clas.xml",
    ])
      add(rel);
    writeFileSync(path.join(dir, "zsd_export.zip"), zipSync(files));
    const zipped = JSON.parse(uplift(["scan", dir, "--erp", "sap", "--format", "json"]).stdout) as Result;
    expect(zipped.projects.map((p) => p.path)).toEqual(["zsd_export.zip!"]);
    expect(zipped.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual([
      "zsd_export.zip!/src/sd/zcl_sd_pricing.clas.abap:14 sap/s4hana/konv-read-into-corresponding",
      "zsd_export.zip!/src/sd/zcl_sd_pricing.clas.abap:18 sap/s4hana/konv-write",
    ]);
  });

  it("lists a statement past the parser's bound as unanalysed and still reads the rest", () => {
    const dir = scratch();
    cpSync(path.join(repoRoot, "fixtures/sap/.abapgit.xml"), path.join(dir, ".abapgit.xml"));
    const terms = Array.from({ length: 24 }, (_, i) => `f${i} = ls_x-f${i}`).join(" AND ");
    writeFileSync(
      path.join(dir, "zslow.prog.abap"),
      `REPORT zslow.\nDATA ls_x TYPE vbak.\nDATA lt TYPE STANDARD TABLE OF vbak.\nSELECT * FROM vbak WHERE ${terms} INTO TABLE @lt.\nSELECT * FROM konv INTO TABLE lt.\n`,
    );
    const slow = JSON.parse(uplift(["scan", dir, "--format", "json"]).stdout) as Result;
    expect(slow.unanalysed).toEqual([
      { file: "zslow.prog.abap", reason: "PROG ZSLOW: the statement at line 4 is too complex for the parser's bound; it was not analysed" },
    ]);
    // The parser's bound is no defect of the program: no finding says so, but the program was not checked.
    expect(slow.findings.map((f) => f.ruleId).sort()).toEqual(["sap/s4hana/konv-read-into-corresponding"]);
    expect(slow.unchecked).toEqual([expect.objectContaining({ file: "zslow.prog.abap", why: "unparseable" })]);
    expect(slow.summary.files).toMatchObject({ relevant: 1, checked: 0, unchecked: 1 });
  });

  it("lists a file with statements abaplint does not know as unchecked at their line, with no finding, and never says Go", () => {
    const dir = scratch();
    cpSync(path.join(repoRoot, "fixtures/sap/.abapgit.xml"), path.join(dir, ".abapgit.xml"));
    // Valid ABAP of recent releases (RAP test doubles) that abaplint does not parse.
    writeFileSync(
      path.join(dir, "zcl_bp_travel.clas.locals_imp.abap"),
      [
        "CLASS ltc_travel DEFINITION DEFERRED FOR TESTING.",
        "CLASS lhc_travel DEFINITION INHERITING FROM cl_abap_behavior_handler FRIENDS ltc_travel.",
        "  PRIVATE SECTION.",
        "    METHODS read_conditions IMPORTING iv_knumv TYPE knumv.",
        "ENDCLASS.",
        "CLASS lhc_travel IMPLEMENTATION.",
        "  METHOD read_conditions.",
        "    DATA lt_konv TYPE STANDARD TABLE OF konv.",
        "    SELECT * FROM konv INTO TABLE lt_konv WHERE knumv = iv_knumv.",
        "  ENDMETHOD.",
        "ENDCLASS.",
        "",
      ].join("\n"),
    );
    const json = uplift(["scan", dir, "--erp", "sap", "--format", "json"]);
    const partly = JSON.parse(json.stdout) as Result & { unchecked: Array<{ reason: string }> };
    // The rest of the file is read: the KONV read on line 9 is found.
    expect(partly.findings.map((f) => `${f.line} ${f.ruleId}`)).toEqual(["9 sap/s4hana/konv-read-into-corresponding"]);
    expect(partly.unchecked).toEqual([
      {
        file: "zcl_bp_travel.clas.locals_imp.abap",
        why: "unparseable",
        reason:
          "line 1: statement not understood: CLASS ltc_travel DEFINITION DEFERRED FOR TESTING.; the parser does not read it, the rest of the file was checked",
      },
    ]);
    // Without the KONV read nothing is found, and still the verdict is not Go.
    const file = path.join(dir, "zcl_bp_travel.clas.locals_imp.abap");
    writeFileSync(file, readFileSync(file, "utf8").replace("FROM konv", "FROM vbak"));
    const text = uplift(["scan", dir, "--erp", "sap"]);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/No-go: 1 relevant file was not checked: zcl_bp_travel\.clas\.locals_imp\.abap\./);
  });

  it("fixes only the exact rewrites, and the result parses", () => {
    const dir = scratch();
    cpSync(path.join(repoRoot, "fixtures/sap"), dir, { recursive: true });
    const fixed = uplift(["scan", dir, "--from", "ecc6", "--fix", "--fail-on", "none"]);
    expect(fixed.status).toBe(0);
    // Each round reads the objects as the last one left them: the fixes settle, none is made twice.
    expect(fixed.stderr).not.toMatch(/still apply|not fixed/);
    const report = readFileSync(path.join(dir, "src/sd/zsd_order_status.prog.abap"), "utf8");
    expect(report).toContain(
      "SELECT * FROM v_vbuk_s4 INTO CORRESPONDING FIELDS OF TABLE gt_vbuk WHERE vbeln IN s_vbeln ORDER BY PRIMARY KEY.",
    );
    expect(report).toContain("SELECT * FROM vbap INTO TABLE gt_vbap WHERE vbeln IN s_vbeln ORDER BY PRIMARY KEY.");
    expect(report).toContain("vbtyp TYPE vbtypl,");
    // SELECT * into a table typed like KONV: the view's fields are not KONV's, so the rows go INTO CORRESPONDING FIELDS.
    const pricing = readFileSync(path.join(dir, "src/sd/zcl_sd_pricing.clas.abap"), "utf8");
    expect(pricing).toContain("SELECT * FROM v_konv INTO CORRESPONDING FIELDS OF TABLE rt_conditions WHERE knumv = iv_knumv.");
    const again = JSON.parse(uplift(["scan", dir, "--from", "ecc6", "--format", "json"]).stdout) as Result;
    expect(again.findings.filter((f) => f.ruleId === "uplift/parse-error")).toEqual([]);
  });
});
