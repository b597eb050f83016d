import type { FactCache, KeptResults } from "@uplift/core";

/**
 * The results one scan of a root used, kept together (sealed like every entry) so that the next
 * scan of that root opens two files instead of one per file: the results as they stood when the
 * bundle was last written whole, and those used since that it lacks. A rerun after a few changes
 * writes only the second; the whole is written again once a tenth of it has changed or gone.
 * Entries keep the keys they have on their own, so one that no longer applies is never found.
 *
 * Each part is one file checked whole, and an entry is decoded only when the scan asks for it: a
 * rerun does not hold the whole as objects, and an entry it used unchanged is written again as
 * the bytes it was read from.
 */
export class ResultBundle {
  readonly #whole: KeptResults | undefined;
  readonly #recent: KeptResults | undefined;
  /** What this scan used: the entry's bytes when it came from the bundle unchanged, else the result. */
  readonly #used = new Map<string, unknown>();
  /** The bytes each result this bundle gave was decoded from (held only while the result is). */
  readonly #bytesOf = new WeakMap<object, Buffer>();

  constructor(
    private readonly store: FactCache,
    private readonly root: string,
  ) {
    this.#whole = store.getResults(this.#key("whole"));
    this.#recent = store.getResults(this.#key("recent"));
  }

  /** Entries decoded so far, in both parts. */
  get decoded(): number {
    return (this.#whole?.decoded ?? 0) + (this.#recent?.decoded ?? 0);
  }

  get(key: string): unknown {
    for (const part of [this.#recent, this.#whole]) {
      const result = part?.get(key);
      if (result === undefined) continue;
      if (typeof result === "object" && result !== null) this.#bytesOf.set(result, part!.bytesOf(key)!);
      return result;
    }
    return undefined;
  }

  /** A result this scan used (read or made). */
  use(key: string, result: unknown): void {
    const bytes = typeof result === "object" && result !== null ? this.#bytesOf.get(result) : undefined;
    this.#used.set(key, bytes ?? result);
  }

  save(): void {
    const fresh: Array<[string, unknown]> = [];
    let fromWhole = 0;
    for (const entry of this.#used) {
      if (this.#whole?.has(entry[0])) fromWhole++;
      else fresh.push(entry);
    }
    const gone = (this.#whole?.size ?? 0) - fromWhole;
    if (fresh.length * 10 > this.#used.size || gone * 10 > this.#used.size) {
      this.store.setResults(this.#key("whole"), this.#used);
      if ((this.#recent?.size ?? 0) > 0) this.store.setResults(this.#key("recent"), []);
      return;
    }
    const recent = this.#recent;
    if (fresh.length === (recent?.size ?? 0) && fresh.every(([key]) => recent?.has(key))) return;
    this.store.setResults(this.#key("recent"), fresh);
  }

  #key(part: string): string {
    return `results\0${part}\0${this.root}`;
  }
}
