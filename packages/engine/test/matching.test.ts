import { extractFacts, languageOf, prepareLanguage } from "@uplift/core";
import { beforeAll, describe, expect, it } from "vitest";
import { compileMatch, RuleIndex, type Match, type Rule } from "../src/index.js";
import { wordsOf, wordsOfFile } from "../src/rule-index.js";
import { compileXmlPath, matchesXmlPath } from "../src/xml-path.js";
import { testRule } from "./test-rule.js";

const rule = (id: string, match: Match): Rule => testRule(id, match);

function hits(rules: Rule[], path: string, code: string): string[] {
  const index = new RuleIndex();
  const hop = { from: "a", to: "b", label: "a-b", pack: undefined };
  for (const r of rules) {
    const compiled = compileMatch(r.match);
    if (typeof compiled === "string") throw new Error(compiled);
    index.add({ rule: r, hop }, compiled);
  }
  const file = { path, language: languageOf(path)!, text: code };
  const out: Array<{ owner: { rule: Rule }; fact: { span: { line: number } } }> = [];
  for (const fact of extractFacts(file).facts) index.match(fact, { projectPath: path }, out as never);
  return out.map((h) => `${h.owner.rule.id}@${h.fact.span.line}`).sort();
}

beforeAll(() => prepareLanguage("python"));

