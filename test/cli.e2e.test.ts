import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expectGolden, repoRoot, uplift } from "./helpers.js";

const temp: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), "uplift-e2e-"));
  temp.push(d);
  return d;
}
afterAll(() => {
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

describe("uplift scan on the Odoo fixture", () => {
  it("gives the reviewed findings as JSON, byte for byte, every time", () => {
    const first = uplift(["scan", "fixtures/odoo", "--format", "json"]);
    expect(first.stderr).toBe("");
    expect(first.status).toBe(1);
    expectGolden("odoo-scan.json", first.stdout);
    const second = uplift(["scan", "fixtures/odoo", "--format", "json"]);
    expect(second.stdout).toBe(first.stdout);
  });

  it("prints one line per rule with its count and first locations, every finding with --verbose, the verdict with --quiet", () => {
    const r = uplift(["scan", "fixtures/odoo", "--fail-on", "none"]);
    expect(r.status).toBe(0);
    const json = JSON.parse(uplift(["scan", "fixtures/odoo", "--format", "json"]).stdout) as {
      findings: Array<{ ruleId: string; severity: string }>;
    };
    const attrs = json.findings.filter((f) => f.ruleId === "odoo/17.0/view-attrs-removed").length;
    const blocking = json.findings.filter((f) => f.severity === "critical" || f.severity === "high").length;
    // One line per rule: severity, count, title, id, the first three locations (a file named once for its run).
    expect(r.stdout).toMatch(
      new RegExp(
        `^critical +${attrs}× {2}attrs is no longer read in views {2}odoo/17\\.0/view-attrs-removed {2}[\\w/.]+\\.xml:\\d+:\\d+(, ([\\w/.]+\\.xml)?:\\d+:\\d+){0,2}( and \\d+ more)?$`,
        "m",
      ),
    );
    expect(r.stdout).toContain("hr_onboarding_checklist/views/onboarding_task_views.xml:33:52, :83:17");
    expect(r.stdout).toMatch(/^✖ No-go: \d+ findings high or worse must be fixed before the upgrade\.$/m);
    expect(r.stdout).toMatch(/^ {2}\d+ findings \(\d+ critical, \d+ high/m);
    expect(r.stdout).toMatch(/^ {2}Coverage: \d+ of \d+ relevant files checked \(\d+%\)/m);

    const verbose = uplift(["scan", "fixtures/odoo", "--fail-on", "none", "--verbose"]);
    expect(verbose.stdout).toContain("sale_delivery_window/views/sale_order_views.xml\n  10:24  critical");
    expect(verbose.stdout).toContain("→ Write invisible, readonly and required as Python expressions");
    expect(verbose.stdout).toContain("same place as odoo/18.0/lazy-translate-removed; its effort is counted there");

    const quiet = uplift(["scan", "fixtures/odoo", "--quiet"]);
    expect(quiet.status).toBe(1);
    expect(quiet.stdout.trim().split("\n")).toEqual([`✖ No-go: ${blocking} findings high or worse must be fixed before the upgrade.`]);
  });

  it("uses --fail-on for the exit code", () => {
    expect(uplift(["scan", "fixtures/odoo", "--fail-on", "critical"]).status).toBe(1);
    expect(uplift(["scan", "fixtures/odoo", "--fail-on", "none"]).status).toBe(0);
    // Only the templates: low findings only; the manifest still tells the version.
    const onlyLow = uplift([
      "scan",
      "fixtures/odoo",
      "--include",
      "sale_delivery_window/static/src/xml/*.xml",
      "--fail-on",
      "medium",
      "--format",
      "json",
    ]);
    expect(onlyLow.stderr).toBe("");
    expect(onlyLow.status).toBe(0);
    const result = JSON.parse(onlyLow.stdout);
    expect(result.projects.find((p: { path: string }) => p.path === "sale_delivery_window").from).toBe("16.0");
    expect(result.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual([
      "odoo/17.0/owl-template-attribute",
      "odoo/20.0/t-esc-to-t-out",
      "odoo/20.0/t-esc-to-t-out",
    ]);
  });

  it("prints the facts of a Python model for rule authors", () => {
    const r = uplift(["facts", "fixtures/odoo/sale_delivery_window/models/sale_order.py", "--kind", "ref"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("5:16-5:28 ref model:sale.order in SaleOrder");
    expect(r.stdout).toContain('ref field:sale.order.delivery_window_confirmed in SaleOrder.action_confirm_window {"verb":"write"');
  });

  it("writes the report to --output", () => {
    const out = path.join(tempDir(), "deep/report.json");
    const r = uplift(["scan", "fixtures/odoo", "--format", "json", "--output", out, "--fail-on", "none"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(readFileSync(out, "utf8")).schemaVersion).toBe(1);
  });

  it("lets flags override the version the manifest gives", () => {
    const r = uplift(["scan", "fixtures/odoo", "--format", "json", "--from", "17.0", "--to", "18.0", "--fail-on", "none"]);
    const result = JSON.parse(r.stdout);
    expect(result.projects[0]).toMatchObject({ from: "17.0", to: "18.0", hops: ["17.0-18.0"] });
    // What 16.0 → 17.0 removed is reported as broken already, not as work for the upgrade.
    const past = result.findings.filter((f: { hop?: string }) => f.hop === "16.0-17.0");
    expect(past.length).toBeGreaterThan(0);
    for (const f of past) expect(f.message).toMatch(/^Already broken: removed in 17\.0, before this project's version\. /);
    expect(past.every((f: { change: string }) => f.change === "removed")).toBe(true);
  });
});

describe("mistakes in the invocation or the rule packs exit 2 with one line", () => {
  const oneLine = (stderr: string): void => {
    const lines = stderr.trim().split("\n");
    expect(lines[0]).toMatch(/^uplift: /);
    expect(stderr).not.toMatch(/\n\s+at /);
  };

  it("unknown flag, format, ERP or version", () => {
    for (const args of [
      ["scan", "fixtures/odoo", "--frobnicate"],
      ["scan", "fixtures/odoo", "--format", "pdf"],
      ["scan", "fixtures/odoo", "--erp", "sap-r3"],
      ["scan", "fixtures/odoo", "--from", "12.0"],
      ["scan", "fixtures/odoo", "--to", "99.0"],
      ["scan", "does/not/exist"],
    ]) {
      const r = uplift(args);
      expect(r.status, args.join(" ")).toBe(2);
      oneLine(r.stderr);
    }
  });

  it("--help names every ERP that has a profile", () => {
    const help = uplift(["scan", "--help"]).stdout.replace(/\s+/g, " ");
    const erps = readdirSync(path.join(repoRoot, "rules"), { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(path.join(repoRoot, "rules", d.name, "profile.yaml")))
      .map((d) => d.name)
      .sort();
    expect(help).toContain(`--erp <erp> the ERP (${erps.join(", ")})`);
  });

  it("a folder with no ERP project says what to pass", () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "a.js"), "x();");
    const r = uplift(["scan", dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^uplift: no ERP project found .*pass --erp/);
    const given = uplift(["scan", dir, "--erp", "odoo", "--from", "16.0", "--format", "json"]);
    expect(given.status).toBe(0);
    expect(JSON.parse(given.stdout).projects).toEqual([
      { path: ".", erp: "odoo", from: "16.0", to: "20.0", hops: ["16.0-17.0", "17.0-18.0", "18.0-19.0", "19.0-20.0"] },
    ]);
  });

  it("a broken rule pack names its file and line", () => {
    const rules = path.join(tempDir(), "rules");
    cpSync(path.join(repoRoot, "rules"), rules, { recursive: true });
    const pack = path.join(rules, "odoo/16.0-17.0.yaml");
    writeFileSync(pack, readFileSync(pack, "utf8").replace("severity: critical", "severity: fatal"));
    const r = uplift(["scan", "fixtures/odoo", "--rules", rules]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^uplift: .*odoo\/16\.0-17\.0\.yaml:\d+: rules\[0\]\.severity must be one of critical, high, medium, low\n$/);
    const v = uplift(["rules", "validate", pack]);
    expect(v.status).toBe(2);
    oneLine(v.stderr);
  });
});

describe("broken customer files never stop the scan", () => {
  it("turns them into findings or unanalysed entries", () => {
    const dir = tempDir();
    const w = (rel: string, content: string | Uint8Array): void => {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), content);
    };
    w("addon/__manifest__.py", "{'name': 'x', 'version': '16.0.1.0.0'}");
    w(
      "addon/static/src/broken.js",
      "/** @odoo-module **/\nimport { patch } from '@web/core/utils/patch';\nfunction ( {\npatch(A.prototype, 'x', {});\n",
    );
    w(
      "addon/views/broken.xml",
      '<odoo><record id="v" model="ir.ui.view"><field name="arch" type="xml">\n<form><field name="a" attrs="{}"></form>\n</odoo>',
    );
    w(
      "addon/static/src/deep.js",
      `/** @odoo-module **/ import { patch } from "@web/core/utils/patch"; x = ${"[".repeat(20000)}${"]".repeat(20000)};`,
    );
    w(
      "addon/static/src/utf16.js",
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("odoo.define('m', function (require) { require('web.rpc'); });", "utf16le")]),
    );
    w("addon/static/src/latin1.js", Buffer.from("// caf\xe9\nodoo.define('m', function (require) { require('web.ajax'); });", "latin1"));
    w("addon/static/img/logo.png", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    w("addon/static/src/fake.js", new Uint8Array([0x63, 0x00, 0x61, 0x00, 0x00, 0x00]));
    w("addon/static/src/huge.js", `// patch\n${"var a = 1;\n".repeat(600_000)}`);
    mkdirSync(path.join(dir, "addon/loop"));
    symlinkSync(path.join(dir, "addon"), path.join(dir, "addon/loop/back"));
    symlinkSync("/", path.join(dir, "addon/escape"));
    const r = uplift(["scan", dir, "--format", "json"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(1);
    const result = JSON.parse(r.stdout);
    const parse = result.findings
      .filter((f: { ruleId: string }) => f.ruleId === "uplift/parse-error")
      .map((f: { file: string; line: number }) => `${f.file}:${f.line}`);
    expect(parse).toEqual(["addon/static/src/broken.js:3", "addon/views/broken.xml:2"]);
    const ids = result.findings.map((f: { ruleId: string; file: string; line: number }) => `${f.ruleId} ${f.file}:${f.line}`);
    expect(ids).toContain("odoo/17.0/patch-name-argument addon/static/src/broken.js:4");
    expect(ids).toContain("odoo/17.0/view-attrs-removed addon/views/broken.xml:2");
    expect(ids).toContain("odoo/17.0/legacy-rpc-removed addon/static/src/utf16.js:1");
    expect(ids).toContain("odoo/17.0/legacy-rpc-removed addon/static/src/latin1.js:2");
    expect(result.unanalysed).toEqual(
      expect.arrayContaining([
        { file: "addon/escape", reason: "symbolic link, not followed" },
        { file: "addon/loop/back", reason: "symbolic link, not followed" },
        { file: "addon/static/img/logo.png", reason: "binary file" },
        { file: "addon/static/src/fake.js", reason: "binary file" },
        { file: "addon/static/src/deep.js", reason: "nested too deeply to parse" },
        { file: "addon/static/src/huge.js", reason: "larger than 4.0 MiB (6.3 MiB)" },
      ]),
    );
  });
});

describe("uplift rules", () => {
  it("test runs every example of every pack", () => {
    const r = uplift(["rules", "test"]);
    expect(r.stdout).toMatch(/all pass\n$/);
    expect(r.status).toBe(0);
  });

  it("list names every rule with its severity", () => {
    const r = uplift(["rules", "list", "--erp", "odoo"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/odoo\/17\.0\/view-attrs-removed\s+critical\s+removed/);
  });
});

describe("docs/rules.md", () => {
  it("is what uplift rules docs writes from the packs", () => {
    const r = uplift(["rules", "docs"]);
    expect(r.status).toBe(0);
    expect(r.stdout, "regenerate with: node packages/cli/dist/bin.js rules docs > docs/rules.md").toBe(
      readFileSync(path.join(repoRoot, "docs/rules.md"), "utf8"),
    );
  });
});
