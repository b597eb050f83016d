import { hash } from "node:crypto";
import type { FactCache } from "./cache.js";
import type { Candidate } from "./discover.js";

/** A change this recent may share its stamp with the next one (a clock tick): such files are hashed again next time. */
const RACY_MS = 2000;

type Entry = [stamp: string, hash: string];

/**
 * The content hash of each file by its stamp (size, times, inode: `stampOf`), kept sealed in the
 * fact cache as git keeps its index: a file whose stamp is unchanged need not be read to know its
 * content. A stamp recorded within a moment of the file's last change is not kept, so that two
 * changes within one tick of the clock cannot hide the second.
 */
export class StampMemo {
  readonly #next = new Map<string, Entry>();
  #changed = false;

  private constructor(
    private readonly cache: FactCache,
    private readonly key: string,
    private readonly old: ReadonlyMap<string, Entry>,
  ) {}

  /** The memo of the scans of one root. */
  static load(cache: FactCache, root: string): StampMemo {
    const key = `stamps\0${root}`;
    const stored = cache.getResult(key);
    const old = new Map<string, Entry>();
    if (Array.isArray(stored)) {
      for (const e of stored as unknown[]) {
        if (Array.isArray(e) && e.length === 3 && e.every((x) => typeof x === "string"))
          old.set(e[0] as string, [e[1] as string, e[2] as string]);
      }
    }
    return new StampMemo(cache, key, old);
  }

  /** Whether the file's content is known by its stamp. */
  knows(candidate: Candidate): boolean {
    return candidate.stamp !== undefined && this.old.get(fileOf(candidate))?.[0] === candidate.stamp;
  }

  /** The file's content hash when its stamp is as recorded (and it is then kept for the next scan). */
  hashOf(candidate: Candidate): string | undefined {
    if (!this.knows(candidate)) return undefined;
    const entry = this.old.get(fileOf(candidate))!;
    this.#next.set(fileOf(candidate), entry);
    return entry[1];
  }

  /** The content hash of a file just read, recorded under its stamp unless it changed a moment ago. */
  record(candidate: Candidate, text: string): string {
    const hash = contentHash(text);
    const stamp = candidate.stamp;
    if (stamp !== undefined) {
      // An archive's member is stamped by its archive's stamp (which comes first) and its place in it.
      const mtime = Number(stamp.split(":")[1]);
      if (Number.isFinite(mtime) && Date.now() - mtime > RACY_MS) {
        this.#next.set(fileOf(candidate), [stamp, hash]);
        if (this.old.get(fileOf(candidate))?.[0] !== stamp) this.#changed = true;
      }
    }
    return hash;
  }

  /** Writes the stamps of the files this scan met (sealed), when any changed. */
  save(): void {
    if (!this.#changed && this.#next.size === this.old.size) return;
    this.cache.setResult(
      this.key,
      [...this.#next].map(([file, [stamp, hash]]) => [file, stamp, hash]),
    );
  }
}

/** Where a candidate's content is: its file, or its archive and its name in it. */
function fileOf(candidate: Candidate): string {
  return candidate.member ? `${candidate.absolute}!/${candidate.path}` : candidate.absolute;
}

/** What a file's result is keyed by: its decoded text, hashed. */
export function contentHash(text: string): string {
  return hash("sha256", text, "hex");
}