describe("rule index", () => {
  it("matches exact, prefix, suffix and any keys", () => {
    const rules = [
      rule("exact", { member: "Xrm.Page" }),
      rule("prefix", { call: "Mscrm*" }),
      rule("suffix", { call: "*.getServerUrl" }),
      rule("any", { tag: "*" }),
    ];
    const code = "/** @x y */\nXrm.Page.ui;\nMscrm.Utilities.go();\nctx.getServerUrl();\nXrm.Page.context.getServerUrl();";
    expect(hits(rules, "a.js", code)).toEqual(["any@1", "exact@2", "exact@5", "prefix@3", "suffix@4", "suffix@5"]);
  });

  it("drops a rule's finding where a rule it yields to reports the same place, and keeps it elsewhere", async () => {
    const { matchFile } = await import("../src/index.js");
    const page = { ...rule("page", { member: "Xrm.Page" }), yieldsTo: ["context"] };
    const context = rule("context", { member: "Xrm.Page.context" });
    const index = new RuleIndex();
    for (const r of [page, context])
      index.add({ rule: r, hop: { from: "a", to: "b", label: "a-b", pack: undefined } }, compileMatch(r.match) as never);
    const file = { path: "a.js", language: "javascript" as const, text: "Xrm.Page.context.getClientUrl();\nXrm.Page.getAttribute('x');\n" };
    const found = matchFile(file, extractFacts(file), index, { projectPath: file.path }, ".");
    expect(found.map((f) => `${f.ruleId}@${f.line}:${f.column}`).sort()).toEqual(["context@1:1", "page@2:1"]);
  });

  it("matches suffixes of several lengths at every separator, each under its own kind", () => {
    const rules = [
      rule("short", { call: "*.go" }),
      rule("long", { call: "*.Utilities.go" }),
      rule("member-only", { member: "*.Utilities" }),
      rule("other-kind", { member: "*.go" }),
    ];
    const code = "a.Utilities.go();\nb.go();\nUtilities.go();\nx.Utilities;";
    expect(hits(rules, "a.js", code)).toEqual([
      "long@1",
      "member-only@1",
      "member-only@4",
      "other-kind@1",
      "other-kind@2",
      "other-kind@3",
      "short@1",
      "short@2",
      "short@3",
    ]);
  });

  it("matches JSON pointers with * segments", () => {
    const rules = [rule("seg", { json: { key: "/assets/*/*/1", where: { value: "web.assets_common" } } })];
    expect(hits(rules, "__manifest__.py", "{'assets': {'b': [('include', 'web.assets_common'), ('x', 'y')]}}")).toEqual(["seg@1"]);
  });

  it("applies where, inside, without and files", () => {
    const rules = [
      rule("foreach", { attribute: { key: "*@t-foreach", without: ["t-key"], files: ["static/**/*.xml"] } }),
      rule("arity", { call: { key: "f", where: { arity: { min: 2 } } } }),
      rule("class", { member: { key: "this.el", inside: { class: "owl.Component" } } }),
    ];
    expect(hits(rules, "static/src/t.xml", '<t><div t-foreach="a" t-as="x"/><div t-foreach="b" t-key="k"/></t>')).toEqual(["foreach@1"]);
    expect(hits(rules, "views/t.xml", '<t><div t-foreach="a"/></t>')).toEqual([]);
    expect(hits(rules, "a.js", "f(1);\nf(1, 2);")).toEqual(["arity@2"]);
    expect(hits(rules, "a.js", "class A extends owl.Component { m() { this.el; } }\nclass B { m() { this.el; } }")).toEqual(["class@1"]);
  });

  it("lets a fallback rule speak only for facts no other rule matched, and takes named needles", () => {
    const index = new RuleIndex();
    const hop = { from: "a", to: "b", label: "a-b", pack: undefined };
    const named = rule("named", { global: "nlapiLoadRecord" });
    const other = { ...rule("other", { global: { key: "nlapi*", needle: ["SuiteScript", "nlobj*"] } }), fallback: true };
    for (const r of [named, other]) index.add({ rule: r, hop }, compileMatch(r.match) as never);
    const file = { path: "a.js", language: "javascript" as const, text: "nlapiLoadRecord('a', 1);\nnlapiSomethingElse();" };
    const out: Array<{ owner: { rule: Rule }; fact: { span: { line: number } } }> = [];
    for (const fact of extractFacts(file).facts) index.match(fact, { projectPath: "a.js" }, out as never);
    expect(out.map((h) => `${h.owner.rule.id}@${h.fact.span.line}`)).toEqual(["named@1", "other@2"]);
    const onlyOther = new RuleIndex();
    onlyOther.add({ rule: other, hop }, compileMatch(other.match) as never);
    expect(onlyOther.mayMatch(wordsOf("// SuiteScript helpers"))).toBe(true);
    expect(onlyOther.mayMatch(wordsOf("/** @param {nlobjRecord} rec */"))).toBe(true);
    expect(onlyOther.mayMatch(wordsOf("nlapiLoadRecord('a', 1);"))).toBe(false);
  });

  it("reads a file's words once per file object, again when its text changed, in lower case too for HTML", () => {
    const file = { path: "a.py", language: "python" as const, text: "Foo = bar_1\n" };
    const words = wordsOfFile(file);
    expect([...words].sort()).toEqual([...wordsOf(file.text)].sort());
    expect(wordsOfFile(file)).toBe(words);
    expect(wordsOfFile({ ...file })).not.toBe(words);
    file.text = "other";
    expect([...wordsOfFile(file)]).toEqual(["other"]);
    expect(wordsOfFile({ path: "a.html", language: "html", text: "<Div onClick=x>" }).has("onclick")).toBe(true);
  });

  it("says whether a file can match at all from its words", () => {
    const index = new RuleIndex();
    const hop = { from: "a", to: "b", label: "a-b", pack: undefined };
    const r = rule("x", { call: "Xrm.Page.getAttribute" });
    index.add({ rule: r, hop }, compileMatch(r.match) as never);
    expect(index.mayMatch(wordsOf("var a = getAttribute;"))).toBe(true);
    expect(index.mayMatch(wordsOf("var a = getAttributes;"))).toBe(false);
  });
});

