import { parentPort } from "node:worker_threads";
import { extractFacts, prepareLanguage, TooDeepError } from "./extract.js";
import type { SourceFile } from "./source-file.js";
import type { WorkerAnswer } from "./extract-pool.js";

/** A worker of the extraction pool: a few files at a time, their facts back without the line index (rebuilt from the text). */
parentPort?.on("message", (message: { id: number; files: SourceFile[] }) => {
  void Promise.all(message.files.map(answer)).then((answers) => parentPort?.postMessage({ id: message.id, answers }));
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
