import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, uplift } from "./helpers.js";
import { age, tempFolders } from "./support/trees.js";

const temp = tempFolders();

interface Finding {
  ruleId: string;
  file: string;
  title: string;
}

/** The Odoo fixtures and a copy of the packs, aged, and a check that a warm scan with one kept cache equals a scan without it. */
function setUp(): { tree: string; rules: string; same: (what: string) => string; first: Finding[] } {
  const work = temp("uplift-rerun-");
  const tree = path.join(work, "odoo");
  const rules = path.join(work, "rules");
  const cache = path.join(work, "cache");
  fs.cpSync(path.join(repoRoot, "fixtures/odoo"), tree, { recursive: true });
  fs.cpSync(path.join(repoRoot, "rules"), rules, { recursive: true });
  age(tree, { folders: true });
  const args = ["scan", tree, "--format", "json", "--rules", rules];
  const same = (what: string): string => {
    const warm = uplift([...args, "--cache", "--cache-location", cache]);
    expect(warm.stderr, what).not.toMatch(/uplift: (?!wrote)/);
    expect(warm.stdout, what).toBe(uplift(args).stdout);
    return warm.stdout;
  };
  const first = (JSON.parse(same("the first run")) as { findings: Finding[] }).findings;
  expect(first.length).toBeGreaterThan(0);
  return { tree, rules, same, first };
}

const findingsOf = (output: string): Finding[] => (JSON.parse(output) as { findings: Finding[] }).findings;

/**
 * A rerun with a kept cache sees every change a cold scan sees: files added, removed or renamed
 * in folders that looked unchanged, an ignore file, the config and a rule pack changed in place.
 * After each change the warm output must equal a scan without the cache.
 */
describe("a rerun after a change", () => {
  it("equals a cold scan after a file is added, renamed and removed", { timeout: 180_000 }, () => {
    const { tree, same } = setUp();
    const models = path.join(tree, "sale_delivery_window/models");
    const added = path.join(models, "added_order.py");
    fs.writeFileSync(
      added,
      `from odoo import models\n\nclass X(models.Model):\n    _inherit = "sale.order"\n\n    def f(self):\n        return self.name_get()\n`,
    );
    expect(same("a file added")).toContain("added_order.py");
    fs.renameSync(added, path.join(models, "renamed_order.py"));
    const renamed = same("a file renamed");
    expect(renamed).toContain("renamed_order.py");
    expect(renamed).not.toContain("added_order.py");
    fs.rmSync(path.join(models, "renamed_order.py"));
    expect(same("a file removed")).not.toContain("renamed_order.py");
  });

  it("equals a cold scan after the ignore rules and the config change", { timeout: 180_000 }, () => {
    const { tree, same, first } = setUp();
    // An ignore file's rules, changed in place: a file is left out, then in again.
    const finding = first.find((f) => f.file.includes("/models/") && f.file.endsWith(".py"))!;
    const ignore = path.join(tree, ".gitignore");
    fs.writeFileSync(ignore, `${path.basename(finding.file)}\n`);
    expect(findingsOf(same("an ignore file added")).some((f) => f.file === finding.file)).toBe(false);
    fs.writeFileSync(ignore, "nothing-here.py\n");
    expect(findingsOf(same("an ignore file changed")).some((f) => f.file === finding.file)).toBe(true);
    // The config turns a rule off.
    fs.writeFileSync(path.join(tree, "uplift.config.json"), JSON.stringify({ rules: { [finding.ruleId]: "off" } }));
    expect(findingsOf(same("the config changed")).some((f) => f.ruleId === finding.ruleId)).toBe(false);
  });

  it("equals a cold scan after a pack changes in place", { timeout: 180_000 }, () => {
    const { rules, same, first } = setUp();
    const finding = first.find((f) => f.file.includes("/models/") && f.file.endsWith(".py"))!;
    const pack = fs
      .readdirSync(path.join(rules, "odoo"))
      .map((n) => path.join(rules, "odoo", n))
      .find((f) => f.endsWith(".yaml") && fs.readFileSync(f, "utf8").includes(`id: ${finding.ruleId}\n`))!;
    const text = fs.readFileSync(pack, "utf8");
    const at = text.indexOf(`id: ${finding.ruleId}\n`);
    const title = text.indexOf(finding.title, at);
    expect(title).toBeGreaterThan(at);
    fs.writeFileSync(pack, `${text.slice(0, title)}Changed, ${text.slice(title)}`);
    expect(findingsOf(same("a pack changed")).find((f) => f.ruleId === finding.ruleId)?.title).toBe(`Changed, ${finding.title}`);
  });
});
