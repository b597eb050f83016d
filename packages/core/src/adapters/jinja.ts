import type { ArgumentShape, Fact, FactDetail, FileFacts, ParseProblem, Span } from "../facts.js";
import type { LineIndex } from "../source-file.js";

/**
 * Jinja templates (Frappe Print Formats, email templates, web pages): what the expressions inside
 * `{{ … }}` and `{% … %}` read and call, and the filters they apply. Nothing runs; the template text
 * around the tags is not code. Names a template binds itself (loop variables, `set`, macro
 * parameters) are written `~name`, as JavaScript locals are, so `row.serial_no` reads
 * `~row.serial_no` and `doc.grand_total` reads `doc.grand_total`.
 *
 * Facts: `member` (dotted paths), `call` (with arity and literal arguments), `ref`
 * `jinja-filter:<name>` for every filter.
 */
export function extractJinjaFacts(text: string, lines: LineIndex): FileFacts {
  const tags = findTags(text, lines);
  const tokens: Token[][] = tags.tags.map((t) => tokenize(text, t.start, t.end));
  const locals = new Set<string>(["loop", "caller", "varargs", "kwargs"]);
  tags.tags.forEach((t, i) => {
    if (t.kind === "statement") declareLocals(tokens[i]!, locals);
  });
  const reader = new ExpressionReader(lines, locals);
  tags.tags.forEach((t, i) => reader.read(tokens[i]!, t.kind === "statement"));
  return { facts: reader.facts, problems: tags.problems, comments: tags.comments };
}

/** Jinja's markers: templates of other kinds (`{{ }}` in Angular, `{%= %}` micro-templates) are told apart by callers. */
export function looksLikeJinja(text: string): boolean {
  return text.includes("{%") || text.includes("{{");
}

interface Tag {
  kind: "expression" | "statement";
  /** Offsets of the content between the delimiters. */
  start: number;
  end: number;
}

interface Tags {
  tags: Tag[];
  comments: Array<[number, number]>;
  problems: ParseProblem[];
}

