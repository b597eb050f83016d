import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { countEntries, uplift } from "./helpers.js";

describe("--jobs", () => {
  it("parses in worker threads and gives exactly what one thread gives, on every fixture", () => {
    const one = uplift(["scan", "fixtures", "--format", "json", "--jobs", "1"]);
    const three = uplift(["scan", "fixtures", "--format", "json", "--jobs", "3"]);
    expect(JSON.parse(one.stdout).findings.length).toBeGreaterThan(100);
    expect(three.stdout).toBe(one.stdout);
    expect(three.status).toBe(one.status);
  });

  it("keeps what workers extract in the cache, and a one-thread rerun reads it back to the same result", () => {
    const store = mkdtempSync(path.join(tmpdir(), "uplift-cache-jobs-"));
    try {
      const args = ["scan", "fixtures", "--format", "json", "--cache", "--cache-location", store];
      const one = uplift(["scan", "fixtures", "--format", "json", "--jobs", "1"]).stdout;
      const parallel = uplift([...args, "--jobs", "3"]).stdout;
      const entries = countEntries(store);
      // Facts the workers kept are read by the next run (JavaScript is bound again from them): nothing is written twice.
      const rerun = uplift([...args, "--jobs", "1"]).stdout;
      expect(parallel).toBe(one);
      expect(rerun).toBe(one);
      expect(entries).toBeGreaterThan(10);
      expect(countEntries(store)).toBe(entries);
    } finally {
      rmSync(store, { recursive: true, force: true });
    }
  });

  it("refuses a count that is not a whole number of at least 1", () => {
    const r = uplift(["scan", "fixtures/odoo", "--jobs", "0"]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe("uplift: --jobs 0 must be a whole number from 1 to 256");
  });
});
