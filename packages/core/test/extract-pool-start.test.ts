import { describe, expect, it } from "vitest";
import { ExtractPool, extractHere, type Extraction, type SourceFile } from "@uplift/core";
import { PARSED_HERE_FIRST, SENT_PER_WORKER } from "../src/extract-pool.js";

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

  it("gives each worker several batches before it answers, and keeps the rest for whichever answers first", async () => {
    const pool = new ExtractPool(2);
    try {
      const files = Array.from({ length: PARSED_HERE_FIRST + 60 }, (_, i) => python(i));
      const got = files.map((f) => pool.extract(f));
      // Files asked for together are sent once they all were (a few per message).
      await Promise.resolve();
      expect(pool.sent).toEqual([SENT_PER_WORKER, SENT_PER_WORKER]);
      expect(pool.waiting).toBe(60 - 2 * SENT_PER_WORKER);
      const answers = await Promise.all(got);
      expect(pool.sent).toEqual([0, 0]);
      expect(pool.waiting).toBe(0);
      for (const [i, f] of files.entries()) expect(factsOf(answers[i]!)).toEqual(factsOf(await extractHere(f)));
    } finally {
      await pool.close();
    }
  });

  it("sends every file asked for at once while this thread is busy elsewhere", async () => {
    const pool = new ExtractPool(2);
    try {
      const files = Array.from({ length: PARSED_HERE_FIRST + 60 }, (_, i) => python(i));
      for (const f of files.slice(0, PARSED_HERE_FIRST)) await pool.extract(f);
      const got = await pool.sendingAll(async () => {
        const asked = files.slice(PARSED_HERE_FIRST).map((f) => pool.extract(f));
        await Promise.resolve();
        expect(pool.waiting).toBe(0);
        expect(pool.sent).toEqual([30, 30]);
        return asked;
      });
      for (const [i, f] of files.slice(PARSED_HERE_FIRST).entries()) expect(factsOf(await got[i]!)).toEqual(factsOf(await extractHere(f)));
    } finally {
      await pool.close();
    }
  });
});
