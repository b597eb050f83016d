import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { crc32, inflateRawSync } from "node:zlib";
import type { Unanalysed } from "./discover.js";
import {
  CENTRAL_ENTRY,
  findEndRecord,
  localDataOffset,
  parseCentralDirectory,
  readDataDescriptor,
  readLocalHeader,
  signatureAt,
  type ZipEntry,
} from "./zip-format.js";

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

/** A member found in an archive's directory; its bytes are read only when it is scanned. */
export interface ArchiveMember {
  /** `archive.zip!/inner/path`. */
  path: string;
  /** The path inside the archive. */
  inner: string;
  entry: ZipEntry;
}

export interface ArchiveListing {
  members: ArchiveMember[];
  unanalysed: Unanalysed[];
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

/** How a refused name is shown: no empty, `.` or `..` segment survives, so no reader resolves it anywhere. */
export function neutralName(name: string): string {
  const segments = name
    .replace(/\\/g, "/")
    .split("/")
    .filter((s) => s !== "" && s !== ".")
    .map((s) => (s === ".." ? "%2E%2E" : s.replace(/\0/g, "%00").replace(/^([A-Za-z]):$/, "$1%3A")));
  return segments.join("/") || "%2F";
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });
const LATIN1 = new TextDecoder("latin1");

