import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { loadCatalogue, readCatalogue } from "../src/catalogue.js";

const repoRules = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../rules");
const home = mkdtempSync(path.join(tmpdir(), "uplift-catalogue-home-"));
const rules = mkdtempSync(path.join(tmpdir(), "uplift-catalogue-rules-"));
process.env.XDG_CACHE_HOME = home;
for (const part of ["schema", "frappe", "sap"]) cpSync(path.join(repoRules, part), path.join(rules, part), { recursive: true });

afterAll(() => {
  for (const d of [home, rules]) rmSync(d, { recursive: true, force: true });
});

const kept = (): string[] => readdirSync(path.join(home, "uplift", "catalogue")).sort();

describe("the kept catalogue", () => {
  it("reads an ERP's packs only when they are asked for, and reads them again from the packs when their file is gone", () => {
    const read = readCatalogue(rules);
    const cold = loadCatalogue(rules);
    expect([...cold.packs.keys()]).toEqual(["frappe", "sap"]);
    expect(kept().map((f) => f.replace(/^[0-9a-f]{32}/, ""))).toEqual([".frappe.json", ".json", ".sap.json"]);

    const sapFile = path.join(
      home,
      "uplift",
      "catalogue",
      kept().find((f) => f.endsWith(".sap.json"))!,
    );
    rmSync(sapFile);
    const warm = loadCatalogue(rules);
    expect(warm.packs.size).toBe(2);
    expect(warm.packs.get("frappe")).toEqual(read.packs.get("frappe"));
    // Frappe's packs came from their file: SAP's were not looked for.
    expect(existsSync(sapFile)).toBe(false);
    expect(warm.packs.get("sap")).toEqual(read.packs.get("sap"));
    expect(existsSync(sapFile)).toBe(true);
    expect(warm.packs.get("nothing")).toBeUndefined();

    // Listing reads every ERP, in the catalogue's order, whatever was asked for first.
    const again = loadCatalogue(rules);
    expect(again.packs.get("sap")).toEqual(read.packs.get("sap"));
    expect([...again.packs.keys()]).toEqual(["frappe", "sap"]);
    expect([...again.packs].map(([erp, packs]) => [erp, packs.length])).toEqual([...read.packs].map(([erp, packs]) => [erp, packs.length]));
    expect(again.profiles).toEqual(read.profiles);
  });
});
