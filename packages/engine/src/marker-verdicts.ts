import type { Candidate, FactCache, SourceFile, StampMemo } from "@uplift/core";

/** One kept verdict: the marker's content hash, its adapter and what its rule requires, and whether it held. */
type StoredVerdict = [hash: string, language: string, required: string, holds: boolean];

const HASH = /^[0-9a-f]{64}$/;

/**
 * Whether a file with a common name (an `index.html`, a `hooks.py`) holds what its rule requires
 * to mark a project, kept by the file's content and found again by its stamp (`StampMemo`): a
 * rerun does not read a page it knows holds no UI5 bootstrap. Kept sealed in the fact cache, one
 * entry per scanned root, for the files the last scan met; an entry that does not read back as
 * verdicts is a miss, and a file whose stamp changed is read again.
 */
export class MarkerVerdicts {
  readonly #next = new Map<string, StoredVerdict>();
  #changed = false;

  private constructor(
    private readonly cache: FactCache,
    private readonly memo: StampMemo,
    private readonly key: string,
    private readonly old: ReadonlyMap<string, StoredVerdict>,
  ) {}

  static load(cache: FactCache, memo: StampMemo, root: string): MarkerVerdicts {
    const key = `marker-verdicts\0${root}`;
    const stored = cache.getResult(key);
    const old = new Map<string, StoredVerdict>();
    if (Array.isArray(stored)) {
      for (const e of stored as unknown[]) {
        if (!Array.isArray(e) || e.length !== 4) continue;
        const [hash, language, required, holds] = e as unknown[];
        if (typeof hash !== "string" || !HASH.test(hash) || typeof language !== "string" || typeof required !== "string") continue;
        if (typeof holds !== "boolean") continue;
        old.set(entryOf(hash, language, required), [hash, language, required, holds]);
      }
    }
    return new MarkerVerdicts(cache, memo, key, old);
  }

  /** The verdict kept for the file's content, when its stamp says it is unchanged. */
  known(candidate: Candidate, language: string, required: string): boolean | undefined {
    const hash = this.memo.hashOf(candidate);
    const kept = hash === undefined ? undefined : this.old.get(entryOf(hash, language, required));
    if (kept) this.#next.set(entryOf(hash!, language, required), kept);
    return kept?.[3];
  }

  /** The verdict on a file just read (its stamp is recorded with its content's hash). */
  record(candidate: Candidate, file: SourceFile, language: string, required: string, holds: boolean): void {
    const hash = this.memo.record(candidate, file);
    const entry = entryOf(hash, language, required);
    if (this.old.get(entry)?.[3] !== holds) this.#changed = true;
    this.#next.set(entry, [hash, language, required, holds]);
  }

  /** Writes the verdicts on the files this scan met (sealed), when any changed. */
  save(): void {
    if (!this.#changed && this.#next.size === this.old.size) return;
    this.cache.setResult(this.key, [...this.#next.values()]);
  }
}

function entryOf(hash: string, language: string, required: string): string {
  return `${hash}\0${language}\0${required}`;
}