function decodeName(raw: Uint8Array): string {
  try {
    return UTF8.decode(raw);
  } catch {
    return LATIN1.decode(raw);
  }
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/**
 * Lists the members of a zip without inflating any: from its central directory, or, when the
 * archive is cut off before it, by walking its local headers (and saying that what followed is
 * lost). Every member that will not be read is listed with the reason: encrypted, an unknown
 * compression, over a limit, an unsafe name, a link, a nested archive, a duplicate.
 */
export function listArchive(archivePath: string, absolute: string, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): ArchiveListing {
  const unanalysed: Unanalysed[] = [];
  let fd: number;
  try {
    fd = openSync(absolute, "r");
  } catch (error) {
    return { members: [], unanalysed: [{ file: archivePath, reason: `unreadable (${(error as NodeJS.ErrnoException).code ?? "error"})` }] };
  }
  try {
    const size = fstatSync(fd).size;
    const readAt = (offset: number, length: number): Uint8Array => readRange(fd, offset, length);
    const tailOffset = Math.max(0, size - (0xffff + 22));
    const end = findEndRecord(readAt(tailOffset, size - tailOffset), tailOffset, readAt);
    let entries: ZipEntry[] | undefined;
    if (end && end.directorySize <= 64 * 1024 * 1024) {
      const directory = parseCentralDirectory(readAt(end.directoryOffset, end.directorySize), end.entries, limits.maxEntries);
      if (directory.complete) entries = directory.entries;
    }
    if (!entries) {
      const walked = walkLocalHeaders(readAt(0, size), limits);
      entries = walked.entries;
      if (walked.lost) unanalysed.push({ file: archivePath, reason: walked.lost });
    }
    if (entries.length === 0 && unanalysed.length === 0) unanalysed.push({ file: archivePath, reason: "empty or not a zip archive" });
    return { members: admit(archivePath, entries, limits, unanalysed), unanalysed };
  } catch (error) {
    unanalysed.push({ file: archivePath, reason: `not a readable zip archive (${(error as Error).message})` });
    return { members: [], unanalysed };
  } finally {
    closeSync(fd);
  }
}

/** Decides, member by member, what will be read, in the archive's own order. */
function admit(archivePath: string, entries: readonly ZipEntry[], limits: ArchiveLimits, unanalysed: Unanalysed[]): ArchiveMember[] {
  const members: ArchiveMember[] = [];
  const seen = new Set<string>();
  let files = 0;
  let total = 0;
  for (const entry of entries) {
    const name = decodeName(entry.rawName);
    if (name.endsWith("/") || name.endsWith("\\")) continue;
    if (unsafeName(name)) {
      unanalysed.push({
        file: `${archivePath}!/${neutralName(name)}`,
        reason: `member name ${JSON.stringify(name)} points outside the archive; refused`,
      });
      continue;
    }
    const inner = name.replace(/\\/g, "/");
    const where = `${archivePath}!/${inner}`;
    if (++files > limits.maxEntries) {
      unanalysed.push({ file: archivePath, reason: `more than ${limits.maxEntries} members; the rest is not read` });
      break;
    }
    const refused = refusal(entry, inner, limits);
    if (refused) {
      unanalysed.push({ file: where, reason: refused });
      continue;
    }
    if (seen.has(where)) {
      unanalysed.push({ file: where, reason: "appears twice in the archive; only the first copy is read" });
      continue;
    }
    seen.add(where);
    total += entry.size;
    if (total > limits.maxTotalBytes) {
      unanalysed.push({ file: archivePath, reason: `the archive expands past ${limits.maxTotalBytes} bytes; the rest is not read` });
      break;
    }
    members.push({ path: where, inner, entry });
  }
  return members.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function refusal(entry: ZipEntry, inner: string, limits: ArchiveLimits): string | undefined {
  if (entry.unixMode !== undefined && (entry.unixMode & S_IFMT) === S_IFLNK) return "symbolic link, not followed";
  if (isArchive(inner)) return "archive inside an archive; not opened";
  if (entry.flags & 0x1) return "encrypted member; not read";
  if (entry.method !== 0 && entry.method !== 8) return `compressed with method ${entry.method}, which Uplift does not read`;
  if (entry.size > limits.maxEntryBytes) return `expands past ${limits.maxEntryBytes} bytes; not read`;
  if (entry.size > 1024 * 1024 && entry.size / Math.max(1, entry.compressedSize) > limits.maxRatio)
    return `compression ratio over ${limits.maxRatio}:1 (a zip bomb?); not read`;
  return undefined;
}

/**
 * Finds the members of an archive with no readable central directory by walking its local
 * headers. A member whose sizes only follow its data is inflated (within the limits) to find
 * where it ends. What comes after the last readable member is lost, and said to be.
 */
function walkLocalHeaders(bytes: Uint8Array, limits: ArchiveLimits): { entries: ZipEntry[]; lost?: string } {
  const entries: ZipEntry[] = [];
  let at = 0;
  const lostAfter = (why: string): { entries: ZipEntry[]; lost: string } => {
    const after = entries.length === 0 ? "" : ` after ${entries.length} ${entries.length === 1 ? "member" : "members"}`;
    return { entries, lost: `${why}${after}; anything after that is not read` };
  };
  if (bytes.length === 0) return { entries, lost: "empty file, not a zip archive" };
  while (entries.length <= limits.maxEntries) {
    const signature = signatureAt(bytes, at);
    if (signature === CENTRAL_ENTRY) return { entries };
    if (signature === undefined && at === bytes.length) return lostAfter("the archive is cut off (it has no central directory)");
    const header = readLocalHeader(bytes, at);
    if (!header && entries.length === 0) return { entries, lost: "not a zip archive, or cut off before its first member" };
    if (!header) return lostAfter("the archive is cut off or damaged");
    let dataEnd = header.dataOffset + header.compressedSize;
    if (header.flags & 0x8) {
      const consumed = deflatedLength(bytes, header, limits);
      if (consumed === undefined) return lostAfter(`member ${decodeName(header.rawName)} cannot be followed to its end`);
      dataEnd = header.dataOffset + consumed;
      const descriptor = readDataDescriptor(bytes, dataEnd, header.size === 0xffffffff || header.compressedSize === 0xffffffff);
      if (!descriptor) return lostAfter("the archive is cut off");
      Object.assign(header, { crc: descriptor.crc, compressedSize: consumed, size: descriptor.size });
      dataEnd = descriptor.end;
    } else if (dataEnd > bytes.length) {
      entries.push(header);
      return lostAfter("the archive is cut off");
    }
    entries.push(header);
    at = dataEnd;
  }
  return { entries };
}

/** How many compressed bytes a deflated member takes, found by inflating it (bounded). */
function deflatedLength(bytes: Uint8Array, header: ZipEntry & { dataOffset: number }, limits: ArchiveLimits): number | undefined {
  if (header.method !== 8 || header.flags & 0x1) return undefined;
  try {
    const { engine } = inflateRawSync(bytes.subarray(header.dataOffset), {
      info: true,
      maxOutputLength: limits.maxEntryBytes + 1,
    }) as unknown as {
      engine: { bytesWritten: number };
    };
    return engine.bytesWritten;
  } catch {
    return undefined;
  }
}

export type MemberRead = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

/**
 * Reads and inflates one member. The inflater stops as soon as the output passes the member's
 * declared size, so a member that lies about its size costs no more than the size it declared
 * (itself within the limits); the CRC is checked.
 */
export function readMember(absolute: string, entry: ZipEntry): MemberRead {
  let fd: number;
  try {
    fd = openSync(absolute, "r");
  } catch (error) {
    return { ok: false, reason: `unreadable (${(error as NodeJS.ErrnoException).code ?? "error"})` };
  }
  try {
    let dataOffset = entry.dataOffset;
    if (dataOffset === undefined) {
      const header = readRange(fd, entry.localOffset, 30);
      const length = localDataOffset(header);
      if (length === undefined) return { ok: false, reason: "damaged member (no local header where the directory says); not read" };
      dataOffset = entry.localOffset + length;
    }
    const compressed = readRange(fd, dataOffset, entry.compressedSize);
    if (compressed.length < entry.compressedSize) return { ok: false, reason: "member is cut off (the archive is truncated); not read" };
    let bytes: Uint8Array;
    if (entry.method === 0) bytes = compressed;
    else {
      try {
        bytes = inflateRawSync(compressed, { maxOutputLength: Math.max(1, entry.size) });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return {
          ok: false,
          reason:
            code === "ERR_BUFFER_TOO_LARGE"
              ? "expands past its declared size (a zip bomb?); not read"
              : `member cannot be inflated (${(error as Error).message}); not read`,
        };
      }
    }
    if (bytes.length !== entry.size)
      return { ok: false, reason: `damaged member (${bytes.length} bytes where ${entry.size} are declared); not read` };
    if (crc32(bytes) >>> 0 !== entry.crc) return { ok: false, reason: "damaged member (its checksum does not match); not read" };
    return { ok: true, bytes };
  } catch (error) {
    return { ok: false, reason: `member cannot be read (${(error as Error).message})` };
  } finally {
    closeSync(fd);
  }
}

function readRange(fd: number, offset: number, length: number): Uint8Array {
  const out = new Uint8Array(Math.max(0, length));
  let done = 0;
  while (done < out.length) {
    const n = readSync(fd, out, done, out.length - done, offset + done);
    if (n === 0) break;
    done += n;
  }
  return done === out.length ? out : out.subarray(0, done);
}
