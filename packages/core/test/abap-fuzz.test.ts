import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { extractAbapProject, extractFacts, prepareLanguage } from "@uplift/core";
import { mutatedSources } from "./helpers.js";

// abaplint is loaded on first use, as a scan loads it when it meets ABAP.
beforeAll(() => prepareLanguage("abap"));

const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../fixtures/sap/src");
const SOURCES = [
  "sd/zsd_order_status.prog.abap",
  "sd/zcl_sd_pricing.clas.abap",
  "mm/zmm_goods_movement.fugr.z_mm_post_movement.abap",
  "fi/zfi_customer_bdc.prog.abap",
].map((p) => ({ path: `src/${p}`, text: readFileSync(path.join(fixture, p), "utf8") }));

/** Mutations a broken export or a half-edited file shows: cut, duplicated, spliced, garbage inserted. */
const mutated = mutatedSources(SOURCES, [".", "'", "`", '"', "*", "ENDIF.", "SELECT * FROM vbuk", "(", "=>", "\u0000", "\r", ":"]);

describe("the ABAP adapter on mutated sources", () => {
  it("never throws and accounts for every file, one by one", () => {
    fc.assert(
      fc.property(mutated, (file) => {
        const facts = extractFacts({ path: file.path, language: "abap", text: file.text });
        for (const f of facts.facts) expect(f.span.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 60 },
    );
  });

  it("never throws and accounts for every object in a package", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutated, { minLength: 1, maxLength: 4 }), async (files) => {
        const unique = [...new Map(files.map((f) => [f.path, f])).values()];
        const result = await extractAbapProject(unique, { root: ".", workers: 0 });
        for (const f of unique) expect(result.files.has(f.path) || result.unanalysed.some((u) => u.file === f.path)).toBe(true);
      }),
      { numRuns: 15 },
    );
  });
});
