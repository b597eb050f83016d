import { createHash } from "node:crypto";
import type { Finding, ScanResult, Severity } from "@uplift/engine";
import { checklistMarkdown as formatMarkdown } from "./checklist-formats.js";
import { plural, projectLabel, severityRank, worse } from "./html/labels.js";
import { subjectLabel, subjectsOf } from "./subjects.js";

/**
 * The regression-test checklist, built once from a result; the HTML page, the Markdown and the
 * TestRail CSV all render this model.
 *
 * A "subject" is one thing to retest (subjects.ts): a screen (a form or view with its extensions,
 * a ribbon), another artefact that reaches findings (a scheduled action, a template) or, where
 * nothing links to the code yet, the file itself; one item each, however many findings it has.
 * Subjects are grouped by the
 * first business process behind them (each appears once; the other processes are named in its
 * preconditions); every process touched also gets an end-to-end item with the profile's tests.
 * Subjects without a process are grouped by project.
 */
export interface ChecklistItem {
  /** Stable across reports of the same projects: keys the checkbox state. */
  id: string;
  kind: "process" | "artefact" | "file";
  title: string;
  section: string;
  priority: Severity;
  preconditions: string;
  steps: string[];
  expected: string;
  /** Rule ids behind the item. */
  references: string[];
  findings: number;
  /** The other business processes (ids) the item's screen or file serves, besides its section's. */
  alsoIn: string[];
}

export interface ChecklistSection {
  title: string;
  kind: "process" | "project";
  /** The process id (for process sections) or the project path (for project sections). */
  key: string;
  priority: Severity;
  items: ChecklistItem[];
}

export interface Checklist {
  sections: ChecklistSection[];
  items: number;
}

interface Subject {
  key: string;
  kind: "artefact" | "file";
  project: string;
  label: string;
  via: string[];
  findings: Finding[];
  processes: string[];
}

const EXPECTED_SUBJECT = "No error is shown and the behaviour matches the current version.";
const EXPECTED_PROCESS = "The process completes end to end with the same results as on the current version.";

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function itemId(section: string, subject: string): string {
  return createHash("sha256").update(`${section}\0${subject}`).digest("hex").slice(0, 12);
}

function collectSubjects(result: ScanResult): Subject[] {
  const subjects = new Map<string, Subject>();
  for (const f of result.findings) {
    for (const target of subjectsOf(result, f)) {
      let subject = subjects.get(target.key);
      if (!subject)
        subjects.set(
          target.key,
          (subject = {
            key: target.key,
            kind: target.kind,
            label: subjectLabel(target),
            via: [],
            project: f.project,
            findings: [],
            processes: [],
          }),
        );
      for (const v of target.via) if (!subject.via.includes(v)) subject.via.push(v);
      subject.findings.push(f);
      for (const p of f.impact.processes) if (!subject.processes.includes(p)) subject.processes.push(p);
    }
  }
  return [...subjects.values()];
}

function worstOf(findings: readonly Finding[]): Severity {
  return findings.reduce<Severity | undefined>((w, f) => worse(w, f.severity), undefined) ?? "low";
}

/** Lines as "6, 29" or "6, 29, 40 and 12 more". */
function lineList(findings: readonly Finding[]): string {
  const lines = [...new Set(findings.map((f) => f.line))].sort((a, b) => a - b);
  const shown = lines.slice(0, 5).join(", ");
  return lines.length > 5 ? `${shown} and ${lines.length - 5} more` : shown;
}

function subjectSteps(result: ScanResult, subject: Subject): { steps: string[]; rules: string[] } {
  const byRule = new Map<string, Finding[]>();
  for (const f of subject.findings) pushTo(byRule, f.ruleId, f);
  const rules = [...byRule.entries()].sort(([a, fa], [b, fb]) => severityRank(worstOf(fa)) - severityRank(worstOf(fb)) || cmp(a, b));
  const steps: string[] = [];
  for (const [ruleId, findings] of rules) {
    const tests = result.rules[ruleId]?.tests ?? [];
    const title = result.rules[ruleId]?.title ?? findings[0]?.title ?? ruleId;
    const lines = new Set(findings.map((f) => f.line)).size;
    const where = subject.kind === "file" ? `at ${plural(lines, "line")} ${lineList(findings)}` : `in ${subject.label}`;
    const fallback = `Exercise the feature ${where} that “${title}” touches, and check it works as on the current version.`;
    for (const step of tests.length > 0 ? tests : [fallback]) if (!steps.includes(step)) steps.push(step);
  }
  return { steps, rules: rules.map(([id]) => id) };
}

