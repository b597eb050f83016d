import { parse, type ParserPlugin } from "@babel/parser";
import type { File } from "@babel/types";
import type { ParseProblem } from "../../facts.js";

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

/**
 * Parses with error recovery so that one bad statement does not hide the rest of the file.
 * Plain .js is tried with JSX first (React web resources) and without it when JSX is what broke.
 */
export function parseJs(path: string, text: string): ParsedJs {
  const attempt = (jsx: boolean): ParsedJs => {
    try {
      const ast = parse(text, {
        sourceType: "unambiguous",
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
  const first = attempt(true);
  if (first.problems.length === 0 || /\.(c|m)?tsx?$|\.jsx$/i.test(path)) return first;
  const second = attempt(false);
  return second.problems.length < first.problems.length || (second.ast && !first.ast) ? second : first;
}
