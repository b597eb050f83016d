import type { FactCache } from "@uplift/core";

/**
 * The results one scan of a root used, kept together (sealed like every entry) so that the next
 * scan of that root opens two files instead of one per file: the results as they stood when the
 * bundle was last written whole, and those used since that it lacks. A rerun after a few changes
 * writes only the second; the whole is written again once a tenth of it has changed or gone.
 * Entries keep the keys they have on their own, so one that no longer applies is never found.
 */
export class ResultBundle {
  readonly #whole = new Map<string, unknown>();
  readonly #recent = new Map<string, unknown>();
  readonly #used = new Map<string, unknown>();

  constructor(
    private readonly store: FactCache,
    private readonly root: string,
  ) {
    read(store.getResult(this.#key("whole")), this.#whole);
    read(store.getResult(this.#key("recent")), this.#recent);
  }

  get(key: string): unknown {
    return this.#recent.get(key) ?? this.#whole.get(key);
  }

  /** A result this scan used (read or made). */
  use(key: string, result: unknown): void {
    this.#used.set(key, result);
  }

  save(): void {
    const fresh: Array<[string, unknown]> = [];
    let fromWhole = 0;
    for (const entry of this.#used) {
      if (this.#whole.has(entry[0])) fromWhole++;
      else fresh.push(entry);
    }
    const gone = this.#whole.size - fromWhole;
    if (fresh.length * 10 > this.#used.size || gone * 10 > this.#used.size) {
      this.store.setResult(this.#key("whole"), [...this.#used]);
      if (this.#recent.size > 0) this.store.setResult(this.#key("recent"), []);
      return;
    }
    if (fresh.length === this.#recent.size && fresh.every(([key]) => this.#recent.has(key))) return;
    this.store.setResult(this.#key("recent"), fresh);
  }

  #key(part: string): string {
    return `results\0${part}\0${this.root}`;
  }
}

function read(stored: unknown, into: Map<string, unknown>): void {
  if (!Array.isArray(stored)) return;
  for (const e of stored as unknown[]) if (Array.isArray(e) && e.length === 2 && typeof e[0] === "string") into.set(e[0], e[1]);
}
