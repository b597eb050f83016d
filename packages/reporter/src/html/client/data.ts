import { FIELD, type PayloadFinding, type PayloadRule, type ReportPayload, type SeverityName } from "../payload-types.js";

export const SEVERITY_NAMES: readonly SeverityName[] = ["critical", "high", "medium", "low"];
export const SEVERITY_LABELS: Readonly<Record<SeverityName, string>> = { critical: "Critical", high: "High", medium: "Medium", low: "Low" };

/** One finding, decoded from the payload when it is shown. */
export interface ShownFinding {
  rule: PayloadRule;
  project: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  severity: SeverityName;
  change: string;
  hop: string;
  title: string;
  message: string;
  replacement: string;
  snippet: string;
  enclosing: string;
  effort: string;
  fixable: boolean;
  references: string[];
  artefacts: Array<{ type: string; name: string; record: string }>;
  processes: string[];
  /** The rule whose finding on the same span carries the effort, or "". */
  relatedTo: string;
  /** Why its effort counts with others (a bundled library, a translation), or "". */
  shared: string;
}

export function readPayload(): ReportPayload {
  const el = document.getElementById("report-data");
  if (!el?.textContent) throw new Error("the report data is missing");
  return JSON.parse(el.textContent) as ReportPayload;
}

export class ReportData {
  readonly stringIndex = new Map<string, number>();
  private lower: string[] | undefined;
  constructor(readonly payload: ReportPayload) {
    payload.strings.forEach((s, i) => this.stringIndex.set(s, i));
  }

  text(i: number): string {
    return i < 0 ? "" : (this.payload.strings[i] ?? "");
  }

  /** Lower-cased strings, made on the first search. */
  lowered(): string[] {
    this.lower ??= this.payload.strings.map((s) => s.toLowerCase());
    return this.lower;
  }

  processesOf(f: PayloadFinding): number[] {
    const impact = f[FIELD.impact];
    return impact < 0 ? [] : (this.payload.impacts[impact]?.[1] ?? []);
  }

  decode(f: PayloadFinding): ShownFinding {
    const p = this.payload;
    const [
      rule,
      project,
      file,
      line,
      column,
      endLine,
      ,
      severity,
      change,
      hop,
      title,
      message,
      replacement,
      snippet,
      enclosing,
      effort,
      ,
      fixable,
      references,
      impact,
      relatedTo,
      shared,
    ] = f;
    const [artefacts, processes] = impact < 0 ? [[], []] : (p.impacts[impact] ?? [[], []]);
    return {
      rule: p.rules[rule] ?? {
        id: "?",
        title: "?",
        severity: "low",
        change: "",
        effort: "",
        replacement: "",
        references: [],
        tests: [],
        count: 0,
      },
      project: this.text(project),
      file: this.text(file),
      line,
      column,
      endLine,
      severity: SEVERITY_NAMES[severity] ?? "low",
      change: this.text(change),
      hop: this.text(hop),
      title: this.text(title),
      message: this.text(message),
      replacement: this.text(replacement),
      snippet: this.text(snippet),
      enclosing: this.text(enclosing),
      effort: this.text(effort),
      fixable: fixable === 1,
      references: (p.lists[references] ?? []).map((i) => this.text(i)),
      artefacts: artefacts.map((a) => {
        const [type = -1, name = -1, record = -1] = p.artefacts[a] ?? [];
        return { type: this.text(type), name: this.text(name), record: this.text(record) };
      }),
      processes: processes.map((i) => p.processes[i]?.title ?? "?"),
      relatedTo: this.text(relatedTo),
      shared: this.text(shared),
    };
  }
}
