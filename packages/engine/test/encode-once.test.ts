import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";
import { tempFolders } from "../../../test/support/trees.js";
import { loadCatalogue, scan } from "../src/index.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const rulesDir = path.join(repoRoot, "rules");
const catalogue = loadCatalogue(rulesDir);
const tempFolder = tempFolders();

/** A file's result as the result cache keeps it (`FileResult`). */
const isFileResult = (v: unknown): v is object =>
  typeof v === "object" && v !== null && Array.isArray((v as { findings?: unknown }).findings) && "extracted" in v;

describe("a cold scan with a cache", () => {
  it("encodes each file's result once, for its own entry and for the results kept together", async () => {
    const cacheDir = tempFolder("uplift-encode-once-");
    const encoded = new Map<object, number>();
    const stringify = JSON.stringify;
    const spy = vi.spyOn(JSON, "stringify").mockImplementation(((value: unknown, ...rest: unknown[]) => {
      // A result alone, or wrapped in an entry (`{ format, result }`).
      const result = isFileResult(value) ? value : (value as { result?: unknown } | null)?.result;
      if (isFileResult(result)) encoded.set(result, (encoded.get(result) ?? 0) + 1);
      return (stringify as (...a: unknown[]) => string)(value, ...rest);
    }) as typeof JSON.stringify);
    try {
      await scan({ root: path.join(repoRoot, "fixtures", "odoo"), rulesDir, catalogue, cacheDir, jobs: 1 });
    } finally {
      spy.mockRestore();
    }
    expect(encoded.size).toBeGreaterThan(10);
    expect([...encoded.values()].filter((n) => n !== 1)).toEqual([]);
  });
});
