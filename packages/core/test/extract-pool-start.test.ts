import { describe, expect, it } from "vitest";
import { ExtractPool, extractHere, type Extraction, type SourceFile } from "@uplift/core";
import { PARSED_HERE_FIRST } from "../src/extract-pool.js";

const python = (i: number): SourceFile => ({
  path: `addon/models/m${i}.py`,
  language: "python",
  text: `from odoo import models\n\nclass M${i}(models.Model):\n    _name = "m.${i}"\n`,
});

const factsOf = (e: Extraction): unknown => ("extracted" in e ? { ...e.extracted, lines: undefined } : e);

describe("ExtractPool", () => {
  it("parses the first few files in this thread and starts no worker for them (a rerun after a change)", async () => {
    const pool = new ExtractPool(2);
    try {
      const files = Array.from({ length: PARSED_HERE_FIRST }, (_, i) => python(i));
      const got = await Promise.all(files.map((f) => pool.extract(f)));
      expect(pool.started).toBe(0);
      for (const [i, f] of files.entries()) expect(factsOf(got[i]!)).toEqual(factsOf(await extractHere(f)));
    } finally {
      await pool.close();
    }
  });

  it("starts its workers past those, with the same facts", async () => {
    const pool = new ExtractPool(2);
    try {
      const files = Array.from({ length: PARSED_HERE_FIRST + 6 }, (_, i) => python(i));
      const got = await Promise.all(files.map((f) => pool.extract(f)));
      expect(pool.started).toBe(2);
      for (const [i, f] of files.entries()) expect(factsOf(got[i]!)).toEqual(factsOf(await extractHere(f)));
    } finally {
      await pool.close();
    }
  });
});
