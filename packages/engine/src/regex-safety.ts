import safeRegex from "safe-regex2";

/** Compiles a pattern from a rule pack, refusing one that could backtrack catastrophically. */
export function compileRulePattern(pattern: string, flags = ""): RegExp | string {
  let re: RegExp;
  try {
    re = new RegExp(pattern, flags);
  } catch (error) {
    return `invalid regular expression /${pattern}/: ${(error as Error).message.replace(/^Invalid regular expression: /, "")}`;
  }
  if (!safeRegex(re, { limit: 25 })) return `regular expression /${pattern}/ may backtrack catastrophically`;
  return re;
}
