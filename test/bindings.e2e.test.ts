// Projects written in the idioms real customisation code uses: namespaces in every shape,
// IIFE-wrapped Xrm, handlers typed by the form configuration, helpers typed by their callers,
// TypeScript classes and typed parameters, Odoo modules that re-export and extend each other.
// Each finding must be the vendor's API reached through bindings or types, and the code that
// only looks like it (strings, comments, same-named locals, the project's own functions) stays
// silent. The golden files list every finding, one per line, with its symbol.
import { describe, expect, it } from "vitest";
import { expectGolden, uplift } from "./helpers.js";

interface Finding {
  ruleId: string;
  file: string;
  line: number;
  column: number;
  symbol?: string;
  resolvedBy?: string;
  severity: string;
}

function scan(args: string[]): Finding[] {
  const run = uplift(["scan", ...args, "--format", "json", "--fail-on", "none"]);
  expect(run.stderr).toBe("");
  return (JSON.parse(run.stdout) as { findings: Finding[] }).findings;
}

/** One line per finding: where, which rule, and the symbol it was found through. */
function listing(findings: Finding[]): string {
  const lines = findings.map((f) => {
    const file = f.file.replace(/^.*\/WebResources\//, "WebResources/");
    const through = f.symbol ? ` ${f.symbol} (${f.resolvedBy})` : "";
    return `${file}:${f.line}:${f.column} ${f.ruleId}${through}`;
  });
  return `${lines.join("\n")}\n`;
}

const at = (findings: Finding[], file: string): Finding[] => findings.filter((f) => f.file.endsWith(file));

describe("a Dynamics 365 solution written in every common idiom", () => {
  const findings = scan(["fixtures/bindings/dynamics365"]);

  it("gives the reviewed findings", () => {
    expectGolden("bindings-dynamics365.txt", listing(findings));
  });

  it("finds what arrives through configuration-typed parameters, locals, callers and IIFE parameters", () => {
    const symbols = (file: string): string[] => at(findings, file).map((f) => `${f.line} ${f.symbol ?? f.ruleId}`);
    // executionContext is typed by the form's OnLoad handler; the user name comes from a local.
    expect(symbols("scripts/namespace.js")).toContain("9 Xrm.GlobalContext.getUserName");
    // entity = executionContext.getFormContext().data.entity; entity.save()
    expect(symbols("scripts/namespace.js")).toContain("16 Xrm.Entity.save");
    // stamp(form) is only ever called with the form context.
    expect(symbols("scripts/shared.js")).toEqual(["9 Xrm.Entity.getDataXml"]);
    // The ribbon passes PrimaryControl as the second parameter (after a string).
    expect(symbols("scripts/revealing.js")).toEqual(["9 Xrm.Entity.save"]);
    // (function (xrm) { … })(window.Xrm || parent.Xrm)
    expect(symbols("scripts/iife_xrm.js")).toContain("7 Xrm.Utility.openEntityForm");
  });

  it("reads HTML with a real parser: commented-out scripts are comments, inline handlers are code", () => {
    const html = at(findings, "case_summary.html").map((f) => `${f.line}:${f.column} ${f.ruleId}`);
    expect(html).toContain("9:27 dynamics365/next/context-user-methods");
    expect(html).toContain("13:22 dynamics365/next/context-user-methods");
    expect(html.some((h) => h.startsWith("7:"))).toBe(false);
    expect(html.some((h) => h.startsWith("10:"))).toBe(false);
  });

  it("reports nothing in strings, comments, same-named locals or the project's own functions", () => {
    expect(at(findings, "scripts/negatives.js")).toEqual([]);
  });

  it("never calls a handler missing when its library defines it in any common shape", () => {
    const links = findings.filter((f) => f.ruleId.startsWith("dynamics365/link/handler-function"));
    expect(links.map((f) => `${f.ruleId} ${f.severity} ${f.line}`)).toEqual([
      // Contoso.Case.Dynamic.onLoad is assigned in a loop over a table: not provable either way.
      "dynamics365/link/handler-function-unverified low 56",
      // Contoso.Case.Main.onTitleChange is in no shape at all in namespace.js.
      "dynamics365/link/handler-function-missing high 67",
    ]);
  });
});

describe("TypeScript web resources where the API arrives only through declared types", () => {
  const findings = scan(["fixtures/bindings/dynamics365-typescript", "--erp", "dynamics365", "--from", "9.2"]);

  it("gives the reviewed findings", () => {
    expectGolden("bindings-dynamics365-typescript.txt", listing(findings));
  });

  it("finds calls through class fields, method results, callbacks and annotated parameters, with the symbol", () => {
    expect(findings.map((f) => `${f.file}:${f.line} ${f.symbol} ${f.resolvedBy}`)).toEqual([
      "src/case_form.ts:13 Xrm.GlobalContext.getUserName types",
      "src/case_form.ts:18 Xrm.UserSettings.securityRoles types",
      "src/grid.ts:8 Xrm.Controls.Grid.GridRow.getData types",
      "src/grid.ts:9 Xrm.Controls.Grid.GridRowData.getEntity types",
      "src/grid.ts:15 Xrm.GlobalContext.getOrgLcid types",
      "src/grid.ts:20 Xrm.Entity.save types",
    ]);
  });
});

describe("an Odoo addon whose modules re-export and extend each other", () => {
  const findings = scan(["fixtures/bindings/odoo", "--to", "18.0"]);

  it("gives the reviewed findings", () => {
    expectGolden("bindings-odoo.txt", listing(findings));
  });

  it("follows re-exports, namespace imports and superclasses across files", () => {
    const rules = (file: string): string[] => at(findings, file).map((f) => `${f.line} ${f.ruleId}`);
    expect(rules("order_form_patch.js")).toEqual([
      "6 odoo/17.0/patch-name-argument",
      "8 odoo/17.0/patch-this-super",
      "12 odoo/17.0/patch-name-argument",
    ]);
    // DeliveryPanel extends BasePanel, which extends Owl's Component in another file.
    expect(rules("delivery_panel.js")).toEqual([
      "5 odoo/16.0/owl-lifecycle-methods",
      "6 odoo/16.0/owl-component-el",
      "7 odoo/16.0/owl-event-bus-on",
    ]);
    expect(rules("panel_registry.js")).toEqual(["7 odoo/16.0/owl-env-qweb"]);
  });

  it("reports nothing in strings, comments, the addon's own patch() or a class that is no component", () => {
    expect(at(findings, "negatives.js")).toEqual([]);
  });
});
