import type { Change, Severity } from "./rule-types.js";

export const SCHEMA_VERSION = 1;

/** Something a finding reaches through the configuration: a view, a form event, a ribbon button. */
export interface Artefact {
  type: string;
  name: string;
  /** The business record or entity it belongs to (`sale.order`, `account`). */
  record?: string;
}

export interface Finding {
  project: string;
  ruleId: string;
  title: string;
  severity: Severity;
  change: Change;
  /** The version hop whose change this is (`16.0-17.0`); absent for Uplift's own findings. */
  hop?: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  replacement: string;
  snippet: string;
  /** Where in the code it stands: the function, class or XML record. */
  enclosing?: string;
  /** The vendor's declared name for the value found (`Xrm.GlobalContext.getUserName`), when bindings or types resolved it. */
  symbol?: string;
  /** How the value was identified: `types` (declared types: TypeScript, JSDoc, the type checker) or `bindings`. */
  resolvedBy?: "bindings" | "types";
  fingerprint: string;
  effortMinutes: number;
  effortMaxMinutes: number;
  references: string[];
  fixable: boolean;
  /** The rule's automatic fix at this place: offsets into the file and the new text. */
  fix?: { edit: { start: number; end: number; text: string } };
  /** Proposed code for a person to review: shown in the dry-run diff, never written by --fix. */
  suggestion?: { edit: { start: number; end: number; text: string } };
  impact: { artefacts: Artefact[]; processes: string[] };
}

export interface ProjectInfo {
  path: string;
  erp: string;
  /** The file that told the ERP and version, when one did. */
  marker?: string;
  from: string;
  to: string;
  hops: string[];
  /** Files that said their own version (SuiteScript's @NApiVersion), by path; `from` is the oldest. */
  fileVersions?: Record<string, string>;
}

export interface RuleInfo {
  title: string;
  severity: Severity;
  change: Change;
  hop?: string;
  erp: string;
  effort: string;
  references: string[];
  tests?: string[];
  docs?: string;
  doubt?: string;
  replacement: string;
}

export interface Summary {
  findings: number;
  bySeverity: Record<Severity, number>;
  byChange: Record<string, number>;
  byHop: Record<string, number>;
  filesScanned: number;
  filesWithFindings: number;
  unanalysed: number;
  effortMinutes: number;
  effortMaxMinutes: number;
}

export interface ProcessInfo {
  title: string;
  /** Regression tests the profile asks for whenever the process is touched. */
  tests: string[];
}

export interface ScanResult {
  schemaVersion: number;
  tool: { name: string; version: string };
  root: string;
  projects: ProjectInfo[];
  findings: Finding[];
  unanalysed: Array<{ file: string; reason: string }>;
  /** Metadata of every rule that has a finding, by id. */
  rules: Record<string, RuleInfo>;
  /** Business processes named by findings' impact, by id (order-to-cash, …). */
  processes: Record<string, ProcessInfo>;
  summary: Summary;
  /** Findings silenced by suppression comments or config entries. */
  suppressed?: number;
  /** What the baseline accepted, and its entries that no longer match. */
  baseline?: {
    file: string;
    matched: number;
    stale: Array<{ fingerprint: string; ruleId: string; file: string; line: number; snippet: string }>;
  };
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    cmp(a.ruleId, b.ruleId) ||
    a.endLine - b.endLine ||
    a.endColumn - b.endColumn
  );
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function summarise(findings: readonly Finding[], filesScanned: number, unanalysed: number): Summary {
  const bySeverity: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  const byChange: Record<string, number> = {};
  const byHop: Record<string, number> = {};
  const files = new Set<string>();
  let effortMinutes = 0;
  let effortMaxMinutes = 0;
  for (const f of findings) {
    bySeverity[f.severity]++;
    byChange[f.change] = (byChange[f.change] ?? 0) + 1;
    if (f.hop) byHop[f.hop] = (byHop[f.hop] ?? 0) + 1;
    files.add(f.file);
    effortMinutes += f.effortMinutes;
    effortMaxMinutes += f.effortMaxMinutes;
  }
  return {
    findings: findings.length,
    bySeverity,
    byChange: sortKeys(byChange),
    byHop: sortKeys(byHop),
    filesScanned,
    filesWithFindings: files.size,
    unanalysed,
    effortMinutes,
    effortMaxMinutes,
  };
}

export function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => cmp(a, b)));
}
