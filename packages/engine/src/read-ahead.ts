import { ExtractPool, type Candidate, type Extraction, type LoadedSource, type SourceFile } from "@uplift/core";
import { finishJob } from "./finish-jobs.js";
import { relativeToProject, type Project } from "./projects.js";
import { wordsOfFile } from "./rule-index.js";
import { isCode } from "./code-results.js";
import type { ScanState } from "./scan-state.js";

/** Files read ahead of the one being matched, per worker: enough to keep every worker busy, few enough to hold. */
const AHEAD_PER_WORKER = 16;

interface Ahead {
  loaded: Promise<LoadedSource>;
  extraction: Promise<Extraction | undefined>;
}

/**
 * Reads the files after the one the scan is at and hands those that will be parsed (a threaded
 * language, no facts kept, in scope, words some rule looks for) to the pool, so that workers parse
 * while this thread matches. The scan still takes every file in its order and decides as it did:
 * reading ahead changes when a file is parsed, never what is made of it.
 */
export class ReadAhead {
  #next = 0;
  readonly #entries = new Map<string, Ahead>();
  readonly #window: number;

  constructor(
    private readonly candidates: readonly Candidate[],
    private readonly state: ScanState,
    private readonly pool: ExtractPool,
    private readonly projectOf: (path: string) => Project | undefined,
    workers: number,
  ) {
    this.#window = AHEAD_PER_WORKER * workers;
  }

  /** Starts reading the files up to `window` past `index`. */
  advance(index: number): void {
    const end = Math.min(this.candidates.length, index + 1 + this.#window);
    for (this.#next = Math.max(this.#next, index + 1); this.#next < end; this.#next++) {
      const candidate = this.candidates[this.#next]!;
      const project = this.projectOf(candidate.path);
      if (!project || this.state.markers.has(candidate.path) || this.state.abap?.reads(candidate.path)) continue;
      // Known unchanged: most likely replayed without being read.
      if (this.state.memo?.knows(candidate)) continue;
      const loaded = this.state.load(candidate);
      const extraction = loaded.then(
        (l) => (l.ok && this.#parsed(l.file, project) ? this.pool.extract(l.file, finishJob(this.state, l.file, project)) : undefined),
        () => undefined,
      );
      // Taken later or never: a failed read is reported when the scan reaches the file.
      loaded.catch(() => undefined);
      this.#entries.set(candidate.path, { loaded, extraction });
    }
  }

  /** What was started for this file, once. */
  take(path: string): Ahead | undefined {
    const ahead = this.#entries.get(path);
    this.#entries.delete(path);
    return ahead;
  }

  /** Whether the scan will parse the file (a guess that errs towards not: the scan parses what it needs). */
  #parsed(file: SourceFile, project: Project): boolean {
    if (!ExtractPool.threads(file.language) || this.state.cache?.has(file)) return false;
    const wanted = this.state.linkers.get(project)?.wants?.(file) === true;
    if (!wanted && !this.state.coverage.inScope(file, project, relativeToProject(project, file.logicalPath ?? file.path))) return false;
    const code = isCode(file.language);
    return code || wanted || this.state.indexes.get(project)!.mayMatch(wordsOfFile(file));
  }
}
