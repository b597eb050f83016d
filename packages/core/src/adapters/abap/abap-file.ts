import type { FileFacts } from "../../facts.js";
import { abaplintFileName, objectLabel, parseAbapFileName } from "./abapgit-names.js";
import { analyseBatch } from "./abap-batch.js";
import { commentRanges } from "./abap.js";

/**
 * One ABAP file read on its own (rule examples, `uplift facts`, the fixer's re-parse): a batch of
 * one file, so the statement facts and the type-aware pass are the same as in a scan, without the
 * object's other files and the project's DDIC.
 */
export function extractAbapFacts(path: string, text: string): FileFacts {
  const name = abaplintFileName(path);
  const parsed = parseAbapFileName(name);
  const object = parsed ? objectLabel(parsed) : "PROG ?";
  const [result] = analyseBatch([{ path, name, text, object }], []);
  return { facts: result?.facts ?? [], problems: result?.problems ?? [], comments: commentRanges(text) };
}
