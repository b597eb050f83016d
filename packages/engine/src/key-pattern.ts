import type { FactKind } from "@uplift/core";

/** Separators after which a suffix pattern (`*.getServerUrl`, `*@attrs`) may start. */
export const SEPARATORS = new Set([".", "@", "/", "#", ":"]);

export type KeyPattern =
  | { type: "exact"; key: string }
  | { type: "prefix"; prefix: string }
  | { type: "suffix"; suffix: string }
  | { type: "any" }
  | { type: "segments"; segments: string[] };

/** Reads a rule key: exact, `prefix*`, `*.suffix`, `*`, or (JSON) a pointer with `*` segments. */
export function parseKeyPattern(kind: FactKind, key: string): KeyPattern | string {
  if (key === "*") return { type: "any" };
  if (kind === "json" && key.startsWith("/") && key.split("/").slice(1).includes("*")) {
    return { type: "segments", segments: key.split("/").slice(1) };
  }
  if (key.startsWith("*")) {
    const suffix = key.slice(1);
    if (suffix.includes("*")) return `key '${key}' may hold one * only, at its start or end`;
    if (!SEPARATORS.has(suffix[0]!)) return `suffix key '${key}' must start with * and a separator (*.name, *@name)`;
    return { type: "suffix", suffix };
  }
  if (key.endsWith("*")) {
    const prefix = key.slice(0, -1);
    if (prefix.includes("*")) return `key '${key}' may hold one * only, at its start or end`;
    return { type: "prefix", prefix };
  }
  if (key.includes("*")) return `key '${key}' may hold * only at its start or end`;
  return { type: "exact", key };
}

/** A symbol pattern: a fully qualified declared name, or a prefix ending in `*`. */
export function parseSymbolPattern(symbol: string): KeyPattern | string {
  const star = symbol.indexOf("*");
  if (star < 0) return { type: "exact", key: symbol };
  if (star !== symbol.length - 1 || symbol.length === 1) return `symbol '${symbol}' may hold * only at its end, after a name`;
  return { type: "prefix", prefix: symbol.slice(0, -1) };
}

/** A character trie: every stored prefix of a key is found in one pass over the key. */
export class PrefixTrie<T> {
  readonly #root: TrieNode<T> = { next: new Map(), values: [] };

  add(prefix: string, value: T): void {
    let node = this.#root;
    for (const ch of prefix) {
      let child = node.next.get(ch);
      if (!child) {
        child = { next: new Map(), values: [] };
        node.next.set(ch, child);
      }
      node = child;
    }
    node.values.push(value);
  }

  collect(key: string, out: T[]): void {
    let node: TrieNode<T> | undefined = this.#root;
    if (node.values.length > 0) out.push(...node.values);
    for (const ch of key) {
      node = node.next.get(ch);
      if (!node) return;
      if (node.values.length > 0) out.push(...node.values);
    }
  }

  get empty(): boolean {
    return this.#root.next.size === 0 && this.#root.values.length === 0;
  }
}

interface TrieNode<T> {
  next: Map<string, TrieNode<T>>;
  values: T[];
}

/** The word a file's text must contain for a key to be found in it (see the prefilter). */
export function needleOf(kind: FactKind, pattern: KeyPattern): { word?: string; prefix?: string } | undefined {
  // A ref's type prefix (`doctype:`, `sql:`) is Uplift's, not the source's: only what follows it is written there.
  if (kind === "ref") pattern = withoutRefType(pattern);
  const lastWord = (s: string): string | undefined => {
    // A ref key's type (`field:`, `model:`) is not written in the source, only the name after it.
    const written = kind === "ref" ? s.replace(/^[a-z]+:/, "") : s;
    const words = written.match(/[A-Za-z0-9_$]+/g);
    return words?.[words.length - 1];
  };
  switch (pattern.type) {
    case "any":
      return undefined;
    case "exact": {
      const key = pattern.key.replace(/\(\d*\)/g, "");
      const word = lastWord(kind === "call" ? key.replace(/^new /, "") : key);
      return word ? { word } : undefined;
    }
    case "suffix": {
      const word = lastWord(pattern.suffix);
      return word ? { word } : undefined;
    }
    case "prefix": {
      // The unfinished last segment is a word prefix; the text holds a word starting with it.
      const m = /([A-Za-z0-9_$]*)$/.exec(pattern.prefix)!;
      if (m[1] && !(kind === "ref" && /^[a-z]+$/.test(pattern.prefix))) return { prefix: m[1] };
      const word = lastWord(pattern.prefix);
      return word ? { word } : undefined;
    }
    case "segments": {
      const literal = [...pattern.segments].reverse().find((s) => s !== "*" && s !== "");
      const word = literal ? lastWord(literal.replace(/~1/g, "/").replace(/~0/g, "~")) : undefined;
      return word ? { word } : undefined;
    }
  }
}

function withoutRefType(pattern: KeyPattern): KeyPattern {
  const strip = (s: string): string => s.replace(/^[a-z][a-z-]*:/, "");
  switch (pattern.type) {
    case "exact":
      return { type: "exact", key: strip(pattern.key) };
    case "prefix":
      return strip(pattern.prefix) === "" ? { type: "any" } : { type: "prefix", prefix: strip(pattern.prefix) };
    default:
      return pattern;
  }
}
