import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expectGolden, repoRoot, uplift } from "./helpers.js";

const ADDON = "resource_booking";
const temp: string[] = [];
afterAll(() => {
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});
function copyFixture(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "uplift-py-"));
  temp.push(dir);
  cpSync(path.join(repoRoot, "fixtures/odoo", ADDON), path.join(dir, ADDON), { recursive: true });
  return dir;
}

interface Found {
  ruleId: string;
  file: string;
  line: number;
  hop: string;
}

function scanAddon(cwd = repoRoot, target = `fixtures/odoo/${ADDON}`): Found[] {
  const r = uplift(["scan", target, "--to", "18.0", "--format", "json", "--fail-on", "none"], cwd);
  expect(r.stderr).toBe("");
  return (JSON.parse(r.stdout) as { findings: Found[] }).findings;
}

describe("a 16.0 addon's Python on the way to 18.0", () => {
  it("finds each changed Python API on each hop, and only those", () => {
    const python = scanAddon()
      .filter((f) => f.file.endsWith(".py"))
      .map((f) => `${f.hop} ${f.file}:${f.line} ${f.ruleId.slice(f.ruleId.lastIndexOf("/") + 1)}`);
    expect(python).toEqual([
      "17.0-18.0 controllers/main.py:9 has-group-on-users-model",
      "17.0-18.0 models/resource_booking.py:9 ustr-deprecated",
      "16.0-17.0 models/resource_booking.py:20 field-states-ignored",
      "16.0-17.0 models/resource_booking.py:23 field-states-ignored",
      "17.0-18.0 models/resource_booking.py:24 group-operator-renamed",
      "16.0-17.0 models/resource_booking.py:32 name-get-override",
      "17.0-18.0 models/resource_booking.py:37 name-search-override",
      "17.0-18.0 models/resource_booking.py:46 user-has-groups",
      "17.0-18.0 models/resource_booking.py:48 check-access-rights-deprecated",
      "16.0-17.0 models/resource_booking.py:50 message-post-html-string",
      "16.0-17.0 models/resource_booking.py:55 message-post-with-view-removed",
      "16.0-17.0 models/resource_booking.py:63 read-group-private-signature",
      "17.0-18.0 models/resource_booking.py:70 ustr-deprecated",
      // The model's name_get; the plain PriceFormatter class below keeps its own.
      "16.0-17.0 models/resource_booking_line.py:18 name-get-override",
      "16.0-17.0 tests/test_resource_booking.py:1 tests-form-import",
      "17.0-18.0 tests/test_resource_booking.py:9 product-type-storable",
      "17.0-18.0 tests/test_resource_booking.py:25 cron-numbercall-doall-code",
      "17.0-18.0 wizards/booking_invoice_wizard.py:25 view-mode-tree-python",
      "17.0-18.0 wizards/booking_invoice_wizard.py:26 view-mode-tree-python",
    ]);
  });

  it("shows the Python fixes as a reviewable diff", () => {
    const dir = copyFixture();
    const r = uplift(["scan", ".", "--fix-dry-run"], dir);
    expect(r.status).toBe(0);
    const python = r.stdout
      .split(/^(?=--- a\/)/m)
      .filter((part) => /^--- a\/\S+\.py/.test(part))
      .join("");
    expectGolden("odoo-python-fix.diff", python);
  });

  it("writes the fixes, and the fixed files still parse and no longer have those findings", () => {
    const dir = copyFixture();
    const r = uplift(["scan", ".", "--fix", "--format", "json", "--fail-on", "none"], dir);
    expect(r.stderr).toMatch(/uplift: fixed \d+ problems in \d+ files/);
    const left = (JSON.parse(r.stdout) as { findings: Found[] }).findings;
    const fixed = ["group-operator-renamed", "user-has-groups", "view-mode-tree-python", "has-group-on-users-model"];
    expect(left.filter((f) => fixed.some((id) => f.ruleId.endsWith(id)))).toEqual([]);
    expect(left.some((f) => f.ruleId === "uplift/parse-error")).toBe(false);
    const wizard = readFileSync(path.join(dir, ADDON, "wizards/booking_invoice_wizard.py"), "utf8");
    expect(wizard).toContain('"views": [(False, "list"), (False, "form")],');
  });
});
