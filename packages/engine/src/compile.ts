import { FACT_KINDS, type Fact } from "@uplift/core";
import { compileConditions, compileGlobs, ConditionError, type FactTest, type MatchContext } from "./conditions.js";
import { needleOf, parseKeyPattern, type KeyPattern } from "./key-pattern.js";
import { entryValues, selectEntries } from "./name-index.js";
import { compileRulePattern } from "./regex-safety.js";
import type { KeyMatch, Match, MatchKind, NameIndex, Rule } from "./rule-types.js";

export interface KeyMatcher {
  kind: MatchKind;
  pattern: KeyPattern;
  test: FactTest | undefined;
  /** Words (or word prefixes) of which a file must hold one for the key to be found in it; none: any file. */
  needles: Array<{ word?: string; prefix?: string }>;
  /** For a key from a name index: what the finding may quote of its entry (`{name}`, `{to}`). */
  values?: Record<string, string>;
  /** Keyword arguments the rule tests: a finding points at the first one the call passes. */
  focus: string[] | undefined;
}

export interface TextMatcher {
  regex: RegExp;
  needle: string | undefined;
  comments: boolean;
  files: ((p: string) => boolean) | undefined;
  notFiles: ((p: string) => boolean) | undefined;
}

export interface CompiledMatch {
  keys: KeyMatcher[];
  texts: TextMatcher[];
}

const MATCH_KINDS: readonly MatchKind[] = [...FACT_KINDS, "symbol"];

/**
 * Turns a rule's declarative match into matchers; a mistake is reported as a string. A key match
 * with `where.index` becomes one exact matcher per name the pack's index lists for it, so looking
 * names up costs one hash probe per fact however long the index.
 */
export function compileMatch(match: Match, nameIndex?: NameIndex): CompiledMatch | string {
  const out: CompiledMatch = { keys: [], texts: [] };
  const add = (m: Match): string | undefined => {
    if (m.any) {
      for (const alt of m.any) {
        const e = add(alt);
        if (e) return e;
      }
      return undefined;
    }
    if (m.text) {
      if (m.text.needle !== undefined && !/^[A-Za-z0-9_$]+$/.test(m.text.needle)) {
        return `text needle '${m.text.needle}' must be one word (letters, digits, _ or $), as the file's words are compared with it`;
      }
      const regex = compileRulePattern(m.text.pattern, `g${(m.text.flags ?? "").replace(/g/g, "")}`);
      if (typeof regex === "string") return regex;
      out.texts.push({
        regex,
        needle: m.text.needle,
        comments: m.text.comments ?? false,
        files: m.text.files ? compileGlobs(m.text.files) : undefined,
        notFiles: m.text.notFiles ? compileGlobs(m.text.notFiles) : undefined,
      });
      return undefined;
    }
    for (const kind of MATCH_KINDS) {
      const raw = m[kind];
      if (raw === undefined) continue;
      const spec: KeyMatch = typeof raw === "string" ? { key: raw } : raw;
      let test: FactTest | undefined;
      try {
        test = compileConditions(spec);
      } catch (error) {
        if (error instanceof ConditionError) return error.message;
        throw error;
      }
      const patterns: KeyPattern[] = [];
      for (const key of Array.isArray(spec.key) ? spec.key : [spec.key]) {
        const pattern = parseKeyPattern(kind, key);
        if (typeof pattern === "string") return pattern;
        patterns.push(pattern);
      }
      const needles = (pattern: KeyPattern): Array<{ word?: string; prefix?: string }> => {
        if (spec.needle !== undefined) return needlesOf(spec.needle);
        const derived = needleOf(kind, pattern);
        return derived ? [derived] : [];
      };
      const indexTest = spec.where?.index;
      if (indexTest && !nameIndex) return "where.index needs the pack's name index";
      if (indexTest && nameIndex && indexTest.present !== false) {
        for (const entry of selectEntries(nameIndex, indexTest)) {
          if (!patterns.some((p) => keyFits(p, entry.key))) continue;
          const exact: KeyPattern = { type: "exact", key: entry.key };
          out.keys.push({ kind, pattern: exact, test, needles: needles(exact), focus: focusOf(spec), values: entryValues(entry) });
        }
        continue;
      }
      if (indexTest && nameIndex) {
        const listed = new Set(nameIndex.entries.map((e) => e.key));
        const inner = test;
        test = (fact, ctx) => !listed.has(fact.key) && (!inner || inner(fact, ctx));
      }
      for (const pattern of patterns) out.keys.push({ kind, pattern, test, needles: needles(pattern), focus: focusOf(spec) });
    }
    return undefined;
  };
  const error = add(match);
  return error ?? out;
}

/** `word`, `prefix*`, or a list of them. */
function needlesOf(spec: string | string[]): Array<{ word?: string; prefix?: string }> {
  return (Array.isArray(spec) ? spec : [spec]).map((n) => (n.endsWith("*") ? { prefix: n.slice(0, -1) } : { word: n }));
}

function focusOf(spec: KeyMatch): string[] | undefined {
  const names = Object.entries(spec.where?.keywords ?? {})
    .filter(([, t]) => !(t !== null && typeof t === "object" && t.present === false))
    .map(([name]) => name);
  return names.length > 0 ? names : undefined;
}

function keyFits(pattern: KeyPattern, key: string): boolean {
  switch (pattern.type) {
    case "exact":
      return pattern.key === key;
    case "prefix":
      return key.startsWith(pattern.prefix);
    case "suffix":
      return key.endsWith(pattern.suffix);
    case "any":
      return true;
    case "segments":
      return false;
  }
}

/** Whether some fact of a file matches (for `fix.requires`: the fixed code needs what the file holds). */
export function compileRequires(match: Match): (facts: readonly Fact[], ctx: MatchContext) => boolean {
  const compiled = compileMatch(match);
  if (typeof compiled === "string") throw new ConditionError(compiled);
  return (facts, ctx) =>
    facts.some((f) => compiled.keys.some((m) => m.kind === f.kind && keyFits(m.pattern, f.key) && (!m.test || m.test(f, ctx))));
}

/** Compiled matchers are pure, so each rule is compiled once however many projects use it. */
const compiledRules = new WeakMap<Rule, CompiledMatch>();

export function compileRuleOrThrow(rule: Rule, nameIndex?: NameIndex): CompiledMatch {
  const known = compiledRules.get(rule);
  if (known) return known;
  const compiled = compileMatch(rule.match, nameIndex);
  if (typeof compiled === "string") throw new ConditionError(compiled);
  compiledRules.set(rule, compiled);
  return compiled;
}
