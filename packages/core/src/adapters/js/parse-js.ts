import type { ParserPlugin } from "@babel/parser";
import type { File } from "@babel/types";
import { requireWithCodeCache } from "../../code-cache.js";
import type { ParseProblem } from "../../facts.js";

type BabelParser = typeof import("@babel/parser");
let babel: BabelParser | undefined;
/**
 * Babel's parser is one large CommonJS file: required on first use, not lexed for exports at
 * start-up, with V8's code cache (its functions compiled by an earlier run).
 */
const parser = (): BabelParser => (babel ??= requireWithCodeCache("@babel/parser", import.meta.url) as BabelParser);

export interface ParsedJs {
  ast: File | undefined;
  problems: ParseProblem[];
}

function pluginsFor(path: string, jsx: boolean): ParserPlugin[] {
  const plugins: ParserPlugin[] = ["decorators-legacy", "importAttributes"];
  if (/\.(c|m)?tsx?$/i.test(path)) {
    plugins.push("typescript");
    if (/\.tsx$/i.test(path)) plugins.push("jsx");
  } else if (jsx) {
    plugins.push("jsx");
  }
  return plugins;
}

function problemOf(error: unknown): ParseProblem {
  const e = error as { message?: string; loc?: { line: number; column: number } };
  const message = String(e.message ?? error).replace(/\s*\(\d+:\d+\)$/, "");
  return { message, line: e.loc?.line ?? 1, column: (e.loc?.column ?? 0) + 1 };
}

/** How many broken lines are blanked out before the rest of a file is given up on. */
const MAX_BLANKED_LINES = 16;

/**
 * Parses with error recovery so that one bad statement does not hide the rest of the file.
 * Babel recovers from some errors itself; for the others the offending line is blanked (offsets
 * kept) and the file parsed again, a few times at most. Plain .js is tried with JSX first (React
 * web resources) and without it when JSX is what broke.
 */
export function parseJs(path: string, text: string): ParsedJs {
  // Babel's "unambiguous" mode keeps the strict, module-scoped errors of its first try (a function
  // declared twice), which sloppy scripts allow: pick the kind of file first, and try the other
  // kind only when the first one has problems.
  const looksLikeModule = /^\s*(import|export)\b/m.test(text);
  let sourceType: "module" | "script" = looksLikeModule ? "module" : "script";
  const attempt = (source: string, jsx: boolean): ParsedJs => {
    try {
      const ast = parser().parse(source, {
        sourceType,
        errorRecovery: true,
        allowReturnOutsideFunction: true,
        allowImportExportEverywhere: true,
        allowAwaitOutsideFunction: true,
        allowSuperOutsideMethod: true,
        allowUndeclaredExports: true,
        attachComment: false,
        plugins: pluginsFor(path, jsx),
      });
      const recovered = (ast as File & { errors?: unknown[] }).errors ?? [];
      return { ast, problems: recovered.map(problemOf) };
    } catch (error) {
      if (error instanceof RangeError) throw error;
      return { ast: undefined, problems: [problemOf(error)] };
    }
  };
  const tolerant = (jsx: boolean): ParsedJs => {
    let source = text;
    let r = attempt(source, jsx);
    const problems: ParseProblem[] = [];
    for (let i = 0; i < MAX_BLANKED_LINES && !r.ast; i++) {
      const problem = r.problems[0]!;
      problems.push(problem);
      // The broken line is the one reported or, when a bracket was left open, the one before it,
      // or both: blank whichever lets the parser get further.
      let best: { source: string; result: ParsedJs } | undefined;
      const previous = previousCodeLine(source, problem.line);
      const candidates: Array<[number, number]> = [[problem.line, problem.line]];
      if (previous !== undefined) candidates.push([previous, previous], [previous, problem.line]);
      // A comment or template left open runs to the end of the file: what follows is not code.
      if (/^Unterminated (comment|template)/.test(problem.message)) candidates.splice(0, 3, [problem.line, lineCount(source)]);
      for (const [from, to] of candidates) {
        const blanked = blankLines(source, from, to);
        if (blanked === source) continue;
        const next = attempt(blanked, jsx);
        if (!best || further(next, best.result)) best = { source: blanked, result: next };
        if (next.ast) break;
      }
      if (!best) return { ast: undefined, problems };
      source = best.source;
      r = best.result;
    }
    return r.ast
      ? { ast: r.ast, problems: [...problems, ...r.problems] }
      : { ast: undefined, problems: [...problems, ...r.problems.slice(0, 1)] };
  };
  const bestOf = (): ParsedJs => {
    const first = tolerant(true);
    if (first.problems.length === 0 || /\.(c|m)?tsx?$|\.jsx$/i.test(path)) return first;
    const second = tolerant(false);
    return second.problems.length < first.problems.length || (second.ast && !first.ast) ? second : first;
  };
  const guessed = bestOf();
  if (guessed.problems.length === 0) return guessed;
  sourceType = sourceType === "module" ? "script" : "module";
  const other = bestOf();
  return other.problems.length < guessed.problems.length ? other : guessed;
}

/** Whether one attempt got further than another: it parsed, or it stopped later in the file. */
function further(a: ParsedJs, b: ParsedJs): boolean {
  if (a.ast || b.ast) return a.ast !== undefined && b.ast === undefined;
  const pa = a.problems[0];
  const pb = b.problems[0];
  return pa !== undefined && pb !== undefined && (pa.line > pb.line || (pa.line === pb.line && pa.column > pb.column));
}

/** Where lines start, counted as the parser counts them (\n, \r\n, \r, U+2028 and U+2029 end a line). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (const m of text.matchAll(/\r\n?|[\n\u2028\u2029]/g)) starts.push(m.index + m[0].length);
  return starts;
}

function lineCount(text: string): number {
  return lineStarts(text).length;
}

/** The text of a line (1-based), without its line break; empty past the end. */
function lineText(text: string, starts: readonly number[], line: number): string {
  const start = starts[line - 1];
  if (start === undefined) return "";
  const next = starts[line];
  return text.slice(start, next === undefined ? text.length : next).replace(/(\r\n?|[\n\u2028\u2029])$/, "");
}

/** The nearest line above `line` that holds anything. */
function previousCodeLine(text: string, line: number): number | undefined {
  const starts = lineStarts(text);
  for (let l = Math.min(line, starts.length + 1) - 1; l >= 1; l--) if (lineText(text, starts, l).trim() !== "") return l;
  return undefined;
}

/** The text with the characters of lines `from`…`to` turned to spaces, so every offset stays where it was. */
function blankLines(text: string, from: number, to: number): string {
  const starts = lineStarts(text);
  const start = starts[from - 1];
  if (start === undefined) return text;
  let out = text.slice(0, start);
  for (let line = from; line <= to && starts[line - 1] !== undefined; line++) {
    const own = lineText(text, starts, line);
    const next = starts[line] ?? text.length;
    out += " ".repeat(own.length) + text.slice(starts[line - 1]! + own.length, next);
  }
  const after = starts[Math.min(to, starts.length)] ?? text.length;
  return out + text.slice(after);
}
