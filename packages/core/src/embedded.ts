import type { Fact, ParseProblem, Span } from "./facts.js";
import type { LineIndex } from "./source-file.js";

/**
 * Code kept inside a data file: the `script` of a Frappe Client Script in a fixture, the Jinja of
 * a Print Format. It is read as a file of its own (its own adapter, its own lines), and every
 * position in it maps back to the host file through `offsets`, so findings, snippets,
 * suppressions and fixes point at the host's real line and column.
 */
export interface EmbeddedSource {
  /** JSON pointer of the value that holds the code (`/0/script`). */
  pointer: string;
  /**
   * The path the code is read under: the host's path, `#`, the pointer and an extension that picks
   * the adapter (`fixtures/client_script.json#/0/script.js`). File globs of rules see this path.
   */
  path: string;
  /** How the host stores the code; a fix is written back in this form or not at all. */
  quoting: "json-string";
  /** The code itself, decoded. */
  text: string;
  /**
   * `[codeOffset, hostOffset]` wherever the distance between the two changes, ascending by code
   * offset: a code offset maps to the host offset of the last pair at or before it, plus the rest.
   */
  offsets: Array<[number, number]>;
  /** What the host says of the record that holds the code (`doctype`, `dt`, `name`). */
  context: Record<string, string>;
  /** What reading the code gave, in the code's own offsets, lines and columns. */
  facts: Fact[];
  problems: ParseProblem[];
  comments: Array<[number, number]>;
}

/** The host offset of a code offset (the code's end maps to the closing quote). */
export function hostOffset(offsets: ReadonlyArray<readonly [number, number]>, codeOffset: number): number {
  let lo = 0;
  let hi = offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]![0] <= codeOffset) lo = mid;
    else hi = mid - 1;
  }
  const [code, host] = offsets[lo] ?? [0, 0];
  return host + (codeOffset - code);
}

const SIMPLE_ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", '"': '"', "\\": "\\", "/": "/" };

export interface DecodedJsonString {
  value: string;
  /** Offset just after the closing quote. */
  end: number;
  offsets: Array<[number, number]>;
}

/**
 * Decodes the JSON string whose opening quote is at `start`, keeping where every decoded
 * character came from. Anything JSON does not allow in a string (a raw line break, an unknown
 * escape, no closing quote) gives undefined: such text is not read as code.
 */
export function decodeJsonString(text: string, start: number): DecodedJsonString | undefined {
  if (text.charCodeAt(start) !== 34) return undefined;
  const offsets: Array<[number, number]> = [[0, start + 1]];
  const parts: string[] = [];
  let length = 0;
  let i = start + 1;
  while (i < text.length) {
    let j = i;
    while (j < text.length) {
      const c = text.charCodeAt(j);
      if (c === 34 || c === 92 || c < 0x20) break;
      j++;
    }
    if (j > i) {
      parts.push(text.slice(i, j));
      length += j - i;
      i = j;
    }
    if (i >= text.length) return undefined;
    const c = text.charCodeAt(i);
    if (c === 34) return { value: parts.join(""), end: i + 1, offsets };
    if (c < 0x20) return undefined;
    const e = text[i + 1] ?? "";
    let decoded: string;
    let size: number;
    if (e === "u") {
      const hex = text.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) return undefined;
      decoded = String.fromCharCode(parseInt(hex, 16));
      size = 6;
    } else {
      const simple = SIMPLE_ESCAPES[e];
      if (simple === undefined) return undefined;
      decoded = simple;
      size = 2;
    }
    const last = offsets[offsets.length - 1]!;
    if (last[0] === length) last[1] = i;
    else offsets.push([length, i]);
    parts.push(decoded);
    length += 1;
    i += size;
    offsets.push([length, i]);
  }
  return undefined;
}

/** Text as the content of a JSON string (without the quotes), for writing a fix back. */
export function encodeJsonStringContent(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/** A span in the code, as a span in the host file. */
export function hostSpan(source: EmbeddedSource, code: LineIndex, host: LineIndex, span: Span): Span {
  const start = hostOffset(source.offsets, code.offset(span.line, span.column));
  const end = hostOffset(source.offsets, code.offset(span.endLine, span.endColumn));
  return host.span(start, Math.max(start, end));
}
