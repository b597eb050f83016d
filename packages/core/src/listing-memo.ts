import type { FactCache } from "./cache.js";

/** A change this recent may share its folder's stamp with the next one (a clock tick): such a folder is listed again next time. */
const RACY_MS = 2000;

/** An entry's kind as its folder's listing gave it: folder, regular file, symbolic link, or unknown (`lstat` decides). */
export type ListedKind = "d" | "f" | "l" | "u";

/** One folder as a walk listed it: its entries (sorted by their bytes) and which of them the ignore rules then in force left out. */
export interface KeptListing {
  /** The folder's own stamp (modification and change times, inode, device) when it was listed. */
  stamp: string;
  /** What the ignore files of the folder and its parents said (`IgnoreRules` are read fresh on every walk). */
  ignoreKey: string;
  names: string[];
  /** One letter per entry (`ListedKind`). */
  kinds: string;
  /** Indexes of the entries the ignore rules left out under `ignoreKey`. */
  ignored: number[];
}

/** One folder as kept: its names joined by `/` (which no name holds), its ignore key by its index in the table of keys. */
type StoredFolder = [rel: string, stamp: string, ignoreKey: number, names: string, kinds: string, ignored: number[]];

/** Every folder's listing; the ignore keys once each (most folders share their parent's). */
interface Stored {
  keys: string[];
  folders: StoredFolder[];
}

/**
 * The listing of each folder by its stamp, kept sealed in the fact cache: a folder's modification
 * time changes whenever an entry is added, removed or renamed in it (not when a file's content
 * changes; files keep stamps of their own), so a folder whose stamp is unchanged need not be read
 * again, nor its entries matched against the ignore rules when those did not change. A folder
 * changed within a moment of being listed is not kept. What is read back is checked entry by
 * entry: an entry that does not look like a listing is ignored (the folder is listed again).
 */
export class ListingMemo {
  readonly #next = new Map<string, KeptListing>();
  #changed = false;

  private constructor(
    private readonly cache: FactCache,
    private readonly key: string,
    private readonly old: ReadonlyMap<string, KeptListing>,
  ) {}

  /** The listings of the walks of one root. */
  static load(cache: FactCache, root: string): ListingMemo {
    const key = `listings\0${root}`;
    const stored = cache.getResult(key) as Partial<Stored> | undefined;
    const old = new Map<string, KeptListing>();
    const keys = stored?.keys;
    if (Array.isArray(keys) && keys.every((k) => typeof k === "string") && Array.isArray(stored!.folders)) {
      for (const e of stored!.folders as unknown[]) {
        const listing = readStored(e, keys);
        if (listing) old.set(listing[0], listing[1]);
      }
    }
    return new ListingMemo(cache, key, old);
  }

  /** The folder's listing when its stamp is as kept (and it is then kept for the next walk). */
  get(rel: string, stamp: string): KeptListing | undefined {
    const kept = this.old.get(rel);
    return kept?.stamp === stamp ? kept : undefined;
  }

  /** A folder as this walk listed it (or took it from `get`), kept unless it changed a moment ago. */
  keep(rel: string, listing: KeptListing, mtimeMs: number): void {
    if (!(Date.now() - mtimeMs > RACY_MS)) {
      this.#changed ||= this.old.has(rel);
      return;
    }
    this.#next.set(rel, listing);
    const before = this.old.get(rel);
    if (
      before?.stamp !== listing.stamp ||
      before.ignoreKey !== listing.ignoreKey ||
      before.ignored.length !== listing.ignored.length ||
      before.ignored.some((i, n) => listing.ignored[n] !== i)
    )
      this.#changed = true;
  }

  /** Writes the listings of the folders this walk met (sealed), when any changed. */
  save(): void {
    if (!this.#changed && this.#next.size === this.old.size) return;
    const keys = new Map<string, number>();
    const folders = [...this.#next].map(([rel, l]): StoredFolder => {
      let k = keys.get(l.ignoreKey);
      if (k === undefined) keys.set(l.ignoreKey, (k = keys.size));
      return [rel, l.stamp, k, l.names.join("/"), l.kinds, l.ignored];
    });
    const stored: Stored = { keys: [...keys.keys()], folders };
    this.cache.setResult(this.key, stored);
  }
}

function readStored(e: unknown, keys: readonly string[]): [string, KeptListing] | undefined {
  if (!Array.isArray(e) || e.length !== 6) return undefined;
  const [rel, stamp, k, joined, kinds, ignored] = e as unknown[];
  if (typeof rel !== "string" || typeof stamp !== "string" || typeof joined !== "string" || typeof kinds !== "string") return undefined;
  if (typeof k !== "number" || keys[k] === undefined) return undefined;
  // Every name at once, on the joined text: none empty, none `.` or `..`, no NUL (a name holds no `/`).
  if (joined !== "" && NOT_NAMES.test(joined)) return undefined;
  const names = joined === "" ? [] : joined.split("/");
  if (names.length !== kinds.length || !/^[dflu]*$/.test(kinds)) return undefined;
  if (!Array.isArray(ignored) || !ignored.every((i) => Number.isInteger(i) && i >= 0 && i < names.length)) return undefined;
  return [rel, { stamp, ignoreKey: keys[k], names, kinds, ignored: ignored as number[] }];
}

/** Names joined by `/` of which one is not a name: empty, a step (`.`, `..`), or holding a NUL. */
const NOT_NAMES = /(?:^|\/)\.{0,2}(?:\/|$)|\0/;
