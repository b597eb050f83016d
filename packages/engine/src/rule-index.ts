import type { Fact, Span } from "@uplift/core";
import type { MatchContext } from "./conditions.js";
import type { KeyMatcher, TextMatcher } from "./compile.js";
import { PrefixTrie, SEPARATORS } from "./key-pattern.js";
import type { Hop } from "./plan.js";
import type { MatchKind, Rule } from "./rule-types.js";

/** One rule as the index holds it: the rule, the hop it belongs to and one of its matchers. */
export interface IndexedRule {
  rule: Rule;
  hop: Hop;
  /** A removal in a hop the project has already passed: the code is broken today. */
  past?: boolean;
}

interface KeyEntry {
  owner: IndexedRule;
  matcher: KeyMatcher;
}

/** A fact a rule accepts, and where the finding points (a keyword argument the rule tests, or the fact). */
/** A rule that accepts a fact, and where the finding goes; `values` when the key came from a name index. */
export interface Hit {
  owner: IndexedRule;
  fact: Fact;
  span: Span;
  values?: Record<string, string>;
}

export interface TextEntry {
  owner: IndexedRule;
  matcher: TextMatcher;
}

/**
 * Finds the rules that may match a fact by hashing its kind and key, its suffixes at separators,
 * and walking a prefix trie: the cost grows with the facts and the key's length, not with the
 * number of rules.
 */
export class RuleIndex {
  readonly #exact = new Map<string, KeyEntry[]>();
  readonly #suffix = new Map<string, KeyEntry[]>();
  readonly #prefix = new Map<MatchKind, PrefixTrie<KeyEntry>>();
  readonly #any = new Map<MatchKind, KeyEntry[]>();
  readonly #segments = new Map<string, KeyEntry[]>();
  /** Text rules by the word a file must hold for them to be tried; the unfiltered ones apart. */
  readonly #textsByNeedle = new Map<string, TextEntry[]>();
  readonly #textsUnfiltered: TextEntry[] = [];
  readonly #needles = new Set<string>();
  readonly #needlePrefixes = new PrefixTrie<true>();
  #unfiltered = false;
  readonly kinds = new Set<MatchKind>();
  size = 0;

