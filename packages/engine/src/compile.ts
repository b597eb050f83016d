import { FACT_KINDS, type Fact, type FactKind } from "@uplift/core";
import { compileConditions, compileGlobs, ConditionError, type FactTest, type MatchContext } from "./conditions.js";
import { needleOf, parseKeyPattern, parseSymbolPattern, type KeyPattern } from "./key-pattern.js";
import { entryValues, selectEntries } from "./name-index.js";
import { compileRulePattern, deferredRulePattern, type RulePattern } from "./regex-safety.js";
import type { KeyMatch, Match, NameIndex, Rule, TextRegion } from "./rule-types.js";

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
  /** For a key from a name index: what the finding may quote of its entry (`{name}`, `{to}`). */
  values?: Record<string, string>;
  /** Keyword arguments the rule tests: a finding points at the first one the call passes. */
  focus: string[] | undefined;
  /** Properties of an object argument the rule tests: a finding points at the first one written. */
  focusProperties?: { index: number; names: string[] };
}

export interface TextMatcher {
  regex: RulePattern;
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

/**
 * Turns a rule's declarative match into matchers; a mistake is reported as a string. A key match
 * with `where.index` becomes one exact matcher per name the pack's index lists for it, so looking
 * names up costs one hash probe per fact however long the index.
 *
 * A match `validated` already (its pack was checked when the catalogue was read) has its
 * conditions and regular expressions compiled when a fact first reaches them: the index needs
 * only the keys, and most rules never meet a fact their key admits.
 */
export function compileMatch(match: Match, nameIndex?: NameIndex, validated = false): CompiledMatch | string {
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
      const flags = `g${(m.text.flags ?? "").replace(/g/g, "")}`;
      const regex = validated ? deferredRulePattern(m.text.pattern, flags) : compileRulePattern(m.text.pattern, flags);
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
      if (validated) test = deferredConditions(spec);
      else {
        try {
          test = compileConditions(spec);
        } catch (error) {
          if (error instanceof ConditionError) return error.message;
          throw error;
        }
      }
      // A refiner's facts (`ref syntax:let`) are not written in the source as their key is: the rule names
      // the words; with several, each matcher is added once per word (the index keeps one hit per rule).
      const named = (spec.needle === undefined ? [] : Array.isArray(spec.needle) ? spec.needle : [spec.needle]).map((n) =>
        n.endsWith("*") ? { prefix: n.slice(0, -1) } : { word: n },
      );
      const needle = (pattern: KeyPattern): KeyMatcher["needle"] => named[0] ?? needleOf(kind, pattern);
      const start = out.keys.length;
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
      for (const symbol of symbols) {
        const pattern = parseSymbolPattern(symbol);
        if (typeof pattern === "string") return pattern;
        out.keys.push({ kind, on: "symbol", pattern, test, needle: needle(pattern), focus: focusOf(spec), ...propertyFocus(spec) });
      }
      const patterns: KeyPattern[] = [];
      for (const key of keys) {
        const pattern = parseKeyPattern(kind, key);
        if (typeof pattern === "string") return pattern;
        patterns.push(pattern);
      }
      if (spec.inFile) {
        const inFile = fileCondition(spec.inFile);
        if (typeof inFile === "string") return inFile;
        const inner = test;
        test = (fact, ctx) => (!inner || inner(fact, ctx)) && inFile(ctx);
      }
      const indexTest = spec.where?.index;
      if (indexTest && !nameIndex) return "where.index needs the pack's name index";
      if (indexTest && nameIndex && indexTest.present !== false) {
        for (const entry of selectEntries(nameIndex, indexTest)) {
          if (!patterns.some((p) => keyFits(p, entry.key))) continue;
          const exact: KeyPattern = { type: "exact", key: entry.key };
          out.keys.push({
            kind,
            on: "key",
            pattern: exact,
            test,
            needle: needle(exact),
            focus: focusOf(spec),
            values: entryValues(entry),
          });
        }
        continue;
      }
      if (indexTest && nameIndex) {
        const listed = new Set(nameIndex.entries.map((e) => e.key));
        const inner = test;
        test = (fact, ctx) => !listed.has(fact.key) && (!inner || inner(fact, ctx));
      }
      for (const pattern of patterns)
        out.keys.push({ kind, on: "key", pattern, test, needle: needle(pattern), focus: focusOf(spec), ...propertyFocus(spec) });
      for (const extra of named.slice(1))
        for (const m of out.keys.slice(start)) if (m.needle === named[0]) out.keys.push({ ...m, needle: extra });
    }
    return undefined;
  };
  try {
    return add(match) ?? out;
  } catch (error) {
    if (error instanceof ConditionError) return error.message;
    throw error;
  }
}

/** A rule that tests properties of an object argument with `focus: true` points at the first one written. */
function propertyFocus(spec: KeyMatch): Pick<KeyMatcher, "focusProperties"> {
  const argument = spec.where?.argument;
  return argument?.properties && argument.focus
    ? { focusProperties: { index: argument.index, names: Object.keys(argument.properties) } }
    : {};
}

function focusOf(spec: KeyMatch): string[] | undefined {
  const names = Object.entries(spec.where?.keywords ?? {})
    .filter(([, t]) => !(t !== null && typeof t === "object" && "present" in t && t.present === false))
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
    facts.some((f) =>
      compiled.keys.some((m) => {
        if (m.kind !== f.kind) return false;
        const subject = m.on === "key" ? f.key : m.on === "symbol" ? f.detail?.symbol : f.detail?.rootPath;
        return typeof subject === "string" && keyFits(m.pattern, subject) && (!m.test || m.test(f, ctx));
      }),
    );
}

/**
 * `inFile`: whether the file being matched holds a fact the match finds, worked out once per file
 * (the context carries the file's facts; without them, as outside a file, it does not hold).
 */
function fileCondition(match: Match): ((ctx: MatchContext) => boolean) | string {
  const compiled = compileMatch(match);
  if (typeof compiled === "string") return compiled;
  if (compiled.texts.length > 0) return "inFile takes key matches only, not text";
  const holds = compileRequires(match);
  const answers = new WeakMap<readonly Fact[], boolean>();
  return (ctx) => {
    const facts = ctx.facts;
    if (!facts) return false;
    let answer = answers.get(facts);
    if (answer === undefined) answers.set(facts, (answer = holds(facts, ctx)));
    return answer;
  };
}

/** Compiled matchers are pure, so each rule is compiled once however many projects use it. */
const compiledRules = new WeakMap<Rule, CompiledMatch>();

export function compileRuleOrThrow(rule: Rule, nameIndex?: NameIndex): CompiledMatch {
  const known = compiledRules.get(rule);
  if (known) return known;
  // Rules reach a scan from the catalogue, whose packs were validated when they were read.
  const compiled = compileMatch(rule.match, nameIndex, true);
  if (typeof compiled === "string") throw new ConditionError(compiled);
  compiledRules.set(rule, compiled);
  return compiled;
}

/** A key match's conditions, compiled when the first fact reaches them; none at all stays none. */
function deferredConditions(spec: KeyMatch): FactTest | undefined {
  if (!(spec.files || spec.notFiles || spec.where || spec.without || spec.inside || spec.notInside)) return undefined;
  let test: FactTest | undefined;
  return (fact, ctx) => (test ??= compileConditions(spec) ?? (() => true))(fact, ctx);
}
