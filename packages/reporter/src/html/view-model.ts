import { PARSE_ERROR_RULE, SEVERITIES, type ScanResult } from "@uplift/engine";
import type { Checklist } from "../checklist.js";
import { barChart, gauge, type BarChart, type Gauge } from "./charts.js";
import { groupDigits } from "./effort.js";
import { impactOf, type Impact } from "./impact.js";
import { hopLabel, projectLabel, projectUpgrade, SEVERITY_LABELS } from "./labels.js";
import { HALF_SCORE_POINTS, READINESS_BANDS, SEVERITY_WEIGHTS } from "./readiness.js";
import { groupByRule, type RuleGroup } from "./rule-groups.js";
import { summariseForReport, type ExecutiveSummary } from "./summary.js";

/** How many findings of each rule the printed report lists. */
export const PRINTED_PER_RULE = 5;
/** Rows of a long impact table shown before "show all" on screen (print shows all). */
export const SCREEN_ROWS = 15;

export interface ReportContext {
  title: string;
  /** When the report was made, as the caller wants it shown (an ISO date, say). */
  generatedAt: string;
}

export interface FilterOption {
  value: string;
  label: string;
  count: number;
}

export interface ReportView {
  context: ReportContext;
  tool: string;
  root: string;
  projects: Array<{ label: string; upgrade: string; hops: string }>;
  summary: ExecutiveSummary;
  findingTotal: number;
  filesWithFindings: number;
  /** Files skipped plus files that did not parse. */
  blindSpots: number;
  gauge: Gauge;
  charts: BarChart[];
  atRisk: string;
  topWork: RuleGroup[];
  impact: Impact;
  rules: RuleGroup[];
  checklist: Checklist;
  unanalysed: { files: ScanResult["unanalysed"]; reasons: Array<{ reason: string; count: number }>; parseErrors: ScanResult["findings"] };
  method: {
    weights: Array<{ label: string; weight: number }>;
    halfPoints: number;
    bands: Array<{ label: string; range: string }>;
  };
  filters: {
    severities: FilterOption[];
    hops: FilterOption[];
    processes: FilterOption[];
    rules: FilterOption[];
    files: FilterOption[];
    projects: FilterOption[];
  };
  screenRows: number;
  printedPerRule: number;
}

function countBy<T>(items: readonly T[], key: (item: T) => string | string[] | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    for (const one of Array.isArray(k) ? k : k === undefined ? [] : [k]) counts.set(one, (counts.get(one) ?? 0) + 1);
  }
  return counts;
}

function sortedEntries(counts: Map<string, number>): Array<[string, number]> {
  return [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function atRiskSentence(impact: Impact): string {
  const hit = impact.processes.filter((p) => p.findings > 0);
  if (hit.length > 0) {
    const names = hit.slice(0, 4).map((p) => `${p.title} (${SEVERITY_LABELS[p.worst].toLowerCase()})`);
    return `Business processes at risk: ${names.join(", ")}${hit.length > 4 ? ` and ${hit.length - 4} more` : ""}.`;
  }
  const projects = impact.projects.filter((p) => p.findings > 0);
  if (projects.length === 0) return "No business process is at risk from what was analysed.";
  const files = projects.reduce((n, p) => n + p.subjects.length, 0);
  return `No finding is linked to a business process yet; ${groupDigits(files)} ${files === 1 ? "file" : "files"} in ${projects.length} ${projects.length === 1 ? "project" : "projects"} need work (see the impact by project).`;
}

export function buildView(result: ScanResult, context: ReportContext, checklist: Checklist): ReportView {
  const summary = summariseForReport(result);
  const impact = impactOf(result);
  const rules = groupByRule(result, PRINTED_PER_RULE);
  const reasons = countBy(result.unanalysed, (u) => u.reason);
  const processTitle = (id: string): string => result.processes[id]?.title ?? id;
  const option = ([value, count]: [string, number], label = value): FilterOption => ({ value, label, count });
  return {
    context,
    tool: `${result.tool.name} ${result.tool.version}`,
    root: result.root,
    projects: result.projects.map((p) => ({
      label: projectLabel(p.path),
      upgrade: projectUpgrade(p),
      hops: p.unchecked ? "not checked: version unknown" : p.hops.map(hopLabel).join(", ") || "nothing to check",
    })),
    summary,
    findingTotal: result.summary.findings,
    filesWithFindings: result.summary.filesWithFindings,
    blindSpots: summary.coverage.unanalysed + summary.coverage.parseErrors,
    gauge: gauge(summary.readiness.score, summary.readiness.band.key, summary.readiness.band.label),
    charts: [
      barChart(
        "By severity",
        summary.severities.map((s) => ({ label: s.label, value: s.count, tone: `sev-${s.severity}` })),
      ),
      barChart(
        "By kind of change",
        summary.changes.map((c) => ({ label: c.label, value: c.count, tone: "tone-change" })),
      ),
      barChart(
        "By upgrade step",
        summary.hops.map((h) => ({ label: h.label, value: h.count, tone: "tone-hop" })),
      ),
    ],
    atRisk: atRiskSentence(impact),
    topWork: [...rules].sort((a, b) => b.effort.max - a.effort.max || b.count - a.count).slice(0, 5),
    impact,
    rules,
    checklist,
    unanalysed: {
      files: result.unanalysed,
      reasons: [...reasons]
        .map(([reason, count]) => ({ reason, count }))
        .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1)),
      parseErrors: result.findings.filter((f) => f.ruleId === PARSE_ERROR_RULE),
    },
    method: {
      weights: SEVERITIES.map((s) => ({ label: SEVERITY_LABELS[s], weight: SEVERITY_WEIGHTS[s] })),
      halfPoints: HALF_SCORE_POINTS,
      bands: READINESS_BANDS.map((b, i) => ({
        label: b.label,
        range: `${b.min}–${i === 0 ? 100 : (READINESS_BANDS[i - 1]?.min ?? 101) - 1}`,
      })),
    },
    filters: {
      severities: SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s], count: result.summary.bySeverity[s] })),
      hops: sortedEntries(countBy(result.findings, (f) => f.hop)).map((e) => option(e, hopLabel(e[0]))),
      processes: sortedEntries(countBy(result.findings, (f) => f.impact.processes))
        .map((e) => option(e, processTitle(e[0])))
        .sort((a, b) => (a.label < b.label ? -1 : 1)),
      rules: rules.map((r) => ({ value: r.id, label: `${r.title} (${r.id})`, count: r.count })),
      files: sortedEntries(countBy(result.findings, (f) => f.file)).map((e) => option(e)),
      projects: sortedEntries(countBy(result.findings, (f) => f.project)).map((e) => option(e, projectLabel(e[0]))),
    },
    screenRows: SCREEN_ROWS,
    printedPerRule: PRINTED_PER_RULE,
  };
}
