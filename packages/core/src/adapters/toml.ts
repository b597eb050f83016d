import type { Fact, FileFacts, LiteralValue, ParseProblem } from "../facts.js";
import type { LineIndex } from "../source-file.js";
import { pointer } from "./json-pointer.js";

/**
 * TOML (pyproject.toml): every key and array item becomes a `json` fact keyed by its JSON pointer
 * (`/tool/bench/frappe-dependencies/frappe`, `/project/dependencies/0`), with the literal value.
 * A line that does not read as TOML is a problem, and reading goes on at the next line.
 */
export function extractTomlFacts(text: string, lines: LineIndex): FileFacts {
  return new TomlReader(text, lines).read();
}

class TomlSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const BARE_KEY = /[A-Za-z0-9_-]+/y;
const MAX_DEPTH = 100;

class TomlReader {
  readonly facts: Fact[] = [];
  readonly problems: ParseProblem[] = [];
  readonly comments: Array<[number, number]> = [];
  #i = 0;
  #table: Array<string | number> = [];
  readonly #arrayTables = new Map<string, number>();

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
  ) {}

  read(): FileFacts {
    const text = this.text;
    while (this.#i < text.length) {
      this.#skipBlank(true);
      if (this.#i >= text.length) break;
      const lineStart = this.#i;
      try {
        if (text[this.#i] === "[") this.#header();
        else this.#keyValue(this.#table);
        this.#skipBlank(false);
        if (this.#i < text.length && text[this.#i] !== "\n" && text[this.#i] !== "\r") {
          throw new TomlSyntaxError("unexpected text after a value", this.#i);
        }
      } catch (error) {
        if (!(error instanceof TomlSyntaxError)) throw error;
        const p = this.lines.position(Math.min(error.offset, text.length));
        this.problems.push({ message: error.message, line: p.line, column: p.column });
        const next = text.indexOf("\n", Math.max(error.offset, lineStart));
        this.#i = next < 0 ? text.length : next + 1;
      }
    }
    return { facts: this.facts, problems: this.problems, comments: this.comments };
  }

  /** Spaces and comments; line breaks too when `lines` is set. */
  #skipBlank(lines: boolean): void {
    const text = this.text;
    while (this.#i < text.length) {
      const c = text[this.#i]!;
      if (c === " " || c === "\t" || (lines && (c === "\n" || c === "\r"))) this.#i++;
      else if (c === "#") {
        const end = text.indexOf("\n", this.#i);
        const stop = end < 0 ? text.length : end;
        this.comments.push([this.#i, stop]);
        this.#i = stop;
      } else break;
    }
  }

  #header(): void {
    const array = this.text.startsWith("[[", this.#i);
    this.#i += array ? 2 : 1;
    this.#skipBlank(false);
    const path = this.#dottedKey();
    this.#skipBlank(false);
    if (!this.text.startsWith(array ? "]]" : "]", this.#i)) throw new TomlSyntaxError("table header is not closed", this.#i);
    this.#i += array ? 2 : 1;
    if (array) {
      const key = pointer(path);
      const n = this.#arrayTables.get(key) ?? 0;
      this.#arrayTables.set(key, n + 1);
      this.#table = [...path, n];
    } else this.#table = path;
  }

  #keyValue(table: ReadonlyArray<string | number>): void {
    const start = this.#i;
    const key = this.#dottedKey();
    this.#skipBlank(false);
    if (this.text[this.#i] !== "=") throw new TomlSyntaxError("expected '='", this.#i);
    this.#i++;
    this.#skipBlank(false);
    this.#value([...table, ...key], start, 0);
  }

  #dottedKey(): string[] {
    const parts = [this.#key()];
    for (;;) {
      this.#skipBlank(false);
      if (this.text[this.#i] !== ".") return parts;
      this.#i++;
      this.#skipBlank(false);
      parts.push(this.#key());
    }
  }

  #key(): string {
    const c = this.text[this.#i];
    if (c === '"' || c === "'") return this.#string(false);
    BARE_KEY.lastIndex = this.#i;
    const m = BARE_KEY.exec(this.text);
    if (!m) throw new TomlSyntaxError("expected a key", this.#i);
    this.#i = BARE_KEY.lastIndex;
    return m[0];
  }

  #emit(path: ReadonlyArray<string | number>, start: number, value?: LiteralValue): void {
    const fact: Fact = { kind: "json", key: pointer(path), span: this.lines.span(start, this.#i) };
    if (value !== undefined) fact.detail = { value };
    this.facts.push(fact);
  }

  #value(path: ReadonlyArray<string | number>, start: number, depth: number): void {
    if (depth > MAX_DEPTH) throw new TomlSyntaxError("value nested too deeply", this.#i);
    const text = this.text;
    const c = text[this.#i];
    if (c === '"' || c === "'") {
      const v = this.#string(true);
      return this.#emit(path, start, v);
    }
    if (c === "[") {
      this.#i++;
      let n = 0;
      for (;;) {
        this.#skipBlank(true);
        if (text[this.#i] === "]") break;
        if (this.#i >= text.length) throw new TomlSyntaxError("array is not closed", start);
        this.#value([...path, n++], this.#i, depth + 1);
        this.#skipBlank(true);
        if (text[this.#i] === ",") this.#i++;
        else if (text[this.#i] !== "]") throw new TomlSyntaxError("expected ',' or ']'", this.#i);
      }
      this.#i++;
      return this.#emit(path, start);
    }
    if (c === "{") {
      this.#i++;
      for (;;) {
        this.#skipBlank(false);
        if (text[this.#i] === "}") break;
        this.#keyValue(path);
        this.#skipBlank(false);
        if (text[this.#i] === ",") this.#i++;
        else if (text[this.#i] !== "}") throw new TomlSyntaxError("expected ',' or '}'", this.#i);
      }
      this.#i++;
      return this.#emit(path, start);
    }
    // Numbers, booleans, dates and times: up to the next separator.
    const m = /[^\s,\]}#]+/y;
    m.lastIndex = this.#i;
    const word = m.exec(text)?.[0];
    if (!word) throw new TomlSyntaxError("expected a value", this.#i);
    this.#i += word.length;
    const value: LiteralValue =
      word === "true"
        ? true
        : word === "false"
          ? false
          : /^[+-]?\d[\d_]*(\.\d+)?([eE][+-]?\d+)?$/.test(word)
            ? Number(word.replace(/_/g, ""))
            : word;
    this.#emit(path, start, value);
  }

  /** A basic or literal string, single- or multi-line (multi-line only as a value). */
  #string(value: boolean): string {
    const text = this.text;
    const quote = text[this.#i]!;
    const triple = value && text.startsWith(quote.repeat(3), this.#i);
    const start = this.#i;
    this.#i += triple ? 3 : 1;
    if (triple && text[this.#i] === "\n") this.#i++;
    else if (triple && text.startsWith("\r\n", this.#i)) this.#i += 2;
    let out = "";
    for (;;) {
      if (this.#i >= text.length) throw new TomlSyntaxError("string is not closed", start);
      const c = text[this.#i]!;
      if (triple ? text.startsWith(quote.repeat(3), this.#i) : c === quote) {
        this.#i += triple ? 3 : 1;
        return out;
      }
      if (!triple && (c === "\n" || c === "\r")) throw new TomlSyntaxError("string is not closed on its line", start);
      if (c === "\\" && quote === '"') {
        const e = text[this.#i + 1] ?? "";
        const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", '"': '"', "\\": "\\" };
        if (e in simple) {
          out += simple[e];
          this.#i += 2;
        } else if (e === "u" || e === "U") {
          const size = e === "u" ? 4 : 8;
          const hex = text.slice(this.#i + 2, this.#i + 2 + size);
          const code = /^[0-9a-fA-F]+$/.test(hex) && hex.length === size ? parseInt(hex, 16) : NaN;
          if (!Number.isFinite(code) || code > 0x10ffff) throw new TomlSyntaxError("bad unicode escape", this.#i);
          out += String.fromCodePoint(code);
          this.#i += 2 + size;
        } else if (triple && (e === "\n" || e === "\r" || e === " " || e === "\t")) {
          // A line-ending backslash trims the break and the blanks after it.
          this.#i++;
          while (this.#i < text.length && /\s/.test(text[this.#i]!)) this.#i++;
        } else throw new TomlSyntaxError("bad escape", this.#i);
        continue;
      }
      out += c;
      this.#i++;
    }
  }
}
