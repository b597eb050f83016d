import { closeSync, fstatSync, mkdirSync, readdirSync, readSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createHmac } from "node:crypto";
import path from "node:path";
import { threadId } from "node:worker_threads";
import { isIndexEntry, openRegular, seal, unseal } from "./user-cache.js";

/**
 * Cache entries kept together: each thread of a scan gathers the entries it makes and writes them
 * as one pack file every few megabytes and when the scan ends, instead of creating, writing and
 * renaming one file per entry (on the estate of docs/performance.md, creating files was the
 * largest cost of a cold scan with a cache).
 *
 * A pack is its entries one after the other, each sealed on its own with its name inside
 * (`<hmac>\n<name>\n<content>`), then the index of the entries (sealed: their names, offsets and
 * lengths in bytes), then the index's offset as 16 hexadecimal digits and a newline. A pack is
 * untrusted input like any cache file: an index that does not unseal or does not fit the file
 * is no pack, and an entry that does not unseal or names another entry is a miss.
 */
export const PACK_FOLDER = "packs";
const FOOTER_BYTES = 17;
/** A thread writes what it gathered once it holds this much. */
export const FLUSH_BYTES = 8 * 1024 * 1024;
/**
 * Past this many packs, the oldest are removed as a new one is written (a cache only costs
 * speed). A cold scan of the 10,000-file estate writes about ten; a rerun after a change, one.
 */
export const MAX_PACKS = 256;
/** An index lists a few hundred entries of 90 bytes (a pack of the smallest entries, about 80,000). */
const MAX_INDEX_BYTES = 16 * 1024 * 1024;
const MAX_ENTRY_BYTES = 256 * 1024 * 1024;

interface Place {
  file: string;
  offset: number;
  length: number;
}

/**
 * Entries of this thread not written yet, by name; written as one pack by `flush`. Each is held
 * as the bytes it is written as (`<name>\n<content>` in UTF-8), outside the JavaScript heap: an
 * entry waits for megabytes of others, and held as a string it outlived the young generation
 * and was copied by each collection until it was promoted (about a third of what the main
 * thread promoted in a one-thread cold scan of the estate, docs/performance.md).
 */
export class PackWriter {
  readonly #pending = new Map<string, Buffer>();
  #bytes = 0;
  #written = 0;

  constructor(
    private readonly dir: string,
    private readonly key: Buffer,
  ) {}

  get(name: string): string | undefined {
    return this.#pending.get(name)?.toString("utf8", Buffer.byteLength(name) + 1);
  }

  has(name: string): boolean {
    return this.#pending.has(name);
  }

  /** The bytes held, as they will be written (a pack is written once they reach `FLUSH_BYTES`). */
  get bytes(): number {
    return this.#bytes;
  }

