import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot, uplift } from "./helpers.js";

const ADDON = "sale_delivery_window";
const temp: string[] = [];
afterAll(() => {
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});
function copyFixture(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "uplift-fix-"));
  temp.push(dir);
  cpSync(path.join(repoRoot, "fixtures/odoo", ADDON), path.join(dir, ADDON), { recursive: true });
  return dir;
}

describe("automatic fixes", () => {
  it("shows a reviewable diff and changes nothing on --fix-dry-run", () => {
    const dir = copyFixture();
    const template = path.join(dir, ADDON, "static/src/xml/delivery_window.xml");
    const before = readFileSync(template, "utf8");
    const r = uplift(["scan", ".", "--fix-dry-run"], dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`--- a/${ADDON}/static/src/xml/delivery_window.xml`);
    expect(r.stdout).toContain(
      '-    <t t-name="sale_delivery_window.DeliveryWindow" owl="1">\n+    <t t-name="sale_delivery_window.DeliveryWindow">',
    );
    expect(r.stdout).toContain(
      '-import { _lt } from "@web/core/l10n/translation";\n+import { _t as _lt } from "@web/core/l10n/translation";',
    );
    expect(readFileSync(template, "utf8")).toBe(before);
  });

  it("applies the fixes on --fix and reports what is left", () => {
    const dir = copyFixture();
    const r = uplift(["scan", ".", "--fix", "--format", "json", "--fail-on", "none"], dir);
    expect(r.stderr).toMatch(/uplift: fixed \d+ problems in \d+ files/);
    const left = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string }> };
    expect(left.findings.some((f) => f.ruleId === "odoo/17.0/owl-template-attribute")).toBe(false);
    expect(readFileSync(path.join(dir, ADDON, "static/src/xml/delivery_window.xml"), "utf8")).not.toContain('owl="1"');
    // A second run has nothing left to fix.
    expect(uplift(["scan", ".", "--fix-dry-run"], dir).stdout).toBe("");
  });

  it("refuses a fix that would leave the file unparseable", () => {
    const dir = copyFixture();
    const rules = path.join(dir, "rules");
    cpSync(path.join(repoRoot, "rules/schema"), path.join(rules, "schema"), { recursive: true });
    cpSync(path.join(repoRoot, "rules/odoo/profile.yaml"), path.join(rules, "odoo/profile.yaml"));
    mkdirSync(path.join(rules, "odoo"), { recursive: true });
    writeFileSync(
      path.join(rules, "odoo/16.0-17.0.yaml"),
      `erp: odoo
from: "16.0"
to: "17.0"
title: t
rules:
  - id: odoo/17.0/breaks-code
    title: a fix that breaks code
    change: renamed
    severity: low
    match: { call: "@web/core/utils/patch.patch" }
    message: m
    replacement: r
    fix: { replace: { find: "^patch\\\\(", with: "patch((" } }
    effort: 1m
    references: [https://example.com/vendor]
    examples:
      - { file: a.js, code: "x();", expect: [] }
`,
    );
    const file = path.join(dir, ADDON, "static/src/js/sale_order_form_patch.js");
    const before = readFileSync(file, "utf8");
    const r = uplift(["scan", ".", "--rules", rules, "--fix"], dir);
    expect(r.stderr).toContain(`uplift: not fixed: ${ADDON}/static/src/js/sale_order_form_patch.js (the fixed file would not parse)`);
    expect(readFileSync(file, "utf8")).toBe(before);
  });
});
