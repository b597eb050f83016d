import { parentPort } from "node:worker_threads";
import { analyseBatch, type BatchFile } from "./abap-batch.js";
import type { Ddic } from "./abap-pool.js";

/** A worker of the ABAP pool: batches one at a time, each project's DDIC with the first of its batches. */
const ddics = new Map<number, Ddic>();
parentPort?.on("message", (message: { id: number; files: BatchFile[]; project: number; ddic?: Ddic }) => {
  if (message.ddic) ddics.set(message.project, message.ddic);
  parentPort?.postMessage({ id: message.id, results: analyseBatch(message.files, ddics.get(message.project) ?? []) });
});
