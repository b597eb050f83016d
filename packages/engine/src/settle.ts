import { applyBaseline, type BaselineOutcome } from "./baseline.js";
import { compileGlobs } from "./conditions.js";
import { assignFingerprints } from "./fingerprint.js";
import { cmp, compareFindings, SCHEMA_VERSION, summarise, type RuleInfo, type ScanResult } from "./result.js";
import type { ScanState } from "./scan.js";
import { TOOL_VERSION } from "./version.js";

/** The findings of a scan, settled: config suppressions, order, fingerprints, baseline, and the result around them. */
export function settle(state: ScanState): ScanResult {
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
  if (options.onlyFiles) findings = findings.filter((f) => options.onlyFiles!.has(f.file));

  const used = new Set(findings.map((f) => f.ruleId));
  const rules: Record<string, RuleInfo> = {};
  for (const p of projects) {
    for (const hop of [...p.pastHops, ...p.hops]) {
      for (const r of hop.pack?.rules ?? []) {
        if (rules[r.id] || !used.has(r.id)) continue;
        const override = options.ruleOverrides?.[r.id];
        const info: RuleInfo = {
          title: r.title,
          severity: override && override !== "off" ? override : r.severity,
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
      return info;
    }),
    findings,
    unanalysed,
    rules: Object.fromEntries(Object.entries(rules).sort(([a], [b]) => cmp(a, b))),
    processes: Object.fromEntries(Object.entries(processes).sort(([a], [b]) => cmp(a, b))),
    summary: summarise(findings, state.filesScanned, unanalysed.length),
  };
  if (suppressed > 0) result.suppressed = suppressed;
  if (baseline) result.baseline = baseline;
  return result;
}
