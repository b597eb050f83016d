import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { decodeFacts, encodeFacts } from "../src/cache.js";
import { ExtractPool as SourcePool } from "../src/extract-pool.js";
// The built pool, whose workers run the built worker (from the sources, a worker could not start and every file would be read here).
import { ExtractPool } from "../dist/extract-pool.js";
import { extractFacts, prepareLanguage } from "../src/extract.js";
import { languageOf } from "../src/languages.js";
import type { SourceFile } from "../src/source-file.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

function fixtureFiles(dir: string): SourceFile[] {
  const out: SourceFile[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...fixtureFiles(full));
    else {
      const language = languageOf(full);
      if (language && SourcePool.threads(language))
        out.push({ path: path.relative(root, full), language, text: readFileSync(full, "utf8") });
    }
  }
  return out;
}

/** What a scan reads of a file's facts (everything but the line index, which is rebuilt from the text). */
const shape = (e: object): unknown => JSON.parse(JSON.stringify({ ...e, lines: undefined }));

describe("facts sent back by the extraction pool's workers", () => {
  const files = fixtureFiles(path.join(root, "fixtures"));

  it("decode to what extraction gave, on every fixture file of the threaded languages", async () => {
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      await prepareLanguage(file.language, file.text);
      const extracted = extractFacts(file);
      const decoded = decodeFacts(encodeFacts(extracted), file);
      expect(decoded?.facts, file.path).toEqual(extracted.facts);
      expect(shape(decoded!), file.path).toEqual(shape(extracted));
      expect(decoded!.lines.position(file.text.length)).toEqual(extracted.lines.position(file.text.length));
    }
  });

  it("are what extraction in this thread gives, and a worker's answer that does not decode is read here", async () => {
    const pool = new ExtractPool(2);
    try {
      const answers = await Promise.all(files.map((f) => pool.extract(f)));
      for (const [i, file] of files.entries()) {
        const answer = answers[i]!;
        if (!("extracted" in answer)) throw new Error(`${file.path}: no facts`);
        // Answered by a worker (this thread's extraction says nothing of the cache).
        expect(answer.kept, file.path).toBe(false);
        expect(shape(answer.extracted), file.path).toEqual(shape(extractFacts(file)));
      }
    } finally {
      await pool.close();
    }
    expect(decodeFacts("{ not json", files[0]!)).toBeUndefined();
    expect(decodeFacts(JSON.stringify({ format: -1 }), files[0]!)).toBeUndefined();
  });
});
