import { createRequire } from "node:module";

type Fflate = typeof import("fflate");
let fflateModule: Fflate | undefined;
/** fflate is loaded when a scan meets its first archive. */
const fflate = (): Fflate => (fflateModule ??= createRequire(import.meta.url)("fflate") as Fflate);
import type { Candidate, Unanalysed } from "./discover.js";

/** What an archive may hold before the rest of it is refused: a zip bomb stops here. */
export interface ArchiveLimits {
  maxEntries: number;
  /** Uncompressed bytes of the whole archive. */
  maxTotalBytes: number;
  /** Uncompressed bytes of one member. */
  maxEntryBytes: number;
  /** Uncompressed size over compressed size of one member. */
  maxRatio: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxEntries: 20_000,
  maxTotalBytes: 512 * 1024 * 1024,
  maxEntryBytes: 4 * 1024 * 1024,
  maxRatio: 200,
};

export interface ArchiveMember {
  /** `archive.zip!/inner/path`. */
  path: string;
  /** The path inside the archive. */
  inner: string;
  bytes: Uint8Array;
}

export function isArchive(path: string): boolean {
  return /\.zip$/i.test(path);
}

/** A member name that would escape the archive or the scanned root is refused, not normalised. */
function unsafeName(name: string): boolean {
  return (
    name.startsWith("/") || name.startsWith("\\") || /^[A-Za-z]:/.test(name) || name.split(/[\\/]/).includes("..") || name.includes("\0")
  );
}

/**
 * Reads a zip in memory, never to disk. Members are inflated as a stream and counted as they
 * come, so a member that lies about its size is stopped at the limit, not after.
 */
export function readArchive(
  archive: Candidate,
  bytes: Uint8Array,
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
): { members: ArchiveMember[]; unanalysed: Unanalysed[] } {
  const members: ArchiveMember[] = [];
  const unanalysed: Unanalysed[] = [];
  let entries = 0;
  let total = 0;
  let stopped: string | undefined;
  const { Unzip, UnzipInflate, UnzipPassThrough } = fflate();
  const unzip = new Unzip();
  unzip.register(UnzipInflate);
  unzip.register(UnzipPassThrough);
  unzip.onfile = (file) => {
    if (stopped) return;
    const name = file.name;
    if (name.endsWith("/")) return;
    const where = `${archive.path}!/${name.replace(/\\/g, "/")}`;
    if (++entries > limits.maxEntries) {
      stopped = `more than ${limits.maxEntries} members; the rest is not read`;
      return;
    }
    if (unsafeName(name)) {
      unanalysed.push({ file: `${archive.path}!/${name}`, reason: "member name points outside the archive; refused" });
      return;
    }
    if (isArchive(name)) {
      unanalysed.push({ file: where, reason: "archive inside an archive; not opened" });
      return;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    let refused: string | undefined;
    file.ondata = (error, chunk, final) => {
      if (refused) return;
      if (error) {
        refused = `member cannot be inflated (${error.message})`;
        unanalysed.push({ file: where, reason: refused });
        return;
      }
      size += chunk.length;
      total += chunk.length;
      const compressed = file.size ?? 0;
      if (size > limits.maxEntryBytes) refused = `expands past ${limits.maxEntryBytes} bytes; not read`;
      else if (compressed > 0 && size > 1024 * 1024 && size / compressed > limits.maxRatio)
        refused = `compression ratio over ${limits.maxRatio}:1 (a zip bomb?); not read`;
      else if (total > limits.maxTotalBytes) {
        refused = `the archive expands past ${limits.maxTotalBytes} bytes; the rest is not read`;
        stopped = refused;
      }
      if (refused) {
        unanalysed.push({ file: where, reason: refused });
        file.terminate();
        return;
      }
      chunks.push(chunk);
      if (final) members.push({ path: where, inner: name.replace(/\\/g, "/"), bytes: concat(chunks, size) });
    };
    try {
      file.start();
    } catch (error) {
      unanalysed.push({ file: where, reason: `member cannot be read (${(error as Error).message})` });
    }
  };
  try {
    unzip.push(bytes, true);
  } catch (error) {
    unanalysed.push({ file: archive.path, reason: `not a readable zip archive (${(error as Error).message})` });
  }
  if (stopped) unanalysed.push({ file: archive.path, reason: stopped });
  if (entries === 0 && members.length === 0 && unanalysed.length === 0)
    unanalysed.push({ file: archive.path, reason: "empty or not a zip archive" });
  members.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { members, unanalysed };
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
