import { parentPort, workerData } from "node:worker_threads";
import { encodeFacts, FactCache } from "./cache.js";
import { extractFacts, prepareLanguage, TooDeepError, type ExtractedFile } from "./extract.js";
import type { SourceFile } from "./source-file.js";
import { rememberTextHash } from "./text-hash.js";
import type { Finisher, WorkerAnswer, WorkerFile, WorkerSettings } from "./extract-pool.js";

const settings = (workerData ?? {}) as WorkerSettings;
/** The scan's fact cache: what this worker extracts, it keeps (serialising and writing it here, not in the thread that matches). */
const cache = settings.cache ? FactCache.open(settings.cache) : undefined;
/** The finisher's contexts, by number, as the pool sent them. */
const contexts = new Map<number, unknown>();
/** The finisher, loaded when a file first asks for it; undefined when it cannot be loaded (the facts are then sent). */
let finisher: Promise<Finisher | undefined> | undefined;

type Message = { id: number; files: WorkerFile[]; contexts?: Array<[number, unknown]> } | { flush: true };

/** A worker of the extraction pool: a few files at a time, their facts back encoded (`encodeFacts`; the line index is rebuilt from the text). */
parentPort?.on("message", (message: Message) => {
  if ("flush" in message) {
    // The pool is closing: what this worker gathered is written before it stops.
    cache?.flush();
    parentPort?.postMessage({ flushed: true });
    return;
  }
  for (const [id, context] of message.contexts ?? []) contexts.set(id, context);
  void Promise.all(message.files.map(answer)).then((answers) => parentPort?.postMessage({ id: message.id, answers }));
});

async function answer(sent: WorkerFile): Promise<WorkerAnswer> {
  const { hash, finish, ...file } = sent;
  // The thread that read the file hashed its text already.
  if (hash !== undefined) rememberTextHash(file, hash);
  try {
    await prepareLanguage(file.language, file.text);
    const extracted = extractFacts(file);
    // Encoded once, as the cache keeps facts: kept here, and sent as one string (copied, not cloned object by object).
    let encoded: string | undefined;
    if (cache) cache.setEncoded(file, (encoded = encodeFacts(extracted)));
    const done = finish ? await finished(file, extracted, finish) : undefined;
    if (done !== undefined) return { finished: done, kept: cache !== undefined };
    return { encoded: encoded ?? encodeFacts(extracted), kept: cache !== undefined };
  } catch (error) {
    return error instanceof TooDeepError ? { tooDeep: true } : { failed: true };
  }
}

/** What the finisher made of a file's facts; undefined when it made nothing (or is missing), and the facts are sent. */
async function finished(file: SourceFile, extracted: ExtractedFile, finish: NonNullable<WorkerFile["finish"]>): Promise<unknown> {
  const module = await (finisher ??= load(settings.finisher));
  if (!module || !contexts.has(finish.context)) return undefined;
  return module.finish(file, extracted, contexts.get(finish.context), finish.args);
}

async function load(url: string | undefined): Promise<Finisher | undefined> {
  if (url === undefined) return undefined;
  try {
    return (await import(url)) as Finisher;
  } catch {
    return undefined;
  }
}
