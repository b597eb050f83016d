/**
 * The records of the zip format (PKWARE APPNOTE 6.3): the end of central directory (and its zip64
 * form), central directory entries and local headers. Reading only: every offset and length is
 * checked against the bytes at hand, so a damaged archive gives `undefined`, never an exception.
 */
export const LOCAL_HEADER = 0x04034b50;
export const CENTRAL_ENTRY = 0x02014b50;
const END_OF_CENTRAL = 0x06054b50;
const ZIP64_END = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
export const DATA_DESCRIPTOR = 0x08074b50;

/** A member as the central directory (or, in a cut-off archive, its local header) describes it. */
export interface ZipEntry {
  /** Raw name bytes, decoded later. */
  rawName: Uint8Array;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** Offset of its local header in the archive. */
  localOffset: number;
  /** Offset of its compressed data, once known (a local header was read). */
  dataOffset?: number;
  /** Upper 16 bits of the external attributes when made on Unix: the file mode. */
  unixMode?: number;
}

export interface CentralDirectory {
  entries: ZipEntry[];
  /** Whether every entry the end record announces was read (or the file limit was reached first). */
  complete: boolean;
}

export interface EndRecord {
  entries: number;
  directorySize: number;
  directoryOffset: number;
}

const u16 = (b: Uint8Array, at: number): number => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number): number => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
/** A 64-bit field, as long as it fits a double exactly; larger is as good as damaged here. */
const u64 = (b: Uint8Array, at: number): number => u32(b, at) + u32(b, at + 4) * 0x1_0000_0000;

export function signatureAt(b: Uint8Array, at: number): number | undefined {
  return at >= 0 && at + 4 <= b.length ? u32(b, at) : undefined;
}

/**
 * Finds the end record in the archive's tail (the last 64 KiB and 22 bytes, `tailOffset` being
 * where `tail` starts in the file). A zip64 archive's real counts come from its zip64 record.
 */
export function findEndRecord(
  tail: Uint8Array,
  tailOffset: number,
  readAt: (offset: number, length: number) => Uint8Array,
): EndRecord | undefined {
  for (let at = tail.length - 22; at >= 0; at--) {
    if (u32(tail, at) !== END_OF_CENTRAL) continue;
    if (at + 22 + u16(tail, at + 20) > tail.length) continue;
    let record: EndRecord = { entries: u16(tail, at + 10), directorySize: u32(tail, at + 12), directoryOffset: u32(tail, at + 16) };
    if (at >= 20 && u32(tail, at - 20) === ZIP64_LOCATOR) {
      const zip64At = u64(tail, at - 12);
      const zip64 = readAt(zip64At, 56);
      if (zip64.length === 56 && u32(zip64, 0) === ZIP64_END) {
        record = { entries: u64(zip64, 32), directorySize: u64(zip64, 40), directoryOffset: u64(zip64, 48) };
      }
    }
    if (record.directoryOffset + record.directorySize > tailOffset + at) return undefined;
    return record;
  }
  return undefined;
}

/** Parses the central directory, up to one file past `maxFiles`; stops at the first entry that does not read. */
export function parseCentralDirectory(directory: Uint8Array, announced: number, maxFiles: number): CentralDirectory {
  const entries: ZipEntry[] = [];
  let files = 0;
  let at = 0;
  while (entries.length < announced) {
    if (at + 46 > directory.length || u32(directory, at) !== CENTRAL_ENTRY) return { entries, complete: false };
    const nameLength = u16(directory, at + 28);
    const extraLength = u16(directory, at + 30);
    const commentLength = u16(directory, at + 32);
    const end = at + 46 + nameLength + extraLength + commentLength;
    if (end > directory.length) return { entries, complete: false };
    const entry: ZipEntry = {
      rawName: directory.subarray(at + 46, at + 46 + nameLength),
      flags: u16(directory, at + 8),
      method: u16(directory, at + 10),
      crc: u32(directory, at + 16),
      compressedSize: u32(directory, at + 20),
      size: u32(directory, at + 24),
      localOffset: u32(directory, at + 42),
    };
    if (directory[at + 5] === 3) entry.unixMode = u16(directory, at + 40);
    applyZip64(entry, directory.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength));
    entries.push(entry);
    at = end;
    if (directory[at - extraLength - commentLength - 1] !== 0x2f && ++files > maxFiles) break;
  }
  return { entries, complete: true };
}

/** Sizes and offsets that did not fit 32 bits are in the zip64 extra field, in this order. */
function applyZip64(entry: ZipEntry, extra: Uint8Array): void {
  const FULL = 0xffffffff;
  if (entry.size !== FULL && entry.compressedSize !== FULL && entry.localOffset !== FULL) return;
  for (let at = 0; at + 4 <= extra.length;) {
    const id = u16(extra, at);
    const length = u16(extra, at + 2);
    if (id === 0x0001) {
      let field = at + 4;
      const next = (): number | undefined => {
        if (field + 8 > at + 4 + length || field + 8 > extra.length) return undefined;
        const value = u64(extra, field);
        field += 8;
        return value;
      };
      if (entry.size === FULL) entry.size = next() ?? FULL;
      if (entry.compressedSize === FULL) entry.compressedSize = next() ?? FULL;
      if (entry.localOffset === FULL) entry.localOffset = next() ?? FULL;
      return;
    }
    at += 4 + length;
  }
}

/** The local header at `at`: where its data starts, and what it says (for archives without a directory). */
export function readLocalHeader(b: Uint8Array, at: number): (ZipEntry & { dataOffset: number }) | undefined {
  if (at + 30 > b.length || u32(b, at) !== LOCAL_HEADER) return undefined;
  const nameLength = u16(b, at + 26);
  const extraLength = u16(b, at + 28);
  const dataOffset = at + 30 + nameLength + extraLength;
  if (dataOffset > b.length) return undefined;
  const entry = {
    rawName: b.subarray(at + 30, at + 30 + nameLength),
    flags: u16(b, at + 6),
    method: u16(b, at + 8),
    crc: u32(b, at + 14),
    compressedSize: u32(b, at + 18),
    size: u32(b, at + 22),
    localOffset: at,
    dataOffset,
  };
  applyZip64(entry, b.subarray(at + 30 + nameLength, dataOffset));
  return entry;
}

/** A data descriptor after a member's data: its CRC and sizes, and where the next record starts. */
export function readDataDescriptor(
  b: Uint8Array,
  at: number,
  zip64: boolean,
): { crc: number; compressedSize: number; size: number; end: number } | undefined {
  const signed = signatureAt(b, at) === DATA_DESCRIPTOR ? 4 : 0;
  const fields = at + signed;
  const length = zip64 ? 20 : 12;
  if (fields + length > b.length) return undefined;
  return zip64
    ? { crc: u32(b, fields), compressedSize: u64(b, fields + 4), size: u64(b, fields + 12), end: fields + 20 }
    : { crc: u32(b, fields), compressedSize: u32(b, fields + 4), size: u32(b, fields + 8), end: fields + 12 };
}

export function localDataOffset(header: Uint8Array): number | undefined {
  if (header.length < 30 || u32(header, 0) !== LOCAL_HEADER) return undefined;
  return 30 + u16(header, 26) + u16(header, 28);
}
