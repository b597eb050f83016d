import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { extractFacts, LineIndex, prepareLanguage, type Fact } from "@uplift/core";
import { mutatedSources } from "./helpers.js";

// abaplint is loaded on first use, as a scan loads it when it meets a CDS source.
beforeAll(() => prepareLanguage("cds"));

const read = (file: string, text: string) => extractFacts({ path: file, language: "cds", text });
const show = (facts: readonly Fact[]) =>
  facts.map((f) => `${f.span.line}:${f.span.column}-${f.span.endLine}:${f.span.endColumn} ${f.kind} ${f.key} ${String(f.detail?.value)}`);

describe("the CDS adapter", () => {
  it("reads a DDIC-based view: its kind, SQL view name, data sources and association targets, at their names", () => {
    const text = [
      "@AbapCatalog.sqlViewName: 'ZVSTATUS'",
      "define view ZI_Status",
      "  as select from vbak as Header",
      "    left outer join /abc/vbuk on /abc/vbuk.vbeln = Header.vbeln",
      "  association [0..1] to I_Customer as _Customer on _Customer.Customer = Header.kunnr",
      "{ key Header.vbeln, _Customer }",
    ].join("\n");
    const facts = read("zi_status.ddls.asddls", text).facts;
    expect(show(facts)).toEqual([
      "1:1-1:37 tag @AbapCatalog.sqlViewName ZVSTATUS",
      "2:1-2:22 definition ZI_STATUS view",
      "3:18-3:22 ref table:VBAK cds-select",
      "4:21-4:30 ref table:/ABC/VBUK cds-select",
      "5:25-5:35 ref table:I_CUSTOMER cds-association",
    ]);
    expect(facts.find((f) => f.kind === "definition")?.detail).toMatchObject({ sqlViewName: "ZVSTATUS", object: "DDLS ZI_STATUS" });
    expect(facts.every((f) => f.enclosing === "DDLS ZI_STATUS")).toBe(true);
  });

  it("tells view entities, root entities, projections, unions, compositions and metadata extensions apart", () => {
    const root = read(
      "zr_travel.ddls.asddls",
      "define root view entity ZR_Travel as select from ztravel\n  composition [0..*] of ZR_Booking as _Booking\n{ key travel_id, _Booking }\nunion all select from ztravel_old { key travel_id }",
    ).facts;
    expect(show(root)).toEqual([
      "1:1-1:34 definition ZR_TRAVEL view-entity",
      "1:50-1:57 ref table:ZTRAVEL cds-select",
      "2:25-2:35 ref table:ZR_BOOKING cds-association",
      "4:23-4:34 ref table:ZTRAVEL_OLD cds-select",
    ]);
    expect(root[0]!.detail?.rootEntity).toBe(true);
    const projection = read(
      "zc_travel.ddls.asddls",
      "define root view entity ZC_Travel\n  provider contract transactional_query\n  as projection on ZR_Travel\n{ key TravelId }",
    ).facts;
    expect(show(projection).slice(-1)).toEqual(["3:20-3:29 ref table:ZR_TRAVEL cds-projection"]);
    const annotate = read(
      "zc_travel.ddlx.asddlxs",
      "@Metadata.layer: #CUSTOMER\nannotate entity ZC_Travel with\n{ @UI.lineItem: [{ position: 10 }] TravelId; }",
    ).facts;
    expect(show(annotate)).toEqual([
      "1:1-1:27 tag @Metadata.layer #CUSTOMER",
      "2:1-2:26 definition ZC_TRAVEL annotate",
      "2:17-2:26 ref table:ZC_TRAVEL cds-annotate",
    ]);
    expect(annotate[0]!.enclosing).toBe("DDLX ZC_TRAVEL");
  });

  it("never reads a name in a comment or a string as a data source", () => {
    const text = [
      "// select from vbuk",
      "@EndUserText.label: 'join konv'",
      "define view entity ZI_Ok as select from vbak /* inner join vbup */",
      "-- association to konv",
      "{ key vbeln, 'vbuk' as Origin }",
    ].join("\n");
    const extracted = read("zi_ok.ddls.asddls", text);
    expect(extracted.facts.filter((f) => f.kind === "ref").map((f) => f.key)).toEqual(["table:VBAK"]);
    expect(extracted.comments.map(([a, b]) => text.slice(a, b))).toEqual([
      "// select from vbuk",
      "/* inner join vbup */",
      "-- association to konv",
    ]);
  });

  it("reads the entities an access control protects and inherits from, and those a service exposes", () => {
    const role = read(
      "zi_x.dcls.asdcls",
      "@MappingRole: true\ndefine role ZI_X {\n  grant select on ZI_X\n    where inheriting conditions from entity I_SalesOrder; // entity I_Other\n}",
    );
    expect(show(role.facts)).toEqual([
      "2:1-2:17 definition ZI_X role",
      "3:19-3:23 ref table:ZI_X cds-grant",
      "4:45-4:57 ref table:I_SALESORDER cds-inherit",
    ]);
    const service = read(
      "zui_x.srvd.srvdsrv",
      "define service /ABC/UI_X {\n  expose /ABC/C_X as X;\n  /* expose I_Hidden as H; */\n  expose I_Country as 'Country';\n}",
    );
    expect(show(service.facts)).toEqual([
      "1:1-1:25 definition /ABC/UI_X service",
      "2:10-2:18 ref table:/ABC/C_X cds-expose",
      "4:10-4:19 ref table:I_COUNTRY cds-expose",
    ]);
    expect(read("zui_y.srvd.srvdsrv", "expose I_Country;").problems[0]).toMatchObject({ parserGap: true, wholeFile: true });
  });

  it("names the line where the parser stops reading a source it does not read, as a gap of the parser", () => {
    const extracted = read(
      "zi_broken.ddls.asddls",
      "@EndUserText.label: 'x'\n@Metadata.ignorePropagatedAnnotations: true\ndefine scalar function ZSF_X\n  returns abap.int4;",
    );
    expect(extracted.facts).toEqual([]);
    expect(extracted.problems).toEqual([expect.objectContaining({ line: 3, column: 1, parserGap: true, wholeFile: true })]);
    expect(read("zi_empty.ddls.asddls", "").problems[0]).toMatchObject({ message: "empty CDS source", line: 1, parserGap: true });
  });
});

