// What a scan covered: irrelevant files apart from relevant files left unchecked, and a verdict
// that never reads "Go" while a relevant file went unchecked.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ScanResult } from "@uplift/engine";
import { afterAll, describe, expect, it } from "vitest";
import { uplift } from "./helpers.js";

const temp: string[] = [];
afterAll(() => {
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

/** An Odoo 17.0 addon whose code is already current, with the files a real addon carries. */
function addon(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "uplift-coverage-"));
  temp.push(dir);
  const all: Record<string, string> = {
    "my_addon/__manifest__.py": `{"name": "My addon", "version": "17.0.1.0.0", "depends": ["sale"], "data": ["views/views.xml"]}`,
    "my_addon/views/views.xml": `<odoo><record id="v" model="ir.ui.view"><field name="arch" type="xml"><form><field name="x" invisible="y"/></form></field></record></odoo>`,
    "my_addon/static/src/js/current.js": `/** @odoo-module **/\nimport { Component } from "@odoo/owl";\nexport class X extends Component {}\n`,
    "my_addon/i18n/fr.po": `msgid "x"\nmsgstr "y"\n`,
    "my_addon/i18n/my_addon.pot": `msgid "x"\n`,
    "my_addon/static/description/icon.png": "\u0089PNG",
    "my_addon/static/description/index.html": "<p>My addon</p>",
    "my_addon/README.rst": "My addon\n========\n",
    "my_addon/readme/DESCRIPTION.md": "What it does.",
    "my_addon/static/lib/chart.min.js": "var a=1;",
    ...files,
  };
  for (const [file, text] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** Scanned to 18.0, so that packs for later versions do not move what these tests are about. */
function scan(dir: string): { result: ScanResult; status: number; terminal: string } {
  const r = uplift(["scan", dir, "--to", "18.0", "--format", "json"]);
  expect(r.stderr).toBe("");
  return { result: JSON.parse(r.stdout) as ScanResult, status: r.status, terminal: uplift(["scan", dir, "--to", "18.0"]).stdout };
}

describe("coverage and the verdict", () => {
  it("counts images, translations and documentation apart and says Go when every relevant file was checked", () => {
    const { result, terminal } = scan(addon({}));
    expect(result.findings).toEqual([]);
    expect(result.unchecked).toEqual([]);
    expect(result.summary.files).toMatchObject({ relevant: 3, checked: 3, unchecked: 0, irrelevant: 6, excluded: 1 });
    expect(result.summary.files!.irrelevantBy).toEqual({ documentation: 3, image: 1, translation: 2 });
    expect(terminal).toContain("✔ Go: no upgrade problems found in the analysed files.");
    expect(terminal).toContain("Coverage: 3 of 3 relevant files checked (100%); 6 irrelevant files");
  });

  it("never says Go while a relevant file is unchecked, and names it: no adapter, no rules for its kind, unparseable", () => {
    const dir = addon({
      "my_addon/static/src/scss/style.scss": ".o_form_view { color: red; }\n",
      "my_addon/data/settings.yml": "x: 1\n",
      // Broken, and with a word the rules look for, so that it is parsed (a file without any is
      // checked without parsing: no rule can find anything in it).
      "my_addon/data/broken.xml":
        "<odoo><record id='x' model='ir.ui.view'><field name='arch' type='xml'><tree><field name='a' attrs=\"{'invisible': 1}\"",
    });
    const { result, status, terminal } = scan(dir);
    expect(result.unchecked!.map((u) => [u.file, u.why])).toEqual([
      ["my_addon/data/broken.xml", "unparseable"],
      ["my_addon/data/settings.yml", "no-rules"],
      ["my_addon/static/src/scss/style.scss", "no-adapter"],
    ]);
    expect(result.summary.files).toMatchObject({ relevant: 6, checked: 3, unchecked: 3 });
    expect(result.unchecked!.find((u) => u.why === "no-rules")!.reason).toBe("no rules for yaml files on 17.0-18.0");
    expect(terminal).toMatch(/^✖ No-go: /m);
    expect(terminal).toContain("my_addon/data/settings.yml");
    expect(terminal).toContain("my_addon/static/src/scss/style.scss");
    expect(status).toBe(1);
  });

  it("says nothing of a relevant file left unchecked once nothing blocks, without hiding it", () => {
    const dir = addon({ "my_addon/static/src/scss/style.scss": ".x { color: red; }\n" });
    // Python is read: a model with nothing to change is checked like the rest.
    writeFileSync(path.join(dir, "my_addon/__init__.py"), "from . import models\n");
    const { result, terminal } = scan(dir);
    expect(result.findings).toEqual([]);
    expect(terminal).toContain("✖ No-go: 1 relevant file was not checked: my_addon/static/src/scss/style.scss.");
  });
});

describe("uplift plan", () => {
  it("shows each version the fixture's addons reach, the furthest one equal to the whole scan", () => {
    const plan = JSON.parse(uplift(["plan", "fixtures/odoo", "--format", "json"]).stdout) as {
      targets: Array<{ erp: string; version: string; findings: number; tests: number }>;
    };
    const versions = plan.targets.map((t) => t.version);
    // From the oldest addon's next version on, every version the Odoo packs reach, in order.
    expect(versions.slice(0, 3)).toEqual(["16.0", "17.0", "18.0"]);
    expect(new Set(plan.targets.map((t) => t.erp))).toEqual(new Set(["odoo"]));
    const furthest = versions.at(-1)!;
    const whole = JSON.parse(uplift(["scan", "fixtures/odoo", "--to", furthest, "--format", "json"]).stdout) as ScanResult;
    expect(plan.targets.at(-1)!.findings).toBe(whole.summary.findings);
    const findings = plan.targets.map((t) => t.findings);
    expect([...findings].sort((a, b) => a - b)).toEqual(findings);
  });

  it("plans every ERP that has packs, from its profile's versions", () => {
    const plan = JSON.parse(uplift(["plan", "fixtures/dynamics365", "--format", "json"]).stdout) as {
      targets: Array<{ erp: string; version: string }>;
    };
    expect(plan.targets.map((t) => t.version)).toEqual(["9.0", "9.1", "9.2", "next"]);
    expect(new Set(plan.targets.map((t) => t.erp))).toEqual(new Set(["dynamics365"]));
  });
});

describe("uplift report --compare", () => {
  it("refuses a file that is not a result, in one line", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "uplift-compare-"));
    temp.push(dir);
    writeFileSync(path.join(dir, "old.json"), "{}");
    writeFileSync(path.join(dir, "new.json"), uplift(["scan", "fixtures/odoo", "--format", "json"]).stdout);
    const r = uplift(["report", path.join(dir, "new.json"), "--compare", path.join(dir, "old.json")]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^uplift: .*old\.json:1: not an Uplift result/);
  });
});
