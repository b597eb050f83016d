import { createHash, hash as digest } from "node:crypto";
import { languageOf, type Candidate, type SourceFile } from "@uplift/core";
import type { FileResult } from "./file-results.js";
import type { Project } from "./projects.js";
import { refinerFor } from "./refine/index.js";
import type { ReadFile, ScanState } from "./scan-state.js";

/** A code file known unchanged by its stamp, waiting to learn whether its whole result can be replayed. */
interface Waiting {
  candidate: Candidate;
  file: SourceFile;
  project: Project;
  hash: string;
}

/** A code file that never reached the binding stage (out of scope, nested too deeply), with what it gave. */
interface Early {
  file: SourceFile;
  project: Project;
  hash: string;
  result: FileResult;
}

export function isCode(language: string | undefined): boolean {
  return language === "javascript" || language === "typescript" || language === "html" || language === "vue";
}

/**
 * The results of JavaScript, TypeScript and HTML files, which are bound across the scan (modules,
 * classes, the project's own definitions, what configuration types), kept by their binding inputs:
 * the content of every code file of the scan and what the linkers give the binding stage (type
 * seeds, calls typed by views), besides everything a file's own result is keyed by. When none of
 * these changed, every code file is replayed from its kept result without being read, parsed or
 * bound; when one did, every code file is read and bound again (their facts still come from the
 * cache by content). Files of projects whose refiner or versions take hints from other files, and
 * of linkers that cannot take back what they collected, are always read.
 */
export class CodeResults {
  readonly #waiting: Waiting[] = [];
  readonly #early: Early[] = [];
  #reading = false;

  constructor(private readonly state: ScanState) {}

  /** Whether a code file can be kept whole in this project. */
  keeps(file: Pick<SourceFile, "path" | "language">, project: Project): boolean {
    if (!isCode(file.language) || !this.state.results) return false;
    if (this.state.prepared.has(file.path) || refinerFor(project.profile.erp) || this.state.perFile.has(project)) return false;
    const linker = this.state.linkers.get(project);
    return !linker || linker.restore !== undefined;
  }

