import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot, uplift } from "./helpers.js";

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

describe("the content cache and ABAP", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "uplift-cache-sap-"));
  const sapCache = path.join(dir, "cache");
  const tree = path.join(dir, "tree");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
  const scan = (cached: boolean): string =>
    uplift([
      "scan",
      tree,
      "--erp",
      "sap",
      "--format",
      "json",
      ...(cached ? ["--cache", "--cache-location", sapCache] : []),
    ]).stdout.replaceAll(tree, "<tree>");

  it("keeps the facts of ABAP packages, and a warm run gives exactly the cold result", () => {
    cpSync(path.join(repoRoot, "fixtures/sap"), tree, { recursive: true });
    const cold = scan(false);
    expect(scan(true)).toBe(cold);
    // The ABAP pass's facts are in the cache (they are not parsed again on the next run).
    expect(walk(sapCache).some((f) => readFileSync(f, "utf8").includes('"key":"table:VBUK"'))).toBe(true);
    expect(scan(true)).toBe(cold);
  });

  it("reads a package again when one of its files changed", () => {
    const file = path.join(tree, "src/sd/zcl_sd_pricing.clas.abap");
    writeFileSync(file, readFileSync(file, "utf8").replaceAll("konv", "prcd_elements"));
    const cold = scan(false);
    expect(cold).not.toContain("konv-read");
    expect(scan(true)).toBe(cold);
  });
});
