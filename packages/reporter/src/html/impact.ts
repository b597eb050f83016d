import { SEVERITIES, type Finding, type ScanResult, type Severity } from "@uplift/engine";
import { effortOf, type EffortRange } from "./effort.js";
import { artefactLabel, projectLabel, projectUpgrade, severityRank, worse } from "./labels.js";

// Who is hit by the findings: business processes, and per project (module, app) the artefacts
// (forms, views, scripts) or, where nothing links to the code yet, the files. A finding linked to
// two processes or two artefacts counts for each of them; totals come from the findings themselves.

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
  tests: number;
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
  projects: ProjectImpact[];
  records: RecordImpact[];
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

export function impactOf(result: ScanResult): Impact {
  const title = (id: string): string => result.processes[id]?.title ?? id;
  const processes = new Map<string, Tally>();
  const projects = new Map<string, Tally>();
  const subjects = new Map<string, { tally: Tally; info: Omit<SubjectImpact, keyof ImpactRow | "processes">; project: string }>();
  const records = new Map<string, Tally>();
  let unlinked = 0;
  let linked = false;

  for (const f of result.findings) {
    if (f.impact.processes.length === 0) unlinked++;
    if (f.impact.processes.length > 0 || f.impact.artefacts.length > 0) linked = true;
    tallyOf(projects, f.project).add(f);
    const labels = f.impact.artefacts.length > 0 ? f.impact.artefacts.map(artefactLabel) : [f.file];
    for (const p of f.impact.processes) {
      const t = tallyOf(processes, p);
      t.add(f);
      for (const l of labels) t.subjects.add(l);
    }
    const targets =
      f.impact.artefacts.length > 0
        ? f.impact.artefacts.map((a) => ({
            key: JSON.stringify([f.project, a.type, a.name, a.record ?? ""]),
            kind: "artefact" as const,
            ...a,
          }))
        : [{ key: JSON.stringify([f.file]), kind: "file" as const, type: "file", name: f.file, record: undefined }];
    for (const { key, record, ...info } of targets) {
      let s = subjects.get(key);
      if (!s) subjects.set(key, (s = { tally: new Tally(), info: { ...info, ...(record ? { record } : {}) }, project: f.project }));
      s.tally.add(f);
      if (record) {
        const r = tallyOf(records, record);
        r.add(f);
        r.subjects.add(key);
      }
    }
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
    processes: strip(
      [...processes].map(([id, t]) => ({
        ...t.row(),
        id,
        title: title(id),
        subjects: [...t.subjects].sort(),
        tests: result.processes[id]?.tests.length ?? 0,
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