const OPENERS = /\{([{%#])/g;

function findTags(text: string, lines: LineIndex): Tags {
  const tags: Tag[] = [];
  const comments: Array<[number, number]> = [];
  const problems: ParseProblem[] = [];
  let raw = false;
  OPENERS.lastIndex = 0;
  for (let m = OPENERS.exec(text); m; m = OPENERS.exec(text)) {
    const kind = m[1]!;
    const closer = kind === "{" ? "}}" : kind === "%" ? "%}" : "#}";
    const close = findCloser(text, m.index + 2, closer, kind !== "#");
    if (close < 0) {
      if (!raw) problems.push({ message: `'{${kind}' is not closed`, ...lines.position(m.index) });
      break;
    }
    OPENERS.lastIndex = close + 2;
    let start = m.index + 2;
    let end = close;
    if (text[start] === "-" || text[start] === "+") start++;
    if (text[end - 1] === "-" || text[end - 1] === "+") end--;
    if (kind === "#") {
      if (!raw) comments.push([m.index, close + 2]);
      continue;
    }
    const word = /^\s*([A-Za-z_]\w*)/.exec(text.slice(start, Math.min(end, start + 40)))?.[1];
    if (kind === "%" && word === "raw") raw = true;
    else if (kind === "%" && word === "endraw") raw = false;
    else if (!raw) tags.push({ kind: kind === "{" ? "expression" : "statement", start, end });
  }
  return { tags, comments, problems };
}

/**
 * The closing delimiter, skipping quoted strings inside expressions. The next closer and the next
 * newline are looked up only when passed, so a tag of many quotes costs its length, not its square.
 */
function findCloser(text: string, from: number, closer: string, code: boolean): number {
  let i = from;
  let nextCloser = -2;
  let nextNewline = -2;
  while (i < text.length) {
    const c = text[i]!;
    if (code && (c === '"' || c === "'")) {
      const end = text.indexOf(c, i + 1);
      if (nextCloser !== -1 && nextCloser < i + 1) nextCloser = text.indexOf(closer, i + 1);
      // A quote left open inside a tag: fall back to the first closer after it.
      if (end < 0) return nextCloser;
      if (nextNewline !== -1 && nextNewline < i + 1) nextNewline = text.indexOf("\n", i + 1);
      if (nextCloser >= 0 && nextCloser < end && nextNewline >= 0 && nextNewline < nextCloser) return nextCloser;
      i = end + 1;
      continue;
    }
    if (text.startsWith(closer, i)) return i;
    i++;
  }
  return -1;
}

type Token =
  | { kind: "name"; value: string; start: number; end: number }
  | { kind: "string"; value: string; start: number; end: number }
  | { kind: "number"; value: number; start: number; end: number }
  | { kind: "op"; value: string; start: number; end: number };

const TOKEN = /\s+|([A-Za-z_][A-Za-z0-9_]*)|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(\d+(?:\.\d+)?)|(\*\*|\/\/|==|!=|<=|>=|.)/gy;

function tokenize(text: string, start: number, end: number): Token[] {
  const out: Token[] = [];
  const body = text.slice(start, end);
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < body.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(body);
    if (!m) break;
    const s = start + at;
    const e = start + TOKEN.lastIndex;
    if (m[1] !== undefined) out.push({ kind: "name", value: m[1], start: s, end: e });
    else if (m[2] !== undefined) out.push({ kind: "string", value: unquote(m[2]), start: s, end: e });
    else if (m[3] !== undefined) out.push({ kind: "number", value: Number(m[3]), start: s, end: e });
    else if (m[4] !== undefined) out.push({ kind: "op", value: m[4], start: s, end: e });
  }
  return out;
}

function unquote(s: string): string {
  return s.slice(1, -1).replace(/\\(.)/g, (_m, c: string) => ({ n: "\n", t: "\t", r: "\r" })[c] ?? c);
}

/** Names a statement binds: `for a, b in …`, `set x = …`, `macro m(p, q=1)`, `import … as x`, `with x = …`. */
function declareLocals(tokens: Token[], locals: Set<string>): void {
  const first = tokens[0];
  if (first?.kind !== "name") return;
  const names = (from: number, stop: (t: Token) => boolean): void => {
    for (let i = from; i < tokens.length && !stop(tokens[i]!); i++) {
      const t = tokens[i]!;
      if (t.kind === "name" && !KEYWORDS.has(t.value)) locals.add(t.value);
    }
  };
  switch (first.value) {
    case "for":
      names(1, (t) => t.kind === "name" && t.value === "in");
      break;
    case "set":
      names(1, (t) => t.kind === "op" && t.value === "=");
      break;
    case "macro":
    case "call": {
      // The macro's name and its parameters (not their default values).
      let depth = 0;
      let expectName = true;
      for (let i = 1; i < tokens.length; i++) {
        const t = tokens[i]!;
        if (t.kind === "op" && (t.value === "(" || t.value === "[" || t.value === "{")) depth++;
        else if (t.kind === "op" && (t.value === ")" || t.value === "]" || t.value === "}")) depth--;
        else if (t.kind === "op" && t.value === "," && depth === 1) expectName = true;
        else if (t.kind === "op" && t.value === "=") expectName = false;
        else if (t.kind === "name" && expectName && depth <= 1 && (first.value === "macro" || depth === 1)) {
          locals.add(t.value);
          expectName = false;
        }
      }
      break;
    }
    case "with":
      for (let i = 1; i + 1 < tokens.length; i++) {
        const t = tokens[i]!;
        const next = tokens[i + 1]!;
        if (t.kind === "name" && next.kind === "op" && next.value === "=") locals.add(t.value);
      }
      break;
    case "import":
    case "from":
      for (let i = 1; i + 1 < tokens.length; i++) {
        const t = tokens[i]!;
        const next = tokens[i + 1]!;
        if (t.kind === "name" && t.value === "as" && next.kind === "name") locals.add(next.value);
        if (first.value === "from" && t.kind === "name" && t.value === "import") names(i + 1, () => false);
      }
      break;
    default:
      break;
  }
}

const KEYWORDS = new Set([
  "and",
  "or",
  "not",
  "in",
  "is",
  "if",
  "else",
  "elif",
  "endif",
  "for",
  "endfor",
  "set",
  "endset",
  "macro",
  "endmacro",
  "call",
  "endcall",
  "filter",
  "endfilter",
  "with",
  "endwith",
  "block",
  "endblock",
  "extends",
  "include",
  "import",
  "from",
  "as",
  "recursive",
  "ignore",
  "missing",
  "without",
  "context",
  "scoped",
  "required",
  "autoescape",
  "endautoescape",
  "trans",
  "endtrans",
  "pluralize",
  "do",
  "break",
  "continue",
  "true",
  "false",
  "none",
  "True",
  "False",
  "None",
]);

/** Statements whose words after the keyword are names, not expressions. */
const NAME_STATEMENTS = new Set(["block", "endblock", "macro", "extends", "include", "import", "from", "trans", "endtrans"]);

/** Brackets nested deeper than this in one tag make the template too deep to read (as a stack overflow would). */
const MAX_NESTING = 200;
/** A dotted path longer than this is not followed further: its pieces are read as paths of their own. */
const MAX_PATH = 512;

class ExpressionReader {
  readonly facts: Fact[] = [];

  constructor(
    private readonly lines: LineIndex,
    private readonly locals: ReadonlySet<string>,
  ) {}

  read(tokens: Token[], statement: boolean): void {
    let from = 0;
    const first = tokens[0];
    if (statement && first?.kind === "name") {
      if (NAME_STATEMENTS.has(first.value) && first.value !== "macro") return;
      from = 1;
      if (first.value === "for") {
        // Skip the loop targets: `for a, b in items` reads only `items`.
        const inAt = tokens.findIndex((t) => t.kind === "name" && t.value === "in");
        from = inAt < 0 ? tokens.length : inAt + 1;
      } else if (first.value === "set") {
        const eq = tokens.findIndex((t) => t.kind === "op" && t.value === "=");
        from = eq < 0 ? tokens.length : eq + 1;
      } else if (first.value === "macro") {
        // Only parameter defaults are expressions.
        from = tokens.findIndex((t) => t.kind === "op" && t.value === "=");
        if (from < 0) return;
      }
    }
    this.scan(tokens, from, tokens.length, 0);
  }

  /** Reads every expression in tokens[from, to). */
  private scan(tokens: Token[], from: number, to: number, depth: number): void {
    if (depth > MAX_NESTING) throw new RangeError("Jinja expression nested too deeply");
    let i = from;
    while (i < to) {
      const t = tokens[i]!;
      if (t.kind === "op" && t.value === "|") {
        const name = tokens[i + 1];
        if (name?.kind === "name" && i + 1 < to) {
          this.emit("ref", `jinja-filter:${name.value}`, name.start, name.end, { value: name.value });
          i += 2;
          continue;
        }
      }
      if (t.kind === "name" && (t.value === "is" || t.value === "not") && tokens[i + 1]?.kind === "name") {
        // `x is defined`, `x is not none`: tests are not values.
        if (t.value === "is") {
          i++;
          if (tokens[i]?.kind === "name" && (tokens[i] as Token).value === "not") i++;
          i++;
          continue;
        }
      }
      if (t.kind === "name" && !KEYWORDS.has(t.value)) {
        const prev = tokens[i - 1];
        // A keyword argument's name (`f(x=1)`) is not a value.
        const next = tokens[i + 1];
        if (next?.kind === "op" && next.value === "=" && prev?.kind === "op" && (prev.value === "(" || prev.value === ",")) {
          i += 2;
          continue;
        }
        i = this.chain(tokens, i, to, depth);
        continue;
      }
      i++;
    }
  }

  /** A name and its trailers (`.x`, `["x"]`, `(…)`); returns the index after it. */
  private chain(tokens: Token[], at: number, to: number, depth: number): number {
    const head = tokens[at] as Extract<Token, { kind: "name" }>;
    let path = this.locals.has(head.value) ? `~${head.value}` : head.value;
    let i = at + 1;
    while (i < to && path.length <= MAX_PATH) {
      const t = tokens[i]!;
      if (t.kind === "op" && t.value === "." && tokens[i + 1]?.kind === "name" && i + 1 < to) {
        const name = tokens[i + 1] as Extract<Token, { kind: "name" }>;
        path = `${path}.${name.value}`;
        this.emit("member", path, head.start, name.end);
        i += 2;
        continue;
      }
      if (t.kind === "op" && t.value === "[") {
        const close = matching(tokens, i, to);
        const inner = tokens[i + 1];
        if (inner?.kind === "string" && close === i + 2) {
          path = `${path}.${inner.value}`;
          this.emit("member", path, head.start, tokens[close]!.end);
          i = close + 1;
          continue;
        }
        this.scan(tokens, i + 1, close, depth + 1);
        return close + 1;
      }
      if (t.kind === "op" && t.value === "(") {
        const close = matching(tokens, i, to);
        const args = argumentShapes(tokens, i + 1, close);
        const kwargs = keywordArguments(tokens, i + 1, close, this.lines);
        const detail: FactDetail = { arity: args.length + Object.keys(kwargs).length, args };
        const firstLiteral = args.find((a) => a.type === "string" || a.type === "number" || a.type === "boolean");
        if (firstLiteral?.value !== undefined) detail.value = firstLiteral.value;
        if (Object.keys(kwargs).length > 0) detail.keywords = kwargs;
        this.emit("call", path, head.start, tokens[Math.min(close, to - 1)]!.end, detail);
        this.scan(tokens, i + 1, close, depth + 1);
        path = `${path}()`;
        i = close + 1;
        continue;
      }
      break;
    }
    return i;
  }

  private emit(kind: Fact["kind"], key: string, start: number, end: number, detail?: FactDetail): void {
    const fact: Fact = { kind, key, span: this.lines.span(start, end) };
    if (detail) fact.detail = detail;
    this.facts.push(fact);
  }
}

/** For each opening bracket of a tag, the index of the bracket that closes it (-1 if none does); found once per tag. */
const closers = new WeakMap<Token[], Int32Array>();

function closersOf(tokens: Token[]): Int32Array {
  let table = closers.get(tokens);
  if (table) return table;
  table = new Int32Array(tokens.length).fill(-1);
  const open: number[] = [];
  tokens.forEach((t, i) => {
    if (t.kind !== "op") return;
    if (t.value === "(" || t.value === "[" || t.value === "{") open.push(i);
    else if (t.value === ")" || t.value === "]" || t.value === "}") {
      const at = open.pop();
      if (at !== undefined) table[at] = i;
    }
  });
  closers.set(tokens, table);
  return table;
}

/** The index of the bracket that closes the one at `open` (or `to` if none does before it). */
function matching(tokens: Token[], open: number, to: number): number {
  const close = closersOf(tokens)[open]!;
  return close >= 0 && close < to ? close : to;
}

/** Positional arguments in tokens[from, to), as far as literals tell. */
function argumentShapes(tokens: Token[], from: number, to: number): ArgumentShape[] {
  const shapes: ArgumentShape[] = [];
  for (const [a, b] of splitArguments(tokens, from, to)) {
    const first = tokens[a]!;
    const second = tokens[a + 1];
    if (first.kind === "name" && second?.kind === "op" && second.value === "=") continue;
    if (b - a === 1 && first.kind === "string") shapes.push({ type: "string", value: first.value });
    else if (b - a === 1 && first.kind === "number") shapes.push({ type: "number", value: first.value });
    else if (first.kind === "op" && first.value === "{") shapes.push({ type: "object" });
    else if (first.kind === "op" && first.value === "[") shapes.push({ type: "array" });
    else if (first.kind === "name" && b - a === 1) shapes.push({ type: "identifier" });
    else shapes.push({ type: "other" });
  }
  return shapes;
}

/** Keyword arguments (`as_dict=True`), with their literal values where they have one, as Python calls carry them. */
function keywordArguments(tokens: Token[], from: number, to: number, lines: LineIndex): Record<string, ArgumentShape & { span: Span }> {
  const out: Record<string, ArgumentShape & { span: Span }> = {};
  for (const [a, b] of splitArguments(tokens, from, to)) {
    const first = tokens[a]!;
    const second = tokens[a + 1];
    if (first.kind !== "name" || second?.kind !== "op" || second.value !== "=") continue;
    const value = tokens[a + 2];
    const span = lines.span(first.start, tokens[b - 1]!.end);
    if (b - a === 3 && value?.kind === "string") out[first.value] = { type: "string", value: value.value, span };
    else if (b - a === 3 && value?.kind === "number") out[first.value] = { type: "number", value: value.value, span };
    else out[first.value] = { type: "other", span };
  }
  return out;
}

function splitArguments(tokens: Token[], from: number, to: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let depth = 0;
  let start = from;
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    if (t.kind === "op" && (t.value === "(" || t.value === "[" || t.value === "{")) depth++;
    else if (t.kind === "op" && (t.value === ")" || t.value === "]" || t.value === "}")) depth--;
    else if (t.kind === "op" && t.value === "," && depth === 0) {
      if (i > start) out.push([start, i]);
      start = i + 1;
    }
  }
  if (to > start) out.push([start, to]);
  return out;
}
