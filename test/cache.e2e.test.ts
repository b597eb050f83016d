import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { uplift } from "./helpers.js";

const cache = mkdtempSync(path.join(tmpdir(), "uplift-cache-"));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

function countFiles(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? countFiles(path.join(dir, e.name)) : 1), 0);
}

describe("the content cache", () => {
  it("gives exactly what a cold run gives, on every fixture", () => {
    const cold = uplift(["scan", "fixtures", "--format", "json"]).stdout;
    const first = uplift(["scan", "fixtures", "--format", "json", "--cache", "--cache-location", cache]).stdout;
    const entries = countFiles(cache);
    expect(entries).toBeGreaterThan(10);
    const warm = uplift(["scan", "fixtures", "--format", "json", "--cache", "--cache-location", cache]).stdout;
    expect(countFiles(cache)).toBe(entries);
    expect(first).toBe(cold);
    expect(warm).toBe(cold);
  });

  it("ignores an entry it cannot read", () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    for (const file of walk(cache)) writeFileSync(file, "{ not json");
    const cold = uplift(["scan", "fixtures", "--format", "json"]).stdout;
    expect(uplift(["scan", "fixtures", "--format", "json", "--cache", "--cache-location", cache]).stdout).toBe(cold);
  });
});
