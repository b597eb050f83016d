import { parentPort, workerData } from "node:worker_threads";
import { analyseBatch, type BatchFile } from "./abap-batch.js";

/** A worker of the ABAP pool: the project's DDIC comes once, then batches one at a time. */
const ddic = (workerData as { ddic: Array<{ name: string; text: string }> }).ddic;
parentPort?.on("message", (message: { id: number; files: BatchFile[] }) => {
  parentPort?.postMessage({ id: message.id, results: analyseBatch(message.files, ddic) });
});
