import { FileError } from "./errors.js";
import type { Finding } from "./result.js";
import { TOOL_VERSION } from "./version.js";

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  file: string;
  line: number;
  snippet: string;
}

export interface Baseline {
  schemaVersion: number;
  tool: { name: string; version: string };
  entries: BaselineEntry[];
}

export interface BaselineOutcome {
  file: string;
  /** Findings the baseline accepted, so they are not reported. */
  matched: number;
  /** Entries that no longer match any finding: fixed, or the code moved out of the rule's reach. */
  stale: BaselineEntry[];
}

/** Accepted findings, keyed by fingerprint: line moves do not matter, a new duplicate does. */
export function createBaseline(findings: readonly Finding[]): Baseline {
  const entries = findings
    .map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, file: f.file, line: f.line, snippet: f.snippet }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || (a.fingerprint < b.fingerprint ? -1 : 1)));
  return { schemaVersion: BASELINE_VERSION, tool: { name: "uplift", version: TOOL_VERSION }, entries };
}

export function renderBaseline(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

export function parseBaseline(text: string, file: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const m = /position (\d+)/.exec((error as Error).message);
    const line = m ? text.slice(0, Number(m[1])).split("\n").length : undefined;
    throw new FileError(file, line, "not valid JSON; recreate it with uplift baseline create");
  }
  const b = data as Partial<Baseline>;
  if (!b || typeof b !== "object" || !Array.isArray(b.entries) || b.entries.some((e) => typeof e?.fingerprint !== "string")) {
    throw new FileError(file, 1, "not an Uplift baseline (expected { entries: [{ fingerprint, … }] })");
  }
  if (b.schemaVersion !== BASELINE_VERSION)
    throw new FileError(file, 1, `baseline version ${String(b.schemaVersion)} is not ${BASELINE_VERSION}`);
  return b as Baseline;
}

export function applyBaseline(findings: Finding[], baseline: Baseline, file: string): { kept: Finding[]; outcome: BaselineOutcome } {
  const accepted = new Set(baseline.entries.map((e) => e.fingerprint));
  const seen = new Set<string>();
  const kept: Finding[] = [];
  for (const f of findings) {
    if (accepted.has(f.fingerprint)) seen.add(f.fingerprint);
    else kept.push(f);
  }
  const stale = baseline.entries.filter((e) => !seen.has(e.fingerprint));
  return { kept, outcome: { file, matched: seen.size, stale } };
}
