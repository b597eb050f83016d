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
let bound = STATEMENT_STEP_BOUND;
let tokens: object[] = [];
/**
 * The first token of each statement that hit the bound. Tokens, not positions: a batch parses
 * several files, and line 12 column 3 is in each of them.
 */
let hits = new Set<object>();

function install(): void {
  if (installed) return;
  installed = true;
  const require = createRequire(import.meta.url);
  const combi = require("@abaplint/core/build/src/abap/2_statements/combi.js") as CombiModule;
  const expressionRun = combi.Expression.prototype.run;
  combi.Expression.prototype.run = function (this: unknown, r: unknown): unknown {
    if (++steps > bound) throw new StepBoundExceeded();
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
      if (tokens[0]) hits.add(tokens[0]);
      // abaplint reads "no match" as an unknown statement and goes on with the next one.
      return undefined;
    }
  };
}

/**
 * Runs a parse with a step bound in force (the statement bound unless told: a CDS source is one
 * statement of the whole file, and its bound grows with its length); returns what it gave and the first tokens of the
 * statements that hit the bound (a statement of the parse is bounded when its first token is in it).
 */
export function withStepBound<T>(parse: () => T, stepBound = STATEMENT_STEP_BOUND): { value: T; bounded: ReadonlySet<object> } {
  install();
  hits = new Set();
  bound = stepBound;
  try {
    const value = parse();
    return { value, bounded: hits };
  } finally {
    hits = new Set();
    bound = STATEMENT_STEP_BOUND;
  }
}
