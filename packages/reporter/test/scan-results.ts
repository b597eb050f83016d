import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Finding, ScanResult, Severity } from "@uplift/engine";
import { expect } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, "../../..");

/** The official OASIS schema lives in shared/, beside the repository; it is never copied in. */
export const sarifSchemaPath = path.resolve(repoRoot, "../shared/schemas/sarif-schema-2.1.0.json");

/**
 * The real fixture's result: `uplift scan fixtures/odoo --format json`, kept byte-identical to the
 * CLI's output by test/cli.e2e.test.ts.
 */
export function odooResult(): ScanResult {
  // A frozen scan of the Odoo fixture, so these tests do not move when the rule packs do.
  return JSON.parse(readFileSync(path.join(repoRoot, "packages/reporter/test/input/odoo-result.json"), "utf8")) as ScanResult;
}

let ordinal = 0;

export function finding(overrides: Partial<Finding> = {}): Finding {
  ordinal++;
  return {
    project: "addon",
    ruleId: "odoo/17.0/view-attrs-removed",
    title: "attrs is no longer read in views",
    severity: "critical",
    change: "removed",
    hop: "16.0-17.0",
    file: "addon/views/form.xml",
    line: 3,
    column: 5,
    endLine: 3,
    endColumn: 20,
    message: "`attrs` is no longer read from 17.0.",
    replacement: "Write invisible/readonly/required as expressions.",
    snippet: '<field name="x" attrs="{}"/>',
    fingerprint: `fp${String(ordinal).padStart(30, "0")}`,
    effortMinutes: 15,
    effortMaxMinutes: 30,
    references: ["https://github.com/odoo/odoo/pull/104741"],
    fixable: false,
    impact: { artefacts: [], processes: [] },
    ...overrides,
  };
}

/** A small result around the given findings, with rule metadata for every non-Uplift rule. */
export function scanResult(findings: Finding[], overrides: Partial<ScanResult> = {}): ScanResult {
  const bySeverity: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const f of findings) bySeverity[f.severity]++;
  const rules: ScanResult["rules"] = {};
  for (const f of findings) {
    if (f.ruleId.startsWith("uplift/")) continue;
    rules[f.ruleId] = {
      title: f.title,
      severity: f.severity,
      change: f.change,
      ...(f.hop ? { hop: f.hop } : {}),
      erp: "odoo",
      effort: "15m-30m",
      references: f.references,
      replacement: f.replacement,
      tests: ["Open the form and check which fields hide."],
    };
  }
  return {
    schemaVersion: 1,
    tool: { name: "uplift", version: "0.1.0" },
    root: ".",
    projects: [{ path: "addon", erp: "odoo", from: "16.0", to: "17.0", hops: ["16.0-17.0"], marker: "addon/__manifest__.py" }],
    findings,
    unanalysed: [],
    rules,
    processes: {},
    summary: {
      findings: findings.length,
      bySeverity,
      byChange: {},
      byHop: {},
      filesScanned: 3,
      filesWithFindings: new Set(findings.map((f) => f.file)).size,
      unanalysed: 0,
      effortMinutes: 0,
      effortMaxMinutes: 0,
    },
    ...overrides,
  };
}

/**
 * Text a CI service would choke on: markup, quotes, CDATA ends, control characters, a lone
 * surrogate, workflow-command syntax and percent escapes.
 */
export const HOSTILE =
  "</script><x a=\"1\" b='2'> & ]]> \u0000\u0007\u001b[31m\u000b\u000c \ud800 \ufffe ok\ttab\r\nnext line %0A ::error file=x::pwned, a:b 😀";

/** Compares with a reviewed golden file in test/golden; UPDATE_GOLDEN=1 rewrites it. */
export function expectGolden(name: string, actual: string): void {
  const file = path.join(here, "golden", name);
  if (process.env.UPDATE_GOLDEN === "1" || !existsSync(file)) {
    writeFileSync(file, actual);
    if (process.env.UPDATE_GOLDEN !== "1") throw new Error(`golden file ${name} was missing and has been written: review it`);
  }
  expect(actual).toBe(readFileSync(file, "utf8"));
}
