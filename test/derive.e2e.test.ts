// uplift rules derive: the packs derived from vendor declarations are what the pinned package
// gives (a drift test), and deriving is generic: module declarations such as UI5's, two versions
// compared for removed members and changed signatures, and the derived rules find what they say.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { DERIVATIONS, deriveArgs } from "../scripts/derive-packs.mjs";
import { repoRoot, uplift } from "./helpers.js";

const temp: string[] = [];
afterAll(() => {
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

describe("the derived packs Uplift ships", () => {
  it("are exactly what the pinned declaration packages give", () => {
    for (const d of DERIVATIONS) {
      const run = uplift(deriveArgs(d, ["--check"]));
      expect(run.stdout + run.stderr, d.package).toMatch(/files match/);
      expect(run.status, run.stdout).toBe(0);
    }
  });

  it("pin @types/xrm in the pack header, the lock file and the engine's dependencies", () => {
    const require = createRequire(path.join(repoRoot, "packages/engine/package.json"));
    const installed = (require("@types/xrm/package.json") as { version: string }).version;
    const pack = parse(readFileSync(path.join(repoRoot, "rules/dynamics365/9.2-next.types-xrm.yaml"), "utf8")) as {
      derivedFrom: { package: string; version: string };
      rules: Array<{ derived: { version: string } }>;
    };
    const engine = JSON.parse(readFileSync(path.join(repoRoot, "packages/engine/package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    expect(pack.derivedFrom).toEqual({ package: "@types/xrm", version: installed });
    expect(engine.dependencies["@types/xrm"]).toBe(installed);
    expect(new Set(pack.rules.map((r) => r.derived.version))).toEqual(new Set([installed]));
  });

  it("drop a derived rule whose symbol a hand-written rule already matches", () => {
    const listed = uplift(["scan", "fixtures/dynamics365", "--format", "json", "--fail-on", "none"]);
    const rules = Object.keys((JSON.parse(listed.stdout) as { rules: Record<string, unknown> }).rules);
    // Xrm.GlobalContext.getUserId is matched by context-user-methods: its derived twin never reports.
    expect(rules).not.toContain("dynamics365/next/types-xrm-xrm-globalcontext-getuserid");
    expect(rules).toContain("dynamics365/next/context-user-methods");
  });
});

describe("deriving from module declarations and two versions", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "uplift-derive-"));
  temp.push(dir);
  const rules = path.join(dir, "rules");
  mkdirSync(path.join(rules, "acme"), { recursive: true });
  cpSync(path.join(repoRoot, "rules/schema"), path.join(rules, "schema"), { recursive: true });
  writeFileSync(
    path.join(rules, "acme/profile.yaml"),
    [
      "erp: acme",
      "name: Acme UI",
      'versions: ["1.0", "1.40", "1.60", "2.0"]',
      "declarations: { maps: [declarations/acme-ui.json] }",
      "detect:",
      "  - file: acme.json",
      "    version: { json: /version }",
      "",
    ].join("\n"),
  );
  mkdirSync(path.join(rules, "acme/declarations"));
  writeFileSync(path.join(rules, "acme/declarations/acme-ui.json"), '{"package":"x","version":"0","globals":{},"modules":{},"types":{}}');
  const derive = uplift([
    "rules",
    "derive",
    path.join(repoRoot, "test/declarations/acme-ui-2"),
    "--previous",
    path.join(repoRoot, "test/declarations/acme-ui-1"),
    "--erp",
    "acme",
    "--rules",
    rules,
    "--map",
    path.join(rules, "acme/declarations/acme-ui.json"),
  ]);

  it("places each rule in the hop of the version its note or the package names", () => {
    expect(derive.stderr).toBe("");
    // setHidden: "As of version 1.50"; setIconFirst was deprecated as of 1.40 but 2.0.0 removes it.
    expect(derive.stdout).toContain("1.40-1.60.acme-ui-types.yaml: 1 rules");
    expect(derive.stdout).toContain("1.60-2.0.acme-ui-types.yaml: 2 rules");
    const removed = parse(readFileSync(path.join(rules, "acme/1.60-2.0.acme-ui-types.yaml"), "utf8")) as {
      derivedFrom: Record<string, string>;
      rules: Array<{ id: string; change: string; derived: Record<string, string> }>;
    };
    expect(removed.derivedFrom).toEqual({ package: "@acme/ui-types", version: "2.0.0", previous: "1.60.0" });
    expect(removed.rules.map((r) => [r.derived.symbol, r.derived.from, r.change])).toEqual([
      ["acme/ui/Button.setIconFirst", "removed", "removed"],
      ["acme/ui/Button.setType", "signature", "signature"],
    ]);
  });

  it("writes rules whose examples pass", () => {
    const run = uplift(["rules", "test", "--rules", rules]);
    expect(run.stdout).toMatch(/3 rules, 6 examples: all pass/);
  });

  it("finds the symbols through sap.ui.define-style modules, instances and base classes", () => {
    const project = path.join(dir, "app");
    mkdirSync(project);
    writeFileSync(path.join(project, "acme.json"), '{ "version": "1.0" }');
    writeFileSync(
      path.join(project, "view.js"),
      [
        'sap.ui.define(["acme/ui/Button"], function (Button) {',
        "    var button = new Button();",
        "    button.setIconFirst(true);",
        "    button.setHidden(false);",
        "    return button;",
        "});",
        "",
      ].join("\n"),
    );
    const run = uplift(["scan", project, "--rules", rules, "--format", "json", "--fail-on", "none"]);
    expect(run.stderr).toBe("");
    const findings = (JSON.parse(run.stdout) as { findings: Array<{ line: number; symbol: string; ruleId: string }> }).findings;
    expect(findings.map((f) => `${f.line} ${f.symbol}`)).toEqual(["3 acme/ui/Button.setIconFirst", "4 acme/ui/Control.setHidden"]);
  });
});
