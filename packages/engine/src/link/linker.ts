import type { ExtractedFile, SourceFile } from "@uplift/core";
import type { Project } from "../projects.js";
import type { Artefact, Finding } from "../result.js";
import type { RefineHints } from "../refine/index.js";
import type { CallResultSeed, TypeSeed } from "../bind/bind.js";
import type { Profile } from "../rule-types.js";

/**
 * Links findings to what the business sees. A linker reads the facts of every file of a project
 * (config exports say which forms, views and buttons use which code) and then names, for each
 * finding, the artefacts it reaches. It never parses anything itself.
 */
export interface Linker {
  collect(file: SourceFile, extracted: ExtractedFile, project: Project): void;
  /**
   * What `collect` kept of one file, as plain data, and how to take it back: a file whose result
   * the cache holds is then not read again for its links. Linkers without them are given the
   * file's facts again.
   */
  collected?(file: SourceFile, project: Project): unknown;
  restore?(file: SourceFile, data: unknown, project: Project): void;
  artefacts(finding: Finding, project: Project): Artefact[];
  /** Processes to assume when no artefact names a business record (e.g. from the modules a project extends). */
  fallbackProcesses?(project: Project): string[];
  /** Files the linker must read even when no rule could match them (configuration, callers). */
  wants?(file: SourceFile): boolean;
  /** Parameters that configuration gives a declared type (a form handler's execution context). */
  seeds?(): TypeSeed[];
  /**
   * What `seeds` and `callResults` are made of besides the code files' paths, when the linker can
   * say it without the code files' links: kept code is then replayed before its links are taken back.
   */
  bindingKey?(): unknown;
  /** Calls whose result configuration types (a control a UI5 view declares, reached with `this.byId(id)`). */
  callResults?(): CallResultSeed[];
  /**
   * Whether a file (not code) needs what other files give before it is matched: it is then matched
   * once every file was read, through `refine`, and its result is kept by its content and by what
   * `deferredInputs` says the other files gave it.
   */
  defers?(file: SourceFile, extracted: ExtractedFile, project: Project): boolean;
  /** What a deferred file is given by the other files, as text: part of the key its result is kept by. */
  deferredInputs?(file: SourceFile, extracted: ExtractedFile, project: Project): string;
  /** A deferred file's facts read again with what the other files gave; undefined to keep them. */
  refine?(file: SourceFile, extracted: ExtractedFile, project: Project): ExtractedFile | undefined;
  /** Findings only the links show, given the code findings of the project. */
  findings?(code: readonly Finding[], project: Project): Finding[];
  /** What the configuration read so far says about a code file, for the ERP's refiner. */
  hintsFor?(file: SourceFile, project: Project): RefineHints | undefined;
  /**
   * Whether the project itself answers a finding: the name it flags is the project's own (a
   * DocType the app defines), or the project already requires the app the change asks for.
   */
  answers?(finding: Finding, project: Project): boolean;
}

/** The business processes behind a record (`sale.order` → order-to-cash), from the profile. */
export function processesOf(profile: Profile, record: string | undefined): string[] {
  return lookupPattern(profile.artefacts, record);
}

/** What `lookupPattern` found for each name, per map: every finding on a record asks again. */
const looked = new WeakMap<Record<string, string[]>, Map<string, string[]>>();

/** Exact name first, then the longest `prefix*` pattern. */
export function lookupPattern(map: Record<string, string[]> | undefined, name: string | undefined): string[] {
  if (!name || !map) return [];
  const exact = map[name];
  if (exact) return exact;
  let known = looked.get(map);
  if (!known) looked.set(map, (known = new Map()));
  let found = known.get(name);
  if (!found) known.set(name, (found = longestPrefix(map, name)));
  return found;
}

function longestPrefix(map: Record<string, string[]>, name: string): string[] {
  let best: { prefix: string; processes: string[] } | undefined;
  for (const [pattern, processes] of Object.entries(map)) {
    if (!pattern.endsWith("*")) continue;
    const prefix = pattern.slice(0, -1);
    if (name.startsWith(prefix) && (!best || prefix.length > best.prefix.length)) best = { prefix, processes };
  }
  return best?.processes ?? [];
}

/** Fills every finding's impact: artefacts from the linker, processes from the profile. */
export function applyImpact(findings: Finding[], projects: readonly Project[], linkers: Map<Project, Linker>): void {
  const byPath = new Map(projects.map((p) => [p.path, p]));
  for (const f of findings) {
    const project = byPath.get(f.project);
    const linker = project && linkers.get(project);
    if (!project || !linker) continue;
    // Findings a linker made itself already name their artefact.
    const artefacts = f.impact.artefacts.length > 0 ? f.impact.artefacts : linker.artefacts(f, project);
    const processes = new Set<string>();
    for (const a of artefacts) for (const p of processesOf(project.profile, a.record)) processes.add(p);
    if (processes.size === 0) for (const p of linker.fallbackProcesses?.(project) ?? []) processes.add(p);
    f.impact = { artefacts, processes: [...processes].sort() };
  }
}
