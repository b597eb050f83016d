import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expectGolden, repoRoot, uplift } from "./helpers.js";

interface Finding {
  ruleId: string;
  file: string;
  line: number;
  change: string;
  severity: string;
  hop: string;
}
interface Result {
  projects: Array<{ path: string; from: string; to: string; hops: string[]; marker?: string }>;
  findings: Finding[];
  summary: { files: { relevant: number; checked: number; irrelevantBy: Record<string, number> } };
  unchecked: unknown[];
}

const FREESTYLE = "sales-orders-freestyle";
const temp: string[] = [];
afterAll(() => {
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

describe("UI5 apps: a freestyle app written for 1.71, a TypeScript app on 1.96 and a control library without a descriptor", () => {
  const run = uplift(["scan", "fixtures/sapui5", "--format", "json", "--fail-on", "none"]);
  const result = JSON.parse(run.stdout) as Result;

  it("gives the reviewed findings", () => {
    expect(run.stderr).toBe("");
    expectGolden("sapui5-scan.json", run.stdout);
  });

  it("reads each app's version from what it declares and plans milestone hops to 2.0", () => {
    expect(result.projects.map((p) => [p.path, p.from, p.to, p.marker])).toEqual([
      ["geo-controls/src", "1.0", "2.0", "geo-controls/src/contoso/geo/library.js"],
      [FREESTYLE, "1.71", "2.0", `${FREESTYLE}/ui5.yaml`],
      ["timesheet-typescript", "1.96", "2.0", "timesheet-typescript/ui5.yaml"],
    ]);
    expect(result.projects.find((p) => p.path === FREESTYLE)!.hops).toEqual([
      "1.71-1.84",
      "1.84-1.96",
      "1.96-1.108",
      "1.108-1.120",
      "1.120-1.136",
      "1.136-2.0",
    ]);
  });

  it("checks every relevant file of the apps: views, fragments, descriptor, ui5.yaml, pages and code; text bundles are translations", () => {
    expect(result.unchecked).toEqual([]);
    expect(result.summary.files.checked).toBe(result.summary.files.relevant);
    expect(result.summary.files.irrelevantBy).toEqual({ translation: 1 });
  });

  it("never takes comments or the app's own getCore for the vendor's API", () => {
    const formatterComment = result.findings.filter((f) => f.file.endsWith("model/formatter.js") && f.line === 7);
    expect(formatterComment).toEqual([]);
    const ownHelper = result.findings.filter((f) => f.file.endsWith("controller/BaseController.js"));
    expect(ownHelper).toEqual([]);
  });

  it("reports, for a 1.x target, deprecations up to it as low and nothing deprecated after it", () => {
    const r = JSON.parse(
      uplift(["scan", `fixtures/sapui5/${FREESTYLE}`, "--to", "1.108", "--format", "json", "--fail-on", "none"]).stdout,
    ) as Result;
    const byRule = new Map(r.findings.map((f) => [f.ruleId, f]));
    // sap.ui.getCore() was deprecated in 1.118: not yet a concern for a move to 1.108.
    expect(byRule.has("sapui5/2.0/get-core")).toBe(false);
    // jQuery.sap was deprecated in 1.58 and still works in 1.108.
    expect(byRule.get("sapui5/2.0/jquery-sap")).toMatchObject({ change: "deprecated", severity: "low", hop: "1.71-1.84" });
    expect(r.findings.every((f) => f.change === "deprecated" && f.severity === "low")).toBe(true);
  });

  it("fixes bootstrap spellings and jQuery.sap calls with direct replacements", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "uplift-ui5-fix-"));
    temp.push(dir);
    cpSync(path.join(repoRoot, "fixtures/sapui5", FREESTYLE), path.join(dir, FREESTYLE), { recursive: true });
    const r = uplift(["scan", ".", "--fix", "--format", "json", "--fail-on", "none"], dir);
    expect(r.stderr).toMatch(/uplift: fixed \d+ problems in \d+ files/);
    const html = readFileSync(path.join(dir, FREESTYLE, "webapp/index.html"), "utf8");
    expect(html).toContain("data-sap-ui-resource-roots='{");
    expect(html).toContain('data-sap-ui-on-init="module:sap/ui/core/ComponentSupport"');
    expect(html).toContain('data-sap-ui-compat-version="edge"');
    expect(html).toContain('data-sap-ui-frame-options="trusted"');
    const list = readFileSync(path.join(dir, FREESTYLE, "webapp/controller/OrderList.controller.js"), "utf8");
    expect(list).toContain("clearTimeout(oTimer);");
    expect(list).toContain('document.getElementById(this.createId("pageHeader"))');
    // A second run has nothing left to fix.
    expect(uplift(["scan", ".", "--fix-dry-run"], dir).stdout).toBe("");
  });
});

