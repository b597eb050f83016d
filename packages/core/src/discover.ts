import { promises as fs } from "node:fs";
import path from "node:path";
import { compileGlobs } from "./glob.js";
import { isKnownBinary, languageOf } from "./languages.js";
import { DEFAULT_ARCHIVE_LIMITS, isArchive, listArchive, readMember, type ArchiveLimits } from "./archive.js";
import { UNANALYSED_REASONS } from "./relevance.js";
import { webResourceLanguages, type WebResourceFile } from "./solution-files.js";
import { webResourcesOnDisk } from "./solution-folders.js";
import { decodeText, type Language, type SourceFile } from "./source-file.js";
import { readRegularFileSync } from "./read-file.js";
import type { ListingMemo } from "./listing-memo.js";
import { NameVerdicts } from "./name-verdicts.js";
import { walk } from "./walk.js";
import type { ZipEntry } from "./zip-format.js";

export interface Unanalysed {
  file: string;
  reason: string;
}

/**
 * Third-party code bundled into a customisation (Odoo's static/lib, minified libraries, vendor
 * folders) is not the customer's to migrate: it is listed, not scanned, unless asked for.
 */
export const VENDORED = ["**/*.min.js", "**/static/lib/**", "**/static/src/lib/**", "**/vendor/**", "**/bower_components/**"];

/** `VENDORED` as it is checked: the names' endings, and the runs of names a path holds (`**\/static/lib/**`). */
const VENDORED_NAMES = [".min.js"];
const VENDORED_RUNS = [["static", "lib"], ["static", "src", "lib"], ["vendor"], ["bower_components"]];

/**
 * Whether a path is vendored (`VENDORED`), each folder judged once: a path is vendored by its
 * name's ending, or by a run of names among its segments (its folders', or ending with its name).
 */
export function vendoredCheck(): (path: string) => boolean {
  const folders = new Map<string, { names: string[]; vendored: boolean }>();
  const folderOf = (folder: string): { names: string[]; vendored: boolean } => {
    let known = folders.get(folder);
    if (known === undefined) {
      const names = folder === "" ? [] : folder.split("/");
      const vendored = VENDORED_RUNS.some((run) => names.some((_, i) => run.every((n, k) => names[i + k] === n)));
      folders.set(folder, (known = { names, vendored }));
    }
    return known;
  };
  return (path) => {
    const slash = path.lastIndexOf("/");
    const name = path.slice(slash + 1);
    if (VENDORED_NAMES.some((ending) => name.endsWith(ending))) return true;
    const { names, vendored } = folderOf(slash < 0 ? "" : path.slice(0, slash));
    if (vendored) return true;
    // A run whose last name is the path's own (a file named `vendor`).
    return VENDORED_RUNS.some(
      (run) =>
        run[run.length - 1] === name &&
        run.length - 1 <= names.length &&
        run.slice(0, -1).every((n, k) => names[names.length - run.length + 1 + k] === n),
    );
  };
}

export interface DiscoverOptions {
  /** Scan vendored third-party code too. */
  includeVendored?: boolean;
  /** Globs of files to read, relative to the root; everything when empty. */
  include?: readonly string[];
  exclude?: readonly string[];
  /** Files larger than this are listed as unanalysed. */
  maxFileBytes?: number;
  /** Folders (POSIX, relative to the root) not entered at all: Uplift's own cache when it is kept inside. */
  skipFolders?: readonly string[];
}

export interface Candidate {
  /** POSIX path relative to the root; `a.zip!/inner` for an archive member. */
  path: string;
  absolute: string;
  size: number;
  /** Size, times and inode when listed (a file on disk, not an archive member): equal stamps, same content. */
  stamp?: string;
  /** An archive member: where it stands in the archive at `absolute`; read only when scanned. */
  member?: ZipEntry;
  /** The language, when the name does not tell it (a solution's extensionless web resources). */
  language?: Language;
  /** The path rules' file globs see, when it differs from `path`. */
  logicalPath?: string;
}

