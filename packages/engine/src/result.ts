import type { Change, Severity } from "./rule-types.js";

export const SCHEMA_VERSION = 1;

/** Something a finding reaches through the configuration: a view, a form event, a ribbon button. */
export interface Artefact {
  type: string;
  name: string;
  /** The business record or entity it belongs to (`sale.order`, `account`). */
  record?: string;
  /**
   * The screen a tester opens to exercise it, when that is not the artefact itself: the form a
   * form event belongs to (`Account — Account form`), the view an extension inherits.
   */
  screen?: string;
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
  /**
   * For code kept inside a data file (a fixture's Client Script): the JSON pointer of the value that
   * holds it and the finding's line and column in the code itself. `line`/`column` are the host's.
   */
  embedded?: { pointer: string; line: number; column: number };
  fingerprint: string;
  effortMinutes: number;
  effortMaxMinutes: number;
  references: string[];
  fixable: boolean;
  /** How many occurrences this one finding stands for, when more than one (past --max-per-rule); its effort is theirs together. */
  occurrences?: number;
  /** The rule's automatic fix at this place: offsets into the file and the new text. */
  fix?: { edit: { start: number; end: number; text: string } };
  /** Proposed code for a person to review: shown in the dry-run diff, never written by --fix. */
  suggestion?: { edit: { start: number; end: number; text: string } };
  impact: { artefacts: Artefact[]; processes: string[] };
  /**
   * Set when another rule hits exactly the same span with a larger estimate: the rule id of that
   * finding. The effort of the place is counted once, there; this finding is shown as related.
   */
  relatedTo?: string;
  /**
   * The finding is in third-party code bundled into the project (`docs/bundled-libraries.md`): the
   * work is to upgrade or replace the library, counted once per library (on its first finding;
   * `effortMinutes` is 0 on the others).
   */
  library?: BundledLibraryInfo;
  /**
   * The finding is in a translation that repeats a source string with the same finding (a Frappe
   * `translations/*.csv` row): the place of that finding. The work is done there; its effort is 0 here.
   */
  translationOf?: { file: string; line: number };
}

/** A library bundled into the project, as its file names it (or, without a name, as the file is called). */
export interface BundledLibraryInfo {
  name: string;
  version?: string;
  /** What showed it: `licence` banner, `umd` wrapper, `sdk-sample` header, released `minified` code, or a third-party `path` read with --include-vendored. */
  evidence: "licence" | "umd" | "sdk-sample" | "minified" | "path";
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
  /** Its version is unknown and no --from was given: `from` is "unknown" and its files are listed as unanalysed. */
  unchecked?: boolean;
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

/** Why a relevant file was not checked. */
export type UncheckedWhy = "no-adapter" | "no-rules" | "unparseable" | "skipped";

/** A file that matters for the upgrade but that no rule checked. */
export interface UncheckedFile {
  file: string;
  why: UncheckedWhy;
  /** In words: "no adapter for .py files", "no rules for json files on 16.0-17.0", the parser's message. */
  reason: string;
}

/** What the scan covered; coverage is `checked / relevant`. */
export interface FileCoverage {
  /** Files that matter for the upgrade: checked plus unchecked. */
  relevant: number;
  checked: number;
  unchecked: number;
  /** Images, fonts, translations, documentation, media, repository settings (core's one list). */
  irrelevant: number;
  /** Outside the scan by policy: third-party libraries, links, files outside every project. */
  excluded: number;
  uncheckedBy: Record<UncheckedWhy, number>;
  irrelevantBy: Record<string, number>;
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
  /** What the scan covered (added with the honest verdict; absent in older results). */
  files?: FileCoverage;
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
  /** The config file that was applied, as found (relative to the working folder). */
  config?: string;
  /** What the baseline accepted, and its entries that no longer match. */
  baseline?: {
    file: string;
    matched: number;
    stale: Array<{ fingerprint: string; ruleId: string; file: string; line: number; snippet: string }>;
  };
  /** Relevant files no rule checked, by file: the verdict names them and never reads "Go" while there are any. */
  unchecked?: UncheckedFile[];
  /** The severity at or above which a finding blocks (`--fail-on`), as the scan was run. */
  failOn?: Severity | "none";
  /** With `--changed-since`: the reference, how many files changed, and how many findings in other files were left out. */
  changedSince?: { ref: string; files: number; findingsLeftOut: number };
  /** The name people know a file by, where it differs from its path (an exported web resource's own name). */
  fileNames?: Record<string, string>;
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
    if (f.relatedTo) continue;
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

/**
 * Where several rules hit exactly the same span, the work is done once: the finding with the
 * largest estimate leads and the others are related to it. Returns, for each finding that is not
 * a lead, the rule id of its lead. Findings must be in result order (sorted by file, line and
 * column), as every result's are, so that equal spans are neighbours.
 */
export function sameSpanLeads(findings: readonly Finding[]): Map<Finding, string> {
  const out = new Map<Finding, string>();
  const rank: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };
  const better = (a: Finding, b: Finding): number =>
    b.effortMaxMinutes - a.effortMaxMinutes ||
    b.effortMinutes - a.effortMinutes ||
    rank[a.severity] - rank[b.severity] ||
    cmp(a.ruleId, b.ruleId);
  for (let i = 0; i < findings.length;) {
    const head = findings[i]!;
    let j = i + 1;
    while (j < findings.length && findings[j]!.line === head.line && findings[j]!.column === head.column && findings[j]!.file === head.file)
      j++;
    if (j - i > 1) {
      const bySpan = new Map<string, Finding[]>();
      for (let k = i; k < j; k++) {
        const f = findings[k]!;
        const key = `${f.endLine}:${f.endColumn}`;
        const group = bySpan.get(key);
        if (group) group.push(f);
        else bySpan.set(key, [f]);
      }
      for (const group of bySpan.values()) {
        if (group.length < 2) continue;
        const lead = [...group].sort(better)[0]!;
        for (const f of group) if (f !== lead) out.set(f, lead.ruleId);
      }
    }
    i = j;
  }
  return out;
}

/** Marks every related finding with `relatedTo` (see {@link sameSpanLeads}); run again, it gives the same marks. */
export function relateSameSpan(findings: Finding[]): void {
  const leads = sameSpanLeads(findings);
  for (const f of findings) {
    const lead = leads.get(f);
    if (lead) f.relatedTo = lead;
    else if (f.relatedTo !== undefined) delete f.relatedTo;
  }
}