  /** A code file known unchanged by its stamp waits for the binding inputs instead of being read now. */
  wait(candidate: Candidate, project: Project): boolean {
    const memo = this.state.memo;
    if (this.#reading || !memo?.knows(candidate)) return false;
    const language = candidate.language ?? languageOf(candidate.path.slice(candidate.path.lastIndexOf("!/") + 1));
    if (!language) return false;
    const file: SourceFile = { path: candidate.path, language, text: "" };
    if (candidate.logicalPath) file.logicalPath = candidate.logicalPath;
    if (!this.keeps(file, project)) return false;
    this.#waiting.push({ candidate, file, project, hash: memo.hashOf(candidate)! });
    return true;
  }

  /** What a code file gave without reaching the binding stage, kept once the binding inputs are known. */
  early(file: SourceFile, project: Project, hash: string, result: FileResult): void {
    if (this.keeps(file, project)) this.#early.push({ file, project, hash, result });
  }

  /**
   * After every other file was read, per ERP (whose code files are bound together): the waiting
   * code files replayed when no code file of that ERP had to be read and all their results are
   * kept under the current binding inputs, or else read, in their order among `read`. Then every
   * code file read is given the key its result will be kept under.
   */
  async settle(
    read: ReadFile[],
    candidates: readonly Candidate[],
    readOne: (candidate: Candidate, project: Project) => Promise<ReadFile | undefined>,
  ): Promise<void> {
    const results = this.state.results;
    if (!results) return;
    const bound = new Set(read.filter((r) => isCode(r.file.language)).map((r) => r.project.profile.erp));
    let late = false;
    for (const [erp, waiting] of groupBy(this.#waiting, (w) => w.project.profile.erp)) {
      if (!bound.has(erp)) {
        const inputs = this.#inputs(erp, read);
        const kept = waiting.map((w) => results.get(results.keyOf(w.file, w.project, keyed(w.hash, inputs))));
        const linked = (k: FileResult | undefined, w: Waiting): boolean =>
          k !== undefined && (!k.extracted || !this.state.linkers.has(w.project) || k.linked !== undefined);
        if (kept.every((k, i) => linked(k, waiting[i]!))) {
          for (const [i, w] of waiting.entries()) this.#replay(w, kept[i]!);
          continue;
        }
      }
      this.#reading = true;
      for (const w of waiting) {
        const r = await readOne(w.candidate, w.project);
        if (r) read.push(r);
      }
      this.#reading = false;
      late = true;
    }
    if (late) {
      const order = new Map(candidates.map((c, i) => [c.path, i]));
      read.sort((a, b) => (order.get(a.file.path) ?? 0) - (order.get(b.file.path) ?? 0));
    }
    const inputs = new Map<string, string>();
    const inputsOf = (erp: string): string => {
      let i = inputs.get(erp);
      if (i === undefined) inputs.set(erp, (i = this.#inputs(erp, read)));
      return i;
    };
    for (const r of read) {
      if (r.hash !== undefined && this.keeps(r.file, r.project))
        r.resultKey = results.keyOf(r.file, r.project, keyed(r.hash, inputsOf(r.project.profile.erp)));
    }
    for (const e of this.#early) results.set(results.keyOf(e.file, e.project, keyed(e.hash, inputsOf(e.project.profile.erp))), e.result);
    this.#early.length = 0;
  }

  /** Code files whose type pass built a program depend on more than the scan's files (typings, tsconfig): not kept. */
  forget(read: readonly ReadFile[]): void {
    for (const r of read) if (isCode(r.file.language)) r.resultKey = undefined;
  }

  /**
   * A hash of everything outside a code file of one ERP that its binding reads: the content of
   * every code file of that ERP's projects, the seeds its linkers give and the calls they type (or
   * what a linker says they are made of).
   */
  #inputs(erp: string, read: readonly ReadFile[]): string {
    const files = new Map<string, string>();
    for (const w of this.#waiting) if (w.project.profile.erp === erp) files.set(w.file.path, w.hash);
    for (const e of this.#early) if (e.project.profile.erp === erp) files.set(e.file.path, e.hash);
    for (const r of read) if (isCode(r.file.language) && r.project.profile.erp === erp) files.set(r.file.path, r.hash ?? "");
    const hash = createHash("sha256").update(`${erp}\n`);
    for (const [path, content] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) hash.update(`${path}\0${content}\n`);
    for (const [project, linker] of this.state.linkers) {
      if (project.profile.erp !== erp) continue;
      if (linker.bindingKey) {
        hash.update(`${project.path}\0${JSON.stringify(linker.bindingKey())}\n`);
        continue;
      }
      const seeds = linker.seeds?.() ?? [];
      const calls = linker.callResults?.() ?? [];
      if (seeds.length > 0 || calls.length > 0) hash.update(`${project.path}\0${JSON.stringify(seeds)}\0${JSON.stringify(calls)}\n`);
    }
    return hash.digest("hex");
  }

  #replay(w: Waiting, kept: FileResult): void {
    const { state } = this;
    const { file, project } = w;
    state.filesScanned++;
    if (file.logicalPath && file.logicalPath !== file.path) state.fileNames.set(file.path, file.logicalPath);
    const linker = state.linkers.get(project);
    state.coverage.replayed(file, project, kept.outOfScope === true);
    if (applyKept(state, kept, file.path) && linker) linker.restore!(file, kept.linked, project);
  }
}

/**
 * A kept result's findings, suppressions, coverage and verdict, as the file gave them when it was
 * read (after it was admitted). True when its linker must still take back what it collected.
 */
export function applyKept(state: ScanState, kept: FileResult, file: string): boolean {
  if (kept.outOfScope) return false;
  state.findings.push(...kept.findings);
  state.suppressed += kept.suppressed;
  if (kept.coverage === "checked") state.coverage.checked();
  else if (kept.coverage) state.coverage.unparseable(file, kept.coverage.unparseable);
  if (kept.unanalysed) state.unanalysed.push({ file, reason: kept.unanalysed });
  else state.options.onAnalysed?.(file);
  return kept.extracted;
}

/** A code file's content hash joined with the binding inputs of the scan. */
function keyed(hash: string, inputs: string): string {
  return digest("sha256", `code\0${hash}\0${inputs}`, "hex");
}

/** Items grouped by a key, each group in the items' order. */
export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
