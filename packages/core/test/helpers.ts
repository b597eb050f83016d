import fc from "fast-check";
import { extractFacts, languageOf, type Fact } from "../src/index.js";

export function factsOf(path: string, text: string): Fact[] {
  const language = languageOf(path);
  if (!language) throw new Error(`no language for ${path}`);
  return extractFacts({ path, language, text }).facts;
}

export function keys(facts: Fact[], kind: Fact["kind"]): string[] {
  return facts.filter((f) => f.kind === kind).map((f) => f.key);
}

export function find(facts: Fact[], kind: Fact["kind"], key: string): Fact {
  const fact = facts.find((f) => f.kind === kind && f.key === key);
  if (!fact) throw new Error(`no ${kind} fact ${key}; have ${keys(facts, kind).join(", ")}`);
  return fact;
}

/** Property-based tests run a few cases in `npm test` and many more with UPLIFT_FUZZ_RUNS=n. */
export function fuzzRuns(quick: number): number {
  const asked = Number(process.env.UPLIFT_FUZZ_RUNS);
  return Number.isInteger(asked) && asked > 0 ? asked : quick;
}

/**
 * What a broken export or a half-edited file looks like: one of `sources` with up to 40 characters
 * cut at a random place and something else put there (any string, or one of `inserts`).
 */
export function mutatedSources(
  sources: ReadonlyArray<{ path: string; text: string }>,
  inserts: readonly string[],
): fc.Arbitrary<{ path: string; text: string }> {
  return fc
    .tuple(fc.constantFrom(...sources), fc.nat(), fc.nat(), fc.oneof(fc.string(), fc.constantFrom(...inserts)))
    .map(([source, a, b, insert]) => {
      const at = a % (source.text.length + 1);
      const cut = Math.min(source.text.length, at + (b % 40));
      return { path: source.path, text: source.text.slice(0, at) + insert + source.text.slice(cut) };
    });
}
