import type { FinishJob, SourceFile } from "@uplift/core";
import type { NameIndex } from "./rule-types.js";
import { applyMatch, moduleOf } from "./match-read.js";
import { finishesInWorkers, type FinishedFile, type MatchArgs, type MatchRules } from "./match-worker.js";
import type { Hop } from "./plan.js";
import { relativeToProject, type Project } from "./projects.js";
import { refinerFor } from "./refine/index.js";
import type { RuleIndex } from "./rule-index.js";
import { activeRules } from "./rule-scope.js";
import type { ScanState } from "./scan-state.js";

/** The module workers finish files with (`match-worker.ts`), from this file built or not (tests run the sources). */
export const MATCH_WORKER = new URL("../dist/match-worker.js", import.meta.url);

/** Each index's rules as data for the workers, made once (workers are sent them once each). */
const rulesOf = new WeakMap<RuleIndex, MatchRules>();

/**
 * The job that has the worker that parses a file match it too, and collect it for its linker
 * (`match-worker.ts`), when the file is Python that nothing but its own text and the project's
 * rules decide: its linker wants it (so the scan matches it whatever its words) and takes back what
 * it collected, its ERP refines nothing and its project has one index for every file. Anything
 * else (a file that turns out to be bound, or deferred) comes back as facts.
 */
export function finishJob(state: ScanState, file: SourceFile, project: Project): FinishJob | undefined {
  if (file.language !== "python" || !finishesInWorkers(project.profile.erp)) return undefined;
  const linker = state.linkers.get(project);
  if (!linker?.restore || linker.wants?.(file) !== true || refinerFor(project.profile.erp)) return undefined;
  if (state.perFile.has(project) || state.prepared.has(file.path) || state.markers.has(file.path) || file.path === project.marker)
    return undefined;
  const index = state.indexes.get(project);
  if (!index) return undefined;
  let rules = rulesOf.get(index);
  if (!rules) rulesOf.set(index, (rules = matchRules(state, project)));
  const args: MatchArgs = {
    project: project.path,
    marker: project.marker,
    module: moduleOf(project, state.options.root),
    projectPath: relativeToProject(project, file.logicalPath ?? file.path),
  };
  return { context: rules, args };
}

/** The rules of a project's index (`buildIndex`) as data, in its order. */
function matchRules(state: ScanState, project: Project): MatchRules {
  const hops = new Map<Hop, number>();
  const nameIndexes = new Map<NameIndex, number>();
  const rules = activeRules(project, state.options.ruleOverrides).map((active) => {
    let hop = hops.get(active.hop);
    if (hop === undefined) hops.set(active.hop, (hop = hops.size));
    const names = active.source.pack?.nameIndex;
    let nameIndex = -1;
    if (names) {
      const known = nameIndexes.get(names);
      if (known === undefined) nameIndexes.set(names, (nameIndex = nameIndexes.size));
      else nameIndex = known;
    }
    return { rule: active.rule, hop, past: active.past, nameIndex };
  });
  return {
    erp: project.profile.erp,
    maxPerRule: state.options.maxPerRule,
    hops: [...hops.keys()].map((h) => ({ from: h.from, to: h.to, label: h.label })),
    nameIndexes: [...nameIndexes.keys()],
    rules,
  };
}

/**
 * A file a worker matched, taken into the scan as `matchRead` would have: its linker takes back
 * what it collected, then its findings, coverage and kept result.
 */
export function takeFinished(
  state: ScanState,
  file: SourceFile,
  project: Project,
  finished: FinishedFile,
  counted: boolean,
  resultKey: string | undefined,
): void {
  state.options.onAnalysed?.(file.path);
  state.linkers.get(project)!.restore!(file, finished.linked, project);
  applyMatch(state, file.path, finished, { counted, checked: false }, resultKey, () => finished.linked);
}
