import abaplint from "@abaplint/core";
import { createRequire } from "node:module";

/**
 * Where a token starts on its line. abaplint's CDS lexer gives a word's position after its last
 * character (sometimes one further or one short), a punctuation mark's at the mark itself; the token's text is
 * looked for at and just before that position, nearest first.
 */
export function tokenColumn(line: string, token: string, reported: number): number {
  const lower = token.toLowerCase();
  const at = (column: number) => column >= 1 && line.slice(column - 1, column - 1 + token.length).toLowerCase() === lower;
  const after = reported - token.length;
  for (const column of [reported, after, after + 1, after - 1, after + 2, after - 2]) if (at(column)) return column;
  return Math.max(1, reported);
}

/** `//` and `--` line comments and `/* … *\/` block comments, as offsets, outside string literals. */
export function cdsCommentRanges(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      i = end < 0 ? text.length : end + 1;
    } else if ((c === "/" && next === "/") || (c === "-" && next === "-")) {
      const end = text.indexOf("\n", i);
      const stop = end < 0 ? text.length : end;
      out.push([i, stop]);
      i = stop;
    } else if (c === "/" && next === "*") {
      const end = text.indexOf("*/", i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out.push([i, stop]);
      i = stop;
    } else i++;
  }
  return out;
}

/** The text with comments and string literals replaced by spaces (line breaks kept), so offsets stay. */
export function blankCommentsAndStrings(text: string, comments: ReadonlyArray<[number, number]>): string {
  const chars = text.split("");
  const clear = (from: number, to: number) => {
    for (let i = from; i < to; i++) if (chars[i] !== "\n" && chars[i] !== "\r") chars[i] = " ";
  };
  for (const [a, b] of comments) clear(a, b);
  let inComment = 0;
  for (let i = 0; i < text.length; i++) {
    while (inComment < comments.length && comments[inComment]![1] <= i) inComment++;
    const c = comments[inComment];
    if (c && c[0] <= i && i < c[1]) continue;
    if (text[i] !== "'") continue;
    const end = text.indexOf("'", i + 1);
    const stop = end < 0 ? text.length : end + 1;
    clear(i, stop);
    i = stop - 1;
  }
  return chars.join("");
}

interface Token {
  getStart(): { getRow(): number; getCol(): number };
  getStr(): string;
}
interface Internals {
  lex(file: abaplint.MemoryFile): Token[];
  /** How many tokens from `from` the longest reading of `runnable` covers (from there, to the end). */
  reach(runnable: unknown, tokens: Token[], from?: number): number;
}

let internals: Internals | null | undefined;

/**
 * abaplint's CDS parser only says whether a whole source parses. To name the line where it stops,
 * the source's statement is read again with abaplint's combinators (not part of its public API,
 * so loaded defensively: without them the first line is named) and the longest partial reading
 * gives the first token left over.
 */
function loadInternals(): Internals | null {
  if (internals !== undefined) return internals;
  try {
    const require = createRequire(import.meta.url);
    const { CDSLexer } = require("@abaplint/core/build/src/cds/cds_lexer") as { CDSLexer: { run(f: unknown): Token[] } };
    const { Result } = require("@abaplint/core/build/src/abap/2_statements/result") as {
      Result: new (tokens: Token[], index: number) => { remainingLength(): number };
    };
    const { Combi } = require("@abaplint/core/build/src/abap/2_statements/combi") as {
      Combi: { run(runnable: unknown, tokens: Token[], version: unknown): unknown };
    };
    internals = {
      lex: (file) => CDSLexer.run(file).filter((t) => !(t instanceof abaplint.Tokens.Comment)),
      reach(runnable, tokens, from = 0) {
        // Combi.run sets the release the combinators check against.
        Combi.run(runnable, [], abaplint.Version.v758);
        const results = (runnable as { getRunnable(): { run(r: unknown[]): Array<{ remainingLength(): number }> } })
          .getRunnable()
          .run([new Result(tokens, from)]);
        return Math.max(0, ...results.map((r) => tokens.length - r.remainingLength() - from));
      },
    };
  } catch {
    internals = null;
  }
  return internals;
}

/** The line (and column) where abaplint's CDS parser stops reading a source it does not parse. */
export function cdsStopLine(text: string): { line: number; column: number } {
  const found = loadInternals();
  if (!found) return { line: 1, column: 1 };
  try {
    const tokens = found.lex(new abaplint.MemoryFile("x.ddls.asddls", text));
    if (tokens.length === 0) return { line: 1, column: 1 };
    // At least the header annotations are read: a definition the parser does not know stops after them.
    let reach = 0;
    for (let step = 1; step > 0 && reach < tokens.length; reach += step) {
      step = reachOrNone(() => found.reach(new abaplint.ExpressionsCDS.CDSAnnotation(), tokens, reach));
    }
    for (const Kind of Object.values(abaplint.ExpressionsCDS)) {
      if (!/^CDS(Define|Annotate$|ExtendView$)/.test(Kind.name)) continue;
      reach = Math.max(
        reach,
        reachOrNone(() => found.reach(new (Kind as new () => unknown)(), tokens)),
      );
    }
    const token = tokens[Math.min(reach, tokens.length - 1)]!;
    // abaplint counts rows at line feeds only; the reader counts a lone CR as a break too.
    const rows = text.split("\n");
    const row = token.getStart().getRow();
    const before = rows.slice(0, row - 1).join("\n");
    const column = tokenColumn(rows[row - 1] ?? "", token.getStr(), token.getStart().getCol());
    const offset = Math.min(text.length, before.length + (row > 1 ? 1 : 0) + column - 1);
    const head = text.slice(0, offset);
    const breaks = head.match(/\r\n|\r|\n/g) ?? [];
    const lineStart = Math.max(head.lastIndexOf("\n"), head.lastIndexOf("\r")) + 1;
    return { line: breaks.length + 1, column: offset - lineStart + 1 };
  } catch {
    return { line: 1, column: 1 };
  }
}

/** A reading that fails (or runs over the parser's step bound) reaches nothing. */
function reachOrNone(reach: () => number): number {
  try {
    return reach();
  } catch {
    return 0;
  }
}
