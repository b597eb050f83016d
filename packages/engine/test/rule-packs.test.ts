import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadCatalogue, testRulePack } from "../src/index.js";

const rulesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../rules");
const catalogue = loadCatalogue(rulesDir);
const packs = [...catalogue.packs.values()].flat();

describe("shipped rule packs", () => {
  it("load and validate", () => {
    expect(packs.length).toBeGreaterThan(0);
  });

  for (const pack of packs) {
    it(`${pack.source}: every example gives exactly the findings it expects`, async () => {
      const report = await testRulePack(pack, catalogue.declarations?.get(pack.erp) ?? []);
      expect(report.failures.map((f) => `${f.source}:${f.line} ${f.ruleId} example ${f.example + 1}: ${f.message}`)).toEqual([]);
      expect(report.examples).toBeGreaterThanOrEqual(report.rules * 2);
    });
  }

  it("cite the vendor for every rule", () => {
    for (const pack of packs) for (const rule of pack.rules) expect(rule.references.length, rule.id).toBeGreaterThan(0);
  });
});
