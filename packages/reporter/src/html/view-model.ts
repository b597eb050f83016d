import { PARSE_ERROR_RULE, SEVERITIES, type ScanResult, type UncheckedFile } from "@uplift/engine";
import type { Checklist } from "../checklist.js";
import type { ReportContext, ReportModel } from "../report-model.js";
import { displayName } from "../subjects.js";
import { barChart, gauge, type BarChart, type Gauge } from "./charts.js";
import { groupDigits } from "./effort.js";
import type { Impact } from "./impact.js";
import { hopLabel, plural, projectLabel, projectUpgrade, SEVERITY_LABELS } from "./labels.js";
import { READINESS_BANDS } from "./readiness.js";
import { groupByRule, type RuleGroup } from "./rule-groups.js";
import type { ExecutiveSummary } from "./summary.js";
import { planRows, progressView, type PlanRow, type ProgressView } from "./view-sections.js";
import { libraryGroups, type LibraryGroup } from "../libraries.js";

export type { ReportContext } from "../report-model.js";

/** How many findings of each rule the printed report lists. */
export const PRINTED_PER_RULE = 5;
/** Rows of a long table or list shown before "show all" on screen (print shows all). */
export const SCREEN_ROWS = 15;
/** Projects shown with their tables before "show all" on screen. */
export const SCREEN_PROJECTS = 10;

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
  projectSummary: string;
  summary: ExecutiveSummary;
  threshold: string;
  findingTotal: number;
  filesWithFindings: number;
  relatedCount: number;
  /** Relevant files not checked. */
  blindSpots: number;
  gauge: Gauge;
  charts: BarChart[];
  atRisk: string;
  topWork: RuleGroup[];
  impact: Impact;
  rules: RuleGroup[];
  /** Third-party libraries bundled into the project that have findings: one upgrade each. */
  libraries: LibraryGroup[];
  /** Findings in translations that repeat a source string's finding. */
  translationCopies: number;
  checklist: Checklist;
  progress?: ProgressView;
  plan: PlanRow[];
  gaps: {
    unchecked: UncheckedFile[];
    reasons: Array<{ reason: string; count: number }>;
    irrelevant: Array<{ kind: string; count: number }>;
    excluded: number;
    parseErrors: ScanResult["findings"];
  };
  method: { bands: Array<{ label: string; range: string }> };
  filters: {
    severities: FilterOption[];
    hops: FilterOption[];
    processes: FilterOption[];
    rules: FilterOption[];
    files: FilterOption[];
    projects: FilterOption[];
  };
  screenRows: number;
  screenProjects: number;
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
  return `No finding is linked to a business process yet; ${groupDigits(files)} ${plural(files, "file")} in ${projects.length} ${plural(projects.length, "project")} need work (see the impact by project).`;
}

/** "3 projects: odoo 16.0 → 18.0 (2), odoo 17.0 → 18.0 (1)". */
function projectSummary(result: ScanResult): string {
  const kinds = countBy(result.projects, (p) => projectUpgrade(p));
  const parts = sortedEntries(kinds).map(([upgrade, n]) => `${upgrade} (${groupDigits(n)})`);
  return `${groupDigits(result.projects.length)} ${plural(result.projects.length, "project")}: ${parts.join(", ")}`;
}

export function buildView(model: ReportModel, context: ReportContext): ReportView {
  const { result, summary, impact, checklist } = model;
  // Files by the names people know them by (an exported web resource's own name).
  const rules = groupByRule(result, PRINTED_PER_RULE).map((g) => ({
    ...g,
    first: g.first.map((f) => ({ ...f, file: displayName(result, f.file) })),
  }));
  const processTitle = (id: string): string => result.processes[id]?.title ?? id;
  const option = ([value, count]: [string, number], label = value): FilterOption => ({ value, label, count });
  const unchecked = result.unchecked ?? [];
  const files = summary.coverage;
  return {
    context,
    tool: `${result.tool.name} ${result.tool.version}`,
    root: result.root,
    projects: result.projects.map((p) => ({
      label: projectLabel(p.path),
      upgrade: projectUpgrade(p),
      hops: p.unchecked ? "not checked: version unknown" : p.hops.map(hopLabel).join(", ") || "nothing to check",
    })),
    projectSummary: projectSummary(result),
    summary,
    threshold: SEVERITY_LABELS[model.threshold].toLowerCase(),
    findingTotal: result.summary.findings,
    filesWithFindings: result.summary.filesWithFindings,
    relatedCount: result.findings.filter((f) => f.relatedTo).length,
    blindSpots: unchecked.length,
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
    libraries: libraryGroups(result).map((g) => ({ ...g, files: g.files.map((f) => displayName(result, f)) })),
    translationCopies: result.findings.filter((f) => f.translationOf).length,
    checklist,
    ...(model.progress ? { progress: progressView(model.progress) } : {}),
    plan: planRows(model.plan),
    gaps: {
      unchecked,
      reasons: [...countBy(unchecked, (u) => u.reason)]
        .map(([reason, count]) => ({ reason, count }))
        .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1)),
      irrelevant: Object.entries(files.irrelevantBy).map(([kind, count]) => ({ kind, count })),
      excluded: files.excluded,
      parseErrors: result.findings.filter((f) => f.ruleId === PARSE_ERROR_RULE),
    },
    method: {
      bands: READINESS_BANDS.map((b, i) => {
        const max = i === 0 ? 100 : (READINESS_BANDS[i - 1]?.min ?? 101) - 1;
        return { label: b.label, range: b.min === max ? `${max}` : `${b.min}–${max}` };
      }),
    },
    filters: {
      severities: SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s], count: result.summary.bySeverity[s] })),
      hops: sortedEntries(countBy(result.findings, (f) => f.hop)).map((e) => option(e, hopLabel(e[0]))),
      processes: sortedEntries(countBy(result.findings, (f) => f.impact.processes))
        .map((e) => option(e, processTitle(e[0])))
        .sort((a, b) => (a.label < b.label ? -1 : 1)),
      rules: rules.map((r) => ({ value: r.id, label: `${r.title} (${r.id})`, count: r.count })),
      files: sortedEntries(countBy(result.findings, (f) => displayName(result, f.file))).map((e) => option(e)),
      projects: sortedEntries(countBy(result.findings, (f) => f.project)).map((e) => option(e, projectLabel(e[0]))),
    },
    screenRows: SCREEN_ROWS,
    screenProjects: SCREEN_PROJECTS,
    printedPerRule: PRINTED_PER_RULE,
  };
}
