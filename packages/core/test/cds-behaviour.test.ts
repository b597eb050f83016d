import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { extractFacts, LineIndex, prepareLanguage, type Fact } from "@uplift/core";
import { mutatedSources } from "./helpers.js";

beforeAll(() => prepareLanguage("cds"));

const read = (file: string, text: string) => extractFacts({ path: file, language: "cds", text });
const show = (facts: readonly Fact[]) =>
  facts.map((f) => `${f.span.line}:${f.span.column}-${f.span.endLine}:${f.span.endColumn} ${f.kind} ${f.key} ${String(f.detail?.value)}`);
const refs = (facts: readonly Fact[]) => facts.filter((f) => f.kind === "ref").map((f) => `${f.key} ${String(f.detail?.value)}`);

describe("the behaviour definition reader", () => {
  it("reads a managed draft BDEF: its kind and header, each entity with its characteristics, tables, class and mapping, at their names", () => {
    const text = [
      "managed implementation in class zbp_r_order unique;",
      "strict ( 2 );",
      "with draft;",
      "define behavior for ZR_Order alias Order",
      "persistent table zorder",
      "draft table zorder_d query ZR_OrderDraft",
      "lock master total etag LastChangedAt",
      "authorization master ( instance )",
      "etag master LocalLastChangedAt",
      "{",
      "  create; update;",
      "  association _Item { create; with draft; }",
      "  mapping for zorder corresponding { OrderId = order_id; }",
      "}",
      "define behavior for ZR_OrderItem alias Item",
      "implementation in class zbp_r_orderitem unique",
      "persistent table zorder_item",
      "draft table zorder_item_d",
      "with additional save",
      "lock dependent by _Order",
      "authorization dependent by _Order",
      "early numbering",
      "{ update; association _Order { with draft; } }",
    ].join("\n");
    const facts = read("zr_order.bdef.asbdef", text).facts;
    expect(show(facts)).toEqual([
      "1:1-1:8 definition ZR_ORDER managed",
      "1:33-1:44 ref class:ZBP_R_ORDER bdef-implementation",
      "4:21-4:29 ref table:ZR_ORDER bdef-entity",
      "5:18-5:24 ref table:ZORDER bdef-persistent-table",
      "6:13-6:21 ref table:ZORDER_D bdef-draft-table",
      "6:28-6:41 ref table:ZR_ORDERDRAFT bdef-draft-query",
      "13:15-13:21 ref table:ZORDER bdef-mapping",
      "15:21-15:33 ref table:ZR_ORDERITEM bdef-entity",
      "16:25-16:40 ref class:ZBP_R_ORDERITEM bdef-implementation",
      "17:18-17:29 ref table:ZORDER_ITEM bdef-persistent-table",
      "18:13-18:26 ref table:ZORDER_ITEM_D bdef-draft-table",
    ]);
    expect(facts[0]!.detail).toMatchObject({ value: "managed", strict: 2, draft: "draft", object: "BDEF ZR_ORDER" });
    expect(facts[2]!.detail).toMatchObject({ alias: "Order", lock: "master", authorization: "master", etag: "master", via: "cds" });
    expect(facts[7]!.detail).toMatchObject({
      alias: "Item",
      lock: "dependent",
      authorization: "dependent",
      save: "additional",
      numbering: "early",
    });
    expect(facts.every((f) => f.enclosing === "BDEF ZR_ORDER")).toBe(true);
  });

  it("reads the types of actions, functions and events, a mapping's control structure, and never $self", () => {
    const text = [
      "unmanaged implementation in class zbp_i_doc unique;",
      "strict;",
      "define behavior for ZI_Doc alias Doc",
      "{",
      "  action ( features : instance ) approve external 'approveVbuk' result [1] $self;",
      "  static action create parameter ZD_CreateDoc result [0..*] entity ZI_Doc;",
      "  function list result selective [1] I_Country;",
      "  action send deep parameter ZD_Deep;",
      "  event sent parameter ZD_Sent;",
      "  mapping for bapisdhd1 control bapisdhd1x { parameter Mode = mode; }",
      "}",
    ].join("\n");
    const facts = read("zi_doc.bdef.asbdef", text).facts;
    expect(facts[0]!.detail).toMatchObject({ value: "unmanaged", strict: 1 });
    expect(refs(facts)).toEqual([
      "class:ZBP_I_DOC bdef-implementation",
      "table:ZI_DOC bdef-entity",
      "table:ZD_CREATEDOC bdef-parameter",
      "table:ZI_DOC bdef-result",
      "table:I_COUNTRY bdef-result",
      "table:ZD_DEEP bdef-parameter",
      "table:ZD_SENT bdef-parameter",
      "table:BAPISDHD1 bdef-mapping",
      "table:BAPISDHD1X bdef-mapping-control",
    ]);
    expect(show(facts).find((f) => f.includes("I_COUNTRY"))).toBe("7:38-7:47 ref table:I_COUNTRY bdef-result");
  });

  it("tells extensions, projections, interfaces and abstract BDEFs apart, with what each names", () => {
    const extension = read(
      "zx_order.bdef.asbdef",
      [
        "extension using interface I_SalesOrderTP",
        "implementation in class zbp_x_order unique;",
        "foreign entity I_Customer;",
        "extend behavior for SalesOrder { validation zz_check on save { create; } }",
        "define behavior for ZR_OrderNote alias ZZ_Note using ZI_OrderNote",
        "persistent table znote",
        "( lock, authorization ) dependent",
        "{ update; association _Order using ZR_Other \\_Notes { with draft; } }",
      ].join("\n"),
    ).facts;
    expect(show(extension)).toEqual([
      "1:1-1:10 definition ZX_ORDER extension",
      "1:27-1:41 ref table:I_SALESORDERTP bdef-interface",
      "2:25-2:36 ref class:ZBP_X_ORDER bdef-implementation",
      "3:16-3:26 ref table:I_CUSTOMER bdef-foreign-entity",
      "4:21-4:31 ref table:SALESORDER bdef-extend",
      "5:21-5:33 ref table:ZR_ORDERNOTE bdef-entity",
      "5:54-5:66 ref table:ZI_ORDERNOTE bdef-using",
      "6:18-6:23 ref table:ZNOTE bdef-persistent-table",
      "8:36-8:44 ref table:ZR_OTHER bdef-association",
    ]);
    expect(extension[5]!.detail).toMatchObject({ alias: "ZZ_Note", lock: "dependent", authorization: "dependent" });
    expect(extension[5]!.detail?.etag).toBeUndefined();

    const kinds = [
      ["projection implementation in class zbp_c_order unique;\nuse draft;\ndefine behavior for ZC_Order { use update; }", "projection"],
      ["interface;\nuse collaborative draft;\ndefine behavior for ZI_OrderTP alias Order { use update; }", "interface"],
      ["abstract;\nwith hierarchy;\ndefine behavior for ZD_Order with control { }", "abstract"],
      ["extension for projection;\nextend behavior for Order { }", "extension-projection"],
      ["implementation unmanaged in class zbp_old unique;\ndefine behavior for ZI_Old { }", "unmanaged"],
    ] as const;
    for (const [text, kind] of kinds) {
      const extracted = read("zany.bdef.asbdef", text);
      expect(extracted.problems).toEqual([]);
      expect(extracted.facts[0]).toMatchObject({ kind: "definition", key: "ZANY", detail: { value: kind } });
    }
    expect(read("zany.bdef.asbdef", kinds[1][0]).facts[0]!.detail?.draft).toBe("collaborative");
    expect(refs(read("zany.bdef.asbdef", kinds[4][0]).facts)).toEqual(["class:ZBP_OLD bdef-implementation", "table:ZI_OLD bdef-entity"]);
  });

  it("never reads a name in a comment or a string", () => {
    const text = [
      "// persistent table vbuk",
      "managed; /* mapping for konv */",
      "define behavior for ZR_X persistent table zx",
      "{ action a external 'parameter vbup' result [1] $self; }",
    ].join("\n");
    const extracted = read("zr_x.bdef.asbdef", text);
    expect(refs(extracted.facts)).toEqual(["table:ZR_X bdef-entity", "table:ZX bdef-persistent-table"]);
    expect(extracted.comments).toHaveLength(2);
  });

  it("names the object by the first entity when the file name does not, and lists a source without a behaviour definition as unchecked", () => {
    expect(read("behaviour.asbdef", "managed;\ndefine behavior for ZR_Loose { }").facts[0]).toMatchObject({
      key: "ZR_LOOSE",
      span: { line: 1, column: 1 },
    });
    for (const [text, message] of [
      ["", "empty behaviour definition source"],
      ["// only a comment", "empty behaviour definition source"],
      [
        "define behavior for ZR_X { }",
        "no behaviour definition found (it starts with managed, unmanaged, projection, interface, abstract or extension)",
      ],
      ["managed;\nstrict ( 2 );", "no behaviour definition found (no define behavior for or extend behavior for)"],
      ["managed;\ndefine behavior for { }", "no behaviour definition found (no define behavior for or extend behavior for)"],
    ] as const) {
      const extracted = read("zr_x.bdef.asbdef", text);
      expect(extracted.facts).toEqual([]);
      expect(extracted.problems).toEqual([{ message, line: 1, column: 1, parserGap: true, wholeFile: true }]);
    }
  });

  it("reads long and deeply nested sources in one pass", () => {
    const deep = `managed;\n${"{".repeat(50_000)}define behavior for ZR_Deep${"}".repeat(50_000)}\ndefine behavior for ZR_Top { }`;
    expect(refs(read("zr_deep.bdef.asbdef", deep).facts)).toEqual(["table:ZR_TOP bdef-entity"]);
    const long = `managed;\ndefine behavior for ZR_Long {\n${"  action a result [ 1 result [ parameter parameter mapping for for ( lock , \n".repeat(20_000)}}`;
    const extracted = read("zr_long.bdef.asbdef", long);
    expect(extracted.problems).toEqual([]);
    expect(extracted.facts.filter((f) => f.key === "table:PARAMETER")).toHaveLength(20_000);
  });
});

