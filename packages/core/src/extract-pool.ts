import { Worker } from "node:worker_threads";
import { decodeFacts, type FactCache, type FactCacheSettings } from "./cache.js";
import { extractFacts, prepareLanguage, TooDeepError, type ExtractedFile } from "./extract.js";
import type { Language, SourceFile } from "./source-file.js";
import { textHash } from "./text-hash.js";

/** What a worker sends back for one file: its facts encoded, or what its finisher made of them. */
export type WorkerAnswer = { encoded: string; kept: boolean } | { finished: unknown; kept: boolean } | { tooDeep: true } | { failed: true };

/**
 * A file as a worker is sent it: with its content hash (`textHash`) when the worker keeps facts in
 * the fact cache, and the finisher's context (by number) and arguments when it is to be finished there.
 */
export interface WorkerFile extends SourceFile {
  hash?: string;
  finish?: { context: number; args: unknown };
}

/**
 * What a worker is started with: the fact cache, when the scan keeps one, so that it keeps what it
 * extracts; the module that finishes files in the worker (`Finisher`), as a URL.
 */
export interface WorkerSettings {
  cache?: FactCacheSettings;
  finisher?: string;
}

/**
 * What a finisher module exports: the work done on a file's facts in the worker that extracted them,
 * whose answer is sent back instead of the facts; undefined to send the facts after all. The
 * context is sent to each worker once (rules, say); the arguments with each file.
 */
export interface Finisher {
  finish(file: SourceFile, extracted: ExtractedFile, context: unknown, args: unknown): unknown;
}

/**
 * A file to be finished in the worker that extracts it: the context (sent to each worker once, known
 * by its identity) and the arguments for this file. A file extracted in this thread is not finished.
 */
export interface FinishJob {
  context: object;
  args: unknown;
}

/**
 * A file's facts (`kept` when a worker has put them in the fact cache already), or the file was
 * nested past what the parser can hold. Never a rejection: a file read ahead may never be asked for.
 */
export type FactsExtraction = { extracted: ExtractedFile; kept?: boolean } | { tooDeep: true } | { error: unknown };

/** A file's facts as `FactsExtraction`, or what the worker that extracted them made of them (`FinishJob`). */
export type Extraction = FactsExtraction | { finished: unknown; kept?: boolean };

/**
 * The languages whose parsing is worth a thread: parsing and walking cost far more than sending
 * the facts back. XML, JSON, YAML and the rest are read faster than their facts cross threads.
 */
const THREADED: ReadonlySet<Language> = new Set(["python", "javascript", "typescript", "html", "vue"]);

/** Close to the main thread's stack (about 1 MB), so that a file too deep to read here is too deep there too. */
const WORKER_STACK_MB = 1;

interface Job {
  file: SourceFile;
  finish?: FinishJob;
  resolve: (e: Extraction) => void;
}

interface PoolWorker {
  worker: Worker;
  jobs: Job[];
  id: number;
  /** The finishers' contexts this worker was sent. */
  contexts: Set<number>;
}

/** What the workers' answers held, for tests and benchmarks: the bytes of facts this thread decoded, by language, and files finished. */
export const poolTally = { decoded: new Map<Language, number>(), finished: 0 };

/**
 * Files parsed in this thread before any worker starts. A worker costs about 0.3 s of CPU to start
 * (loading the parsers): a rerun that parses one changed file, or a few, parses them here sooner.
 */
export const PARSED_HERE_FIRST = 4;

/** Files sent to a worker in one message when files are waiting: fewer messages (each wakes a thread) for the same work. */
const MAX_BATCH = 4;

/**
 * Parsing and fact extraction over worker threads, a few files per message. The answer is
 * exactly what extraction in this thread gives: a file a worker could not read (it failed, it
 * went too deep, the worker died) is read again here, where the verdict is made.
 */
export class ExtractPool {
  readonly #all: Worker[] = [];
  readonly #idle: PoolWorker[] = [];
  readonly #queue: Job[] = [];
  #live = 0;

  #unstarted: number;
  #parsedHere = 0;
  readonly #settings: WorkerSettings;
  readonly #contexts = new Map<object, number>();

  /**
   * Workers start once more than `PARSED_HERE_FIRST` files were asked for: a warm scan that parses
   * nothing, or a rerun that parses a changed file or two, pays nothing for them. Given
   * the scan's fact cache, workers keep the facts they extract in it, so that this thread, which
   * matches, does not also serialise and write them.
   */
  constructor(size: number, cache?: FactCache, finisher?: URL) {
    this.#unstarted = size;
    this.#settings = cache ? { cache: cache.settings } : {};
    if (finisher) this.#settings.finisher = finisher.href;
  }

  /** Whether files of this language go to the workers. */
  static threads(language: Language): boolean {
    return THREADED.has(language);
  }

  /** Workers started so far. */
  get started(): number {
    return this.#all.length;
  }

