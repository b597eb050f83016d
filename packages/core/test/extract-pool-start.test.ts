import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ExtractPool, extractHere, poolTally, type Extraction, type SourceFile } from "@uplift/core";
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

  it("sends files once a worker has started, several batches to each, the rest kept for whichever answers first", async () => {
    const pool = new ExtractPool(2);
    try {
      const files = Array.from({ length: PARSED_HERE_FIRST + 60 }, (_, i) => python(i));
      for (const f of files.slice(0, PARSED_HERE_FIRST)) await pool.extract(f);
      let most = 0;
      const got = files.slice(PARSED_HERE_FIRST).map((f) =>
        pool.extract(f).then((e) => {
          most = Math.max(most, ...pool.sent);
          return e;
        }),
      );
      await Promise.resolve();
      // Until a worker has loaded its parser, files wait here, where the scan may parse the one it needs now.
      expect(pool.sent).toEqual([0, 0]);
      expect(pool.waiting).toBe(60);
      pool.hurry(files[PARSED_HERE_FIRST]!);
      expect(pool.waiting).toBe(59);
      // Not a language parsed here yet: loading its parser here would cost more than the wait.
      const script: SourceFile = { path: "addon/static/a.js", language: "javascript", text: "export const a = 1;\n" };
      const scripted = pool.extract(script);
      await Promise.resolve();
      pool.hurry(script);
      expect(pool.waiting).toBe(60);
      const answers = await Promise.all(got);
      expect(factsOf(await scripted)).toEqual(factsOf(await extractHere(script)));
      expect(most).toBe(SENT_PER_WORKER);
      expect(pool.sent).toEqual([0, 0]);
      expect(pool.waiting).toBe(0);
      // Parsed here (not kept by a worker), the hurried file; by the workers, the others.
      expect(answers.map((a) => "extracted" in a && a.kept === undefined)).toEqual(answers.map((_, i) => i === 0));
      for (const [i, f] of files.slice(PARSED_HERE_FIRST).entries()) expect(factsOf(answers[i]!)).toEqual(factsOf(await extractHere(f)));
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
        // Shared out a batch (four files) at a time, before either worker has started.
        expect(pool.sent.reduce((a, b) => a + b)).toBe(60);
        expect(Math.max(...pool.sent) - Math.min(...pool.sent)).toBeLessThanOrEqual(4);
        return asked;
      });
      for (const [i, f] of files.slice(PARSED_HERE_FIRST).entries()) expect(factsOf(await got[i]!)).toEqual(factsOf(await extractHere(f)));
    } finally {
      await pool.close();
    }
  });

  it("finishes files in the batches each worker holds, each finisher's context sent to a worker once and before its files", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "uplift-finisher-"));
    const finisher = path.join(dir, "finisher.mjs");
    writeFileSync(
      finisher,
      "export function finish(file, extracted, context, args) { return { path: file.path, name: context.name, args, facts: extracted.facts.length }; }\n",
    );
    const pool = new ExtractPool(2, undefined, pathToFileURL(finisher));
    poolTally.decoded.clear();
    poolTally.finished = 0;
    try {
      const contexts = [{ name: "odoo" }, { name: "frappe" }];
      const files = Array.from({ length: PARSED_HERE_FIRST + 60 }, (_, i) => python(i));
      const job = (i: number) => ({ context: contexts[i % 2]!, args: i });
      // Parsed here before the workers start: facts, never finished.
      for (const [i, f] of files.slice(0, PARSED_HERE_FIRST).entries()) expect("extracted" in (await pool.extract(f, job(i)))).toBe(true);
      let most = 0;
      const got = files.slice(PARSED_HERE_FIRST).map((f, i) =>
        pool.extract(f, job(PARSED_HERE_FIRST + i)).then((e) => {
          most = Math.max(most, ...pool.sent);
          return e;
        }),
      );
      // Still waiting for a worker and hurried: parsed here, so its facts come back.
      pool.hurry(files[PARSED_HERE_FIRST]!);
      const answers = await Promise.all(got);
      expect(factsOf(answers[0]!)).toEqual(factsOf(await extractHere(files[PARSED_HERE_FIRST]!)));
      // Several batches at once in each worker, every one of their files finished with its own context.
      expect(most).toBe(SENT_PER_WORKER);
      for (const [i, answer] of answers.entries()) {
        if (i === 0) continue;
        const n = PARSED_HERE_FIRST + i;
        const here = await extractHere(files[n]!);
        const facts = "extracted" in here ? here.extracted.facts.length : -1;
        expect(answer).toEqual({ finished: { path: files[n]!.path, name: contexts[n % 2]!.name, args: n, facts }, kept: false });
      }
      expect(poolTally.finished).toBe(59);
      expect(poolTally.decoded.get("python")).toBeUndefined();
    } finally {
      await pool.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
