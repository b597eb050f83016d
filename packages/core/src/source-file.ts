import type { Span } from "./facts.js";

export type Language =
  "javascript" | "typescript" | "xml" | "html" | "vue" | "json" | "yaml" | "toml" | "python" | "python-literal" | "abap" | "cds" | "csv";

export interface SourceFile {
  /** POSIX path relative to the scanned root; `a.zip!/inner/path` for archive members. */
  path: string;
  language: Language;
  text: string;
  /** The path rules' file globs see, when it differs (an exported web resource's own name). */
  logicalPath?: string;
}

/**
 * Maps offsets to 1-based lines and UTF-16 columns; the line starts are found once per file, when
 * first asked (most files a scan matches are never asked: their facts carry lines already).
 */
export class LineIndex {
  #found: number[] | undefined;

  constructor(readonly text: string) {}

  get #starts(): number[] {
    if (this.#found) return this.#found;
    const text = this.text;
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
    }
    return (this.#found = starts);
  }

  get lineCount(): number {
    return this.#starts.length;
  }

  position(offset: number): { line: number; column: number } {
    const starts = this.#starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  }

  span(start: number, end: number): Span {
    const a = this.position(start);
    const b = this.position(end);
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }

  lineText(line: number): string {
    const start = this.#starts[line - 1];
    if (start === undefined) return "";
    const next = this.#starts[line];
    return this.text.slice(start, next ?? this.text.length).replace(/\r?\n$|\r$/, "");
  }

  offset(line: number, column: number): number {
    return (this.#starts[line - 1] ?? this.text.length) + column - 1;
  }
}

export type Decoded = { ok: true; text: string; encoding: string } | { ok: false; reason: string };

/**
 * Turns bytes into text the way an editor would: BOMs honoured, UTF-8 first, Windows-1252 as the
 * fallback that legacy exports use; NUL bytes in the head mean binary.
 */
export function decodeText(bytes: Uint8Array): Decoded {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { ok: true, text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "utf-16le" };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { ok: true, text: new TextDecoder("utf-16be").decode(bytes.subarray(2)), encoding: "utf-16be" };
  }
  const head = bytes.subarray(0, 8000);
  if (head.includes(0)) return { ok: false, reason: "binary file" };
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(start)), encoding: "utf-8" };
  } catch {
    return { ok: true, text: new TextDecoder("windows-1252").decode(bytes), encoding: "windows-1252" };
  }
}