  add(name: string, content: string): void {
    if (this.#pending.has(name)) return;
    const body = Buffer.from(`${name}\n${content}`, "utf8");
    this.#pending.set(name, body);
    this.#bytes += body.length;
    if (this.#bytes >= FLUSH_BYTES) this.flush();
  }

  /** Writes the gathered entries as one pack (nothing when there are none). */
  flush(): void {
    if (this.#pending.size === 0) return;
    const entries = [...this.#pending];
    this.#pending.clear();
    this.#bytes = 0;
    try {
      const folder = path.join(this.dir, PACK_FOLDER);
      mkdirSync(folder, { recursive: true });
      const parts: Buffer[] = [];
      const index: Array<[string, number, number]> = [];
      let offset = 0;
      for (const [name, body] of entries) {
        // As `seal` makes it, with the text encoded once (by `add`): `<hmac>\n<name>\n<content>`.
        const mac = Buffer.from(`${createHmac("sha256", this.key).update(body).digest("hex")}\n`, "latin1");
        index.push([name, offset, mac.length + body.length]);
        parts.push(mac, body);
        offset += mac.length + body.length;
      }
      parts.push(Buffer.from(seal(JSON.stringify(index), this.key)));
      parts.push(Buffer.from(`${offset.toString(16).padStart(16, "0")}\n`));
      // Named by time first, so that the oldest sort first; the process and thread keep names apart.
      const name = `${Date.now().toString(36).padStart(9, "0")}-${process.pid}-${threadId}-${this.#written++}.pack`;
      const target = path.join(folder, name);
      const temp = `${target}.tmp`;
      writeFileSync(temp, Buffer.concat(parts), { mode: 0o600 });
      renameSync(temp, target);
      prune(folder);
    } catch {
      // A cache that cannot be written only costs speed.
    }
  }
}

function prune(folder: string): void {
  const packs = readdirSync(folder)
    .filter((n) => n.endsWith(".pack"))
    .sort();
  for (const old of packs.slice(0, Math.max(0, packs.length - MAX_PACKS))) rmSync(path.join(folder, old), { force: true });
}

/** Where each packed entry is, read from every pack's index once, when the first entry is asked for. */
export class PackIndex {
  #places: Map<string, Place> | undefined;

  constructor(
    private readonly dir: string,
    private readonly key: Buffer,
  ) {}

  has(name: string): boolean {
    return this.#load().has(name);
  }

  /** The entry's content, or undefined when it is not packed or does not read back as this user's entry of that name. */
  read(name: string): string | undefined {
    const place = this.#load().get(name);
    if (!place) return undefined;
    const bytes = readRange(place.file, place.offset, place.length);
    const content = bytes === undefined ? undefined : unseal(bytes.toString("utf8"), this.key);
    if (content === undefined || !content.startsWith(`${name}\n`)) {
      // Damaged since it was listed: no longer known, so that it is kept again.
      this.#places?.delete(name);
      return undefined;
    }
    return content.slice(name.length + 1);
  }

  #load(): Map<string, Place> {
    if (this.#places) return this.#places;
    const places = new Map<string, Place>();
    const folder = path.join(this.dir, PACK_FOLDER);
    let names: string[] = [];
    try {
      // The newest only, as many as are kept: a folder stuffed with packs costs no more.
      names = readdirSync(folder)
        .filter((n) => n.endsWith(".pack"))
        .sort()
        .slice(-MAX_PACKS);
    } catch {
      // No pack yet.
    }
    for (const n of names) {
      const file = path.join(folder, n);
      for (const [name, offset, length] of readIndex(file, this.key)) places.set(name, { file, offset, length });
    }
    return (this.#places = places);
  }
}

/** A pack's index, checked against the file's size; nothing when the pack is not one this user wrote whole. */
function readIndex(file: string, key: Buffer): Array<[string, number, number]> {
  const fd = openRegular(file);
  if (fd === undefined) return [];
  try {
    const size = fstatSync(fd).size;
    if (size < FOOTER_BYTES) return [];
    const footer = readAt(fd, size - FOOTER_BYTES, FOOTER_BYTES).toString("latin1");
    if (!/^[0-9a-f]{16}\n$/.test(footer)) return [];
    const at = parseInt(footer.slice(0, 16), 16);
    const indexBytes = size - FOOTER_BYTES - at;
    if (!Number.isSafeInteger(at) || indexBytes <= 0 || indexBytes > MAX_INDEX_BYTES) return [];
    const content = unseal(readAt(fd, at, indexBytes).toString("utf8"), key);
    if (content === undefined) return [];
    const index = JSON.parse(content) as unknown;
    if (!Array.isArray(index)) return [];
    return index.filter((e): e is [string, number, number] => isIndexEntry(e, at) && e[2] > 0 && e[2] <= MAX_ENTRY_BYTES);
  } catch {
    return [];
  } finally {
    closeSync(fd);
  }
}

function readRange(file: string, offset: number, length: number): Buffer | undefined {
  const fd = openRegular(file);
  if (fd === undefined) return undefined;
  try {
    const bytes = readAt(fd, offset, length);
    return bytes.length === length ? bytes : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

function readAt(fd: number, offset: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buffer, got, length - got, offset + got);
    if (n === 0) break;
    got += n;
  }
  return got === length ? buffer : buffer.subarray(0, got);
}
