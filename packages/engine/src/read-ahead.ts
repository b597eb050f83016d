import {
  ExtractPool,
  languageOf,
  SENT_PER_WORKER,
  type Candidate,
  type Extraction,
  type LoadedSource,
  type SourceFile,
} from "@uplift/core";
import { finishJob } from "./finish-jobs.js";
import { relativeToProject, type Project } from "./projects.js";
import { wordsOfFile } from "./rule-index.js";
import { isCode } from "./code-results.js";
import type { ScanState } from "./scan-state.js";

/** How far the scan reads ahead, per worker. */
export interface AheadBounds {
  /**
   * Files being parsed ahead (being read to be sent, or sent and not answered): what a worker
   * holds and more waiting here, so that a worker answering while this thread is busy matching
   * has its next files at hand.
   */
  parsing: number;
  /** Files parsed ahead and not yet taken by the scan, answered or not (their facts are held until then). */
  parsed: number;
}

/** While the scan matches: what each worker holds (`SENT_PER_WORKER`) and as much again. */
export const AHEAD: AheadBounds = { parsing: 2 * SENT_PER_WORKER, parsed: 128 };
/**
 * Before a long stretch of work in this thread (the ABAP pass parsed here: abaplint loaded, about
 * a second): about that second of parsing for each worker, all of it sent at once.
 */
export const STOCK: AheadBounds = { parsing: 384, parsed: 768 };
/** Bytes of the files held ahead, parsed or not, at most (one larger file may pass it). */
export const HELD_BYTES = 32 * 1024 * 1024;

/**
 * The scan's work between two turns of the event loop, at most: a turn takes the workers' answers
 * and sends them more files. Otherwise the scan, which awaits only promises already settled while
 * it has files at hand, would turn it only when it waits for an answer, after the workers ran dry.
 */
export const TURN_MS = 4;

/** Being read; parsed by a worker; answered; read and not to be parsed. */
type Stage = "reading" | "parsing" | "answered" | "unparsed";

interface Ahead {
  index: number;
  bytes: number;
  stage: Stage;
  loaded: Promise<LoadedSource>;
  extraction: Promise<Extraction | undefined>;
}

/**
 * Reads the files after the one the scan is at and hands those that will be parsed (a threaded
 * language, no facts kept, in scope, words some rule looks for) to the pool, so that workers parse
 * while this thread matches. The scan still takes every file in its order and decides as it did:
 * reading ahead changes when a file is parsed, never what is made of it.
 *
 * How far it reads is counted in files given to the workers, not in files passed: past a run of
 * files that are not parsed (configuration, data, files no rule could match) the workers still
 * have work at hand, and an answer lets one more file be sent without waiting for the scan to
 * move. Only files of the threaded languages are read ahead (the others are read when the scan
 * reaches them, as without workers). What is held is bounded: files parsed ahead (their facts),
 * and the bytes of every file read ahead.
 */
export class ReadAhead {
  /** The candidate the scan is at. */
  #at = -1;
  /** The next candidate to look at. */
  #next = 0;
  /** Files held ahead, by path. */
  readonly #entries = new Map<string, Ahead>();
  /** Files read ahead, in the order of the candidates, from `#oldest` on (some may have been taken). */
  #order: Array<{ path: string; ahead: Ahead }> = [];
  #oldest = 0;
  #parsing = 0;
  #parsed = 0;
  #bytes = 0;
  #turned = performance.now();
  #bounds: AheadBounds;
  readonly #normal: AheadBounds;
  readonly #stock: AheadBounds;

  constructor(
    private readonly candidates: readonly Candidate[],
    private readonly state: ScanState,
    private readonly pool: ExtractPool,
    private readonly projectOf: (path: string) => Project | undefined,
    workers: number,
  ) {
    this.#normal = this.#bounds = { parsing: AHEAD.parsing * workers, parsed: AHEAD.parsed * workers };
    this.#stock = { parsing: STOCK.parsing * workers, parsed: STOCK.parsed * workers };
  }

