import { describe, expect, it } from "vitest";
import { uplift } from "./helpers.js";

describe("--jobs", () => {
  it("parses in worker threads and gives exactly what one thread gives, on every fixture", () => {
    const one = uplift(["scan", "fixtures", "--format", "json", "--jobs", "1"]);
    const three = uplift(["scan", "fixtures", "--format", "json", "--jobs", "3"]);
    expect(JSON.parse(one.stdout).findings.length).toBeGreaterThan(100);
    expect(three.stdout).toBe(one.stdout);
    expect(three.status).toBe(one.status);
  });

  it("refuses a count that is not a whole number of at least 1", () => {
    const r = uplift(["scan", "fixtures/odoo", "--jobs", "0"]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe("uplift: --jobs 0 must be a whole number from 1 to 256");
  });
});
