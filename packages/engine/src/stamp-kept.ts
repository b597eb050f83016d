import type { Candidate, FactCache, SourceFile, StampMemo } from "@uplift/core";

const HASH = /^[0-9a-f]{64}$/;

/** One kind of value kept by a file's content: how its qualifiers and values are told apart from anything else. */
export interface KeptKind<V> {
  /** The cache entry's name; the scanned root follows it. */
  name: string;
  /** Whether a stored qualifier (what the value depends on besides the content) is well formed. */
  isQualifier(qualifier: string): boolean;
  /** The stored value as kept, or undefined when it does not read back as one. */
  valueOf(stored: unknown): V | undefined;
  /** Whether two values are the same (an unchanged set is not written again). */
  same(a: V, b: V): boolean;
}

/** One kept value: the file's content hash, the qualifier, and the value. */
type Stored<V> = [hash: string, qualifier: string, value: V];

/**
 * Values kept by a file's content and a qualifier, and found again by the file's stamp
 * (`StampMemo`): a rerun does not read an unchanged file to learn again what it said. Kept sealed
 * in the fact cache, one entry per scanned root, for the files the last scan met; an entry that
 * does not read back as the kind's values is a miss, and a file whose stamp changed is read again.
 */
export class StampKept<V> {
  readonly #next = new Map<string, Stored<V>>();
  readonly #old = new Map<string, Stored<V>>();
  readonly #key: string;
  #changed = false;

  constructor(
    private readonly cache: FactCache,
    private readonly memo: StampMemo,
    root: string,
    private readonly kind: KeptKind<V>,
  ) {
    this.#key = `${kind.name}\0${root}`;
    const stored = cache.getResult(this.#key);
    if (!Array.isArray(stored)) return;
    for (const e of stored as unknown[]) {
      if (!Array.isArray(e) || e.length !== 3) continue;
      const [hash, qualifier, raw] = e as unknown[];
      if (typeof hash !== "string" || !HASH.test(hash) || typeof qualifier !== "string" || !kind.isQualifier(qualifier)) continue;
      const value = kind.valueOf(raw);
      if (value !== undefined) this.#old.set(entryOf(hash, qualifier), [hash, qualifier, value]);
    }
  }

  /** The value kept for the file's content and the qualifier, when its stamp says it is unchanged. */
  known(candidate: Candidate, qualifier: string): V | undefined {
    const hash = this.memo.hashOf(candidate);
    const kept = hash === undefined ? undefined : this.#old.get(entryOf(hash, qualifier));
    if (kept) this.#next.set(entryOf(kept[0], qualifier), kept);
    return kept?.[2];
  }

  /** The value of a file just read (its stamp is recorded with its content's hash). */
  record(candidate: Candidate, file: SourceFile, qualifier: string, value: V): void {
    const hash = this.memo.record(candidate, file);
    const entry = entryOf(hash, qualifier);
    const old = this.#old.get(entry);
    if (!old || !this.kind.same(old[2], value)) this.#changed = true;
    this.#next.set(entry, [hash, qualifier, value]);
  }

  /** Writes the values of the files this scan met (sealed), when any changed. */
  save(): void {
    if (!this.#changed && this.#next.size === this.#old.size) return;
    this.cache.setResult(this.#key, [...this.#next.values()]);
  }
}

function entryOf(hash: string, qualifier: string): string {
  return `${hash}\0${qualifier}`;
}
