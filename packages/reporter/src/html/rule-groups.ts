import type { Finding, RuleInfo, ScanResult, Severity } from "@uplift/engine";
import { effortOf, type EffortRange } from "./effort.js";
import { severityRank, worse } from "./labels.js";

/** Findings of one rule: how many, how much work, and the first few to show in print. */
export interface RuleGroup {
  id: string;
  title: string;
  severity: Severity;
  change: string;
  hop?: string;
  count: number;
  files: number;
  fixable: number;
  /** Findings on a span another rule also hits, whose effort is counted with that rule. */
  related: number;
  /** The rules they are related to. */
  relatedTo: string[];
  effort: EffortRange;
  rule?: RuleInfo;
  first: Finding[];
}

/** Rules by severity, then by how many findings they have, then by id. */
export function groupByRule(result: ScanResult, firstCount: number): RuleGroup[] {
  const groups = new Map<string, { findings: Finding[]; files: Set<string>; worst?: Severity }>();
  for (const f of result.findings) {
    let g = groups.get(f.ruleId);
    if (!g) groups.set(f.ruleId, (g = { findings: [], files: new Set() }));
    g.findings.push(f);
    g.files.add(f.file);
    g.worst = worse(g.worst, f.severity);
  }
  return [...groups]
    .map(([id, g]): RuleGroup => {
      const rule = result.rules[id];
      const head = g.findings[0];
      return {
        id,
        title: rule?.title ?? head?.title ?? id,
        severity: g.worst ?? "low",
        change: rule?.change ?? head?.change ?? "",
        ...((rule?.hop ?? head?.hop) ? { hop: rule?.hop ?? head?.hop } : {}),
        count: g.findings.length,
        files: g.files.size,
        fixable: g.findings.filter((f) => f.fixable).length,
        related: g.findings.filter((f) => f.relatedTo).length,
        relatedTo: [...new Set(g.findings.flatMap((f) => (f.relatedTo ? [f.relatedTo] : [])))].sort(),
        effort: effortOf(g.findings),
        ...(rule ? { rule } : {}),
        first: g.findings.slice(0, firstCount),
      };
    })
    .sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || b.count - a.count || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