export interface Discovery {
  candidates: Candidate[];
  unanalysed: Unanalysed[];
}

export const DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024;
const MAX_ARCHIVE_BYTES = 256 * 1024 * 1024;

/**
 * Lists the files under `root` that a scan should read. Symbolic links are never followed (so a
 * link out of the root or a loop cannot be walked); ignored files are dropped as git would; what
 * cannot be read (a name that is not UTF-8, a named pipe, a folder without permission) is listed
 * with its reason rather than dropped.
 */
export async function discover(root: string, options: DiscoverOptions = {}, listings?: ListingMemo): Promise<Discovery> {
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const stat = await fs.stat(root);
  if (stat.isFile()) {
    const name = path.basename(root);
    return classify([{ path: name, absolute: path.resolve(root), size: stat.size }], [], maxBytes, new NameVerdicts());
  }
  const included = options.include && options.include.length > 0 ? compileGlobs(options.include, { basename: false }) : undefined;
  const excluded = options.exclude && options.exclude.length > 0 ? compileGlobs(options.exclude, { basename: false }) : undefined;
  const skipped = new Set(options.skipFolders ?? []);
  const names = new NameVerdicts();
  const walked = await walk(root, {
    skipFolder: (folder) => skipped.has(folder) || excluded?.(folder) === true,
    listings,
    // Only files that can be read (by their names: a language, or an archive) need their size and stamp.
    needsStat: (_file, name) => names.of(name).needsStat,
  });
  const wanted = (file: string): boolean => !names.ofPath(file).lock && (!included || included(file)) && !excluded?.(file);
  const files: Candidate[] = walked.files.filter((f) => wanted(f.path));
  const unanalysed: Unanalysed[] = walked.skipped.filter(
    (s) => !excluded?.(s.file) && (!included || s.reason.startsWith("folder") || included(s.file)),
  );
  if (!options.includeVendored) {
    const vendored = vendoredCheck();
    const kept: Candidate[] = [];
    for (const f of files) {
      if (vendored(f.path)) unanalysed.push({ file: f.path, reason: UNANALYSED_REASONS.vendored });
      else kept.push(f);
    }
    return classify(kept, unanalysed, maxBytes, names);
  }
  return classify(files, unanalysed, maxBytes, names);
}

function classify(files: Candidate[], unanalysed: Unanalysed[], maxBytes: number, names: NameVerdicts): Discovery {
  const candidates: Candidate[] = [];
  const unknown = new Set(files.filter((f) => names.ofPath(f.path).unknown).map((f) => f.path));
  const webResources = webResourcesOnDisk(files, unknown, maxBytes);
  for (const f of files) {
    const verdict = names.ofPath(f.path);
    if (verdict.ignoreFile) continue;
    const webResource = webResources.size > 0 ? webResources.get(f.path) : undefined;
    if (webResource) {
      f.language = webResource.language;
      if (webResource.logicalPath) f.logicalPath = webResource.logicalPath;
    }
    if (verdict.binary) unanalysed.push({ file: f.path, reason: "binary file" });
    else if (!verdict.language && !webResource && !verdict.archive) {
      unanalysed.push({ file: f.path, reason: unsupportedReason(f.path) });
    } else if (verdict.archive && f.size > MAX_ARCHIVE_BYTES) {
      unanalysed.push({ file: f.path, reason: `archive larger than ${formatBytes(MAX_ARCHIVE_BYTES)} (${formatBytes(f.size)})` });
    } else if (f.size > maxBytes && !verdict.archive) {
      unanalysed.push({ file: f.path, reason: `larger than ${formatBytes(maxBytes)} (${formatBytes(f.size)})` });
    } else candidates.push(f);
  }
  candidates.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { candidates, unanalysed };
}