  /** What is held ahead now (for tests): files being parsed, parsed and not taken, held in all, and their bytes. */
  get holding(): { parsing: number; parsed: number; files: number; bytes: number } {
    return { parsing: this.#parsing, parsed: this.#parsed, files: this.#entries.size, bytes: this.#bytes };
  }

  /** A turn of the event loop to await, when the scan has worked `TURN_MS` since the last. */
  turn(): Promise<void> | undefined {
    const now = performance.now();
    if (now - this.#turned < TURN_MS) return undefined;
    return new Promise((resolve) =>
      setImmediate(() => {
        this.#turned = performance.now();
        resolve();
      }),
    );
  }

  /** The scan is at `index`: what it passed is let go, and files are read ahead again up to the bounds. */
  advance(index: number): void {
    this.#at = index;
    for (; this.#oldest < this.#order.length && this.#order[this.#oldest]!.ahead.index < index; this.#oldest++) {
      const { path, ahead } = this.#order[this.#oldest]!;
      if (this.#entries.get(path) === ahead) this.#drop(path, ahead);
    }
    if (this.#oldest > 1024) {
      this.#order = this.#order.slice(this.#oldest);
      this.#oldest = 0;
    }
    this.#fill();
  }

  /** What was started for this file, once. */
  take(path: string): Pick<Ahead, "loaded" | "extraction"> | undefined {
    const ahead = this.#entries.get(path);
    if (ahead) this.#drop(path, ahead);
    return ahead;
  }

  /**
   * Before this thread is busy with `work` (which it starts here): more files are read ahead, and
   * each is sent to a worker at once, until the work is done, so that the workers parse meanwhile.
   */
  stocked<T>(work: () => Promise<T>): Promise<T> {
    this.#bounds = this.#stock;
    this.#fill();
    this.#bounds = this.#normal;
    return this.pool.sendingAll(work);
  }

  #fill(): void {
    const { parsing, parsed } = this.#bounds;
    for (this.#next = Math.max(this.#next, this.#at + 1); this.#next < this.candidates.length; this.#next++) {
      if (this.#parsing >= parsing || this.#parsed >= parsed || this.#bytes >= HELD_BYTES) return;
      const candidate = this.candidates[this.#next]!;
      // Only a file of a threaded language can be parsed ahead: the others are read when the scan reaches them.
      const language = candidate.language ?? languageOf(candidate.path.slice(candidate.path.lastIndexOf("!/") + 1));
      if (!language || !ExtractPool.threads(language)) continue;
      const project = this.projectOf(candidate.path);
      if (!project || this.state.markers.has(candidate.path) || this.state.abap?.reads(candidate.path)) continue;
      // Known unchanged: most likely replayed without being read.
      if (this.state.memo?.knows(candidate)) continue;
      const loaded = this.state.load(candidate);
      const ahead: Ahead = { index: this.#next, bytes: candidate.size, stage: "reading", loaded, extraction: Promise.resolve(undefined) };
      ahead.extraction = loaded.then(
        (l) => {
          if (!l.ok || !this.#willParse(l.file, project)) return this.#stage(candidate.path, ahead, "unparsed");
          this.#stage(candidate.path, ahead, "parsing");
          return this.pool.extract(l.file, finishJob(this.state, l.file, project)).then((e) => {
            this.#stage(candidate.path, ahead, "answered");
            return e;
          });
        },
        () => this.#stage(candidate.path, ahead, "unparsed"),
      );
      // Taken later or never: a failed read is reported when the scan reaches the file.
      loaded.catch(() => undefined);
      this.#entries.set(candidate.path, ahead);
      this.#order.push({ path: candidate.path, ahead });
      this.#count(ahead.stage, 1);
      this.#bytes += ahead.bytes;
    }
  }

  /** A file held ahead moves on (while it is held): one file less at hand for the workers lets one more be read. */
  #stage(path: string, ahead: Ahead, stage: Stage): undefined {
    if (this.#entries.get(path) === ahead) {
      this.#count(ahead.stage, -1);
      this.#count(stage, 1);
    }
    ahead.stage = stage;
    if (stage === "unparsed" || stage === "answered") this.#fill();
    return undefined;
  }

  #count(stage: Stage, by: 1 | -1): void {
    if (stage === "reading" || stage === "parsing") this.#parsing += by;
    if (stage !== "unparsed") this.#parsed += by;
  }

  #drop(path: string, ahead: Ahead): void {
    this.#entries.delete(path);
    this.#count(ahead.stage, -1);
    this.#bytes -= ahead.bytes;
  }

  /** Whether the scan will parse the file (a guess that errs towards not: the scan parses what it needs). */
  #willParse(file: SourceFile, project: Project): boolean {
    if (!ExtractPool.threads(file.language) || this.state.cache?.has(file)) return false;
    const wanted = this.state.linkers.get(project)?.wants?.(file) === true;
    if (!wanted && !this.state.coverage.inScope(file, project, relativeToProject(project, file.logicalPath ?? file.path))) return false;
    const code = isCode(file.language);
    return code || wanted || this.state.indexes.get(project)!.mayMatch(wordsOfFile(file));
  }
}
