import type { Fact, FileFacts, LiteralValue, ParseProblem } from "../facts.js";
import type { LineIndex } from "../source-file.js";
import { pointer } from "./json-pointer.js";

/**
 * Reads the data in Python manifests (`__manifest__.py`) and hook files (`hooks.py`) without
 * running any Python: a top-level dict literal becomes facts under `/`, and `name = <literal>`
 * assignments under `/name`. Anything that is not a literal is skipped, not guessed.
 */
type Token =
  | { kind: "string"; value: string; start: number; end: number }
  | { kind: "number"; value: number; start: number; end: number }
  | { kind: "name"; value: string; start: number; end: number }
  | { kind: "op"; value: string; start: number; end: number }
  | { kind: "newline"; start: number; end: number };

const STRING_START = /([rRbBuUfF]{0,2})('''|"""|'|")/y;
const NUMBER = /(?:0[xX][0-9a-fA-F_]+|\d[\d_]*(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)j?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const MAX_DEPTH = 200;

class PythonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

function tokenize(text: string): { tokens: Token[]; comments: Array<[number, number]> } {
  const tokens: Token[] = [];
  const comments: Array<[number, number]> = [];
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "#") {
      const end = text.indexOf("\n", i);
      comments.push([i, end === -1 ? text.length : end]);
      i = end === -1 ? text.length : end;
      continue;
    }
    if (c === "\\" && (text[i + 1] === "\n" || text[i + 1] === "\r")) {
      i += 2;
      continue;
    }
    if (c === "\n") {
      if (depth === 0) tokens.push({ kind: "newline", start: i, end: i + 1 });
      i++;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    STRING_START.lastIndex = i;
    const s = STRING_START.exec(text);
    if (s) {
      const prefix = s[1]!.toLowerCase();
      const quote = s[2]!;
      const bodyStart = i + s[0].length;
      const raw = prefix.includes("r");
      let j = bodyStart;
      let value = "";
      for (;;) {
        if (j >= text.length) throw new PythonSyntaxError("string is not closed", i);
        if (text.startsWith(quote, j)) break;
        const ch = text[j]!;
        if (quote.length === 1 && ch === "\n") throw new PythonSyntaxError("string is not closed on its line", i);
        if (ch === "\\" && !raw) {
          const next = text[j + 1] ?? "";
          const escapes: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"', "\n": "" };
          value += escapes[next] ?? `\\${next}`;
          j += 2;
          continue;
        }
        value += ch;
        j++;
      }
      tokens.push({ kind: "string", value, start: i, end: j + quote.length });
      i = j + quote.length;
      continue;
    }
    NUMBER.lastIndex = i;
    const num = /[\d.]/.test(c) ? NUMBER.exec(text) : null;
    if (num) {
      tokens.push({ kind: "number", value: Number(num[0].replace(/_/g, "").replace(/j$/, "")), start: i, end: NUMBER.lastIndex });
      i = NUMBER.lastIndex;
      continue;
    }
    NAME.lastIndex = i;
    const name = NAME.exec(text);
    if (name) {
      tokens.push({ kind: "name", value: name[0], start: i, end: NAME.lastIndex });
      i = NAME.lastIndex;
      continue;
    }
    if ("([{".includes(c)) depth++;
    if (")]}".includes(c)) depth = Math.max(0, depth - 1);
    tokens.push({ kind: "op", value: c, start: i, end: i + 1 });
    i++;
  }
  return { tokens, comments };
}

class LiteralReader {
  pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly emit: (path: Array<string | number>, start: number, end: number, value?: LiteralValue) => void,
  ) {}

  peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  isOp(value: string): boolean {
    const t = this.peek();
    return t?.kind === "op" && t.value === value;
  }

  expectOp(value: string): Token {
    const t = this.peek();
    if (t?.kind !== "op" || t.value !== value) {
      throw new PythonSyntaxError(`expected '${value}'`, t?.start ?? Number.MAX_SAFE_INTEGER);
    }
    this.pos++;
    return t;
  }

  /** Reads one literal; emits a fact for it at `path` (the caller passes where its key began). */
  value(path: Array<string | number>, keyStart: number | undefined, depth: number): void {
    if (depth > MAX_DEPTH) throw new PythonSyntaxError("literal nested too deeply", this.peek()?.start ?? 0);
    const t = this.peek();
    if (!t) throw new PythonSyntaxError("unexpected end of file", Number.MAX_SAFE_INTEGER);
    const start = keyStart ?? t.start;
    if (t.kind === "string") {
      let value = "";
      let end = t.end;
      while (this.peek()?.kind === "string") {
        const s = this.peek() as Extract<Token, { kind: "string" }>;
        value += s.value;
        end = s.end;
        this.pos++;
      }
      this.emit(path, start, end, value);
      return;
    }
    if (t.kind === "number") {
      this.pos++;
      this.emit(path, start, t.end, t.value);
      return;
    }
    if (t.kind === "op" && t.value === "-" && this.tokens[this.pos + 1]?.kind === "number") {
      const n = this.tokens[this.pos + 1] as Extract<Token, { kind: "number" }>;
      this.pos += 2;
      this.emit(path, start, n.end, -n.value);
      return;
    }
    if (t.kind === "name") {
      this.pos++;
      const constants: Record<string, LiteralValue> = { True: true, False: false, None: null };
      if (t.value in constants) {
        this.emit(path, start, t.end, constants[t.value]);
        return;
      }
      // `_("text")` in manifests is a translation marker around a literal.
      if ((t.value === "_" || t.value === "_lt") && this.isOp("(")) {
        this.pos++;
        this.value(path, start, depth + 1);
        this.expectOp(")");
        return;
      }
      throw new PythonSyntaxError(`'${t.value}' is not a literal`, t.start);
    }
    if (t.kind === "op" && (t.value === "{" || t.value === "[" || t.value === "(")) {
      this.pos++;
      const close = { "{": "}", "[": "]", "(": ")" }[t.value]!;
      const containerIndex = this.emitContainer(path, start);
      let index = 0;
      while (!this.isOp(close)) {
        const item = this.peek();
        if (!item) throw new PythonSyntaxError(`'${t.value}' is not closed`, t.start);
        const after = this.tokens[this.pos + 1];
        const isSet = t.value === "{" && after?.kind === "op" && (after.value === "," || after.value === "}");
        if (t.value === "{" && !isSet) {
          const keyToken = item;
          if (keyToken.kind !== "string" && keyToken.kind !== "number") {
            throw new PythonSyntaxError("dict keys must be literals", keyToken.start);
          }
          this.pos++;
          this.expectOp(":");
          this.value([...path, String(keyToken.value)], keyToken.start, depth + 1);
        } else {
          this.value([...path, index++], undefined, depth + 1);
        }
        if (!this.isOp(",")) break;
        this.pos++;
      }
      const end = this.expectOp(close);
      this.closeContainer(containerIndex, end.end);
      return;
    }
    throw new PythonSyntaxError("unexpected token", t.start);
  }

  private containers: Array<{ path: Array<string | number>; start: number }> = [];
  private emitContainer(path: Array<string | number>, start: number): number {
    this.containers.push({ path, start });
    return this.containers.length - 1;
  }
  private closeContainer(index: number, end: number): void {
    const c = this.containers[index]!;
    if (c.path.length > 0) this.emit(c.path, c.start, end);
  }
}

export function extractPythonLiteralFacts(text: string, lines: LineIndex): FileFacts {
  const facts: Fact[] = [];
  const problems: ParseProblem[] = [];
  let tokens: Token[];
  let comments: Array<[number, number]>;
  try {
    ({ tokens, comments } = tokenize(text));
  } catch (error) {
    const e = error as PythonSyntaxError;
    const p = lines.position(Math.min(e.offset, text.length));
    return { facts, problems: [{ message: e.message, line: p.line, column: p.column }], comments: [] };
  }
  const emit = (path: Array<string | number>, start: number, end: number, value?: LiteralValue): void => {
    const fact: Fact = { kind: "json", key: pointer(path), span: lines.span(start, end) };
    if (value !== undefined) fact.detail = { value };
    facts.push(fact);
  };
  const reader = new LiteralReader(tokens, emit);
  const skipStatement = (): void => {
    while (reader.pos < tokens.length && tokens[reader.pos]!.kind !== "newline") reader.pos++;
  };
  while (reader.pos < tokens.length) {
    const t = tokens[reader.pos]!;
    const next = tokens[reader.pos + 1];
    try {
      if (t.kind === "newline") {
        reader.pos++;
      } else if (t.kind === "op" && t.value === "{") {
        reader.value([], undefined, 0);
      } else if (t.kind === "name" && next?.kind === "op" && next.value === "=" && (next.end === tokens[reader.pos + 2]?.start) !== true) {
        reader.pos += 2;
        reader.value([t.value], t.start, 0);
      } else {
        skipStatement();
      }
    } catch (error) {
      if (!(error instanceof PythonSyntaxError)) throw error;
      // A value we cannot read as data (a call, a comprehension) is skipped; only a broken
      // top-level dict (the manifest itself) is a syntax problem worth reporting.
      if (t.kind === "op") {
        const p = lines.position(Math.min(error.offset, text.length));
        problems.push({ message: error.message, line: p.line, column: p.column });
      }
      skipStatement();
    }
  }
  return { facts, problems, comments };
}