  /**
   * A file's facts; with `finish` (and a finisher), what the worker that extracted them made of
   * them, or their facts when it made nothing. A file extracted here is never finished.
   */
  extract(file: SourceFile): Promise<FactsExtraction>;
  extract(file: SourceFile, finish: FinishJob | undefined): Promise<Extraction>;
  extract(file: SourceFile, finish?: FinishJob): Promise<Extraction> {
    if (this.#parsedHere < PARSED_HERE_FIRST && this.#all.length === 0) {
      this.#parsedHere++;
      return extractHere(file);
    }
    for (; this.#unstarted > 0; this.#unstarted--) this.#start();
    if (this.#live === 0) return extractHere(file);
    return new Promise((resolve) => {
      this.#queue.push(finish && this.#settings.finisher ? { file, finish, resolve } : { file, resolve });
      this.#feed();
    });
  }

  /**
   * Stops every worker, busy or not (a file read ahead may still be parsing: nobody will ask for
   * it), once each has written the cache entries it gathered (or has not answered within
   * `FLUSH_WAIT_MS`, or is gone).
   */
  async close(): Promise<void> {
    this.#idle.length = 0;
    this.#live = 0;
    this.#unstarted = 0;
    const workers = this.#all.splice(0);
    if (this.#settings.cache) await Promise.all(workers.map(flushed));
    await Promise.all(workers.map((w) => w.terminate()));
  }

  #start(): void {
    let worker: Worker;
    try {
      worker = new Worker(new URL("./extract-worker.js", import.meta.url), {
        resourceLimits: { stackSizeMb: WORKER_STACK_MB },
        workerData: this.#settings,
      });
    } catch {
      return;
    }
    this.#live++;
    this.#all.push(worker);
    const me: PoolWorker = { worker, jobs: [], id: 0, contexts: new Set() };
    worker.on("message", (m: { id: number; answers: WorkerAnswer[] } | { flushed: true }) => {
      if (!("id" in m) || m.id !== me.id) return;
      const jobs = me.jobs;
      me.jobs = [];
      this.#idle.push(me);
      for (const [i, job] of jobs.entries()) {
        const answer = m.answers[i];
        if (answer && "finished" in answer && job.finish) {
          poolTally.finished++;
          job.resolve({ finished: answer.finished, kept: answer.kept });
          continue;
        }
        const extracted = answer && "encoded" in answer ? decodeFacts(answer.encoded, job.file) : undefined;
        if (answer && "encoded" in answer && extracted) {
          const language = job.file.language;
          poolTally.decoded.set(language, (poolTally.decoded.get(language) ?? 0) + answer.encoded.length);
          job.resolve({ extracted, kept: answer.kept });
        } else void extractHere(job.file).then(job.resolve);
      }
      this.#feed();
    });
    worker.on("error", () => {
      // The worker is gone (it could not start, or died on a file): its files, and the rest if none is left, are read here.
      this.#live--;
      const i = this.#idle.indexOf(me);
      if (i >= 0) this.#idle.splice(i, 1);
      for (const job of me.jobs.splice(0)) void extractHere(job.file).then(job.resolve);
      if (this.#live === 0) for (const j of this.#queue.splice(0)) void extractHere(j.file).then(j.resolve);
    });
    this.#idle.push(me);
  }

  #feed(): void {
    while (this.#idle.length > 0 && this.#queue.length > 0) {
      const w = this.#idle.pop()!;
      const take = Math.min(MAX_BATCH, Math.ceil(this.#queue.length / (this.#idle.length + 1)));
      w.jobs = this.#queue.splice(0, take);
      w.id++;
      // With a fact cache, each file's content hash goes with it: the worker names the entry it keeps by it without hashing the text again.
      const cached = this.#settings.cache !== undefined;
      // A finisher's context goes to each worker once, with the first file that needs it.
      const contexts: Array<[number, object]> = [];
      const files = w.jobs.map((j): WorkerFile => {
        const { path, language, text } = j.file;
        const sent: WorkerFile = cached ? { path, language, text, hash: textHash(j.file) } : { path, language, text };
        if (j.finish) {
          let context = this.#contexts.get(j.finish.context);
          if (context === undefined) this.#contexts.set(j.finish.context, (context = this.#contexts.size));
          if (!w.contexts.has(context)) {
            w.contexts.add(context);
            contexts.push([context, j.finish.context]);
          }
          sent.finish = { context, args: j.finish.args };
        }
        return sent;
      });
      w.worker.postMessage(contexts.length > 0 ? { id: w.id, files, contexts } : { id: w.id, files });
    }
  }
}

/** How long a closing pool waits for a worker to write what it gathered (one pack, a few megabytes). */
const FLUSH_WAIT_MS = 10_000;

/** Resolves once the worker wrote its pending cache entries, stopped, or did not answer in time. */
function flushed(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      worker.off("message", onMessage);
      worker.off("error", done);
      worker.off("exit", done);
      resolve();
    };
    const onMessage = (m: unknown): void => {
      if (typeof m === "object" && m !== null && "flushed" in m) done();
    };
    const timer = setTimeout(done, FLUSH_WAIT_MS);
    worker.on("message", onMessage);
    worker.once("error", done);
    worker.once("exit", done);
    try {
      worker.postMessage({ flush: true });
    } catch {
      done();
    }
  });
}

/** Extraction in this thread; an error other than nesting is handed back for the caller to throw. */
export async function extractHere(file: SourceFile): Promise<FactsExtraction> {
  try {
    await prepareLanguage(file.language, file.text);
    return { extracted: extractFacts(file) };
  } catch (error) {
    return error instanceof TooDeepError ? { tooDeep: true } : { error };
  }
}
