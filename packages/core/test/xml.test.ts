import { describe, expect, it } from "vitest";
import { extractFacts } from "../src/index.js";
import { factsOf, find } from "./helpers.js";

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
