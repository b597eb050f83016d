import { createHash } from "node:crypto";
import { lstatSync, readdirSync, statSync, type Stats } from "node:fs";
import path from "node:path";
import { IGNORE_FILES, IgnoreRules } from "./ignore-files.js";
import type { ListedKind, ListingMemo } from "./listing-memo.js";
import { readRegularFileSync } from "./read-file.js";
import { UNANALYSED_REASONS } from "./relevance.js";

export interface WalkedFile {
  /** POSIX path relative to the root. */
  path: string;
  absolute: string;
  size: number;
  /** Size, times and inode as listed (see `stampOf`). */
  stamp?: string;
}

/**
 * What changes whenever a file's content can have changed (as git's index keeps it): size,
 * modification and change times, inode and device. Equal stamps let a scan trust a content hash it
 * recorded instead of reading the file again.
 */
export function stampOf(stats: Stats): string {
  return `${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}:${stats.ino}:${stats.dev}`;
}

export interface Walk {
  files: WalkedFile[];
  /** Everything met that is not a regular file or a folder, or cannot be read, with the reason. */
  skipped: Array<{ file: string; reason: string }>;
}

/** Folders of version control: never entered, never listed. */
const VERSION_CONTROL = new Set([".git", ".hg", ".svn"]);
/** Installed dependencies: not the customer's code; listed, not entered. */
const DEPENDENCIES = "node_modules";

const UTF8 = new TextDecoder("utf-8", { fatal: true });
const MAX_IGNORE_FILE_BYTES = 1024 * 1024;

/** How a walk may spare work: a memo of folder listings, and which files need their size and stamp. */
export interface WalkOptions {
  /** Folders not entered (relative to the root). */
  skipFolder?: (rel: string) => boolean;
  /** Listings kept from the last walk of this root: a folder whose stamp is unchanged is not read again. */
  listings?: ListingMemo;
  /**
   * Whether a regular file needs its size and stamp (`lstat`), by its path and its name (the
   * path's last segment); by default every file. A file that is never read (an image, by its
   * name) is listed as a file without them.
   */
  needsStat?: (rel: string, name: string) => boolean;
}

/** One entry of a folder: its name as bytes (none when the text is exactly the bytes) and as text, and its kind as the listing gave it. */
interface Listed {
  raw: Buffer | undefined;
  name: { ok: boolean; text: string };
  kind: ListedKind;
}

/**
 * A path on disk: text while every name in it is exactly its UTF-8 text (nearly always; no
 * buffer is made per entry), bytes once a name is not.
 */
type DiskPath = string | Buffer;

function childOf(folder: DiskPath, entry: Listed): DiskPath {
  if (typeof folder === "string" && entry.raw === undefined) return `${folder}${path.sep}${entry.name.text}`;
  return Buffer.concat([typeof folder === "string" ? Buffer.from(folder) : folder, SLASH, entry.raw ?? Buffer.from(entry.name.text)]);
}

/**
 * Walks a folder without following symbolic links. Names are read as bytes, so a name that is not
 * UTF-8 cannot hide its folder: it is listed as such. Named pipes, sockets and devices are listed,
 * never opened; a folder that cannot be read is listed with the error. Ignore files are read as
 * the walk meets them, and an ignored folder is not entered. Listing is synchronous: a trip
 * through libuv's thread pool per entry costs more than the listing itself. With a memo of
 * listings, a folder whose own stamp is unchanged is taken from it (its ignore files are still
 * read, and its entries matched against the rules again when those changed).
 */
