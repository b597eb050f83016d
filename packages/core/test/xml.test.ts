import fc from "fast-check";
import { SaxesParser } from "saxes";
import { describe, expect, it } from "vitest";
import { extractFacts } from "../src/index.js";
import { factsOf, find, fuzzRuns } from "./helpers.js";

const VIEW = `<?xml version="1.0"?>
<odoo>
  <record id="view_form" model="ir.ui.view">
    <field name="arch" type="xml">
      <form><field name="x"
             attrs="{'invisible': [('y', '=', 1)]}"/></form>
    </field>
  </record>
  <!-- <field attrs="commented"/> -->
</odoo>`;

describe("XML facts", () => {
  it("gives elements and attributes exact spans, paths and enclosing records", () => {
    const facts = factsOf("views/v.xml", VIEW);
    const attrs = find(facts, "attribute", "field@attrs");
    expect(attrs.span).toEqual({ line: 6, column: 14, endLine: 6, endColumn: 52 });
    expect(attrs.detail?.value).toBe("{'invisible': [('y', '=', 1)]}");
    expect(attrs.enclosing).toBe("view_form");
    expect(attrs.detail?.ancestors?.map((s) => s.name)).toEqual(["odoo", "record", "field", "form"]);
    expect(attrs.detail?.attributes).toEqual({ name: "x", attrs: "{'invisible': [('y', '=', 1)]}" });
    expect(facts.filter((f) => f.key === "field@attrs")).toHaveLength(1);
  });

  it("keeps element text as the value", () => {
    const facts = factsOf(
      "v.xml",
      "<odoo><record id='a' model='ir.actions.act_window'><field name='view_mode'>tree,form</field></record></odoo>",
    );
    const field = facts.find((f) => f.kind === "element" && f.key === "field")!;
    expect(field.detail?.value).toBe("tree,form");
  });

  it("knows where an element ends, after its closing tag", () => {
    const facts = factsOf("v.xml", "<odoo>\n  <div class='oe_chatter'>\n    <field name='message_ids'/>\n  </div>\n</odoo>");
    const div = find(facts, "element", "div");
    expect(div.span).toEqual({ line: 2, column: 3, endLine: 2, endColumn: 27 });
    expect(div.detail?.elementEnd).toEqual({ line: 4, column: 9 });
    // Self-closing and never-closed elements have no end of their own.
    expect(find(facts, "element", "field").detail?.elementEnd).toBeUndefined();
    expect(find(factsOf("v.xml", "<odoo><a>"), "element", "a").detail?.elementEnd).toBeUndefined();
    // An attribute knows where the start tag that carries it ends.
    expect(find(facts, "attribute", "div@class").detail?.tagEnd).toEqual({ line: 2, column: 27 });
    expect(
      find(factsOf("v.xml", "<odoo>\n<field\n  attrs='x'\n  optional='show'\n/></odoo>"), "attribute", "field@attrs").detail?.tagEnd,
    ).toEqual({
      line: 5,
      column: 3,
    });
  });

  it("decodes entities and reads CDATA", () => {
    const facts = factsOf("v.xml", '<a t="x &amp; y &#65;"><![CDATA[<b>]]></a>');
    expect(find(facts, "attribute", "a@t").detail?.value).toBe("x & y A");
    expect(find(facts, "element", "a").detail?.value).toBe("<b>");
  });

  it("reports malformed XML with positions and still reads the rest", () => {
    const r = extractFacts({ path: "bad.xml", language: "xml", text: "<odoo>\n<a><b></a>\n<c x=1/>\n" });
    expect(r.problems.map((p) => [p.line, p.message])).toEqual([
      [2, "<b> is not closed before </a>"],
      [3, "attribute x must be quoted"],
      [4, "<odoo> is not closed at the end of the file"],
    ]);
    expect(r.facts.some((f) => f.key === "c@x")).toBe(true);
  });

  it("reads a FreeMarker template (NetSuite's PDF layouts) as a gap of the parser, not as broken XML", () => {
    const text =
      '<?xml version="1.0"?>\n<pdf>\n<body>\n  <#if record.memo?has_content>\n    <p>${record.memo}</p>\n  </#if>\n</body>\n</pdf>\n';
    const r = extractFacts({ path: "FileCabinet/Templates/invoice.xml", language: "xml", text });
    expect(r.problems).toEqual([
      { message: "FreeMarker directive <#if…>: a template, not plain XML", line: 4, column: 3, parserGap: true },
    ]);
    expect(r.facts.some((f) => f.key === "p")).toBe(true);
    // Without a directive, the same slip is the file's own error.
    const broken = extractFacts({ path: "x.xml", language: "xml", text: "<pdf><body></pdf>" });
    expect(broken.problems.every((p) => p.parserGap === undefined)).toBe(true);
  });

  it("survives deep nesting: reads the first thousand levels and says so", () => {
    const depth = 50_000;
    const text = "<a>".repeat(depth) + "</a>".repeat(depth);
    const r = extractFacts({ path: "deep.xml", language: "xml", text });
    expect(r.problems).toEqual([
      { message: "elements are nested deeper than 1000 levels; deeper ones are not read", line: 1, column: 3001 },
    ]);
    // Each element read has its opening and its closing tag.
    expect(r.facts).toHaveLength(2000);
  });

  it("makes a closing tag an element fact keyed /name, at the closing tag, with the element's path", () => {
    const r = extractFacts({ path: "v.xml", language: "xml", text: '<odoo>\n  <tree a="1">\n    <field name="x"/>\n  </tree>\n</odoo>' });
    const closing = r.facts.find((f) => f.key === "/tree")!;
    expect(closing.span).toEqual({ line: 4, column: 3, endLine: 4, endColumn: 10 });
    expect(closing.detail?.attributes).toEqual({ a: "1" });
    expect(closing.detail?.ancestors?.map((s) => s.name)).toEqual(["odoo"]);
    expect(r.facts.some((f) => f.key === "/field")).toBe(false);
  });
});

