import path from "node:path";
import { fileURLToPath } from "node:url";
import { Declarations, extractFacts, languageOf, walkKey, type SourceFile } from "@uplift/core";
import { describe, expect, it } from "vitest";
import { testRule } from "./test-rule.js";
import {
  bindFiles,
  compileMatch,
  loadCatalogue,
  matchFile,
  RuleIndex,
  type BoundFile,
  type Match,
  type Rule,
  type TypeSeed,
} from "../src/index.js";

const rulesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../rules");
const xrm = new Declarations(loadCatalogue(rulesDir).declarations?.get("dynamics365") ?? []);

function rule(id: string, match: Match, derived = false): Rule {
  return testRule(id, match, {
    change: "deprecated",
    severity: "low",
    ...(derived ? { derived: { package: "p", version: "1", symbol: "s", from: "deprecated" } } : {}),
  });
}

function project(files: Record<string, string>, seeds: TypeSeed[] = []): BoundFile[] {
  const bound = Object.entries(files).map(([p, text]) => {
    const file: SourceFile = { path: p, language: languageOf(p)!, text };
    return { file, extracted: extractFacts(file) };
  });
  bindFiles(bound, { declarationsOf: () => xrm, isVendorModule: () => false, seeds });
  return bound;
}

function findings(rules: Rule[], bound: BoundFile[]): string[] {
  const index = new RuleIndex();
  const hop = { from: "a", to: "b", label: "a-b", pack: undefined };
  for (const r of rules) {
    const compiled = compileMatch(r.match);
    if (typeof compiled === "string") throw new Error(compiled);
    index.add({ rule: r, hop }, compiled);
  }
  return bound
    .flatMap((b) => matchFile(b.file, b.extracted, index, { projectPath: b.file.path }, "."))
    .map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}${f.symbol ? ` ${f.symbol}` : ""}`);
}

describe("the declaration map", () => {
  it("walks resolved paths to the declared symbol, through generics and window-like receivers", () => {
    expect(walkKey(xrm, "Xrm.Page.context.getUserName")?.symbol).toBe("Xrm.GlobalContext.getUserName");
    expect(walkKey(xrm, "parent.Xrm.Utility.getGlobalContext().userSettings.securityRoles")?.symbol).toBe("Xrm.UserSettings.securityRoles");
    expect(walkKey(xrm, "Xrm.Page.ui.tabs.get().setDisplayState")?.symbol).toBe("Xrm.Controls.Tab.setDisplayState");
    // Removed from the declarations, still a member of a known type.
    expect(walkKey(xrm, "Xrm.Page.context.getServerUrl")?.symbol).toBe("Xrm.GlobalContext.getServerUrl");
    expect(walkKey(xrm, "document.getElementById().getContext")).toBeUndefined();
  });
});

describe("the binding stage", () => {
  it("types a handler's parameter from the configuration, and locals derived from it", () => {
    const bound = project(
      {
        "lib.js":
          "var NS = {\n  onSave: function (ctx) {\n    var entity = ctx.getFormContext().data.entity;\n    entity.save();\n  },\n};",
      },
      [{ file: "lib.js", functionName: "NS.onSave", param: 0, type: "Xrm.Events.SaveEventContext" }],
    );
    expect(findings([rule("save", { call: { symbol: "Xrm.Entity.save" } })], bound)).toEqual(["lib.js:4:5 save Xrm.Entity.save"]);
  });

  it("types callback parameters of declared methods and parameters of the project's functions from their callers", () => {
    const bound = project({
      "grid.js": [
        "/** @param {Xrm.Controls.GridControl} grid */",
        "function ids(grid) {",
        "  grid.getGrid().getRows().forEach(function (row) { show(row.getData()); });",
        "}",
        "function show(data) { return data.getEntity(); }",
      ].join("\n"),
    });
    expect(
      findings(
        [rule("grid", { member: { symbol: ["Xrm.Controls.Grid.GridRow.getData", "Xrm.Controls.Grid.GridRowData.getEntity"] } })],
        bound,
      ),
    ).toEqual(["grid.js:3:58 grid Xrm.Controls.Grid.GridRow.getData", "grid.js:5:30 grid Xrm.Controls.Grid.GridRowData.getEntity"]);
  });

  it("types the result of a method only the vendor declares, never its receiver", () => {
    const bound = project({
      "a.js":
        "function f(executionContext, canvas) {\n  executionContext.getContext().getUserName();\n  canvas.getContext('2d').getUserName();\n  executionContext.getUserName();\n}",
    });
    expect(findings([rule("user", { member: { symbol: "Xrm.GlobalContext.getUserName" } })], bound)).toEqual([
      "a.js:2:3 user Xrm.GlobalContext.getUserName",
    ]);
  });

  it("follows re-exports across modules and superclasses across files", () => {
    const bound = project({
      "static/src/utils.js": 'import { patch } from "@web/core/utils/patch";\nexport const applyPatch = patch;',
      "static/src/base.js": 'import { Component } from "@odoo/owl";\nexport class Base extends Component {}',
      "static/src/panel.js":
        'import { applyPatch } from "./utils";\nimport { Base } from "./base";\nclass Panel extends Base { m() { this.el; } }\napplyPatch(Panel, "x", {});',
    });
    const rules = [
      rule("patch", { call: { key: "@web/core/utils/patch.patch", where: { argument: { index: 1, type: "string" } } } }),
      rule("el", { member: { key: "this.el", inside: { class: "@odoo/owl.Component" } } }),
    ];
    expect(findings(rules, bound)).toEqual(["static/src/panel.js:3:34 el", "static/src/panel.js:4:1 patch"]);
  });

  it("never takes the project's own function for the vendor's of the same name", () => {
    const bound = project({
      "u.js":
        "var U = {\n  getServerUrl: function () { return ''; },\n  go: function () { return U.getServerUrl() + Xrm.Page.context.getServerUrl(); },\n};",
    });
    expect(findings([rule("url", { call: "*.getServerUrl" })], bound)).toEqual(["u.js:3:47 url Xrm.GlobalContext.getServerUrl"]);
  });

  it("drops a derived rule's finding where a hand-written rule reports the same place", () => {
    const bound = project({ "d.js": "Xrm.Utility.alertDialog('x');" });
    const rules = [
      rule("written", { call: "Xrm.Utility.alertDialog" }),
      rule("derived", { call: { symbol: "Xrm.Utility.alertDialog" } }, true),
    ];
    expect(findings(rules, bound)).toEqual(["d.js:1:1 written Xrm.Utility.alertDialog"]);
  });

  it("matches a parameter's path with where.root, whatever the destructured names are", () => {
    const bound = project({
      "e.js": "const f = ({ field: info }) => info.relation;\nconst g = (x) => { const field = x.y; return field.relation; };",
    });
    expect(findings([rule("root", { member: { where: { root: { param: 0, path: "field.*" } } } })], bound)).toEqual(["e.js:1:32 root"]);
  });
});

describe("text rules", () => {
  const text = (match: Match, p: string, code: string): string[] => {
    const file: SourceFile = { path: p, language: languageOf(p)!, text: code };
    return findings([rule("t", match)], [{ file, extracted: extractFacts(file) }]);
  };

  it("match only where they say: code, strings or comments", () => {
    const code = '// getFormType() == 5\nvar s = "getFormType() == 5";\nif (ui.getFormType() == 5) {}';
    expect(text({ text: { pattern: "getFormType\\(\\) == 5", needle: "getFormType", in: ["code"] } }, "a.js", code)).toEqual([
      "a.js:3:8 t",
    ]);
    expect(text({ text: { pattern: "getFormType\\(\\) == 5", needle: "getFormType", in: ["strings"] } }, "a.js", code)).toEqual([
      "a.js:2:10 t",
    ]);
    expect(text({ text: { pattern: "getFormType\\(\\) == 5", needle: "getFormType", comments: true } }, "a.js", code)).toHaveLength(3);
  });

  it("prefilter their word without case when the pattern ignores case", () => {
    const match: Match = {
      text: { pattern: "/xrmservices/2011/organizationdata\\.svc", flags: "i", needle: "OrganizationData", in: ["strings"] },
    };
    expect(text(match, "a.js", 'var u = "/XRMSERVICES/2011/ORGANIZATIONDATA.SVC";')).toEqual(["a.js:1:10 t"]);
  });
});