describe("controls reached with byId are typed by the XML view that declares them", () => {
  /** The controller my.app.controller.<name>, whose onInit runs `code` (one statement a line, from line 5). */
  const controller = (name: string, code: string[]): string =>
    [
      'sap.ui.define(["sap/ui/core/mvc/Controller"], function (Controller) {',
      '  "use strict";',
      `  return Controller.extend("my.app.controller.${name}", {`,
      "    onInit: function () {",
      ...code.map((c) => `      ${c}`),
      "    }",
      "  });",
      "});",
      "",
    ].join("\n");
  const view = (name: string, control: string): string =>
    `<mvc:View controllerName="my.app.controller.${name}" xmlns:mvc="sap.ui.core.mvc" xmlns="sap.m">\n  <Page id="page">\n    ${control}\n  </Page>\n</mvc:View>\n`;

  it("finds deprecated members called on the control the controller's own view declares, and nothing on other ids or other views' controls", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "uplift-ui5-byid-"));
    temp.push(dir);
    const files: Record<string, string> = {
      "ui5.yaml": 'specVersion: "3.0"\nmetadata:\n  name: byid\ntype: application\nframework:\n  name: OpenUI5\n  version: "1.120.0"\n',
      "webapp/view/Main.view.xml": view("Main", '<List id="list" items="{/items}"/>'),
      "webapp/view/Other.view.xml": view("Other", '<Button id="list" text="x"/>'),
      "webapp/controller/Main.controller.js": controller("Main", [
        'this.byId("list").attachSelect(this.onSelect, this);',
        'this.getView().byId("list").attachSelect(this.onSelect, this);',
        "var oView = this.getView();",
        'oView.byId("list").attachSelect(this.onSelect, this);',
        'this.byId("page").attachSelect(this.onSelect, this);',
        'this.byId("unknown").attachSelect(this.onSelect, this);',
      ]),
      "webapp/controller/Other.controller.js": controller("Other", [
        'this.byId("list").attachSelect(this.onSelect, this);',
        'this.byId("list").attachTap(this.onTap, this);',
      ]),
    };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    const r = JSON.parse(uplift(["scan", ".", "--format", "json", "--fail-on", "none"], dir).stdout) as Result;
    const code = r.findings.filter((f) => f.file.endsWith(".js")).map((f) => `${f.file}:${f.line} ${f.ruleId}`);
    expect(code).toEqual([
      "webapp/controller/Main.controller.js:5 sapui5/2.0/openui5-sap-m-list-base-select",
      "webapp/controller/Main.controller.js:6 sapui5/2.0/openui5-sap-m-list-base-select",
      "webapp/controller/Main.controller.js:8 sapui5/2.0/openui5-sap-m-list-base-select",
      "webapp/controller/Other.controller.js:6 sapui5/2.0/openui5-sap-m-button-tap",
    ]);
  });

  /** Writes the files into a fresh app folder and returns the findings in code, as `file:line rule`. */
  const codeFindings = (files: Record<string, string>): string[] => {
    const dir = mkdtempSync(path.join(tmpdir(), "uplift-ui5-byid-"));
    temp.push(dir);
    const all: Record<string, string> = {
      "ui5.yaml": 'specVersion: "3.0"\nmetadata:\n  name: byid\ntype: application\nframework:\n  name: OpenUI5\n  version: "1.120.0"\n',
      ...files,
    };
    for (const [file, text] of Object.entries(all)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    const r = JSON.parse(uplift(["scan", ".", "--format", "json", "--fail-on", "none"], dir).stdout) as Result;
    return r.findings.filter((f) => /\.(js|ts)$/.test(f.file)).map((f) => `${f.file}:${f.line} ${f.ruleId}`);
  };

  it("follows a byId result kept in a local to the call that made it, and not a local assigned again", () => {
    const found = codeFindings({
      "webapp/view/Main.view.xml": view("Main", '<List id="list" items="{/items}"/>\n    <Button id="button" text="x"/>'),
      "webapp/controller/Main.controller.js": controller("Main", [
        'var oList = this.byId("list");',
        "oList.attachSelect(this.onSelect, this);",
        'const oButton = this.getView().byId("button");',
        "oButton.attachTap(this.onTap, this);",
        "oButton.attachSelect(this.onSelect, this);",
        'var oOther = this.byId("list");',
        'oOther = this.byId("button");',
        "oOther.attachSelect(this.onSelect, this);",
        'var oPage = this.byId("page");',
        "oPage.attachSelect(this.onSelect, this);",
      ]),
    });
    expect(found).toEqual([
      "webapp/controller/Main.controller.js:6 sapui5/2.0/openui5-sap-m-list-base-select",
      "webapp/controller/Main.controller.js:8 sapui5/2.0/openui5-sap-m-button-tap",
    ]);
  });

  it("types byId in a controller written as an ES class by its namespace tag and the view that names it", () => {
    const esController = (file: string, className: string, namespace = "my.app.controller"): string =>
      [
        'import Controller from "sap/ui/core/mvc/Controller";',
        'import List from "sap/m/List";',
        `/** @namespace ${namespace} */`,
        `export default class ${className} extends Controller {`,
        "  public onInit(): void {",
        '    this.byId("list").attachSelect(() => {});',
        '    const oList = this.byId("list") as List;',
        "    oList.attachSelect(() => {});",
        "  }",
        "}",
        `// ${file}`,
        "",
      ].join("\n");
    const found = codeFindings({
      "webapp/view/Main.view.xml": view("Main", '<List id="list" items="{/items}"/>'),
      "webapp/view/Other.view.xml": view("Other", '<List id="list" items="{/items}"/>'),
      "webapp/view/Third.view.xml": view("Third", '<List id="list" items="{/items}"/>'),
      "webapp/controller/Main.controller.ts": esController("Main", "Main"),
      // The class is not named as its file: which view's controller it is stays unsure.
      "webapp/controller/Other.controller.ts": esController("Other", "Main"),
      // Another namespace than the view names.
      "webapp/controller/Third.controller.ts": esController("Third", "Third", "other.app.controller"),
    });
    expect(found).toEqual([
      "webapp/controller/Main.controller.ts:6 sapui5/2.0/openui5-sap-m-list-base-select",
      "webapp/controller/Main.controller.ts:8 sapui5/2.0/openui5-sap-m-list-base-select",
    ]);
  });
});

