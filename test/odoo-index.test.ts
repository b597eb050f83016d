import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./helpers.js";

const script = path.join(repoRoot, "scripts/odoo-index.mjs");
const indexDir = path.join(repoRoot, "rules/odoo/index");
/** A folder with the pinned sources (`<owner>/<repo>/<path>`, or git checkouts); see docs/odoo-index.md. */
const sources = process.env.UPLIFT_ODOO_INDEX_SOURCES;

interface IndexFile {
  version: string;
  sources: Array<{ repository: string; commit: string; path: string }>;
  entries: Array<{ key: string; change: string; to?: string; sources: number[] }>;
}

const read = (name: string): IndexFile => JSON.parse(readFileSync(path.join(indexDir, name), "utf8")) as IndexFile;

describe("the Odoo name index", () => {
  it("has one file per version 16.0 … 20.0, every entry naming the pinned files it came from", () => {
    expect(readdirSync(indexDir).sort()).toEqual(["16.0.json", "17.0.json", "18.0.json", "19.0.json", "20.0.json"]);
    for (const name of readdirSync(indexDir)) {
      const index = read(name);
      expect(index.version).toBe(name.replace(/\.json$/, ""));
      for (const s of index.sources) expect(s.commit).toMatch(/^[0-9a-f]{40}$/);
      for (const e of index.entries) {
        expect(e.sources.length).toBeGreaterThan(0);
        for (const s of e.sources) expect(index.sources[s]).toBeDefined();
      }
    }
  });

  it("holds the 19.0 renames customer code meets most", () => {
    const byKey = new Map(read("19.0.json").entries.map((e) => [e.key, e]));
    expect(byKey.get("model:hr.contract")).toMatchObject({ change: "renamed", to: "model:hr.version" });
    expect(byKey.get("field:res.users.groups_id")).toMatchObject({ change: "renamed", to: "field:res.users.group_ids" });
    expect(byKey.get("field:res.partner.mobile")).toMatchObject({ change: "removed" });
    expect(byKey.get("xmlid:product.product_category_all")).toMatchObject({ to: "xmlid:product.product_category_goods" });
  });

  it.skipIf(!sources)("is what scripts/odoo-index.mjs writes from the pinned sources (set UPLIFT_ODOO_INDEX_SOURCES)", () => {
    const out = mkdtempSync(path.join(tmpdir(), "uplift-index-"));
    try {
      const r = spawnSync(process.execPath, [script, "--sources", sources!, "--out", out], { encoding: "utf8" });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      for (const name of readdirSync(indexDir)) {
        expect(readFileSync(path.join(out, name), "utf8"), name).toBe(readFileSync(path.join(indexDir, name), "utf8"));
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
