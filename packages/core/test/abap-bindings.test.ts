import { beforeAll, describe, expect, it } from "vitest";
import { extractAbapProject, extractFacts, prepareLanguage, type Fact } from "@uplift/core";

// Scans load the ABAP parser before they extract; so does this test.
beforeAll(() => prepareLanguage("abap"));

function facts(text: string, path = "zt.prog.abap"): Fact[] {
  return extractFacts({ path, language: "abap", text }).facts;
}

function show(list: readonly Fact[], prefix: string): string[] {
  return list
    .filter((f) => f.key.startsWith(prefix))
    .map((f) => `${f.span.line}:${f.span.column} ${f.key} ${String(f.detail?.value ?? f.detail?.via ?? "")}`);
}

describe("database writes and internal tables of the same name", () => {
  it("reads MODIFY/DELETE on a declared internal table as the internal table, UPDATE always as the database", () => {
    const list = facts(`REPORT zt.
DATA bsik TYPE STANDARD TABLE OF bsik WITH HEADER LINE.
DATA ls TYPE bsik.
LOOP AT bsik.
  MODIFY bsik FROM bsik.
  UPDATE bsik SET zlspr = 'A' WHERE belnr = bsik-belnr.
ENDLOOP.
MODIFY bsak FROM ls.
`);
    expect(show(list, "table:BS").filter((f) => !f.endsWith("type"))).toEqual(["6:10 table:BSIK update", "8:8 table:BSAK modify"]);
  });

  it("limits a table declared in a FORM to that FORM; DELETE FROM is always the database", () => {
    const list = facts(`REPORT zt.
TABLES konv.
FORM a.
  DATA konv TYPE STANDARD TABLE OF konv.
  DATA ls TYPE konv.
  MODIFY konv FROM ls.
  DELETE konv FROM 5.
ENDFORM.
FORM b.
  DATA ls TYPE konv.
  MODIFY konv FROM ls.
  DELETE FROM konv WHERE knumv = '1'.
ENDFORM.
`);
    expect(show(list, "table:KONV").filter((f) => /modify|delete/.test(f))).toEqual(["11:10 table:KONV modify", "12:15 table:KONV delete"]);
  });
});

describe("names bound to literals", () => {
  it("gives a dynamic table name the table its literal names, at the literal", () => {
    const list = facts(`REPORT zt.
DATA lv_table TYPE tabname.
DATA lt TYPE STANDARD TABLE OF vbuk.
lv_table = 'VBUK'.
SELECT * FROM (lv_table) INTO TABLE lt.
`);
    expect(show(list, "table:VBUK").filter((f) => f.endsWith("select"))).toEqual(["4:12 table:VBUK select"]);
  });

  it("resolves CALL TRANSACTION on a constant", () => {
    const list = facts(`REPORT zt.
CONSTANTS gc_tcode TYPE sytcode VALUE 'XD02'.
DATA lt_bdc TYPE STANDARD TABLE OF bdcdata.
CALL TRANSACTION gc_tcode USING lt_bdc MODE 'N'.
`);
    expect(show(list, "tcode:")).toEqual(["4:18 tcode:XD02 XD02"]);
  });
});

