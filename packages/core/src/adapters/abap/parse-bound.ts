import { createRequire } from "node:module";

/**
 * abaplint's statement parser is a combinator parser that backtracks; some Open SQL conditions
 * make it exponential (each `AND` term doubles the work; 20 terms run for minutes or exhaust the
 * heap). Rather than a wall-clock budget, which would make results depend on the machine, every
 * statement gets a budget of grammar steps: the most any statement of abapGit's 200,000 lines
 * takes is about 4,500, and a WHERE clause with 12 `AND` terms takes about 400,000. A statement
 * over the budget is not parsed (it becomes an unknown statement) and is reported.
 */
export const STATEMENT_STEP_BOUND = 250_000;

interface CombiModule {
  Expression: { prototype: { run(this: unknown, r: unknown): unknown } };
  Combi: { run(...args: unknown[]): unknown };
}

class StepBoundExceeded extends Error {}

let installed = false;
let steps = 0;
let tokens: Array<{ getStart(): { getRow(): number; getCol(): number } }> = [];
/** Statements that hit the bound since the last `takeBoundHits()`, as [row, col]. */
let hits: Array<[number, number]> = [];

function install(): void {
  if (installed) return;
  installed = true;
  const require = createRequire(import.meta.url);
  const combi = require("@abaplint/core/build/src/abap/2_statements/combi.js") as CombiModule;
  const expressionRun = combi.Expression.prototype.run;
  combi.Expression.prototype.run = function (this: unknown, r: unknown): unknown {
    if (++steps > STATEMENT_STEP_BOUND) throw new StepBoundExceeded();
    return expressionRun.call(this, r);
  };
  const combiRun = combi.Combi.run.bind(combi.Combi);
  combi.Combi.run = (...args: unknown[]): unknown => {
    steps = 0;
    tokens = args[1] as typeof tokens;
    try {
      return combiRun(...args);
    } catch (error) {
      if (!(error instanceof StepBoundExceeded)) throw error;
      const first = tokens[0]?.getStart();
      if (first) hits.push([first.getRow(), first.getCol()]);
      // abaplint reads "no match" as an unknown statement and goes on with the next one.
      return undefined;
    }
  };
}

/** Runs a parse with the step bound in force; returns what it gave and the statements that hit the bound. */
export function withStepBound<T>(parse: () => T): { value: T; bounded: Array<{ line: number; column: number }> } {
  install();
  hits = [];
  const value = parse();
  const seen = new Set<string>();
  const bounded: Array<{ line: number; column: number }> = [];
  for (const [line, column] of hits) {
    const key = `${line}:${column}`;
    if (seen.has(key)) continue;
    seen.add(key);
    bounded.push({ line, column });
  }
  bounded.sort((a, b) => a.line - b.line || a.column - b.column);
  hits = [];
  return { value, bounded };
}