function unsupportedReason(file: string): string {
  const base = file.slice(file.lastIndexOf("/") + 1);
  const dot = base.lastIndexOf(".");
  return dot > 0
    ? `${UNANALYSED_REASONS.noAdapterPrefix}.${base.slice(dot + 1).toLowerCase()} files`
    : `${UNANALYSED_REASONS.noAdapterPrefix}this file type`;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

export type LoadedSource = { ok: true; file: SourceFile } | { ok: false; unanalysed: Unanalysed };

/** Reads one candidate as text in the encoding it was saved in. */
export async function loadSource(candidate: Candidate): Promise<LoadedSource> {
  let bytes: Uint8Array;
  if (candidate.member) {
    const read = readMember(candidate.absolute, candidate.member);
    if (!read.ok) return { ok: false, unanalysed: { file: candidate.path, reason: read.reason } };
    bytes = read.bytes;
  } else {
    try {
      // Read synchronously: a scan reads thousands of small files, and four trips through the thread
      // pool per file (open, stat, read, close) cost more CPU than the reads themselves (docs/performance.md).
      bytes = readRegularFileSync(candidate.absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "error";
      return {
        ok: false,
        unanalysed: { file: candidate.path, reason: code === "ENOTREG" ? "not a regular file, not read" : `unreadable (${code})` },
      };
    }
  }
  const loaded = sourceFromBytes(
    candidate.path,
    bytes,
    candidate.language ?? languageOf(candidate.path.slice(candidate.path.lastIndexOf("!/") + 1)),
  );
  if (loaded.ok && candidate.logicalPath) loaded.file.logicalPath = candidate.logicalPath;
  return loaded;
}

export function sourceFromBytes(file: string, bytes: Uint8Array, language: Language | undefined = languageOf(file)): LoadedSource {
  if (!language) return { ok: false, unanalysed: { file, reason: unsupportedReason(file) } };
  const decoded = decodeText(bytes);
  if (!decoded.ok) return { ok: false, unanalysed: { file, reason: decoded.reason } };
  return { ok: true, file: { path: file, language, text: decoded.text } };
}

/**
 * Lists the members of the archives among the candidates and puts them in their place, with the
 * languages a Dynamics solution's customizations.xml gives its extensionless web resources.
 * Members are inflated only when they are scanned, one at a time.
 */
export async function expandArchives(
  candidates: readonly Candidate[],
  maxFileBytes = DEFAULT_MAX_FILE_BYTES,
): Promise<{ candidates: Candidate[]; unanalysed: Unanalysed[] }> {
  const out: Candidate[] = [];
  const unanalysed: Unanalysed[] = [];
  for (const c of candidates) {
    if (!isArchive(c.path) || c.member) {
      out.push(c);
      continue;
    }
    const limits: ArchiveLimits = { ...DEFAULT_ARCHIVE_LIMITS, maxEntryBytes: maxFileBytes };
    const listing = listArchive(c.path, c.absolute, limits);
    unanalysed.push(...listing.unanalysed);
    const customizations = listing.members.find((m) => m.inner.toLowerCase() === "customizations.xml");
    const read = customizations ? readMember(c.absolute, customizations.entry) : undefined;
    const decoded = read?.ok ? decodeText(read.bytes) : undefined;
    const typed = decoded?.ok ? webResourceLanguages(decoded.text) : new Map<string, WebResourceFile>();
    for (const m of listing.members) {
      const webResource = typed.get(m.inner);
      const language = languageOf(m.inner) ?? webResource?.language;
      if (!language) {
        unanalysed.push({ file: m.path, reason: isKnownBinary(m.inner) ? "binary file" : unsupportedReason(m.inner) });
        continue;
      }
      const member: Candidate = { path: m.path, absolute: c.absolute, size: m.entry.size, member: m.entry, language };
      // An unchanged archive holds unchanged members: each is stamped by the archive's stamp and its place in it.
      if (c.stamp !== undefined)
        member.stamp = `${c.stamp}!${m.entry.localOffset}:${m.entry.crc}:${m.entry.compressedSize}:${m.entry.size}`;
      // Rules' file globs see the name the organisation gives the web resource, with its extension.
      if (webResource?.name && !languageOf(m.inner)) member.logicalPath = `${c.path}!/WebResources/${webResource.name}`;
      out.push(member);
    }
  }
  return { candidates: out, unanalysed };
}