const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../fixtures/sap-cds/src");
const SOURCES = [
  "zi_salesorderstatus.ddls.asddls",
  "zi_orderpricing.ddls.asddls",
  "zi_goodsmovement.ddls.asddls",
  "zc_orderpricing.ddlx.asddlxs",
  "zi_salesorderstatus.dcls.asdcls",
  "zui_orderpricing.srvd.srvdsrv",
].map((p) => ({ path: p, text: readFileSync(path.join(fixture, p), "utf8") }));

/** Mutations a broken export or a half-edited source shows: cut, duplicated, spliced, garbage inserted. */
const mutated = mutatedSources(SOURCES, [
  "{",
  "}",
  "(",
  "'",
  "/*",
  "//",
  "@",
  "[0..*]",
  "association to vbuk",
  "inner join",
  "\u0000",
  "\r",
  ";",
  "(".repeat(200),
]);

describe("the CDS adapter on mutated sources", () => {
  it("never throws; every fact stands inside the text and every failure is a parser gap with a line", () => {
    fc.assert(
      fc.property(mutated, (file) => {
        const extracted = read(file.path, file.text);
        const lines = new LineIndex(file.text);
        for (const f of extracted.facts) {
          expect(f.span.line).toBeGreaterThanOrEqual(1);
          expect(f.span.endLine).toBeLessThanOrEqual(lines.lineCount);
          if (f.kind === "ref") {
            const start = lines.offset(f.span.line, f.span.column);
            expect(file.text.slice(start, lines.offset(f.span.endLine, f.span.endColumn)).toUpperCase()).toBe(f.key.slice(6));
          }
        }
        for (const p of extracted.problems) {
          expect(p.parserGap).toBe(true);
          expect(p.line).toBeGreaterThanOrEqual(1);
          expect(p.line).toBeLessThanOrEqual(lines.lineCount);
        }
      }),
      { numRuns: 80 },
    );
  });
});
