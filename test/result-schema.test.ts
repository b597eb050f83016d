import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { scan } from "@uplift/engine";
import { describe, expect, it } from "vitest";
import { catalogue, rulesDir, validResult } from "./fuzz/cases.js";
import { repoRoot } from "./helpers.js";

const errors = (): string => JSON.stringify(validResult.errors?.slice(0, 3));

/** The JSON Schema of the result (packages/engine/schema/scan-result.schema.json) against real output. */
describe("the scan result's JSON Schema", () => {
  const goldens = readdirSync(path.join(repoRoot, "test/golden")).filter((f) => f.endsWith("-scan.json"));

  it.each(goldens)("holds for the reviewed result %s", (name) => {
    const result = JSON.parse(readFileSync(path.join(repoRoot, "test/golden", name), "utf8")) as unknown;
    expect(validResult(result), errors()).toBe(true);
  });

  it("holds for the fields a CI run adds: the threshold, the config, changed files and code inside data", async () => {
    const result = await scan({
      root: path.join(repoRoot, "fixtures/frappe"),
      rulesDir,
      catalogue,
      failOn: "medium",
      config: "uplift.config.json",
      onlyFiles: new Set(["acme_sales/acme_sales/fixtures/client_script.json"]),
      changedSince: "HEAD~1",
    });
    expect(result).toMatchObject({ failOn: "medium", config: "uplift.config.json", changedSince: { ref: "HEAD~1", files: 1 } });
    expect(result.summary.files?.relevant).toBeGreaterThan(0);
    expect(validResult(result), errors()).toBe(true);
  });

  it("refuses what the contract does not allow", () => {
    const result = JSON.parse(readFileSync(path.join(repoRoot, "test/golden", goldens[0]!), "utf8")) as Record<string, unknown>;
    expect(validResult({ ...result, unchecked: [{ file: "../x.py", why: "no-rules", reason: "r" }] })).toBe(false);
    expect(validResult({ ...result, failOn: "severe" })).toBe(false);
    const netsuite = JSON.parse(readFileSync(path.join(repoRoot, "test/golden/netsuite-scan.json"), "utf8")) as {
      projects: Array<Record<string, unknown>>;
      findings: Array<Record<string, unknown>>;
    };
    expect(validResult(netsuite), errors()).toBe(true);
    const project = netsuite.projects.find((p) => p.fileVersions)!;
    expect(validResult({ ...netsuite, projects: [{ ...project, fileVersions: { "../x.js": "1.0" } }] })).toBe(false);
    const suggested = netsuite.findings.find((f) => f.suggestion)!;
    expect(validResult({ ...netsuite, findings: [{ ...suggested, suggestion: { start: 0, end: 1, text: "" } }] })).toBe(false);
  });
});
