import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./helpers.js";

const script = path.join(repoRoot, "scripts/odoo-relations.mjs");
const table = path.join(repoRoot, "packages/core/src/adapters/python/odoo-relations.ts");
/** A folder with the pinned odoo/odoo files (`odoo/odoo/<path>`, or a git checkout); see docs/odoo-relations.md. */
const sources = process.env.UPLIFT_ODOO_RELATIONS_SOURCES;

describe("the table of Odoo's core relations", () => {
  it("lists, for every pinned source, the fields it is read for", () => {
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, "scripts/odoo-relations.sources.json"), "utf8")) as {
      sources: Array<{ repository: string; commit: string; path: string; fields: Record<string, string[]> }>;
    };
    for (const s of manifest.sources) {
      expect(s.repository).toBe("odoo/odoo");
      expect(s.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(Object.values(s.fields).flat().length).toBeGreaterThan(0);
    }
  });

  it.skipIf(!sources)("is what scripts/odoo-relations.mjs writes from the pinned sources (set UPLIFT_ODOO_RELATIONS_SOURCES)", () => {
    const out = mkdtempSync(path.join(tmpdir(), "uplift-relations-"));
    try {
      const file = path.join(out, "odoo-relations.ts");
      const r = spawnSync(process.execPath, [script, "--sources", sources!, "--out", file], { encoding: "utf8" });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(readFileSync(file, "utf8")).toBe(readFileSync(table, "utf8"));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