const problemsOf = (text: string): string[] => extractFacts({ path: "x.xml", language: "xml", text }).problems.map((p) => p.message);

describe("XML well-formedness, as XML 1.0 defines it", () => {
  // JavaScript's \s knows these spaces; XML's whitespace is only space, tab, CR and LF.
  const unicodeSpaces = ["\u2000", "\u2005", "\u200A", "\u2028", "\u2029", "\u202F", "\u205F", "\u3000"];

  it("reads '<' followed by a Unicode space as a stray '<', without throwing", () => {
    for (const space of unicodeSpaces) {
      expect(problemsOf(`<a><${space}x/></a>`), `U+${space.charCodeAt(0).toString(16)}`).toEqual(["'<' must be escaped as &lt; in text"]);
      expect(problemsOf(`<a><b${space}c="1"/></a>`)).toEqual([
        `unexpected character '${space}' in <b>`,
        "attribute c must be separated from what comes before it by a space",
      ]);
    }
  });

  it("takes names from the specification's name characters: U+1680 and U+FEFF are name characters", () => {
    const facts = factsOf("v.xml", "<a\uFEFFb><\u1680x c\uFEFF='1'/></a\uFEFFb>");
    expect(facts.filter((f) => f.kind === "element" && !f.key.startsWith("/")).map((f) => f.key)).toEqual(["a\uFEFFb", "\u1680x"]);
    expect(problemsOf("<a\uFEFFb><\u1680x c\uFEFF='1'/></a\uFEFFb>")).toEqual([]);
    expect(problemsOf("\uFEFF<?xml version='1.0'?><a/>")).toEqual([]);
  });

  it("reports characters XML does not allow, malformed and undefined references", () => {
    expect(problemsOf("<a>x\u0000y\u0001</a>")).toEqual(["character U+0000 is not allowed in XML (2 such characters in the file)"]);
    expect(problemsOf("<a>\uFFFE</a>")).toEqual(["character U+FFFE is not allowed in XML"]);
    expect(problemsOf("<a b='&#0;'>&#x;</a>")).toEqual([
      "character reference &#0; is not a character XML allows",
      "malformed character reference: write &#NNN; or &#xHHH; (or &amp; for a plain '&')",
    ]);
    expect(problemsOf("<a>AT&T &nbsp;</a>")).toEqual([
      "'&' must be escaped as &amp; or start a reference (&name;)",
      "entity &nbsp; is not defined",
    ]);
    expect(problemsOf("<!DOCTYPE a [<!ENTITY nbsp '&#160;'>]><a>&nbsp;</a>")).toEqual([]);
    expect(problemsOf("<!DOCTYPE a SYSTEM 'a.dtd'><a>&nbsp;</a>")).toEqual([]);
  });

  it("reports '--' in comments, text outside the root, and a misplaced declaration", () => {
    expect(problemsOf("<a><!-- a -- b --></a>")).toEqual(["'--' is not allowed inside a comment"]);
    expect(problemsOf("<a><!-- a ---></a>")).toEqual(["'--' is not allowed inside a comment"]);
    expect(problemsOf("<a/>\ntail")).toEqual(["text after the root element"]);
    expect(problemsOf("head<a/>")).toEqual(["text before the root element"]);
    expect(problemsOf("<a/><![CDATA[x]]>")).toEqual(["text after the root element"]);
    expect(problemsOf(" <?xml version='1.0'?><a/>")).toEqual(["the XML declaration must be the very first thing in the file"]);
    expect(problemsOf("<?xml encoding='utf-8'?><a/>")[0]).toMatch(/^the XML declaration must read/);
    expect(problemsOf("")).toEqual(["no root element"]);
  });

  it("lists a bounded number of problems and counts the rest", () => {
    const r = extractFacts({ path: "x.xml", language: "xml", text: `<a>${"&".repeat(5000)}</a>` });
    expect(r.problems).toHaveLength(100);
    expect(r.moreProblems).toBe(4900);
  });
});