function upgradeOf(result: ScanResult, project: string): string {
  const p = result.projects.find((x) => x.path === project);
  return p ? `${p.erp} ${p.to}` : "the target version";
}

function ruleTitles(result: ScanResult, ruleIds: readonly string[]): string {
  return ruleIds.map((id) => result.rules[id]?.title ?? id).join("; ");
}

/**
 * How many items {@link buildChecklist} makes, without making them: one end-to-end item per
 * process touched and one per subject (each subject appears once). For the cost of each target.
 */
export function checklistSize(result: ScanResult): number {
  const processes = new Set<string>();
  const subjects = new Set<string>();
  for (const f of result.findings) {
    for (const p of f.impact.processes) processes.add(p);
    for (const s of subjectsOf(result, f)) subjects.add(s.key);
  }
  return processes.size + subjects.size;
}

export function buildChecklist(result: ScanResult): Checklist {
  const processTitle = (id: string): string => result.processes[id]?.title ?? id;
  const sections = new Map<string, ChecklistSection>();
  const sectionFor = (key: string, title: string, kind: ChecklistSection["kind"], id: string): ChecklistSection => {
    let section = sections.get(key);
    if (!section) sections.set(key, (section = { title, kind, key: id, priority: "low", items: [] }));
    return section;
  };

  // End-to-end items: one per process behind any finding.
  const processFindings = new Map<string, Finding[]>();
  for (const f of result.findings) for (const p of f.impact.processes) pushTo(processFindings, p, f);
  for (const [id, findings] of processFindings) {
    const title = processTitle(id);
    const section = sectionFor(`p\0${id}`, title, "process", id);
    const rules = [...new Set(findings.map((f) => f.ruleId))].sort(cmp);
    const tests = result.processes[id]?.tests ?? [];
    section.items.push({
      id: itemId(`p\0${id}`, "process"),
      kind: "process",
      title: `End-to-end: ${title}`,
      section: title,
      priority: worstOf(findings),
      preconditions: `The upgraded system with the migrated customisations. ${findings.length} ${plural(findings.length, "finding")} touch this process.`,
      steps: tests.length > 0 ? tests : [`Run the ${title} process end to end as users do.`],
      expected: EXPECTED_PROCESS,
      references: rules,
      findings: findings.length,
      alsoIn: [],
    });
  }

  for (const subject of collectSubjects(result)) {
    const [primary, ...others] = subject.processes;
    const key = primary === undefined ? `j\0${subject.project}` : `p\0${primary}`;
    const section =
      primary === undefined
        ? sectionFor(key, projectLabel(subject.project), "project", subject.project)
        : sectionFor(key, processTitle(primary), "process", primary);
    const { steps, rules } = subjectSteps(result, subject);
    const n = subject.findings.length;
    const also = others.length > 0 ? ` Also part of: ${others.map(processTitle).join(", ")}.` : "";
    const via = subject.via.length > 0 ? ` Reached through: ${subject.via.join(", ")}.` : "";
    section.items.push({
      id: itemId(key, subject.key),
      kind: subject.kind,
      title: `Retest ${subject.kind === "file" ? `everything that uses ${subject.label}` : subject.label}`,
      section: section.title,
      priority: worstOf(subject.findings),
      preconditions: `Upgraded to ${upgradeOf(result, subject.project)} with ${projectLabel(subject.project)} migrated; ${n} ${plural(n, "finding")} fixed: ${ruleTitles(result, rules)}.${via}${also}`,
      steps,
      expected: EXPECTED_SUBJECT,
      references: rules,
      findings: n,
      alsoIn: others,
    });
  }

  const ordered = [...sections.values()];
  for (const s of ordered) {
    s.priority = s.items.reduce<Severity | undefined>((w, item) => worse(w, item.priority), undefined) ?? "low";
    s.items.sort(
      (a, b) =>
        Number(b.kind === "process") - Number(a.kind === "process") ||
        severityRank(a.priority) - severityRank(b.priority) ||
        cmp(a.title, b.title),
    );
  }
  ordered.sort(
    (a, b) =>
      Number(a.kind === "project") - Number(b.kind === "project") ||
      severityRank(a.priority) - severityRank(b.priority) ||
      cmp(a.title, b.title),
  );
  return { sections: ordered, items: ordered.reduce((n, s) => n + s.items.length, 0) };
}

/** The checklist as Markdown task lists under headings of the given level (see checklist-formats.ts). */
export function checklistMarkdown(checklist: Checklist, level = 3, done: ReadonlySet<string> = new Set()): string {
  return formatMarkdown(checklist.sections, level, done);
}
