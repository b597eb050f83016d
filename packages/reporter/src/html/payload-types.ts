// The data the HTML report embeds once, as JSON, for its browser script. Shared by the server side
// that writes it (payload.ts) and the browser side that reads it (client/data.ts).
//
// Strings repeat a lot (the same rule message, file and title on thousands of findings), so every
// string is written once in `strings` and referred to by index; -1 stands for "none".

import type { FormatSection } from "../checklist-formats.js";

export type SeverityName = "critical" | "high" | "medium" | "low";

/** One finding: string fields are indexes into `strings`. */
export type PayloadFinding = [
  rule: number,
  project: number,
  file: number,
  line: number,
  column: number,
  endLine: number,
  endColumn: number,
  /** Index into SEVERITY_NAMES order: 0 critical … 3 low. */
  severity: number,
  change: number,
  hop: number,
  title: number,
  message: number,
  replacement: number,
  snippet: number,
  enclosing: number,
  /** The estimate as text ("15m", "30m–1h"). */
  effort: number,
  /** The high end in minutes, to sort by. */
  effortMaxMinutes: number,
  fixable: 0 | 1,
  /** Index into `lists`: the finding's references as string indexes. */
  references: number,
  /** Index into `impacts`, or -1 when nothing links to the finding. */
  impact: number,
  /** The rule id of the finding on the same span whose effort counts for both, or -1. */
  relatedTo: number,
  /** Why its effort counts with others (a bundled library, a translation of a string), in words, or -1. */
  shared: number,
];

export interface PayloadRule {
  id: string;
  title: string;
  severity: SeverityName;
  change: string;
  hop?: string;
  effort: string;
  replacement: string;
  references: string[];
  tests: string[];
  docs?: string;
  doubt?: string;
  /** Findings of the rule, to label the filter. */
  count: number;
}

export interface ReportPayload {
  version: 1;
  /** Stable for the same projects and findings: keys the checklist state in localStorage. */
  reportId: string;
  strings: string[];
  lists: number[][];
  /** Artefacts as [type, name, record] string indexes. */
  artefacts: Array<[type: number, name: number, record: number]>;
  /** Impacts as [artefact indexes, process indexes]. */
  impacts: Array<[artefacts: number[], processes: number[]]>;
  rules: PayloadRule[];
  processes: Array<{ id: string; title: string }>;
  findings: PayloadFinding[];
  /** The checklist once, as data: the page builds its exports from it with the formats the command line uses. */
  checklist: { sections: FormatSection[]; title: string; generatedAt: string; fileStem: string };
}

/** Positions in a PayloadFinding, for code that reads single fields. */
export const FIELD = {
  rule: 0,
  project: 1,
  file: 2,
  line: 3,
  severity: 7,
  hop: 9,
  title: 10,
  message: 11,
  replacement: 12,
  snippet: 13,
  enclosing: 14,
  effortMaxMinutes: 16,
  fixable: 17,
  impact: 19,
  relatedTo: 20,
  shared: 21,
} as const;