  add(owner: IndexedRule, matchers: { keys: KeyMatcher[]; texts: TextMatcher[] }): void {
    this.size++;
    for (const matcher of matchers.keys) {
      const entry = { owner, matcher };
      const { kind, pattern } = matcher;
      this.kinds.add(kind);
      switch (pattern.type) {
        case "exact":
          push(this.#exact, `${kind}\0${pattern.key}`, entry);
          break;
        case "suffix":
          push(this.#suffix, `${kind}\0${pattern.suffix}`, entry);
          break;
        case "prefix": {
          let trie = this.#prefix.get(kind);
          if (!trie) this.#prefix.set(kind, (trie = new PrefixTrie()));
          trie.add(pattern.prefix, entry);
          break;
        }
        case "any":
          push(this.#any, kind, entry);
          break;
        case "segments": {
          const last = pattern.segments[pattern.segments.length - 1]!;
          push(this.#segments, `${pattern.segments.length}\0${last}`, entry);
          break;
        }
      }
      if (matcher.needles.length === 0) this.#unfiltered = true;
      for (const needle of matcher.needles) {
        if (needle.word) this.#needles.add(needle.word);
        else if (needle.prefix) this.#needlePrefixes.add(needle.prefix, true);
      }
    }
    for (const matcher of matchers.texts) {
      const entry = { owner, matcher };
      if (!matcher.needle) {
        this.#unfiltered = true;
        this.#textsUnfiltered.push(entry);
      } else {
        this.#needles.add(matcher.needle);
        push(this.#textsByNeedle, matcher.needle, entry);
      }
    }
  }

  /**
   * Whether any rule could match a file with these words. A key's last name is always written out
   * in the source (aliases, imports and AMD parameters all name it), so a file whose words hold no
   * needle cannot produce a finding and need not be parsed.
   */
  mayMatch(words: ReadonlySet<string>): boolean {
    if (this.#unfiltered) return true;
    if (this.size === 0) return false;
    const hasPrefixes = !this.#needlePrefixes.empty;
    const found: true[] = [];
    for (const word of words) {
      if (this.#needles.has(word)) return true;
      if (hasPrefixes) {
        this.#needlePrefixes.collect(word, found);
        if (found.length > 0) return true;
      }
    }
    return false;
  }

  /** The text rules worth trying on a file with these words. */
  textRulesFor(words: ReadonlySet<string>): TextEntry[] {
    if (this.#textsByNeedle.size === 0) return this.#textsUnfiltered;
    const out = [...this.#textsUnfiltered];
    if (this.#textsByNeedle.size < words.size) {
      for (const [needle, entries] of this.#textsByNeedle) if (words.has(needle)) out.push(...entries);
    } else {
      for (const word of words) {
        const entries = this.#textsByNeedle.get(word);
        if (entries) out.push(...entries);
      }
    }
    return out;
  }

  /**
   * The rules whose key pattern and conditions accept this fact: by its kind and key, and by the
   * symbol bindings or types resolved it to (`symbol:` rules). A fallback rule speaks only for
   * facts no other rule matched.
   */
  match(fact: Fact, ctx: MatchContext, out: Hit[]): void {
    const candidates: KeyEntry[] = [];
    if (this.kinds.has(fact.kind)) this.#collect(fact.kind, fact.key, candidates);
    const symbol = fact.detail?.symbol;
    if (symbol !== undefined && this.kinds.has("symbol")) this.#collect("symbol", symbol, candidates);
    if (candidates.length === 0) return;
    const seen = new Set<Rule>();
    let fallbacks: Hit[] | undefined;
    let specific = false;
    for (const entry of candidates) {
      if (seen.has(entry.owner.rule)) continue;
      if (entry.matcher.test && !entry.matcher.test(fact, ctx)) continue;
      seen.add(entry.owner.rule);
      const hit: Hit = {
        owner: entry.owner,
        fact,
        span: focusSpan(fact, entry.matcher.focus),
        ...(entry.matcher.values ? { values: entry.matcher.values } : {}),
      };
      if (entry.owner.rule.fallback) (fallbacks ??= []).push(hit);
      else {
        specific = true;
        out.push(hit);
      }
    }
    if (fallbacks && !specific) out.push(...fallbacks);
  }

  #collect(kind: MatchKind, key: string, candidates: KeyEntry[]): void {
    const start = candidates.length;
    const exact = this.#exact.get(`${kind}\0${key}`);
    if (exact) candidates.push(...exact);
    if (this.#suffix.size > 0) {
      for (let i = key.length - 1; i > 0; i--) {
        if (!SEPARATORS.has(key[i]!)) continue;
        const s = this.#suffix.get(`${kind}\0${key.slice(i)}`);
        if (s) candidates.push(...s);
      }
    }
    this.#prefix.get(kind)?.collect(key, candidates);
    const any = this.#any.get(kind);
    if (any) candidates.push(...any);
    if (kind === "json" && this.#segments.size > 0) {
      const segments = key.split("/").slice(1);
      const last = segments[segments.length - 1]!;
      for (const bucket of [`${segments.length}\0${last}`, `${segments.length}\0*`]) {
        for (const entry of this.#segments.get(bucket) ?? []) {
          const p = entry.matcher.pattern;
          if (p.type === "segments" && p.segments.every((s, i) => s === "*" || s === segments[i])) candidates.push(entry);
        }
      }
    }
    // The JSON segment table is not keyed by kind: keep this kind's entries only.
    let kept = start;
    for (let i = start; i < candidates.length; i++) if (candidates[i]!.matcher.kind === kind) candidates[kept++] = candidates[i]!;
    candidates.length = kept;
  }
}

function focusSpan(fact: Fact, focus: string[] | undefined): Span {
  if (!focus) return fact.span;
  for (const name of focus) {
    const span = fact.detail?.keywords?.[name]?.span;
    if (span) return span;
  }
  return fact.span;
}

/** The words of a file, once: what the prefilter and the text rules look up. */
export function wordsOf(text: string): Set<string> {
  return new Set(text.match(/[A-Za-z0-9_$]+/g));
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
