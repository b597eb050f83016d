import { onTestFinished } from "vitest";
import { RuleIndex } from "../src/rule-index.js";

/**
 * Counts the files a scan matches (calls of `RuleIndex.match`) from now until the test ends:
 * `count()` since the last `reset()`. A warm scan whose files are all replayed matches none.
 */
export function countMatches(): { count: () => number; reset: () => void } {
  const match = RuleIndex.prototype.match;
  let matched = 0;
  RuleIndex.prototype.match = function (this: RuleIndex, ...args: Parameters<RuleIndex["match"]>) {
    matched++;
    return match.apply(this, args);
  };
  onTestFinished(() => {
    RuleIndex.prototype.match = match;
  });
  return { count: () => matched, reset: () => (matched = 0) };
}
