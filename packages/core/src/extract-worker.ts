import { parentPort, workerData } from "node:worker_threads";
import { FactCache } from "./cache.js";
import { extractFacts, prepareLanguage, TooDeepError } from "./extract.js";
import type { SourceFile } from "./source-file.js";
import type { WorkerAnswer, WorkerSettings } from "./extract-pool.js";

const settings = (workerData ?? {}) as WorkerSettings;
/** The scan's fact cache: what this worker extracts, it keeps (serialising and writing it here, not in the thread that matches). */
const cache = settings.cache ? FactCache.open(settings.cache) : undefined;

/** A worker of the extraction pool: a few files at a time, their facts back without the line index (rebuilt from the text). */
parentPort?.on("message", (message: { id: number; files: SourceFile[] } | { flush: true }) => {
  if ("flush" in message) {
    // The pool is closing: what this worker gathered is written before it stops.
    cache?.flush();
    parentPort?.postMessage({ flushed: true });
    return;
  }
  void Promise.all(message.files.map(answer)).then((answers) => parentPort?.postMessage({ id: message.id, answers }));
});

async function answer(file: SourceFile): Promise<WorkerAnswer> {
  try {
    await prepareLanguage(file.language, file.text);
    const extracted = extractFacts(file);
    cache?.set(file, extracted);
    const { lines: _lines, ...facts } = extracted;
    return { facts, kept: cache !== undefined };
  } catch (error) {
    return error instanceof TooDeepError ? { tooDeep: true } : { failed: true };
  }
}
