import { describe, expect, it } from "vitest";
import { extractFacts } from "../src/index.js";
import { factsOf, find, keys } from "./helpers.js";

const definitions = (path: string, text: string): string[] => keys(factsOf(path, text), "definition");

describe("JavaScript bindings: what a value is", () => {
  it("binds IIFE parameters to their arguments, and a || b to the side that names the API", () => {
    const facts = factsOf(
      "a.js",
      "(function (xrm) {\n  xrm.Page.getAttribute('a');\n})(window.Xrm || parent.Xrm);\nvar X = top.Xrm ? top.Xrm : opener.Xrm;\nX.Utility.alertDialog('x');",
    );
    expect(keys(facts, "call")).toEqual(expect.arrayContaining(["Xrm.Page.getAttribute", "top.Xrm.Utility.alertDialog"]));
  });

  it("keeps what a local derives from a parameter, with the parameter as its root", () => {
    const facts = factsOf(
      "b.js",
      "function onSave(executionContext) {\n  var entity = executionContext.getFormContext().data.entity;\n  entity.save();\n}",
    );
    const save = find(facts, "call", "~entity.save");
    expect(save.detail?.root).toMatch(/^@\d+#0$/);
    expect(save.detail?.rootPath).toBe("getFormContext(0).data.entity.save");
  });

  it("reads declared types from TypeScript annotations and JSDoc tags", () => {
    const ts = factsOf("c.ts", "export function f(ctx: Xrm.Events.EventContext) { ctx.getFormContext(); }");
    expect(find(ts, "call", "~ctx.getFormContext").detail?.rootType).toBe("Xrm.Events.EventContext");
    const js = factsOf("c.js", "var A = {\n  /** @param {Xrm.FormContext} fc */\n  onLoad: function (fc) { fc.data.save(); },\n};");
    expect(find(js, "call", "~fc.data.save").detail?.rootType).toBe("Xrm.FormContext");
  });

  it("types `this.field` in a class by the field's annotation or what is assigned to it", () => {
    const r = extractFacts({
      path: "d.ts",
      language: "typescript",
      text: "class F {\n  private gc: Xrm.GlobalContext;\n  other = Xrm.Page;\n  m() { this.gc.getUserName(); }\n}",
    });
    const fields = Object.entries(r.bindings!.fields).map(([k, v]) => [k.replace(/^@\d+/, "@C"), v]);
    expect(fields).toEqual([
      ["@C.gc", { type: "Xrm.GlobalContext" }],
      ["@C.other", { key: "Xrm.Page" }],
    ]);
    expect(find(r.facts, "call", "this.gc.getUserName").detail?.rootPath).toBe("gc.getUserName");
  });

  it("names handlers in every common shape", () => {
    expect(
      definitions(
        "e.js",
        [
          "var NS = window.NS || {};",
          "NS.Form = (function () {",
          "  function init(ctx) {}",
          "  return { onLoad: init };",
          "})();",
          "(function () { this.onSave = function () {}; }).call(NS.Other = NS.Other || {});",
          "(function (ns) { ns.onChange = function () {}; })(window.NS);",
          "(function () { this.onTab = function () {}; }).apply(NS.More = NS.More || {}, []);",
          "class Handlers { static onTab() {} }",
          "NS.Tabs = Handlers;",
        ].join("\n"),
      ),
    ).toEqual(
      expect.arrayContaining([
        "NS.Form.init",
        "NS.Form.onLoad",
        "NS.Other.onSave",
        "NS.onChange",
        "NS.More.onTab",
        "Handlers.onTab",
        "NS.Tabs",
      ]),
    );
    const facts = factsOf("f.js", "var NS = {};\nfunction build() {}\nNS.A = build();\nNS.B[key] = function () {};");
    expect(facts.filter((f) => f.detail?.opaque).map((f) => f.key)).toEqual(["NS.A", "NS.B"]);
  });

  it("names functions in TypeScript namespaces and in compiled namespace IIFEs", () => {
    expect(definitions("g.ts", "namespace Contoso.Case { export function onLoad() {} }")).toContain("Contoso.Case.onLoad");
    const compiled = factsOf(
      "h.js",
      "var C;\n(function (C) {\n  var D;\n  (function (D) {\n    function onLoad() {}\n    D.onLoad = onLoad;\n  })((D = C.D || (C.D = {})));\n})(C || (C = {}));",
    );
    expect(find(compiled, "definition", "C.D.onLoad").detail?.aliasOf).toBe("onLoad");
  });

  it("records module exports, imports and declared names for the binding stage", () => {
    const esm = extractFacts({
      path: "u.js",
      language: "javascript",
      text: 'import { patch } from "@web/core/utils/patch";\nexport const applyPatch = patch;\nexport { patch as p2 };\nexport * from "./more";',
    }).bindings!;
    expect(esm.imports).toEqual(["@web/core/utils/patch", "./more"]);
    expect(esm.exports).toEqual({ applyPatch: { key: "@web/core/utils/patch.patch" }, p2: { key: "@web/core/utils/patch.patch" } });
    expect(esm.reexports).toEqual(["./more"]);
    const amd = extractFacts({
      path: "l.js",
      language: "javascript",
      text: 'odoo.define("my.utils", function (require) {\n  var core = require("web.core");\n  return { bus: core.bus };\n});',
    }).bindings!;
    expect(amd.names).toEqual(["my.utils"]);
    expect(amd.exports.bus).toEqual({ key: "web.core.bus" });
  });

  it("marks reads of an object the file makes itself as its own", () => {
    const facts = factsOf("o.js", "function f() {\n  var Xrm = { Page: {} };\n  return Xrm.Page.context;\n}");
    expect(find(facts, "member", "~Xrm.Page.context").detail?.own).toBe(true);
  });

  it("reads `this` in a constructor's prototype methods as its instance, with its fields", () => {
    const r = extractFacts({
      path: "p.js",
      language: "javascript",
      text: "function Form() {\n  this.gc = Xrm.Utility.getGlobalContext();\n  this.local = new Form();\n}\nForm.prototype.user = function () { return this.gc.getUserName(); };",
    });
    const fields = Object.entries(r.bindings!.fields).map(([k, v]) => [k.replace(/^@\d+/, "@F"), v]);
    expect(fields).toEqual([
      ["@F.gc", { key: "Xrm.Utility.getGlobalContext()" }],
      ["@F.local", { own: true }],
    ]);
    expect(find(r.facts, "call", "this.gc.getUserName").detail?.root).toBe("@0");
  });

  it("tells strings from code", () => {
    const r = extractFacts({ path: "s.js", language: "javascript", text: 'var a = "x";\nvar b = `y${a}z`;' });
    expect(r.strings).toEqual([
      [8, 11],
      [22, 23],
      [27, 28],
    ]);
  });
});