const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../fixtures/sap-cds/src");
const SOURCES = [
  ...["zi_deliveryblock.bdef.asbdef", "zx_salesorder_pricing.bdef.asbdef"].map((p) => ({
    path: p,
    text: readFileSync(path.join(fixture, p), "utf8"),
  })),
  {
    path: "zr_order.bdef.asbdef",
    text: [
      "managed implementation in class zbp_r_order unique;",
      "strict ( 2 );",
      "with draft;",
      "define behavior for ZR_Order alias Order using ZI_Order",
      "persistent table zorder",
      "draft table zorder_d query ZR_OrderDraft",
      "( lock, authorization, etag ) dependent",
      "{",
      "  action a parameter ZD_A result selective [0..*] entity I_Country;",
      "  instance hierarchy ZI_OrderHier { }",
      "  association _Item using ZR_Other \\_Back { create; }",
      "  mapping for zorder control zorder_x corresponding { OrderId = order_id; }",
      "}",
    ].join("\r\n"),
  },
];

/** Mutations a broken export or a half-edited source shows: cut, duplicated, spliced, garbage inserted. */
const mutated = mutatedSources(SOURCES, [
  "{",
  "}",
  "(",
  ")",
  "[",
  "]",
  "'",
  "/*",
  "//",
  ";",
  "\u0000",
  "\r",
  "\uFEFF",
  "$self",
  "define behavior for",
  "result [1]",
  "(".repeat(200),
]);

describe("the behaviour definition reader on mutated sources", () => {
  it("never throws; every fact stands inside the text, every name's span is the name, every failure is a gap of the reader", () => {
    fc.assert(
      fc.property(mutated, (file) => {
        const extracted = read(file.path, file.text);
        const lines = new LineIndex(file.text);
        for (const f of extracted.facts) {
          expect(f.span.line).toBeGreaterThanOrEqual(1);
          expect(f.span.endLine).toBeLessThanOrEqual(lines.lineCount);
          const start = lines.offset(f.span.line, f.span.column);
          const end = lines.offset(f.span.endLine, f.span.endColumn);
          expect(end).toBeGreaterThan(start);
          expect(end).toBeLessThanOrEqual(file.text.length);
          if (f.kind === "ref") expect(file.text.slice(start, end).toUpperCase()).toBe(f.key.slice(f.key.indexOf(":") + 1));
        }
        for (const p of extracted.problems) expect(p).toMatchObject({ line: 1, column: 1, parserGap: true, wholeFile: true });
      }),
      { numRuns: 150 },
    );
  });
});
