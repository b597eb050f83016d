import { SEVERITIES, type Finding, type ScanResult, type Severity } from "@uplift/engine";
import type { Checklist } from "../checklist.js";
import { subjectsOf } from "../subjects.js";
import { effortOf, type EffortRange } from "./effort.js";
import { projectLabel, projectUpgrade, severityRank, worse } from "./labels.js";

// Who is hit by the findings: business processes, and per project (module, app) the screens and
// other artefacts (subjects.ts), or, where nothing links to the code yet, the files. A finding
// linked to two processes or two subjects counts for each of them; the `total` rows count every
// finding once, so they reconcile with the findings table.

export type SeverityCounts = Record<Severity, number>;

export interface ImpactRow {
  findings: number;
  counts: SeverityCounts;
  worst: Severity;
  effort: EffortRange;
}

export interface ProcessImpact extends ImpactRow {
  id: string;
  title: string;
  /** What the process reaches: artefact labels, or files where no artefact is known. */
  subjects: string[];
  /** Checklist items in the process's section: the same number the checklist shows. */
  tests: number;
  /** Checklist items listed under another process that serve this one too. */
  sharedTests: number;
}

export interface SubjectImpact extends ImpactRow {
  kind: "artefact" | "file";
  type: string;
  name: string;
  record?: string;
  processes: string[];
}

export interface ProjectImpact extends ImpactRow {
  path: string;
  label: string;
  upgrade: string;
  subjects: SubjectImpact[];
}

export interface RecordImpact extends ImpactRow {
  record: string;
  artefacts: number;
  processes: string[];
}

export interface Impact {
  /** Whether anything links findings to artefacts or processes. */
  linked: boolean;
  processes: ProcessImpact[];
  /** Findings that no process is behind. */
  unlinked: number;
  /** Every finding linked to some process, counted once, and its effort. */
  processTotal: ImpactRow;
  /** Findings with no process, counted once. */
  unlinkedTotal: ImpactRow;
  projects: ProjectImpact[];
  records: RecordImpact[];
  /** Every finding that reaches some entity or model, counted once; and those that reach none. */
  recordTotal: ImpactRow;
  noRecordTotal: ImpactRow;
}

class Tally {
  readonly findings: Finding[] = [];
  readonly processes = new Set<string>();
  readonly subjects = new Set<string>();
  add(f: Finding): void {
    this.findings.push(f);
    for (const p of f.impact.processes) this.processes.add(p);
  }
  row(): ImpactRow {
    const counts: SeverityCounts = { critical: 0, high: 0, medium: 0, low: 0 };
    let worst: Severity | undefined;
    for (const f of this.findings) {
      counts[f.severity]++;
      worst = worse(worst, f.severity);
    }
    return { findings: this.findings.length, counts, worst: worst ?? "low", effort: effortOf(this.findings) };
  }
}

function tallyOf<K>(map: Map<K, Tally>, key: K): Tally {
  let t = map.get(key);
  if (!t) map.set(key, (t = new Tally()));
  return t;
}

const byWorstThenCount = (a: ImpactRow & { sortKey: string }, b: ImpactRow & { sortKey: string }): number =>
  severityRank(a.worst) - severityRank(b.worst) || b.findings - a.findings || (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0);

function strip<T extends ImpactRow & { sortKey: string }>(rows: T[]): Array<Omit<T, "sortKey">> {
  return rows.sort(byWorstThenCount).map(({ sortKey: _, ...row }) => row);
}

export function impactOf(result: ScanResult, checklist?: Checklist): Impact {
  const title = (id: string): string => result.processes[id]?.title ?? id;
  const processes = new Map<string, Tally>();
  const projects = new Map<string, Tally>();
  const subjects = new Map<string, { tally: Tally; info: Omit<SubjectImpact, keyof ImpactRow | "processes">; project: string }>();
  const records = new Map<string, Tally>();
  const processTotal = new Tally();
  const unlinkedTotal = new Tally();
  const recordTotal = new Tally();
  const noRecordTotal = new Tally();
  let unlinked = 0;
  let linked = false;

  for (const f of result.findings) {
    if (f.impact.processes.length === 0) {
      unlinked++;
      unlinkedTotal.add(f);
    } else processTotal.add(f);
    if (f.impact.processes.length > 0 || f.impact.artefacts.length > 0) linked = true;
    tallyOf(projects, f.project).add(f);
    const targets = subjectsOf(result, f);
    for (const p of f.impact.processes) {
      const t = tallyOf(processes, p);
      t.add(f);
      for (const s of targets) t.subjects.add(s.kind === "file" ? s.name : `${s.type} ${s.name}`);
    }
    const recordsHit = new Set<string>();
    for (const target of targets) {
      let s = subjects.get(target.key);
      if (!s)
        subjects.set(
          target.key,
          (s = {
            tally: new Tally(),
            info: { kind: target.kind, type: target.type, name: target.name, ...(target.record ? { record: target.record } : {}) },
            project: f.project,
          }),
        );
      s.tally.add(f);
      if (target.record && !recordsHit.has(target.record)) {
        recordsHit.add(target.record);
        const r = tallyOf(records, target.record);
        r.add(f);
        r.subjects.add(target.key);
      }
    }
    (recordsHit.size > 0 ? recordTotal : noRecordTotal).add(f);
  }

  const subjectRows = new Map<string, Array<SubjectImpact & { sortKey: string }>>();
  for (const [key, { tally, info, project }] of subjects) {
    const rows = subjectRows.get(project) ?? [];
    subjectRows.set(project, rows);
    rows.push({ ...tally.row(), ...info, processes: [...tally.processes].map(title).sort(), sortKey: key });
  }
  const projectRows = result.projects.map((p) => p.path);
  for (const path of projects.keys()) if (!projectRows.includes(path)) projectRows.push(path);

  return {
    linked,
    unlinked,
    processTotal: processTotal.row(),
    unlinkedTotal: unlinkedTotal.row(),
    recordTotal: recordTotal.row(),
    noRecordTotal: noRecordTotal.row(),
    processes: strip(
      [...processes].map(([id, t]) => ({
        ...t.row(),
        id,
        title: title(id),
        subjects: [...t.subjects].sort(),
        tests: checklist?.sections.find((s) => s.kind === "process" && s.key === id)?.items.length ?? 0,
        sharedTests: checklist?.sections.reduce((n, s) => n + s.items.filter((i) => i.alsoIn.includes(id)).length, 0) ?? 0,
        sortKey: title(id),
      })),
    ),
    projects: strip(
      projectRows.map((path) => {
        const info = result.projects.find((p) => p.path === path);
        const row = (projects.get(path) ?? new Tally()).row();
        return {
          ...row,
          path,
          label: projectLabel(path),
          upgrade: info ? projectUpgrade(info) : "",
          subjects: strip(subjectRows.get(path) ?? []),
          sortKey: path,
        };
      }),
    ),
    records: strip(
      [...records].map(([record, t]) => ({
        ...t.row(),
        record,
        artefacts: t.subjects.size,
        processes: [...t.processes].map(title).sort(),
        sortKey: record,
      })),
    ),
  };
}

export function emptyCounts(): SeverityCounts {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as SeverityCounts;
}
