import { FACT_KINDS, type FactKind } from "@uplift/core";
import { compileConditions, compileGlobs, ConditionError, type FactTest } from "./conditions.js";
import { needleOf, parseKeyPattern, parseSymbolPattern, type KeyPattern } from "./key-pattern.js";
import { compileRulePattern } from "./regex-safety.js";
import type { KeyMatch, Match, Rule, TextRegion } from "./rule-types.js";

export interface KeyMatcher {
  kind: FactKind;
  /**
   * What the pattern is matched against: the fact's key, the declared symbol its value resolved to,
   * or the path read from a parameter (`where.root`, for a match with neither key nor symbol).
   */
  on: "key" | "symbol" | "root";
  pattern: KeyPattern;
  test: FactTest | undefined;
  needle: { word?: string; prefix?: string } | undefined;
  /** Keyword arguments the rule tests: a finding points at the first one the call passes. */
  focus: string[] | undefined;
}

export interface TextMatcher {
  regex: RegExp;
  needle: string | undefined;
  /** The needle is compared without case, as the pattern is. */
  ignoreCase: boolean;
  regions: ReadonlySet<TextRegion>;
  files: ((p: string) => boolean) | undefined;
  notFiles: ((p: string) => boolean) | undefined;
}

export interface CompiledMatch {
  keys: KeyMatcher[];
  texts: TextMatcher[];
}

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
      const regions = new Set<TextRegion>(m.text.in ?? ["code", "strings"]);
      if (m.text.comments) regions.add("comments");
      out.texts.push({
        regex,
        needle: m.text.needle,
        ignoreCase: regex.ignoreCase,
        regions,
        files: m.text.files ? compileGlobs(m.text.files) : undefined,
        notFiles: m.text.notFiles ? compileGlobs(m.text.notFiles) : undefined,
      });
      return undefined;
    }
    for (const kind of FACT_KINDS) {
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
      const keys = spec.key === undefined ? [] : Array.isArray(spec.key) ? spec.key : [spec.key];
      const symbols = spec.symbol === undefined ? [] : Array.isArray(spec.symbol) ? spec.symbol : [spec.symbol];
      if (keys.length === 0 && symbols.length === 0) {
        const rootPath = spec.where?.root?.path;
        if (rootPath === undefined) return `a ${kind} match needs a key, a symbol or where.root.path`;
        const pattern = parseSymbolPattern(rootPath);
        if (typeof pattern === "string") return pattern.replace("symbol", "where.root.path");
        const first = /^[A-Za-z0-9_$]+/.exec(rootPath)?.[0];
        out.keys.push({ kind, on: "root", pattern, test, needle: first ? { word: first } : undefined, focus: focusOf(spec) });
      }
      for (const key of keys) {
        const pattern = parseKeyPattern(kind, key);
        if (typeof pattern === "string") return pattern;
        out.keys.push({ kind, on: "key", pattern, test, needle: needleOf(kind, pattern), focus: focusOf(spec) });
      }
      for (const symbol of symbols) {
        const pattern = parseSymbolPattern(symbol);
        if (typeof pattern === "string") return pattern;
        out.keys.push({ kind, on: "symbol", pattern, test, needle: needleOf(kind, pattern), focus: focusOf(spec) });
      }
    }
    return undefined;
  };
  const error = add(match);
  return error ?? out;
}

function focusOf(spec: KeyMatch): string[] | undefined {
  const names = Object.entries(spec.where?.keywords ?? {})
    .filter(([, t]) => !(t !== null && typeof t === "object" && t.present === false))
    .map(([name]) => name);
  return names.length > 0 ? names : undefined;
}

export function compileRuleOrThrow(rule: Rule): CompiledMatch {
  const compiled = compileMatch(rule.match);
  if (typeof compiled === "string") throw new ConditionError(compiled);
  return compiled;
}
