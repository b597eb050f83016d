import { createHmac, timingSafeEqual } from "node:crypto";
import { closeSync, fstatSync, readFileSync } from "node:fs";
import { isIndexEntry, openRegular } from "./user-cache.js";

/** A file of kept results is read whole: past this size it is not one this tool wrote. */
const MAX_BYTES = 256 * 1024 * 1024;

/**
 * Results kept together in one file (the results a scan of a root used, `FactCache.getResults`):
 * `<hmac>\n<index>\n<entries>`, where the HMAC (the user's key, as every cache entry) covers
 * everything after its line, the index lists each entry's name, offset and length in bytes, and
 * each entry is a result as JSON. The file is checked whole when it is read, as a sealed entry
 * is: one byte altered and none of it is trusted. Each entry is decoded only when it is asked
 * for, so that a scan does not hold every result as objects, and an entry used unchanged can be
 * written again as the bytes it was read from.
 */
export class KeptResults {
  /** Entries decoded so far (a scan decodes those it asks for). */
  decoded = 0;
  readonly #places = new Map<string, [number, number]>();

  private constructor(
    private readonly entries: Buffer,
    index: ReadonlyArray<[string, number, number]>,
  ) {
    for (const [name, offset, length] of index) this.#places.set(name, [offset, length]);
  }

  /** The results kept in this file, or undefined when there are none this user wrote whole. */
  static read(file: string, key: Buffer): KeptResults | undefined {
    const fd = openRegular(file);
    if (fd === undefined) return undefined;
    let bytes: Buffer;
    try {
      if (fstatSync(fd).size > MAX_BYTES) return undefined;
      bytes = readFileSync(fd);
    } catch {
      return undefined;
    } finally {
      closeSync(fd);
    }
    if (bytes.length < 66 || bytes[64] !== 0x0a) return undefined;
    const given = Buffer.from(bytes.toString("latin1", 0, 64), "hex");
    const expected = createHmac("sha256", key).update(bytes.subarray(65)).digest();
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const end = bytes.indexOf(0x0a, 65);
    if (end < 0) return undefined;
    const entries = bytes.subarray(end + 1);
    try {
      const index = JSON.parse(bytes.toString("utf8", 65, end)) as unknown;
      if (!Array.isArray(index)) return undefined;
      const fits = (e: unknown): e is [string, number, number] => isIndexEntry(e, entries.length);
      return index.every(fits) ? new KeptResults(entries, index) : undefined;
    } catch {
      return undefined;
    }
  }

  get size(): number {
    return this.#places.size;
  }

  has(name: string): boolean {
    return this.#places.has(name);
  }

  /** The result kept under this name, or undefined when there is none (or it does not decode). */
  get(name: string): unknown {
    const bytes = this.bytesOf(name);
    if (bytes === undefined) return undefined;
    this.decoded++;
    try {
      return JSON.parse(bytes.toString("utf8")) as unknown;
    } catch {
      return undefined;
    }
  }

  /** An entry's bytes as kept: written again as they are when the result is used unchanged. */
  bytesOf(name: string): Buffer | undefined {
    const place = this.#places.get(name);
    return place && this.entries.subarray(place[0], place[0] + place[1]);
  }
}

/** The bytes of a file of kept results: each entry a result (encoded as JSON) or the bytes it was read from. */
export function keptResultsBytes(entries: Iterable<readonly [string, unknown]>, key: Buffer): Buffer {
  const index: Array<[string, number, number]> = [];
  const parts: Buffer[] = [];
  let offset = 0;
  for (const [name, result] of entries) {
    const bytes = Buffer.isBuffer(result) ? result : Buffer.from(JSON.stringify(result), "utf8");
    index.push([name, offset, bytes.length]);
    parts.push(bytes);
    offset += bytes.length;
  }
  const body = Buffer.concat([Buffer.from(`${JSON.stringify(index)}\n`, "utf8"), ...parts]);
  const mac = createHmac("sha256", key).update(body).digest("hex");
  return Buffer.concat([Buffer.from(`${mac}\n`, "latin1"), body]);
}
