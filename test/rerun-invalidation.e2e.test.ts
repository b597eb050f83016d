import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, uplift } from "./helpers.js";
import { age, tempFolders } from "./support/trees.js";

const temp = tempFolders();

/**
 * A rerun with a kept cache sees every change a cold scan sees: files added, removed or renamed
 * in folders that looked unchanged, an ignore file, the config and a rule pack changed in place.
 * After each change the warm output must equal a scan without the cache.
 */
describe("a rerun after a change", () => {
  it("equals a cold scan after files, ignore rules, the config and a pack change", () => {
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
    const first = JSON.parse(same("the first run")) as { findings: Array<{ ruleId: string; file: string; title: string }> };
    expect(first.findings.length).toBeGreaterThan(0);
    same("nothing changed");

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

    // An ignore file's rules, changed in place: the folder's files are left out, then in again.
    const finding = first.findings.find((f) => f.file.includes("/models/") && f.file.endsWith(".py"))!;
    const ignore = path.join(tree, ".gitignore");
    fs.writeFileSync(ignore, `${path.basename(finding.file)}\n`);
    expect(JSON.parse(same("an ignore file added")).findings.some((f: { file: string }) => f.file === finding.file)).toBe(false);
    fs.writeFileSync(ignore, "nothing-here.py\n");
    expect(JSON.parse(same("an ignore file changed")).findings.some((f: { file: string }) => f.file === finding.file)).toBe(true);

    // The config turns a rule off.
    fs.writeFileSync(path.join(tree, "uplift.config.json"), JSON.stringify({ rules: { [finding.ruleId]: "off" } }));
    expect(JSON.parse(same("the config changed")).findings.some((f: { ruleId: string }) => f.ruleId === finding.ruleId)).toBe(false);
    fs.rmSync(path.join(tree, "uplift.config.json"));
    same("the config removed");

    // A pack changed in place: the rule's title is what the new pack says.
    const pack = fs
      .readdirSync(path.join(rules, "odoo"))
      .map((n) => path.join(rules, "odoo", n))
      .find((f) => f.endsWith(".yaml") && fs.readFileSync(f, "utf8").includes(`id: ${finding.ruleId}\n`))!;
    const text = fs.readFileSync(pack, "utf8");
    const at = text.indexOf(`id: ${finding.ruleId}\n`);
    const title = text.indexOf(finding.title, at);
    expect(title).toBeGreaterThan(at);
    fs.writeFileSync(pack, `${text.slice(0, title)}Changed, ${text.slice(title)}`);
    const changed = JSON.parse(same("a pack changed")) as { findings: Array<{ ruleId: string; title: string }> };
    expect(changed.findings.find((f) => f.ruleId === finding.ruleId)?.title).toBe(`Changed, ${finding.title}`);
  });
});
