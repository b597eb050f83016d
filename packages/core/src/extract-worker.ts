import { parentPort, workerData } from "node:worker_threads";
import { encodeFacts, FactCache } from "./cache.js";
import { extractFacts, prepareLanguage, TooDeepError } from "./extract.js";
import { rememberTextHash } from "./text-hash.js";
import type { WorkerAnswer, WorkerFile, WorkerSettings } from "./extract-pool.js";

const settings = (workerData ?? {}) as WorkerSettings;
/** The scan's fact cache: what this worker extracts, it keeps (serialising and writing it here, not in the thread that matches). */
const cache = settings.cache ? FactCache.open(settings.cache) : undefined;

/** A worker of the extraction pool: a few files at a time, their facts back encoded (`encodeFacts`; the line index is rebuilt from the text). */
parentPort?.on("message", (message: { id: number; files: WorkerFile[] } | { flush: true }) => {
  if ("flush" in message) {
    // The pool is closing: what this worker gathered is written before it stops.
    cache?.flush();
    parentPort?.postMessage({ flushed: true });
    return;
  }
  void Promise.all(message.files.map(answer)).then((answers) => parentPort?.postMessage({ id: message.id, answers }));
});

// Started, with the parser of the first files loaded: files sent from now on are parsed at once.
// Until then the pool keeps them, and the thread that asked for them may parse some itself.
void Promise.all((settings.prepare ?? []).map((l) => prepareLanguage(l).catch(() => undefined))).then(() =>
  parentPort?.postMessage({ ready: true }),
);

async function answer(sent: WorkerFile): Promise<WorkerAnswer> {
  const { hash, ...file } = sent;
  // The thread that read the file hashed its text already.
  if (hash !== undefined) rememberTextHash(file, hash);
  try {
    await prepareLanguage(file.language, file.text);
    // Encoded once, as the cache keeps facts: kept here, and sent as one string (copied, not cloned object by object).
    const encoded = encodeFacts(extractFacts(file));
    cache?.setEncoded(file, encoded);
    return { encoded, kept: cache !== undefined };
  } catch (error) {
    return error instanceof TooDeepError ? { tooDeep: true } : { failed: true };
  }
}