describe("batch input", () => {
  it("names the screen program a BDCDATA structure is given, directly or through a FORM parameter", () => {
    const list = facts(`REPORT zt.
DATA: gt_bdc TYPE STANDARD TABLE OF bdcdata,
      gs_bdc TYPE bdcdata.
START-OF-SELECTION.
  PERFORM dynpro USING 'SAPMF02K' '0100'.
  PERFORM dynpro USING 'SAPMF02K' '0110'.
  gs_bdc-program = 'SAPMV45A'.
  APPEND gs_bdc TO gt_bdc.
FORM dynpro USING pv_program pv_dynpro.
  CLEAR gs_bdc.
  gs_bdc-program = pv_program.
  gs_bdc-dynpro = pv_dynpro.
  APPEND gs_bdc TO gt_bdc.
ENDFORM.
`);
    expect(show(list, "program:")).toEqual(["5:24 program:SAPMF02K bdc", "7:20 program:SAPMV45A bdc"]);
  });

  it("knows SAP's recording include, and reads no program from a literal that is not batch input", () => {
    expect(
      show(
        facts(`REPORT zt.
INCLUDE bdcrecx1.
START-OF-SELECTION.
  PERFORM bdc_dynpro USING 'SAPMM07M' '0400'.
`),
        "program:",
      ),
    ).toEqual(["4:28 program:SAPMM07M bdc"]);
    expect(
      show(
        facts(`REPORT zt.
DATA ls_x TYPE c LENGTH 8.
ls_x = 'SAPMF02D'.
PERFORM bdc_dynpro USING 'SAPMF02D' '0100'.
FORM bdc_dynpro USING p d.
ENDFORM.
`),
        "program:",
      ),
    ).toEqual([]);
  });
});

describe("calls of instance methods", () => {
  it("resolves the class of a declared reference", () => {
    const list = facts(`REPORT zt.
DATA lo_log TYPE REF TO cl_bal_logging.
DATA(lo_alv) = NEW cl_salv_table( ).
lo_log->add_message( ).
CALL METHOD lo_log->save.
lo_alv->display( ).
lo_log->get( )->run( ).
`);
    expect(list.filter((f) => f.kind === "call").map((f) => `${f.span.line} ${f.key}`)).toEqual([
      "4 CL_BAL_LOGGING->ADD_MESSAGE",
      "5 CL_BAL_LOGGING->SAVE",
      "6 CL_SALV_TABLE->DISPLAY",
      "7 CL_BAL_LOGGING->GET",
    ]);
  });
});

describe("the type-aware pass", () => {
  it("reports a field too short for a material number at its declaration, once", () => {
    const list = facts(`REPORT zt.
TYPES: BEGIN OF ty_label,
         matnr TYPE c LENGTH 18,
       END OF ty_label.
DATA ls_label TYPE ty_label.
DATA ls_mara TYPE mara.
DATA lv_short TYPE char18.
ls_label-matnr = ls_mara-matnr.
lv_short = ls_mara-matnr.
lv_short = ls_mara-matnr.
`);
    expect(list.filter((f) => f.key === "dtel:MATNR" && f.detail?.value === "truncate").map((f) => [f.span.line, f.detail?.at])).toEqual([
      [3, [8]],
      [7, [9, 10]],
    ]);
  });

  it("reads SELECT … READ TABLE … INDEX as relying on the order of the rows", () => {
    const list = facts(`REPORT zt.
DATA lt TYPE STANDARD TABLE OF mseg.
DATA ls TYPE mseg.
SELECT * FROM mseg INTO TABLE lt WHERE bwart = '101'.
READ TABLE lt INTO ls INDEX 1.
`);
    expect(show(list, "unsorted:")).toEqual(["4:48 unsorted:MSEG index-read"]);
  });

  it("reports character comparisons of the document category", () => {
    const list = facts(`REPORT zt.
DATA ls_vbak TYPE vbak.
FIELD-SYMBOLS <fs> TYPE vbfa.
IF ls_vbak-vbtyp CA 'CGI' OR ls_vbak-vbtyp = 'C'.
ENDIF.
ASSIGN ls_vbak TO <fs> CASTING.
IF <fs>-vbtyp_n NA 'MN'.
ENDIF.
`);
    expect(show(list, "dtel:VBTYPL")).toEqual(["4:4 dtel:VBTYPL compare-characters", "7:4 dtel:VBTYPL compare-characters"]);
  });
});