export async function walk(root: string, options: WalkOptions | ((rel: string) => boolean) = {}): Promise<Walk> {
  const { skipFolder = () => false, listings, needsStat = () => true } = typeof options === "function" ? { skipFolder: options } : options;
  const files: WalkedFile[] = [];
  const skipped: Walk["skipped"] = [];
  const ignores = new IgnoreRules();
  const pending: Array<{ rel: string; absolute: DiskPath; ignoreKey: string }> = [{ rel: "", absolute: path.resolve(root), ignoreKey: "" }];
  while (pending.length > 0) {
    const { rel, absolute, ignoreKey: parentKey } = pending.pop()!;
    const folderStats = listings ? statFolder(absolute) : undefined;
    const stamp = folderStats ? `${folderStats.mtimeMs}:${folderStats.ctimeMs}:${folderStats.ino}:${folderStats.dev}` : undefined;
    const kept = stamp !== undefined ? listings!.get(rel, stamp) : undefined;
    let entries: Listed[];
    if (kept) entries = kept.names.map((text, i) => ({ raw: undefined, name: { ok: true, text }, kind: kept.kinds[i] as ListedKind }));
    else {
      try {
        entries = listFolder(absolute);
      } catch (error) {
        skipped.push({ file: rel || ".", reason: `folder cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})` });
        continue;
      }
    }
    let ignoreKey = parentKey;
    for (const entry of entries) {
      if (entry.name.ok && IGNORE_FILES.includes(entry.name.text) && entry.kind === "f") {
        let text = "";
        try {
          text = readRegularFileSync(childOf(absolute, entry), { maxBytes: MAX_IGNORE_FILE_BYTES }).toString("utf8");
          ignores.add(rel ? `${rel}/` : "", text);
        } catch {
          // An unreadable ignore file ignores nothing.
        }
        ignoreKey = createHash("sha256").update(`${ignoreKey}\0${rel}\0${entry.name.text}\0`).update(text).digest("hex");
      }
    }
    // The ignore rules' verdicts, as kept when the rules are those they were made under.
    const keptIgnored = kept && kept.ignoreKey === ignoreKey ? new Set(kept.ignored) : undefined;
    const ignored: number[] = [];
    const folders: Array<{ rel: string; absolute: DiskPath; ignoreKey: string }> = [];
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!;
      // Left out as the same rules left it out last time: not even looked at.
      if (keptIgnored?.has(i)) {
        ignored.push(i);
        continue;
      }
      const { name } = entry;
      const childRel = rel ? `${rel}/${name.text}` : name.text;
      const childAbsolute = childOf(absolute, entry);
      const kind = kindOf(entry, childAbsolute, needsStat, childRel);
      if (kind.type === "folder" && VERSION_CONTROL.has(name.text)) continue;
      if (!keptIgnored && ignores.ignores(childRel, kind.type === "folder")) {
        ignored.push(i);
        continue;
      }
      if (kind.type === "folder" && skipFolder(childRel)) continue;
      if (kind.type === "folder" && name.text === DEPENDENCIES) {
        skipped.push({ file: childRel, reason: UNANALYSED_REASONS.dependencies });
        continue;
      }
      if (!name.ok) {
        skipped.push({
          file: childRel,
          reason:
            kind.type === "folder" ? "folder name is not valid UTF-8; nothing in it is read" : "file name is not valid UTF-8; not read",
        });
        continue;
      }
      if (kind.type === "folder") folders.push({ rel: childRel, absolute: childAbsolute, ignoreKey });
      else if (kind.type === "file")
        files.push({
          path: childRel,
          absolute: typeof childAbsolute === "string" ? childAbsolute : childAbsolute.toString("utf8"),
          size: kind.size,
          stamp: kind.stamp,
        });
      else skipped.push({ file: childRel, reason: kind.reason });
    }
    // Taken in the order listed, so that files come out nearly sorted already.
    for (let i = folders.length - 1; i >= 0; i--) pending.push(folders[i]!);
    // Kept when every name is text (a name that is not UTF-8 is listed again each time, as it is met).
    if (stamp !== undefined && entries.every((e) => e.name.ok)) {
      const listing = kept ?? {
        stamp,
        ignoreKey,
        names: entries.map((e) => e.name.text),
        kinds: entries.map((e) => e.kind).join(""),
        ignored,
      };
      listings!.keep(rel, { ...listing, ignoreKey, ignored }, folderStats!.mtimeMs);
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, skipped };
}

/** A folder's entries, sorted by their bytes, with their kinds as listed. */
function listFolder(absolute: DiskPath): Listed[] {
  const dirents = readdirSync(absolute, { withFileTypes: true, encoding: "buffer" });
  dirents.sort((a, b) => Buffer.compare(a.name, b.name));
  return dirents.map((d) => {
    const name = readName(d.name);
    // A name whose text is not exactly its bytes (not UTF-8, or a byte-order mark the decoder drops) keeps its bytes.
    const exact = name.ok && !(d.name[0] === 0xef && d.name[1] === 0xbb && d.name[2] === 0xbf);
    return { raw: exact ? undefined : d.name, name, kind: d.isSymbolicLink() ? "l" : d.isDirectory() ? "d" : d.isFile() ? "f" : "u" };
  });
}

/** A folder's own stats, or nothing when it cannot be read (the listing then says why). */
function statFolder(absolute: DiskPath): Stats | undefined {
  try {
    return statSync(absolute);
  } catch {
    return undefined;
  }
}

const SLASH = Buffer.from(path.sep);

type Kind = { type: "folder" } | { type: "file"; size: number; stamp?: string } | { type: "other"; reason: string };

function kindOf(entry: Listed, absolute: DiskPath, needsStat: (rel: string, name: string) => boolean, rel: string): Kind {
  if (entry.kind === "l") return { type: "other", reason: UNANALYSED_REASONS.symbolicLink };
  if (entry.kind === "d") return { type: "folder" };
  // A regular file that will never be read (its name says so) needs no size nor stamp.
  if (entry.kind === "f" && !needsStat(rel, entry.name.text)) return { type: "file", size: 0 };
  let stats: Stats;
  try {
    stats = lstatSync(absolute);
  } catch (error) {
    return { type: "other", reason: `unreadable (${(error as NodeJS.ErrnoException).code ?? "error"})` };
  }
  if (stats.isSymbolicLink()) return { type: "other", reason: UNANALYSED_REASONS.symbolicLink };
  if (stats.isDirectory()) return { type: "folder" };
  if (stats.isFile()) return { type: "file", size: stats.size, stamp: stampOf(stats) };
  if (stats.isFIFO()) return { type: "other", reason: "named pipe, not read" };
  if (stats.isSocket()) return { type: "other", reason: "socket, not read" };
  if (stats.isBlockDevice() || stats.isCharacterDevice()) return { type: "other", reason: "device file, not read" };
  return { type: "other", reason: "not a regular file, not read" };
}

/** A name as text: UTF-8 when it is, else with each byte that is not shown as %XX. */
function readName(bytes: Buffer): { ok: boolean; text: string } {
  try {
    return { ok: true, text: UTF8.decode(bytes) };
  } catch {
    let text = "";
    for (let i = 0; i < bytes.length;) {
      const length = sequenceLength(bytes[i]!);
      const piece = bytes.subarray(i, i + length);
      let decoded: string | undefined;
      try {
        decoded = length > 0 && piece.length === length ? UTF8.decode(piece) : undefined;
      } catch {
        decoded = undefined;
      }
      if (decoded !== undefined) {
        text += decoded;
        i += length;
      } else {
        text += `%${bytes[i]!.toString(16).toUpperCase().padStart(2, "0")}`;
        i++;
      }
    }
    return { ok: false, text };
  }
}

function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}
