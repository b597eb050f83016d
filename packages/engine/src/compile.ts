import { FACT_KINDS } from "@uplift/core";
import { compileConditions, compileGlobs, ConditionError, type FactTest } from "./conditions.js";
import { needleOf, parseKeyPattern, type KeyPattern } from "./key-pattern.js";
import { compileRulePattern } from "./regex-safety.js";
import type { KeyMatch, Match, MatchKind, Rule } from "./rule-types.js";

export interface KeyMatcher {
  kind: MatchKind;
  pattern: KeyPattern;
  test: FactTest | undefined;
  /** Words (or word prefixes) of which a file must hold one for the key to be found in it; none: any file. */
  needles: Array<{ word?: string; prefix?: string }>;
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

/** Turns a rule's declarative match into matchers; a mistake is reported as a string. */
export function compileMatch(match: Match): CompiledMatch | string {
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
      for (const key of Array.isArray(spec.key) ? spec.key : [spec.key]) {
        const pattern = parseKeyPattern(kind, key);
        if (typeof pattern === "string") return pattern;
        const derived = needleOf(kind, pattern);
        const needles = spec.needle !== undefined ? needlesOf(spec.needle) : derived ? [derived] : [];
        out.keys.push({ kind, pattern, test, needles });
      }
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

export function compileRuleOrThrow(rule: Rule): CompiledMatch {
  const compiled = compileMatch(rule.match);
  if (typeof compiled === "string") throw new ConditionError(compiled);
  return compiled;
}
