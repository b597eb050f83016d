import { hash } from "node:crypto";
import type { SourceFile } from "./source-file.js";

/** What a file's result is keyed by: its decoded text, hashed. */
export function contentHash(text: string): string {
  return hash("sha256", text, "hex");
}

const hashOfFile = new WeakMap<SourceFile, { text: string; hash: string }>();

/**
 * A file's content hash (`contentHash` of its text), once per file object: the stamp memo, the
 * result cache and the fact cache's entry name all start from it, so a file read is hashed once
 * in this thread, and not again by the worker that parses it (`rememberTextHash`).
 */
export function textHash(file: SourceFile): string {
  const known = hashOfFile.get(file);
  if (known && known.text === file.text) return known.hash;
  const hash = contentHash(file.text);
  hashOfFile.set(file, { text: file.text, hash });
  return hash;
}

/** The content hash of a file's text computed by another thread of this scan (the one that read it). */
export function rememberTextHash(file: SourceFile, hash: string): void {
  hashOfFile.set(file, { text: file.text, hash });
}
