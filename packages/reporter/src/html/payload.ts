import { createHash } from "node:crypto";
import { SEVERITIES, type ScanResult } from "@uplift/engine";
import type { Checklist } from "../checklist.js";
import { formatEffort } from "../stylish.js";
import { displayName } from "../subjects.js";
import type { PayloadFinding, PayloadRule, ReportPayload } from "./payload-types.js";
import { sharedEffortNote } from "../libraries.js";

/** Hands out one index per distinct value, in order of first use. */
class Interner<T> {
  readonly values: T[] = [];
  private readonly index = new Map<string, number>();
  constructor(private readonly keyOf: (value: T) => string) {}
  of(value: T): number {
    const key = this.keyOf(value);
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(value);
      this.index.set(key, i);
    }
    return i;
  }
}

/**
 * Identifies the report for the browser's saved checklist state: the same projects, upgrade path
 * and findings give the same id, whatever the title or date; a new scan that finds something else
 * starts a fresh checklist.
 */
export function reportId(result: ScanResult): string {
  const hash = createHash("sha256");
  hash.update(JSON.stringify([result.root, result.projects.map((p) => [p.path, p.erp, p.from, p.to])]));
  for (const f of result.findings) hash.update(`\n${f.ruleId}\0${f.file}\0${f.fingerprint || `${f.line}:${f.column}`}`);
  return hash.digest("hex").slice(0, 16);
}

export function buildPayload(
  result: ScanResult,
  checklist: Checklist,
  exports: Omit<ReportPayload["checklist"], "sections">,
): ReportPayload {
  const strings = new Interner<string>((s) => s);
  const lists = new Interner<number[]>((l) => l.join(","));
  const artefacts = new Interner<[number, number, number]>((a) => a.join(","));
  const impacts = new Interner<[number[], number[]]>((i) => JSON.stringify(i));
  const str = (s: string | undefined): number => (s === undefined || s === "" ? -1 : strings.of(s));

  const processIds = Object.keys(result.processes);
  for (const f of result.findings) for (const p of f.impact.processes) if (!processIds.includes(p)) processIds.push(p);
  const processIndex = new Map(processIds.map((id, i) => [id, i]));

  const ruleIds = [...new Set([...Object.keys(result.rules), ...result.findings.map((f) => f.ruleId)])];
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
  const counts = new Map<string, number>();
  for (const f of result.findings) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);

  const findings = result.findings.map((f): PayloadFinding => {
    const { artefacts: linked, processes } = f.impact;
    const impact =
      linked.length === 0 && processes.length === 0
        ? -1
        : impacts.of([
            linked.map((a) => artefacts.of([str(a.type), str(a.name), str(a.record)])),
            processes.map((p) => processIndex.get(p) ?? -1),
          ]);
    return [
      ruleIndex.get(f.ruleId) ?? 0,
      str(f.project),
      str(displayName(result, f.file)),
      f.line,
      f.column,
      f.endLine,
      f.endColumn,
      SEVERITIES.indexOf(f.severity),
      str(f.change),
      str(f.hop),
      str(f.title),
      str(f.message),
      str(f.replacement),
      str(f.snippet),
      str(f.enclosing),
      str(formatEffort(f.effortMinutes, f.effortMaxMinutes)),
      f.effortMaxMinutes,
      f.fixable ? 1 : 0,
      lists.of(f.references.map((r) => strings.of(r))),
      impact,
      str(f.relatedTo),
      str(f.relatedTo ? undefined : sharedEffortNote(f)),
    ];
  });

  const rules = ruleIds.map((id): PayloadRule => {
    const rule = result.rules[id];
    const sample = result.findings.find((f) => f.ruleId === id);
    return {
      id,
      title: rule?.title ?? sample?.title ?? id,
      severity: rule?.severity ?? sample?.severity ?? "low",
      change: rule?.change ?? sample?.change ?? "",
      ...((rule?.hop ?? sample?.hop) ? { hop: rule?.hop ?? sample?.hop } : {}),
      effort: rule?.effort ?? "",
      replacement: rule?.replacement ?? sample?.replacement ?? "",
      references: rule?.references ?? [],
      tests: rule?.tests ?? [],
      ...(rule?.docs ? { docs: rule.docs } : {}),
      ...(rule?.doubt ? { doubt: rule.doubt } : {}),
      count: counts.get(id) ?? 0,
    };
  });

  return {
    version: 1,
    reportId: reportId(result),
    strings: strings.values,
    lists: lists.values,
    artefacts: artefacts.values,
    impacts: impacts.values,
    rules,
    processes: processIds.map((id) => ({ id, title: result.processes[id]?.title ?? id })),
    findings,
    checklist: {
      sections: checklist.sections.map((s) => ({
        title: s.title,
        items: s.items.map(({ id, title, section, priority, preconditions, steps, expected, references }) => ({
          id,
          title,
          section,
          priority,
          preconditions,
          steps,
          expected,
          references,
        })),
      })),
      ...exports,
    },
  };
}
