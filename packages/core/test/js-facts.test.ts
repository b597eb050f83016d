import { describe, expect, it } from "vitest";
import { extractFacts } from "../src/index.js";
import { factsOf, find, keys } from "./helpers.js";

describe("JavaScript facts", () => {
  it("follows variable aliases of globals", () => {
    const facts = factsOf("a.js", "var p = Xrm.Page;\np.getAttribute('name').getValue();");
    expect(keys(facts, "call")).toContain("Xrm.Page.getAttribute");
    expect(keys(facts, "call")).toContain("Xrm.Page.getAttribute().getValue");
    const call = find(facts, "call", "Xrm.Page.getAttribute");
    expect(call.span).toEqual({ line: 2, column: 1, endLine: 2, endColumn: 23 });
    expect(call.detail?.value).toBe("name");
    expect(call.detail?.arity).toBe(1);
  });

  it("binds AMD dependencies to factory parameters", () => {
    const facts = factsOf(
      "s.js",
      "define(['N/record', 'N/search'], function (record, search) {\n  record.load({ type: 'salesorder' });\n  search.create({});\n});",
    );
    expect(keys(facts, "module")).toEqual(["N/record", "N/search"]);
    expect(keys(facts, "call")).toEqual(expect.arrayContaining(["N/record.load", "N/search.create"]));
    expect(find(facts, "call", "N/record.load").span.line).toBe(2);
  });

  it("binds sap.ui.define dependencies and ESM imports", () => {
    const ui5 = factsOf("c.js", 'sap.ui.define(["sap/ui/core/Core"], function (Core) { Core.attachInit(function () {}); });');
    expect(keys(ui5, "call")).toContain("sap/ui/core/Core.attachInit");
    const esm = factsOf(
      "p.js",
      'import { patch as p } from "@web/core/utils/patch";\nimport * as owl from "@odoo/owl";\np(owl.Component.prototype, {});',
    );
    expect(keys(esm, "call")).toContain("@web/core/utils/patch.patch");
    expect(keys(esm, "member")).toContain("@odoo/owl.Component.prototype");
    expect(find(esm, "member", "@web/core/utils/patch.patch").span).toEqual({ line: 1, column: 10, endLine: 1, endColumn: 20 });
  });

  it("reads Odoo legacy require and destructuring", () => {
    const facts = factsOf(
      "l.js",
      "odoo.define('m', function (require) {\n  var core = require('web.core');\n  const { _t } = require('web.core');\n  core.bus.on('x');\n  _t('y');\n});",
    );
    expect(keys(facts, "module")).toEqual(["web.core", "web.core"]);
    expect(keys(facts, "call")).toEqual(expect.arrayContaining(["odoo.define", "web.core.bus.on", "web.core._t"]));
  });

  it("resolves destructured globals, optional chaining and computed string keys", () => {
    const facts = factsOf(
      "d.js",
      "const { getAttribute } = Xrm.Page;\ngetAttribute('a');\nXrm?.Page?.ui;\nXrm['Utility'].alertDialog('x');\nwindow.Xrm.Page.data;",
    );
    const calls = keys(facts, "call");
    expect(calls).toContain("Xrm.Page.getAttribute");
    expect(calls).toContain("Xrm.Utility.alertDialog");
    expect(keys(facts, "member")).toEqual(expect.arrayContaining(["Xrm.Page.ui", "Xrm.Page.data"]));
  });

  it("follows what a global returns, but not what a local returns", () => {
    const facts = factsOf(
      "g.js",
      "var gc = Xrm.Utility.getGlobalContext();\ngc.getUserId();\nfunction f(ctx) { var fc = ctx.getFormContext(); fc.getAttribute('a'); }",
    );
    expect(keys(facts, "call")).toContain("Xrm.Utility.getGlobalContext().getUserId");
    expect(keys(facts, "call")).toContain("~fc.getAttribute");
  });

  it("marks locals so that globals of the same name are not confused", () => {
    const facts = factsOf("u.js", "function f(user) { return user.name; }\nuser.name;\nfunction g() { var Xrm = {}; Xrm.Page; }");
    expect(keys(facts, "global")).toEqual(["user"]);
    expect(keys(facts, "member")).toEqual(expect.arrayContaining(["~user.name", "user.name", "~Xrm.Page"]));
    expect(keys(facts, "member")).not.toContain("Xrm.Page");
  });

  it("sees hoisted function declarations as bound", () => {
    const facts = factsOf("h.js", "onLoad();\nfunction onLoad() { helper(); }\nfunction helper() {}");
    expect(keys(facts, "global")).toEqual([]);
  });

  it("never makes code facts from comments or strings", () => {
    const facts = factsOf(
      "c.js",
      "// Xrm.Page.getAttribute('x')\n/* nlapiLoadRecord() */\nvar s = 'Xrm.Page.getAttribute';\nvar t = `Xrm.Page`;",
    );
    expect(keys(facts, "member")).toEqual([]);
    expect(keys(facts, "global")).toEqual([]);
    expect(keys(facts, "call")).toEqual([]);
  });

  it("names definitions by where they are assigned", () => {
    const facts = factsOf(
      "n.js",
      [
        "var Contoso = Contoso || {};",
        "Contoso.Account = { onLoad: function (ctx) {}, Ribbon: { qualify() {} } };",
        "Contoso.Account.onSave = function () {};",
        "function pageInit() {}",
        "class Widget extends owl.Component { setup() {} }",
        "export const handler = () => {};",
      ].join("\n"),
    );
    expect(keys(facts, "definition")).toEqual(
      expect.arrayContaining([
        "Contoso.Account.onLoad",
        "Contoso.Account.Ribbon.qualify",
        "Contoso.Account.onSave",
        "pageInit",
        "Widget.setup",
        "handler",
      ]),
    );
    expect(find(facts, "definition", "Widget.setup").detail?.classExtends).toBe("owl.Component");
  });

  it("records enclosing functions and the calls a node is an argument of", () => {
    const facts = factsOf(
      "w.js",
      'import { patch } from "@web/core/utils/patch";\nimport { Foo } from "./foo";\npatch(Foo.prototype, "name", {\n  setup() { this._super(); },\n});',
    );
    const sup = find(facts, "member", "this._super");
    expect(sup.detail?.within).toEqual(["@web/core/utils/patch.patch#2"]);
    expect(sup.enclosing).toBe("setup");
    const call = find(facts, "call", "@web/core/utils/patch.patch");
    expect(call.detail?.args?.[1]).toEqual({ type: "string", value: "name" });
  });

  it("reads tags from JSDoc and pragmas", () => {
    const facts = factsOf("t.js", "/**\n * @NApiVersion 2.1\n * @NScriptType UserEventScript\n */\n/** @odoo-module **/");
    const tags = facts.filter((f) => f.kind === "tag").map((f) => [f.key, f.detail?.value, f.span.line]);
    expect(tags).toEqual([
      ["@NApiVersion", "2.1", 2],
      ["@NScriptType", "UserEventScript", 3],
      ["@odoo-module", "", 5],
    ]);
  });

  it("parses TypeScript and TSX, skipping type-only code", () => {
    const facts = factsOf(
      "f.ts",
      "declare const x: Xrm.FormContext;\nexport function onLoad(ctx: Xrm.Events.EventContext): void { ctx.getFormContext(); Xrm.Page.ui; }",
    );
    expect(keys(facts, "member")).toEqual(expect.arrayContaining(["~ctx.getFormContext", "Xrm.Page.ui"]));
    expect(keys(facts, "global")).toEqual(["Xrm"]);
    const tsx = factsOf("c.tsx", "export const C = () => <div onClick={() => Xrm.Navigation.openUrl('x')} />;");
    expect(keys(tsx, "call")).toContain("Xrm.Navigation.openUrl");
  });

  it("recovers from syntax errors and reports them", () => {
    const r = extractFacts({ path: "b.js", language: "javascript", text: "Xrm.Page.ui;\nvar = ;\nXrm.Page.data;" });
    expect(r.problems.length).toBeGreaterThan(0);
    expect(r.problems[0]!.line).toBe(2);
  });

  it("blanks the line a bracket was left open on, or both lines, when that lets the rest be read", () => {
    const open =
      "var cols = [];\ncols.push(new nlobjSearchColumn('a')\nvar r = nlapiSearchRecord('x', null, null, cols);\nnlapiLogExecution('DEBUG', 't', 'd');";
    const r = extractFacts({ path: "b.js", language: "javascript", text: open });
    expect(r.problems[0]!.line).toBe(3);
    expect(keys(r.facts, "global")).toEqual(expect.arrayContaining(["nlapiSearchRecord", "nlapiLogExecution"]));
    const split = "rec.setFieldValue('a',\n  '<a>'+id+'>'id'</a>');\nnlapiSubmitRecord(rec);";
    expect(keys(extractFacts({ path: "c.js", language: "javascript", text: split }).facts, "global")).toContain("nlapiSubmitRecord");
  });

  it("counts lines as the parser does when it blanks one: \\r, U+2028 and U+2029 end a line too", () => {
    for (const text of ["\u2028\u2028}", "a\u2029b = (;\u2029nlapiGetUser();", "x = (;\rnlapiGetUser();\r\n}"]) {
      const r = extractFacts({ path: "e.js", language: "javascript", text });
      expect(r.problems.length).toBeGreaterThan(0);
    }
    const r = extractFacts({ path: "e.js", language: "javascript", text: "x = (;\rnlapiGetUser();" });
    expect(keys(r.facts, "global")).toContain("nlapiGetUser");
  });

  it("reads nothing past a comment left open: it runs to the end of the file", () => {
    const r = extractFacts({ path: "d.js", language: "javascript", text: "nlapiGetUser();\n/* header\nnlapiGetRole();\n" });
    expect(r.problems[0]).toMatchObject({ line: 2, message: expect.stringMatching(/^Unterminated comment/) });
    expect(keys(r.facts, "global")).toEqual(["nlapiGetUser"]);
  });

  it("reads inline scripts of HTML pages at their real lines", () => {
    const facts = factsOf(
      "page.html",
      "<html>\n<head><script src='x.js'></script>\n<script>\n  Xrm.Page.getAttribute('a');\n</script></head></html>",
    );
    expect(find(facts, "call", "Xrm.Page.getAttribute").span).toEqual({ line: 4, column: 3, endLine: 4, endColumn: 29 });
  });
});
