import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { expectGolden, repoRoot, uplift } from "./helpers.js";

// A 16.0 addon taken to 19.0: every hop, in Python, views, data, QWeb and Owl, with the names 19.0
// renamed or removed, beside docstrings, comments and code that is already current.
const ADDON = "fixtures/odoo/hr_onboarding_checklist";

interface Found {
  ruleId: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  hop: string;
  severity: string;
  message: string;
}

function scan(): Found[] {
  const r = uplift(["scan", ADDON, "--to", "19.0", "--format", "json", "--fail-on", "none"]);
  expect(r.stderr).toBe("");
  return (JSON.parse(r.stdout) as { findings: Found[] }).findings;
}

/** The 1-based lines of a file of the addon that hold the text. */
function linesWith(file: string, text: string): number[] {
  const lines = readFileSync(path.join(repoRoot, ADDON, file), "utf8").split("\n");
  const found = lines.flatMap((l, i) => (l.includes(text) ? [i + 1] : []));
  if (found.length === 0) throw new Error(`${file} has no line with ${text}`);
  return found;
}

describe("a 16.0 addon scanned for 19.0", () => {
  const findings = scan();
  const at = (file: string, line: number): string[] =>
    findings.filter((f) => f.file === file && f.line <= line && line <= f.endLine).map((f) => f.ruleId);

  it("gives the reviewed findings", () => {
    const text = findings.map((f) => `${f.file}:${f.line}:${f.column}-${f.endLine} ${f.hop} ${f.severity} ${f.ruleId}`).join("\n");
    expectGolden("odoo-16-to-19.txt", `${text}\n`);
  });

  it("speaks on every hop in Python, XML and JavaScript", () => {
    for (const hop of ["16.0-17.0", "17.0-18.0", "18.0-19.0"]) {
      const kinds = new Set(findings.filter((f) => f.hop === hop).map((f) => path.extname(f.file)));
      expect([hop, [...kinds].sort()]).toEqual([hop, expect.arrayContaining([".py", ".xml"])]);
    }
    expect(findings.filter((f) => f.file.endsWith(".js")).map((f) => f.hop)).toEqual(expect.arrayContaining(["16.0-17.0", "17.0-18.0"]));
  });

  it("names what 19.0 renamed and removed", () => {
    const renamed = findings.filter((f) => f.ruleId === "odoo/19.0/core-field-renamed");
    expect(renamed.map((f) => `${f.file} ${/`[\w.]+\.(group_ids|user_ids)`/.exec(f.message)?.[0]}`).sort()).toEqual([
      "models/onboarding_task.py `res.users.group_ids`",
      "security/onboarding_security.xml `res.groups.user_ids`",
      "views/onboarding_menus.xml `ir.ui.menu.group_ids`",
      "views/res_users_views.xml `res.users.group_ids`",
    ]);
    const models = findings.filter((f) => f.ruleId === "odoo/19.0/core-model-renamed");
    expect(models.length).toBeGreaterThanOrEqual(5);
    for (const f of models) expect(f.message).toContain("hr.version");
    expect(at("models/onboarding_task.py", linesWith("models/onboarding_task.py", "partner.mobile")[0]!)).toContain(
      "odoo/19.0/core-field-removed",
    );
    expect(at("data/onboarding_data.xml", linesWith("data/onboarding_data.xml", "numbercall")[0]!)).toContain(
      "odoo/18.0/cron-numbercall-doall",
    );
  });

  it("says nothing in docstrings, comments or code that is already current", () => {
    const quiet: Array<[string, string]> = [
      ["models/onboarding_task.py", "Written before name_get went away"],
      ["models/onboarding_task.py", "# self._cr would do as well"],
      ["models/onboarding_task.py", "self.env.cr"],
      ["models/onboarding_task.py", "user.has_group("],
      ["models/res_users.py", "has_group"],
      ["views/onboarding_task_views.xml", "<!-- Kept as in 16.0"],
      ["views/onboarding_task_views.xml", 'widget="many2one_avatar_user"'],
      ["views/onboarding_menus.xml", "<menuitem"],
    ];
    for (const [file, text] of quiet) {
      for (const line of linesWith(file, text)) {
        const spoken = findings.filter((f) => f.file === file && f.line === line);
        expect([file, line, spoken.map((f) => f.ruleId)]).toEqual([file, line, []]);
      }
    }
    expect(findings.filter((f) => f.file === "models/res_users.py")).toEqual([]);
  });
});
