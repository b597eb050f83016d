import type { Rule } from "../src/index.js";

/** A minimal valid rule for engine tests: a removed, high rule with the given id and match. */
export function testRule(id: string, match: Rule["match"], extra: Partial<Rule> = {}): Rule {
  return {
    id,
    title: id,
    change: "removed",
    severity: "high",
    match,
    message: "m",
    replacement: "r",
    effort: "5m",
    references: ["https://x"],
    examples: [],
    ...extra,
  };
}
