import type { Fact, FactKind, SourceFile, Span } from "@uplift/core";
import type { MatchContext } from "./conditions.js";
import type { KeyMatcher, TextMatcher } from "./compile.js";
import { PrefixTrie, SEPARATORS } from "./key-pattern.js";
import type { Hop } from "./plan.js";
import type { Rule } from "./rule-types.js";

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
  /** By kind, then by the whole key (no string is built per fact to look one up). */
  readonly #exact = new Map<FactKind, Map<string, KeyEntry[]>>();
  /** By kind, then by the key's end from a separator on; the lengths of those ends, so that a key is cut only where one may fit. */
  readonly #suffix = new Map<FactKind, Map<string, KeyEntry[]>>();
  readonly #suffixLengths = new Set<number>();
  readonly #prefix = new Map<FactKind, PrefixTrie<KeyEntry>>();
  readonly #any = new Map<FactKind, KeyEntry[]>();
  readonly #segments = new Map<string, KeyEntry[]>();
  /** Symbol patterns: exact by kind and symbol, prefixes in a trie per kind. */
  readonly #symbols = new Map<string, KeyEntry[]>();
  readonly #symbolPrefixes = new Map<FactKind, PrefixTrie<KeyEntry>>();
  /** `where.root` paths: exact, and prefixes in a trie per kind. */
  readonly #rootPaths = new Map<string, KeyEntry[]>();
  readonly #rootPrefixes = new Map<FactKind, PrefixTrie<KeyEntry>>();
  /** The last name of every symbol pattern: facts whose key ends in one may need the type pass. */
  readonly #symbolNeedles = new Set<string>();
  /** Text rules by the word a file must hold for them to be tried; the unfiltered ones apart. */
  readonly #textsByNeedle = new Map<string, TextEntry[]>();
  readonly #textsUnfiltered: TextEntry[] = [];
  readonly #textsByLowerNeedle = new Map<string, TextEntry[]>();
  readonly #needles = new Set<string>();
  /** Needles of case-insensitive text rules, lower case. */
  readonly #needlesAnyCase = new Set<string>();
  readonly #needlePrefixes = new PrefixTrie<true>();
  #unfiltered = false;
  readonly #kinds = new Set<FactKind>();
  #size = 0;
  /** The rules still to add, when the index is built on first use (`deferred`). */
  #fill: ((index: RuleIndex) => void) | undefined;

  /** An index whose rules `fill` adds when it is first asked: a scan that reads none of a project's files compiles nothing for it. */
  static deferred(fill: (index: RuleIndex) => void): RuleIndex {
    const index = new RuleIndex();
    index.#fill = fill;
    return index;
  }

  #ready(): void {
    const fill = this.#fill;
    if (!fill) return;
    this.#fill = undefined;
    fill(this);
  }

  /** Last names of the symbols some rule matches. */
  get symbolNeedles(): ReadonlySet<string> {
    this.#ready();
    return this.#symbolNeedles;
  }

  get kinds(): ReadonlySet<FactKind> {
    this.#ready();
    return this.#kinds;
  }

  get size(): number {
    this.#ready();
    return this.#size;
  }

  add(owner: IndexedRule, matchers: { keys: KeyMatcher[]; texts: TextMatcher[] }): void {
    this.#ready();
    this.#size++;
    for (const matcher of matchers.keys) {
      const entry = { owner, matcher };
      const { kind, pattern } = matcher;
      this.#kinds.add(kind);
      if (matcher.on === "root") {
        if (pattern.type === "exact") push(this.#rootPaths, `${kind}\0${pattern.key}`, entry);
        else if (pattern.type === "prefix") {
          let trie = this.#rootPrefixes.get(kind);
          if (!trie) this.#rootPrefixes.set(kind, (trie = new PrefixTrie()));
          trie.add(pattern.prefix, entry);
        }
      } else if (matcher.on === "symbol") {
        if (pattern.type === "exact") push(this.#symbols, `${kind}\0${pattern.key}`, entry);
        else if (pattern.type === "prefix") {
          let trie = this.#symbolPrefixes.get(kind);
          if (!trie) this.#symbolPrefixes.set(kind, (trie = new PrefixTrie()));
          trie.add(pattern.prefix, entry);
        }
        if (matcher.needle?.word) this.#symbolNeedles.add(matcher.needle.word);
      } else
        switch (pattern.type) {
          case "exact":
            push(byKind(this.#exact, kind), pattern.key, entry);
            break;
          case "suffix":
            push(byKind(this.#suffix, kind), pattern.suffix, entry);
            this.#suffixLengths.add(pattern.suffix.length);
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
      if (!matcher.needle) this.#unfiltered = true;
      else if (matcher.needle.word) this.#needles.add(matcher.needle.word);
      else if (matcher.needle.prefix) this.#needlePrefixes.add(matcher.needle.prefix, true);
    }
    for (const matcher of matchers.texts) {
      const entry = { owner, matcher };
      if (!matcher.needle) {
        this.#unfiltered = true;
        this.#textsUnfiltered.push(entry);
      } else if (matcher.ignoreCase) {
        // The pattern ignores case, so the word may be written in any case.
        const lower = matcher.needle.toLowerCase();
        this.#needlesAnyCase.add(lower);
        push(this.#textsByLowerNeedle, lower, entry);
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
    this.#ready();
    if (this.#unfiltered) return true;
    if (this.#size === 0) return false;
    const hasPrefixes = !this.#needlePrefixes.empty;
    const found: true[] = [];
    const anyCase = this.#needlesAnyCase.size > 0;
    for (const word of words) {
      if (this.#needles.has(word)) return true;
      if (anyCase && this.#needlesAnyCase.has(word.toLowerCase())) return true;
      if (hasPrefixes) {
        this.#needlePrefixes.collect(word, found);
        if (found.length > 0) return true;
      }
    }
    return false;
  }

  /** The text rules worth trying on a file with these words. */
  textRulesFor(words: ReadonlySet<string>): TextEntry[] {
    this.#ready();
    if (this.#textsByNeedle.size === 0 && this.#textsByLowerNeedle.size === 0) return this.#textsUnfiltered;
    const out = [...this.#textsUnfiltered];
    if (this.#textsByLowerNeedle.size > 0) {
      const lower = new Set<string>();
      for (const w of words) lower.add(w.toLowerCase());
      for (const [needle, entries] of this.#textsByLowerNeedle) if (lower.has(needle)) out.push(...entries);
    }
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

  /** The rules whose key pattern, symbol or root path and conditions accept this fact; a fallback rule only if no other does. */
  match(fact: Fact, ctx: MatchContext, out: Hit[]): void {
    this.#ready();
    const { kind, key } = fact;
    if (!this.#kinds.has(kind)) return;
    const candidates: KeyEntry[] = [];
    const exact = this.#exact.get(kind)?.get(key);
    if (exact) candidates.push(...exact);
    const suffixes = this.#suffix.get(kind);
    if (suffixes) {
      for (let i = key.length - 1; i > 0; i--) {
        // A suffix starts at a separator: those are few in a key, and told by their code.
        if (!isSeparator(key.charCodeAt(i)) || !this.#suffixLengths.has(key.length - i)) continue;
        const s = suffixes.get(key.slice(i));
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
    const symbol = fact.detail?.symbol;
    if (symbol !== undefined) {
      const bySymbol = this.#symbols.get(`${kind}\0${symbol}`);
      if (bySymbol) candidates.push(...bySymbol);
      this.#symbolPrefixes.get(kind)?.collect(symbol, candidates);
    }
    const rootPath = fact.detail?.rootPath;
    if (rootPath !== undefined && (this.#rootPaths.size > 0 || this.#rootPrefixes.size > 0)) {
      const byRoot = this.#rootPaths.get(`${kind}\0${rootPath}`);
      if (byRoot) candidates.push(...byRoot);
      this.#rootPrefixes.get(kind)?.collect(rootPath, candidates);
    }
    if (candidates.length === 0) return;
    // The project's own function of a vendor-like name is never the vendor's.
    const own = fact.detail?.own === true;
    const seen = new Set<Rule>();
    // A fallback rule ("any other 1.0 function") speaks only for facts no other rule matched.
    let fallbacks: Hit[] | undefined;
    let specific = false;
    for (const entry of candidates) {
      if (entry.matcher.kind !== kind) continue;
      if (own && entry.matcher.on === "key") continue;
      if (seen.has(entry.owner.rule)) continue;
      if (entry.matcher.test && !entry.matcher.test(fact, ctx)) continue;
      seen.add(entry.owner.rule);
      const hit: Hit = {
        owner: entry.owner,
        fact,
        span: focusSpan(fact, entry.matcher),
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
}

/** `SEPARATORS` by code (each is one ASCII character). */
const SEPARATOR_CODES = new Uint8Array(128);
for (const s of SEPARATORS) SEPARATOR_CODES[s.charCodeAt(0)] = 1;

function isSeparator(code: number): boolean {
  return code < 128 && SEPARATOR_CODES[code] === 1;
}

function focusSpan(fact: Fact, matcher: KeyMatcher): Span {
  for (const name of matcher.focus ?? []) {
    const span = fact.detail?.keywords?.[name]?.span;
    if (span) return span;
  }
  const props = matcher.focusProperties;
  for (const name of props?.names ?? []) {
    const span = fact.detail?.args?.[props!.index]?.propertySpans?.[name];
    if (span) return span;
  }
  return fact.span;
}

const wordsByFile = new WeakMap<SourceFile, { text: string; words: Set<string> }>();

/**
 * The words of a file as read (`wordsOf`, in lower case too for HTML), once per file object: the
 * read-ahead asks for them to choose what to parse in a worker, then the scan to match the file.
 * The set is shared: never change it.
 */
export function wordsOfFile(file: SourceFile): ReadonlySet<string> {
  const known = wordsByFile.get(file);
  if (known && known.text === file.text) return known.words;
  const words = wordsOf(file.text, file.language === "html");
  wordsByFile.set(file, { text: file.text, words });
  return words;
}

/** Characters of a word (`[A-Za-z0-9_$]`), by code. */
const WORD_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) WORD_CHAR[c] = /[A-Za-z0-9_$]/.test(String.fromCharCode(c)) ? 1 : 0;

const isHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/**
 * The words of a file, once: what the prefilter and the text rules look up; where names are
 * case-insensitive (HTML attributes), also their lower case. Escaped text (code inside a JSON
 * string: `\nshow_alert(`) holds its words after the escapes too: a word an escape (`\n`,
 * `\u0041`) begins is also taken from where the escape ends. One pass over the text, as
 * `/[A-Za-z0-9_$]+/g` over the text and then over the text with every escape made a space would
 * find them, in that order.
 */
export function wordsOf(text: string, foldCase = false): Set<string> {
  const words = new Set<string>();
  let afterEscapes: string[] | undefined;
  // Where the last escape read ends: a backslash before it is part of that escape (`\\n`).
  let escapeEnd = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c < 128 && WORD_CHAR[c] === 1) {
      const start = i;
      while (++i < n && (c = text.charCodeAt(i)) < 128 && WORD_CHAR[c] === 1);
      words.add(text.slice(start, i));
      if (start < escapeEnd && escapeEnd < i) (afterEscapes ??= []).push(text.slice(escapeEnd, i));
      continue;
    }
    if (c === 92 && i >= escapeEnd && i + 1 < n) {
      // An escape is a backslash and the next character (not a line break), or `\u` and four hexadecimal digits.
      const next = text.charCodeAt(i + 1);
      if (next !== 10 && next !== 13 && next !== 0x2028 && next !== 0x2029) {
        const unicode =
          next === 117 &&
          i + 5 < n &&
          isHex(text.charCodeAt(i + 2)) &&
          isHex(text.charCodeAt(i + 3)) &&
          isHex(text.charCodeAt(i + 4)) &&
          isHex(text.charCodeAt(i + 5));
        escapeEnd = i + (unicode ? 6 : 2);
      }
    }
    i++;
  }
  if (afterEscapes) for (const w of afterEscapes) words.add(w);
  if (foldCase) for (const w of [...words]) words.add(w.toLowerCase());
  return words;
}

function byKind<V>(map: Map<FactKind, Map<string, V>>, kind: FactKind): Map<string, V> {
  let inner = map.get(kind);
  if (!inner) map.set(kind, (inner = new Map()));
  return inner;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
