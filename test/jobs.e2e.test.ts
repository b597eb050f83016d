import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { countEntries, uplift } from "./helpers.js";

describe("--jobs", () => {
  it("parses in worker threads and gives exactly what one thread gives, on every fixture", () => {
    const one = uplift(["scan", "fixtures", "--format", "json", "--jobs", "1"]);
    const three = uplift(["scan", "fixtures", "--format", "json", "--jobs", "3"]);
    expect(JSON.parse(one.stdout).findings.length).toBeGreaterThan(100);
    expect(three.stdout).toBe(one.stdout);
    expect(three.status).toBe(one.status);
  });

  it("keeps what workers extract in the cache, and a one-thread rerun reads it back to the same result", () => {
    const store = mkdtempSync(path.join(tmpdir(), "uplift-cache-jobs-"));
    try {
      const args = ["scan", "fixtures", "--format", "json", "--cache", "--cache-location", store];
      const one = uplift(["scan", "fixtures", "--format", "json", "--jobs", "1"]).stdout;
      const parallel = uplift([...args, "--jobs", "3"]).stdout;
      const entries = countEntries(store);
      // Facts the workers kept are read by the next run (JavaScript is bound again from them): nothing is written twice.
      const rerun = uplift([...args, "--jobs", "1"]).stdout;
      expect(parallel).toBe(one);
      expect(rerun).toBe(one);
      expect(entries).toBeGreaterThan(10);
      expect(countEntries(store)).toBe(entries);
    } finally {
      rmSync(store, { recursive: true, force: true });
    }
  });

  it("gives what one thread gives on a tree longer than what is read ahead, with long runs of files not parsed and ABAP parsed midway", () => {
    const root = mkdtempSync(path.join(tmpdir(), "uplift-jobs-tree-"));
    const store = mkdtempSync(path.join(tmpdir(), "uplift-jobs-cache-"));
    try {
      const model = (i: number): string =>
        `from odoo import api, fields, models\n\n\nclass Gen${i}(models.Model):\n    _name = "gen.${i}"\n\n    name = fields.Char()\n\n    def name_get(self):\n        return [(r.id, r.name) for r in self]\n`;
      for (const addon of ["a_odoo", "z_odoo"]) {
        cpSync("fixtures/odoo/resource_booking", path.join(root, addon), { recursive: true });
        mkdirSync(path.join(root, addon, "data"), { recursive: true });
        for (let i = 0; i < 300; i++) writeFileSync(path.join(root, addon, "models", `gen_${String(i).padStart(4, "0")}.py`), model(i));
      }
      // Between the two addons' models: a run of views, a run of Python no rule reads, and the ABAP project.
      for (let i = 0; i < 200; i++)
        writeFileSync(
          path.join(root, "a_odoo", "data", `gen_${String(i).padStart(4, "0")}.xml`),
          `<odoo><record id="r${i}" model="gen.${i}"/></odoo>\n`,
        );
      mkdirSync(path.join(root, "a_odoo", "scripts"));
      for (let i = 0; i < 100; i++)
        writeFileSync(path.join(root, "a_odoo", "scripts", `plain_${String(i).padStart(4, "0")}.py`), `x = ${i}\n`);
      cpSync("fixtures/sap", path.join(root, "m_sap"), { recursive: true });
      const scanned = (jobs: string, ...more: string[]) => uplift(["scan", root, "--format", "json", "--jobs", jobs, ...more]);
      const one = scanned("1");
      expect(JSON.parse(one.stdout).findings.length).toBeGreaterThan(600);
      const cache = ["--cache", "--cache-location", store];
      expect(scanned("2").stdout).toBe(one.stdout);
      expect(scanned("2", ...cache).stdout).toBe(one.stdout);
      expect(scanned("2", ...cache).stdout).toBe(one.stdout);
    } finally {
      rmSync(root, { recursive: true, force: true });
      rmSync(store, { recursive: true, force: true });
    }
  });

  it("refuses a count that is not a whole number of at least 1", () => {
    const r = uplift(["scan", "fixtures/odoo", "--jobs", "0"]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe("uplift: --jobs 0 must be a whole number from 1 to 256");
  });
});
