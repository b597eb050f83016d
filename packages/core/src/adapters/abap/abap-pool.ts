import os from "node:os";
import { Worker } from "node:worker_threads";
import type { BatchFile, BatchResult } from "./abap-batch.js";

type Analyse = typeof import("./abap-batch.js").analyseBatch;

/** A project's DDIC objects (the `.xml` of its data elements, tables, views…), by abaplint's file name. */
export type Ddic = ReadonlyArray<{ name: string; text: string }>;

/** A batch to parse: an object's or a package's files, read with the DDIC of its project. */
export interface BatchJob {
  files: BatchFile[];
  /** Which of the pass's DDICs the batch is read with (one per project). */
  ddic: number;
}

export interface PoolOptions {
  /** Parallel workers; 0 parses in this thread. Default: none for little source (`HERE_CHARS`), else `workerCount`. */
  workers?: number;
  /** Parsing in this thread waits for this (the scan asks for the facts when it reaches an ABAP file); workers start at once. */
  hereAfter?: PromiseLike<unknown>;
}

const WORKER_HEAP_MB = 3072;
/**
 * Source a worker is started for, by default: each worker loads abaplint (1–2 s of CPU), which
 * costs more than analysing a few hundred kilobytes of ABAP, so a project with little ABAP uses one.
 */
const CHARS_PER_WORKER = 512 * 1024;
/**
 * Source parsed in this thread rather than in a worker, by default: a worker loads abaplint again
 * (about 0.8 s of CPU) where this thread loads it once (0.5 s, and a scan with CDS sources loads
 * it here anyway), and parsing this much takes about as long as that load.
 */
const HERE_CHARS = 128 * 1024;

/**
 * Each batch's results, in the order of the batches: parsed in this thread when there is little
 * source, else by a pool of workers shared by every project of the pass (each worker loads
 * abaplint once, whatever the number of projects). abaplint is loaded in this thread only when a
 * batch is parsed here.
 */
export async function runBatches(jobs: readonly BatchJob[], ddics: readonly Ddic[], options: PoolOptions = {}): Promise<BatchResult[][]> {
  const count = options.workers ?? (sourceChars(jobs, ddics) <= HERE_CHARS ? 0 : workerCount(jobs.map((j) => j.files)));
  const results: BatchResult[][] = new Array(jobs.length);
  if (count > 0) await runInWorkers(jobs, ddics, Math.min(count, jobs.length), results);
  else await options.hereAfter;
  // What no worker parsed (none started, or none could) is parsed here.
  if (jobs.some((_, i) => !results[i])) {
    const { analyseBatch } = await import("./abap-batch.js");
    for (const [i, job] of jobs.entries()) results[i] ??= safeBatch(job.files, ddics[job.ddic] ?? [], analyseBatch);
  }
  return results;
}

function runInWorkers(jobs: readonly BatchJob[], ddics: readonly Ddic[], count: number, results: BatchResult[][]): Promise<void> {
  let next = 0;
  const runOne = (): Promise<void> =>
    new Promise((resolve) => {
      const worker = new Worker(new URL("./abap-worker.js", import.meta.url), {
        resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
      });
      // Each worker is given a project's DDIC with the first batch of that project it takes.
      const given = new Set<number>();
      let current = -1;
      const feed = (): void => {
        if (next >= jobs.length) {
          void worker.terminate();
          resolve();
          return;
        }
        current = next++;
        const job = jobs[current]!;
        const ddic = given.has(job.ddic) ? undefined : (ddics[job.ddic] ?? []);
        given.add(job.ddic);
        worker.postMessage({ id: current, files: job.files, project: job.ddic, ddic });
      };
      worker.on("message", (m: { id: number; results: BatchResult[] }) => {
        results[m.id] = m.results;
        feed();
      });
      worker.on("error", (error) => {
        if (current < 0) {
          // A worker that cannot start will not start again: what it had not taken is read here.
          resolve();
          return;
        }
        if (!results[current]) results[current] = failed(jobs[current]!.files, error.message);
        // The worker is gone: the rest goes on in a new one.
        void runOne().then(resolve);
      });
      feed();
    });
  return Promise.all(Array.from({ length: count }, runOne)).then(() => undefined);
}

/** The source to parse: the batches' files, and the DDIC of their projects (once each: it is read only for some objects). */
function sourceChars(jobs: readonly BatchJob[], ddics: readonly Ddic[]): number {
  let chars = 0;
  for (const job of jobs) for (const file of job.files) chars += file.text.length;
  for (const ddic of new Set(jobs.map((j) => j.ddic))) for (const file of ddics[ddic] ?? []) chars += file.text.length;
  return chars;
}

/** Workers for these batches: as asked, else the cores (at most 4) as far as there is source to share. */
export function workerCount(
  batches: ReadonlyArray<ReadonlyArray<{ text: string }>>,
  asked?: number,
  cores = os.availableParallelism(),
): number {
  if (asked !== undefined) return Math.min(asked, batches.length);
  let chars = 0;
  for (const batch of batches) for (const file of batch) chars += file.text.length;
  return Math.min(4, cores, batches.length, Math.max(1, Math.ceil(chars / CHARS_PER_WORKER)));
}

function safeBatch(batch: BatchFile[], ddic: Ddic, analyse: Analyse): BatchResult[] {
  try {
    return analyse(batch, ddic);
  } catch (error) {
    return failed(batch, (error as Error).message);
  }
}

function failed(batch: BatchFile[], why: string): BatchResult[] {
  const reason = /memory/i.test(why) ? "ran out of memory while parsing" : `the parser failed (${why.slice(0, 120)})`;
  return batch
    .filter((f) => f.name.endsWith(".abap"))
    .map((f) => ({ path: f.path, facts: [], problems: [], unanalysed: `${f.object}: ${reason}; not analysed` }));
}
