import type { ExtractedFile, SourceFile } from "@uplift/core";
import { compileRuleOrThrow } from "./compile.js";
import type { Linker } from "./link/linker.js";
import { matchExtracted, type FileMatch } from "./match-read.js";
import type { Hop } from "./plan.js";
import type { Project } from "./projects.js";
import { RuleIndex, wordsOfFile } from "./rule-index.js";
import type { NameIndex, Rule } from "./rule-types.js";

/**
 * The rules of a project's index as plain data, for a worker to build the same index: each active
 * rule in the index's order, with its hop (by number), whether it is past, and its pack's name
 * index (by number, -1 for none).
 */
export interface MatchRules {
  erp: string;
  maxPerRule: number | undefined;
  hops: Array<Pick<Hop, "from" | "to" | "label">>;
  nameIndexes: NameIndex[];
  rules: Array<{ rule: Rule; hop: number; past: boolean; nameIndex: number }>;
}

/** Where one file is matched: its project's path and marker, the project's module name, and the file's path in the project. */
export interface MatchArgs {
  project: string;
  marker: string | undefined;
  module: string | undefined;
  projectPath: string;
}

/** A file matched in the worker that extracted it: its match and what the project's linker collected of it (`Linker.collected`). */
export interface FinishedFile extends FileMatch {
  linked: unknown;
}

/** The ERPs whose linkers collect a file alone and take back what they collected (`Linker.restore`) without its facts. */
const FINISHED_IN_WORKERS: ReadonlySet<string> = new Set(["odoo", "frappe"]);

export function finishesInWorkers(erp: string): boolean {
  return FINISHED_IN_WORKERS.has(erp);
}

const indexes = new WeakMap<MatchRules, RuleIndex>();

/**
 * Run in an extraction worker (`Finisher`): a file's facts matched as the scan would match them,
 * and collected by a linker of the project's ERP, so that the scan takes the findings and the
 * collection instead of the facts. Undefined (the facts are sent) when the file takes part in the
 * binding stage or its linker defers it until the other files are read.
 */
export async function finish(
  file: SourceFile,
  extracted: ExtractedFile,
  rules: MatchRules,
  args: MatchArgs,
): Promise<FinishedFile | undefined> {
  if (extracted.bindings || !finishesInWorkers(rules.erp)) return undefined;
  const linker = await linkerOf(rules.erp);
  // What the linkers read of a project: its path, and its marker.
  const project = { path: args.project, marker: args.marker } as Project;
  if (linker.defers?.(file, extracted, project)) return undefined;
  linker.collect(file, extracted, project);
  const linked = linker.collected?.(file, project);
  if (linked === undefined) return undefined;
  const place = { project: args.project, erp: rules.erp, module: args.module, projectPath: args.projectPath };
  return { ...matchExtracted(file, extracted, indexOf(rules), place, wordsOfFile(file), true, rules.maxPerRule), linked };
}

/** A fresh linker for each file: what it collects is that file's alone. */
async function linkerOf(erp: string): Promise<Linker> {
  if (erp === "odoo") return new (await import("./link/odoo.js")).OdooLinker();
  return new (await import("./link/frappe.js")).FrappeLinker();
}

function indexOf(rules: MatchRules): RuleIndex {
  let index = indexes.get(rules);
  if (index) return index;
  index = new RuleIndex();
  const hops = rules.hops.map((h): Hop => ({ ...h, pack: undefined }));
  for (const r of rules.rules) {
    const nameIndex = r.nameIndex >= 0 ? rules.nameIndexes[r.nameIndex] : undefined;
    index.add({ rule: r.rule, hop: hops[r.hop]!, past: r.past }, compileRuleOrThrow(r.rule, nameIndex));
  }
  indexes.set(rules, index);
  return index;
}
