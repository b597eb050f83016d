import crypto from "node:crypto";
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { loadCatalogue, scan } from "../src/index.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const rulesDir = path.join(repoRoot, "rules");
const catalogue = loadCatalogue(rulesDir);
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** How many times each text of more than 100 characters was hashed during a scan (in this thread), by a hash object or in one call. */
async function hashedTexts(root: string, cacheDir: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const createHash = crypto.createHash;
  crypto.createHash = ((...args: Parameters<typeof createHash>) => {
    const hash = createHash(...args);
    const update = hash.update.bind(hash);
    hash.update = ((data: unknown, ...rest: unknown[]) => {
      if (typeof data === "string" && data.length > 100) counts.set(data, (counts.get(data) ?? 0) + 1);
      return (update as (...a: unknown[]) => crypto.Hash)(data, ...rest);
    }) as typeof hash.update;
    return hash;
  }) as typeof crypto.createHash;
  const oneShot = crypto.hash;
  crypto.hash = ((algorithm: string, data: unknown, ...rest: unknown[]) => {
    if (typeof data === "string" && data.length > 100) counts.set(data, (counts.get(data) ?? 0) + 1);
    return (oneShot as (...a: unknown[]) => string)(algorithm, data, ...rest);
  }) as typeof crypto.hash;
  syncBuiltinESMExports();
  try {
    await scan({ root, rulesDir, catalogue, cacheDir, jobs: 1 });
  } finally {
    crypto.createHash = createHash;
    crypto.hash = oneShot;
    syncBuiltinESMExports();
  }
  return counts;
}

describe("a file read by a scan with a cache", () => {
  it("has its text hashed once, for its stamp, its kept result and its facts' entry", async () => {
    const cacheDir = fs.mkdtempSync(path.join(tmpdir(), "uplift-hash-once-"));
    dirs.push(cacheDir);
    const root = path.join(repoRoot, "fixtures", "odoo");
    const counts = await hashedTexts(root, cacheDir);
    const texts = new Set(
      fs
        .readdirSync(root, { recursive: true, encoding: "utf8" })
        .map((f) => path.join(root, f))
        .filter((f) => /\.(py|xml|js)$/.test(f))
        .map((f) => fs.readFileSync(f, "utf8")),
    );
    // A text is hashed alone or after a short head (a cache entry's format, build and language).
    const hashes = (text: string): number => {
      let n = 0;
      for (const [hashed, times] of counts) if (hashed.endsWith(text) && hashed.length - text.length < 400) n += times;
      return n;
    };
    const perFile = [...texts].filter((t) => t.length > 100).map(hashes);
    expect(perFile.filter((n) => n === 1).length).toBeGreaterThan(10);
    expect(perFile.filter((n) => n > 1)).toEqual([]);
  });
});
