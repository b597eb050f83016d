import type { Unanalysed } from "@uplift/core";
import { applyBaseline, type BaselineOutcome } from "./baseline.js";
import { compileGlobs } from "./conditions.js";
import { assignFingerprints } from "./fingerprint.js";
import type { Project } from "./projects.js";
import { activeRules, type ActiveRule } from "./rule-scope.js";
import { cmp, compareFindings, relateSameSpan, SCHEMA_VERSION, summarise, type Finding, type RuleInfo, type ScanResult } from "./result.js";
import type { ScanOptions } from "./scan.js";
import type { CoverageTally } from "./scan-coverage.js";
import { countLibrariesOnce, markTranslationCopies } from "./shared-effort.js";
import { TOOL_VERSION } from "./version.js";

/** What a scan hands over once every file is read. */
export interface SettleInput {
  options: ScanOptions;
  projects: Project[];
  findings: Finding[];
  suppressed: number;
  unanalysed: Unanalysed[];
  filesScanned: number;
  coverage: CoverageTally;
  fileNames: Map<string, string>;
}

/** Sorted, fingerprinted, filtered by suppressions, baseline and --changed-since, with rule metadata and coverage. */
export function settle(state: SettleInput): ScanResult {
  const { options, projects } = state;
  let findings = state.findings;
  let suppressed = state.suppressed;
  if (options.suppressions && options.suppressions.length > 0) {
    const rules = options.suppressions.map((s) => ({ ...s, matches: compileGlobs(s.files) }));
    const before = findings.length;
    findings = findings.filter(
      (f) =>
        !rules.some(
          (s) => (s.rule === f.ruleId || (s.rule.endsWith("*") && f.ruleId.startsWith(s.rule.slice(0, -1)))) && s.matches(f.file),
        ),
    );
    suppressed += before - findings.length;
  }
  findings.sort(compareFindings);
  assignFingerprints(findings);
  let baseline: BaselineOutcome | undefined;
  if (options.baseline) {
    const applied = applyBaseline(findings, options.baseline.baseline, options.baseline.file);
    findings = applied.kept;
    baseline = applied.outcome;
  }
  let leftOut = 0;
  if (options.onlyFiles) {
    const before = findings.length;
    findings = findings.filter((f) => options.onlyFiles!.has(f.file));
    leftOut = before - findings.length;
  }
  relateSameSpan(findings);
  countLibrariesOnce(findings);
  markTranslationCopies(findings);

  const used = new Set(findings.map((f) => f.ruleId));
  const rules: Record<string, RuleInfo> = {};
  // Projects with the same rules share one list (hundreds of addons): a list met already adds nothing.
  const seen = new Set<readonly ActiveRule[]>();
  for (const p of projects) {
    const active = activeRules(p, options.ruleOverrides);
    if (seen.has(active)) continue;
    seen.add(active);
    for (const { rule: r, hop } of active) {
      if (rules[r.id] || !used.has(r.id)) continue;
      const info: RuleInfo = {
        title: r.title,
        severity: r.severity,
        change: r.change,
        hop: hop.label,
        erp: p.profile.erp,
        effort: r.effort,
        references: r.references,
        replacement: r.replacement,
      };
      if (r.tests) info.tests = r.tests;
      if (r.docs) info.docs = r.docs;
      if (r.doubt) info.doubt = r.doubt;
      rules[r.id] = info;
    }
  }
  const processes: ScanResult["processes"] = {};
  for (const f of findings) {
    for (const id of f.impact.processes) {
      if (processes[id]) continue;
      const info = projects.find((p) => p.path === f.project)?.profile.processes?.[id];
      processes[id] = { title: info?.title ?? id, tests: info?.tests ?? [] };
    }
  }
  const unanalysed = [...state.unanalysed].sort((a, b) => cmp(a.file, b.file) || cmp(a.reason, b.reason));
  const coverage = state.coverage.result();
  const summary = summarise(findings, state.filesScanned, unanalysed.length);
  summary.files = coverage.files;
  const withFindings = new Set(findings.map((f) => f.file));
  const fileNames = [...state.fileNames].filter(([file]) => withFindings.has(file)).sort(([a], [b]) => cmp(a, b));
  const result: ScanResult = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: "uplift", version: TOOL_VERSION },
    root: options.root,
    projects: projects.map((p) => {
      const info: ScanResult["projects"][number] = {
        path: p.path,
        erp: p.profile.erp,
        from: p.from,
        to: p.to,
        hops: p.hops.map((h) => h.label),
      };
      if (p.marker) info.marker = p.marker;
      if (p.fileVersions && p.fileVersions.size > 0) {
        info.fileVersions = Object.fromEntries([...p.fileVersions].sort(([a], [b]) => cmp(a, b)));
      }
      if (p.unchecked) info.unchecked = true;
      return info;
    }),
    findings,
    unanalysed,
    rules: Object.fromEntries(Object.entries(rules).sort(([a], [b]) => cmp(a, b))),
    processes: Object.fromEntries(Object.entries(processes).sort(([a], [b]) => cmp(a, b))),
    summary,
    unchecked: coverage.unchecked,
  };
  if (suppressed > 0) result.suppressed = suppressed;
  if (options.config) result.config = options.config;
  if (baseline) result.baseline = baseline;
  if (options.failOn) result.failOn = options.failOn;
  if (options.onlyFiles && options.changedSince)
    result.changedSince = { ref: options.changedSince, files: options.onlyFiles.size, findingsLeftOut: leftOut };
  if (fileNames.length > 0) result.fileNames = Object.fromEntries(fileNames);
  return result;
}