describe("statements over the parser's bound", () => {
  it("are attributed to their own file, not to a file with an unknown statement at the same place", async () => {
    const terms = Array.from({ length: 24 }, (_, i) => `f${i} = ls_x-f${i}`).join(" AND ");
    const result = await extractAbapProject(
      [
        { path: "src/zslow.prog.abap", text: `REPORT zslow.\nSELECT * FROM vbak WHERE ${terms} INTO TABLE @lt.\n` },
        { path: "src/zbroken.prog.abap", text: `REPORT zbroken.\nTHIS IS NOT ABAP.\n` },
      ],
      { root: ".", workers: 0 },
    );
    expect(result.unanalysed.map((u) => u.file)).toEqual(["src/zslow.prog.abap"]);
    expect(result.files.get("src/zbroken.prog.abap")?.problems.map((p) => p.message)).toEqual([
      "statement not understood: THIS IS NOT ABAP.",
    ]);
  });
});

describe("statements abaplint does not know", () => {
  it("are the parser's gaps, not errors of the code, and the rest of the file is read", () => {
    const facts = extractFacts({
      path: "zcl_bp_x.clas.locals_imp.abap",
      language: "abap",
      text: [
        "CLASS ltc_x DEFINITION DEFERRED FOR TESTING.",
        "CLASS lhc_x DEFINITION FRIENDS ltc_x.",
        "  PUBLIC SECTION.",
        "    METHODS m.",
        "ENDCLASS.",
        "CLASS lhc_x IMPLEMENTATION.",
        "  METHOD m.",
        "    SELECT * FROM vbuk INTO TABLE @DATA(lt).",
        "  ENDMETHOD.",
        "ENDCLASS.",
      ].join("\n"),
    });
    expect(facts.problems).toEqual([
      { message: "statement not understood: CLASS ltc_x DEFINITION DEFERRED FOR TESTING.", line: 1, column: 1, parserGap: true },
    ]);
    expect(facts.facts.some((f) => f.key === "table:VBUK" && f.span.line === 8)).toBe(true);
  });
});

describe("fields of rows read from a table", () => {
  it("follows the SELECT's target and the rows a LOOP takes from it, until a SELECT fills it from another table", () => {
    const list = facts(`REPORT zt.
DATA ls_knkk TYPE knkk.
DATA lt_s066 TYPE STANDARD TABLE OF s066.
DATA lv TYPE klimk.
lv = ls_knkk-klimk.
SELECT SINGLE * FROM knkk INTO ls_knkk WHERE kunnr = '1'.
lv = ls_knkk-klimk.
SELECT * FROM s066 INTO TABLE lt_s066.
LOOP AT lt_s066 ASSIGNING FIELD-SYMBOL(<ls>).
  lv = lv + <ls>-oeikw.
ENDLOOP.
SELECT SINGLE * FROM knb1 INTO ls_knkk WHERE kunnr = '1'.
lv = ls_knkk-klimk.
`);
    expect(show(list, "row:")).toEqual(["7:6 row:KNKK field", "10:13 row:S066 field", "13:6 row:KNB1 field"]);
  });

  it("follows a work area declared in a routine only to the routine's end", () => {
    const list = facts(`REPORT zt.
FORM a.
  DATA ls TYPE knkk.
  SELECT SINGLE * FROM knkk INTO ls.
ENDFORM.
FORM b.
  DATA ls TYPE knkk.
  DATA lv TYPE klimk.
  lv = ls-klimk.
ENDFORM.
`);
    expect(show(list, "row:")).toEqual([]);
  });
});

describe("a material number carried by a field", () => {
  it("is cut again where the field is copied into a shorter one, and followed from copy to copy", () => {
    const list = facts(`REPORT zt.
DATA ls_marc TYPE marc.
DATA lv_key TYPE c LENGTH 23.
DATA lv_copy TYPE c LENGTH 23.
DATA lv_last TYPE c LENGTH 20.
DATA lv_long TYPE c LENGTH 60.
lv_last = lv_copy.
lv_copy = lv_key.
lv_long = lv_copy.
CONCATENATE ls_marc-matnr ls_marc-werks INTO lv_key SEPARATED BY '/'.
`);
    expect(show(list, "dtel:MATNR").filter((f) => !f.endsWith(" type"))).toEqual([
      "3:6 dtel:MATNR concatenate",
      "4:6 dtel:MATNR truncate",
      "5:6 dtel:MATNR truncate",
    ]);
  });
});
