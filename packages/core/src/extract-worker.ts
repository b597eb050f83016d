import { parentPort } from "node:worker_threads";
import { extractFacts, prepareLanguage, TooDeepError } from "./extract.js";
import type { SourceFile } from "./source-file.js";
import type { WorkerAnswer } from "./extract-pool.js";

/** A worker of the extraction pool: one file at a time, its facts back without the line index (rebuilt from the text). */
parentPort?.on("message", (message: { id: number; file: SourceFile }) => {
  void answer(message.file).then((a) => parentPort?.postMessage({ id: message.id, ...a }));
});

async function answer(file: SourceFile): Promise<WorkerAnswer> {
  try {
    await prepareLanguage(file.language, file.text);
    const { lines: _lines, ...facts } = extractFacts(file);
    return { facts };
  } catch (error) {
    return error instanceof TooDeepError ? { tooDeep: true } : { failed: true };
  }
}