describe("Python conditions", () => {
  const code = [
    "from odoo import api, fields, models",
    "class A(models.Model):",
    "    _name = 'a'",
    "    x = fields.Float(group_operator='sum')",
    "    y = fields.Float(digits=2)",
    "    @api.model",
    "    def create(self, vals):",
    "        return super().create(vals)",
    "class Helper:",
    "    def create(self, vals):",
    "        pass",
  ].join("\n");

  it("test keyword arguments, present or by literal value", () => {
    const rules = [
      rule("present", { call: { key: "odoo.fields.Float", where: { keywords: { group_operator: { present: true } } } } }),
      rule("value", { call: { key: "odoo.fields.Float", where: { keywords: { group_operator: "sum" } } } }),
      rule("absent", { call: { key: "odoo.fields.Float", where: { keywords: { group_operator: { present: false } } } } }),
    ];
    expect(hits(rules, "models/a.py", code)).toEqual(["absent@5", "present@4", "value@4"]);
  });

  it("test the items of a literal list argument, one passing", () => {
    const calls = [
      "x = m._read_group([], ['a'], ['a'])",
      "y = m._read_group([], ['a'], ['__count', 'b:sum'])",
      "z = m._read_group([], ['a'], g)",
    ];
    const rules = [
      rule("old-order", { call: { key: "*._read_group", where: { argument: { index: 2, items: { matches: "^[^:]+$(?<!__count)" } } } } }),
    ];
    expect(hits(rules, "models/a.py", calls.join("\n"))).toEqual(["old-order@1"]);
  });

  it("test any detail field, lists by any item", () => {
    const rules = [
      rule("on-model", { definition: { key: "*.create", where: { detail: { model: { present: true } } } } }),
      rule("decorated", { definition: { key: "*.create", where: { detail: { decorators: "odoo.api.model" } } } }),
    ];
    expect(hits(rules, "models/a.py", code)).toEqual(["decorated@7", "on-model@7"]);
  });

  it("test a list detail for one item and against every item together", () => {
    const states = [
      "from odoo import models",
      "class SaleOrder(models.Model):",
      '    _inherit = "sale.order"',
      "    def f(self):",
      '        a = self.state in ("sale", "done")',
      '        b = self.state not in ("done", "cancel")',
      '        c = self.state in ("draft", "sent")',
    ];
    const rules = [
      rule("done-not-sale", {
        ref: { key: "field:sale.order.state", where: { detail: { values: { equals: "done", notMatches: "^sale$" } } } },
      }),
      rule("no-sale", { ref: { key: "field:sale.order.state", where: { detail: { values: { notMatches: "^sale$" } } } } }),
    ];
    expect(hits(rules, "models/a.py", states.join("\n"))).toEqual(["done-not-sale@6", "no-sale@6", "no-sale@7"]);
  });

  it("count a fact only in a file that holds another one (inFile)", async () => {
    const { matchFile } = await import("../src/index.js");
    const r = rule("field-value", {
      member: { key: "this.props.value", inFile: { module: "@web/views/fields/standard_field_props" } },
    });
    const index = new RuleIndex();
    index.add({ rule: r, hop: { from: "a", to: "b", label: "a-b", pack: undefined } }, compileMatch(r.match) as never);
    const widget = "class W { get v() { return this.props.value; } }";
    const lines = (text: string): string[] => {
      const file = { path: "a.js", language: "javascript" as const, text };
      return matchFile(file, extractFacts(file), index, { projectPath: file.path }, ".").map((f) => `${f.line}:${f.column}`);
    };
    expect(lines(`import { standardFieldProps } from "@web/views/fields/standard_field_props";\n${widget}`)).toEqual(["2:28"]);
    expect(lines(`import { x } from "@web/views/fields/other";\n${widget}`)).toEqual([]);
    expect(compileMatch({ member: { key: "x", inFile: { text: { pattern: "y" } } } })).toBe("inFile takes key matches only, not text");
  });

  it("point a finding at the keyword argument the rule tests", async () => {
    const { matchFile } = await import("../src/index.js");
    const r = rule("kw", { call: { key: "odoo.fields.Float", where: { keywords: { group_operator: { present: true } } } } });
    const index = new RuleIndex();
    index.add({ rule: r, hop: { from: "a", to: "b", label: "a-b", pack: undefined } }, compileMatch(r.match) as never);
    const file = { path: "models/a.py", language: "python" as const, text: code };
    const found = matchFile(file, extractFacts(file), index, { projectPath: file.path }, ".");
    expect(found.map((f) => `${f.line}:${f.column}-${f.endColumn}`)).toEqual(["4:22-42"]);
  });
});