describe("the XML tokenizer against a strict parser", () => {
  it("calls a document well-formed exactly when saxes does", () => {
    const fragments = [
      "<",
      ">",
      "/",
      "a",
      "b",
      "=",
      '"',
      "'",
      "&",
      ";",
      "#",
      "x",
      "1",
      " ",
      "\n",
      "<!--",
      "-->",
      "-",
      "<![CDATA[",
      "]]>",
      "<?",
      "?>",
      "\u3000",
      "\uFEFF",
      "\u1680",
      "\u0001",
      "&amp;",
      "&#65;",
      "<a>",
      "</a>",
      "<b/>",
      "<a b='1'>",
      '<?xml version="1.0"?>',
      "\u2028",
      "é",
      ":",
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 25 }), (parts) => {
        const text = parts.join("");
        expect(problemsOf(text).length > 0, JSON.stringify(text)).toBe(strictErrors(text) > 0);
      }),
      { numRuns: fuzzRuns(300), seed: 12 },
    );
  });
});

function strictErrors(text: string): number {
  const parser = new SaxesParser();
  let errors = 0;
  parser.on("error", () => errors++);
  parser.write(text).close();
  return errors;
}

describe("XML namespaces", () => {
  it("says which namespace an element and a prefixed attribute stand in, as declared at any depth", () => {
    const view = [
      '<mvc:View xmlns:mvc="sap.ui.core.mvc" xmlns="sap.m" xmlns:core="sap.ui.core">',
      '  <Page><content xmlns:c="sap.ui.commons">',
      '    <c:Button text="x" core:require="{ Box: \'sap/m/MessageBox\' }"/>',
      "    <Button/>",
      "  </content></Page>",
      "</mvc:View>",
    ].join("\n");
    const facts = factsOf("webapp/view/Main.view.xml", view);
    expect(find(facts, "element", "mvc:View").detail?.namespace).toBe("sap.ui.core.mvc");
    expect(find(facts, "element", "c:Button").detail?.namespace).toBe("sap.ui.commons");
    expect(find(facts, "element", "Button").detail?.namespace).toBe("sap.m");
    const require = find(facts, "attribute", "c:Button@core:require");
    expect(require.detail).toMatchObject({ namespace: "sap.ui.commons", attributeNamespace: "sap.ui.core" });
    expect(find(facts, "attribute", "c:Button@text").detail?.attributeNamespace).toBeUndefined();
  });
});