describe("an app older than its descriptor", () => {
  it("is a project where its page bootstraps UI5 and no descriptor stands at, above or below it", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "uplift-ui5-page-"));
    temp.push(dir);
    const write = (rel: string, text: string): void => {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    };
    const page = (src: string): string =>
      `<!DOCTYPE html>\n<html><head>\n<script id="sap-ui-bootstrap" src="${src}" data-sap-ui-libs="sap.m"></script>\n</head><body></body></html>\n`;
    // A 1.2x app: metadata in Component.js, no manifest.json.
    write("legacy/index.html", page("https://openui5.hana.ondemand.com/resources/sap-ui-core.js"));
    write("legacy/Component.js", 'jQuery.sap.declare("legacy.Component");\nsap.ui.core.UIComponent.extend("legacy.Component", {});\n');
    // A descriptor app: its page only says the version, and so does a test page below it.
    write("modern/webapp/manifest.json", '{"sap.app": {"id": "modern"}}');
    write("modern/webapp/index.html", page("https://cdn.example/1.96.3/resources/sap-ui-core.js"));
    write("modern/webapp/test/index.html", page("../resources/sap-ui-core.js"));
    // A page of the same app in a folder read before the app's own page does not split the app.
    write("legacy/docs/index.html", page("../resources/sap-ui-core.js"));
    // A page without UI5 is not an app.
    write("site/index.html", "<html><body><script src='app.js'></script></body></html>\n");
    const r = uplift(["scan", dir, "--format", "json", "--fail-on", "none"]);
    const result = JSON.parse(r.stdout) as Result;
    expect(result.projects.map((p) => [p.path, p.from, p.marker])).toEqual([
      ["legacy", "1.0", "legacy/index.html"],
      ["modern/webapp", "1.96", "modern/webapp/manifest.json"],
    ]);
    expect(result.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toContain("legacy/Component.js:1 sapui5/2.0/jquery-sap-require");
  });
});

describe("bootstrap settings written under another of their names", () => {
  it("gets one finding per attribute, the one SAP's linter gives: binding syntax is removed whatever its spelling", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "uplift-ui5-alias-"));
    temp.push(dir);
    mkdirSync(path.join(dir, "webapp"), { recursive: true });
    writeFileSync(
      path.join(dir, "webapp/manifest.json"),
      '{"sap.app": {"id": "alias"}, "sap.ui5": {"dependencies": {"minUI5Version": "1.136"}}}',
    );
    writeFileSync(
      path.join(dir, "webapp/index.html"),
      [
        "<!DOCTYPE html>",
        "<html><head>",
        '<script id="sap-ui-bootstrap" src="resources/sap-ui-core.js" data-sap-ui-async="true" data-sap-ui-compat-version="edge"',
        '  data-sap-ui-xx-bindingSyntax="complex"',
        '  data-sap-ui-bindingsyntax="complex"></script>',
        "</head><body></body></html>",
        "",
      ].join("\n"),
    );
    const r = uplift(["scan", dir, "--from", "1.136", "--to", "2.0", "--format", "json", "--fail-on", "none"]);
    const result = JSON.parse(r.stdout) as Result;
    const onPage = result.findings.filter((f) => f.file === "webapp/index.html").map((f) => `${f.line} ${f.ruleId}`);
    expect(onPage).toEqual(["4 sapui5/2.0/bootstrap-binding-syntax", "5 sapui5/2.0/bootstrap-binding-syntax"]);
  });
});