describe("XML paths", () => {
  const path = [
    { name: "odoo", attributes: {} },
    { name: "record", attributes: { model: "ir.ui.view" } },
    { name: "field", attributes: { name: "arch" } },
    { name: "form", attributes: {} },
    { name: "field", attributes: { name: "x" } },
  ];
  const matches = (p: string): boolean => {
    const c = compileXmlPath(p);
    if (typeof c === "string") throw new Error(c);
    return matchesXmlPath(c, path);
  };
  it("matches child, descendant, predicates and anchors", () => {
    expect(matches("record[@model=ir.ui.view]//field[@name=arch]//*")).toBe(true);
    expect(matches("record[@model='ir.ui.view']/field/form/field")).toBe(true);
    expect(matches("/odoo/record//field[@name=x]")).toBe(true);
    expect(matches("/record//field")).toBe(false);
    expect(matches("record[@model=res.partner]//*")).toBe(false);
    expect(matches("field[@name=arch]")).toBe(false);
    expect(matches("form")).toBe(false);
  });
  it("tests whether an attribute holds a text with contains()", () => {
    expect(matches("record[contains(@model,'ui.view')]//field[@name=x]")).toBe(true);
    expect(matches('record[contains(@model,"res.")]//field[@name=x]')).toBe(false);
    expect(matches("field[contains(@name,'x')]")).toBe(true);
    expect(matches("form[contains(@name,'x')]//*")).toBe(false);
    expect(compileXmlPath("record[contains(@model)]")).toMatch(/not of the form/);
  });
});

describe("element regions", () => {
  it("run to the element's closing tag for a rule that covers the element, while the fix stays on the start tag", async () => {
    const { matchFile } = await import("../src/index.js");
    const match: Match = { element: { key: "attribute", where: { attributes: { name: "widget" } } } };
    const text =
      '<odoo>\n  <attribute name="widget">\n    toggle_button\n  </attribute>\n  <attribute name="widget">x</attribute>\n</odoo>\n';
    const file = { path: "views/v.xml", language: "xml" as const, text };
    const found = (extra: Partial<Rule>): string[] => {
      const index = new RuleIndex();
      const r = testRule("widget", match, extra);
      index.add({ rule: r, hop: { from: "a", to: "b", label: "a-b", pack: undefined } }, compileMatch(r.match) as never);
      return matchFile(file, extractFacts(file), index, { projectPath: file.path }, ".").map(
        (f) => `${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.snippet}${f.fix ? ` fix ${JSON.stringify(f.fix.edit)}` : ""}`,
      );
    };
    expect(found({})).toEqual(['2:3-2:28 <attribute name="widget">', '5:3-5:28 <attribute name="widget">x</attribute>']);
    expect(found({ covers: "element", fix: { replace: { find: "widget", with: "w" } } })).toEqual([
      // The edit rewrites the start tag (offsets 9–34), never the rest of the element.
      `2:3-4:15 <attribute name="widget"> fix ${JSON.stringify({ start: 9, end: 34, text: '<attribute name="w">' })}`,
      `5:3-5:41 <attribute name="widget">x</attribute> fix ${JSON.stringify({ start: 70, end: 95, text: '<attribute name="w">' })}`,
    ]);
  });
});

describe("attribute regions", () => {
  it("run to the end of the start tag that carries the attribute, for a rule that covers the element", async () => {
    const { matchFile } = await import("../src/index.js");
    const r = testRule("attrs", { attribute: { key: "*@attrs" } }, { covers: "element" });
    const index = new RuleIndex();
    index.add({ rule: r, hop: { from: "a", to: "b", label: "a-b", pack: undefined } }, compileMatch(r.match) as never);
    const text =
      "<form>\n  <field\n    name='x'\n    attrs=\"{'invisible': []}\"\n    optional='show'\n  >\n    <tree/>\n  </field>\n</form>\n";
    const file = { path: "views/v.xml", language: "xml" as const, text };
    const found = matchFile(file, extractFacts(file), index, { projectPath: file.path }, ".");
    expect(found.map((f) => `${f.line}:${f.column}-${f.endLine}:${f.endColumn}`)).toEqual(["4:5-6:4"]);
  });
});

describe("text rules", () => {
  it("never match inside comments, JavaScript or HTML", async () => {
    const { matchFile } = await import("../src/index.js");
    const r = rule("odata", { text: { pattern: "OrganizationData\\.svc", needle: "OrganizationData" } });
    const index = new RuleIndex();
    index.add({ rule: r, hop: { from: "a", to: "b", label: "a-b", pack: undefined } }, compileMatch(r.match) as never);
    const text =
      '<html><!-- was: /OrganizationData.svc -->\n<script>// OrganizationData.svc\nvar u = "/OrganizationData.svc";</script></html>\n';
    const file = { path: "page.html", language: "html" as const, text };
    const found = matchFile(file, extractFacts(file), index, { projectPath: "page.html" }, ".");
    expect(found.map((f) => `${f.line}:${f.column}`)).toEqual(["3:11"]);
  });
});
