import { promises as fs } from "node:fs";
import path from "node:path";
import fg from "fast-glob";
import ignore, { type Ignore } from "ignore";
import picomatch from "picomatch";
import { isKnownBinary, languageOf } from "./languages.js";
import { UNANALYSED_REASONS } from "./relevance.js";
import { readArchive, type ArchiveLimits, DEFAULT_ARCHIVE_LIMITS, isArchive } from "./archive.js";
import { webResourceLanguages, type WebResourceFile } from "./solution-files.js";
import { decodeText, type Language, type SourceFile } from "./source-file.js";

export interface Unanalysed {
  file: string;
  reason: string;
}

/**
 * Third-party code bundled into a customisation (Odoo's static/lib, minified libraries, vendor
 * folders) is not the customer's to migrate: it is listed, not scanned, unless asked for.
 */
export const VENDORED = ["**/*.min.js", "**/static/lib/**", "**/static/src/lib/**", "**/vendor/**", "**/bower_components/**"];

export interface DiscoverOptions {
  /** Scan vendored third-party code too. */
  includeVendored?: boolean;
  /** Globs of files to read, relative to the root; everything when empty. */
  include?: readonly string[];
  exclude?: readonly string[];
  /** Files larger than this are listed as unanalysed. */
  maxFileBytes?: number;
}

export interface Candidate {
  /** POSIX path relative to the root; `a.zip!/inner` for an archive member. */
  path: string;
  absolute: string;
  size: number;
  /** Archive members are read with their archive and carried here. */
  preloaded?: SourceFile;
}

export interface Discovery {
  candidates: Candidate[];
  unanalysed: Unanalysed[];
}

export const DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024;
const MAX_ARCHIVE_BYTES = 256 * 1024 * 1024;
/**
 * Never customisation: version-control folders, installed dependencies and the lock files that
 * describe them (half a megabyte of JSON in a small app, and nothing to upgrade in it).
 */
const ALWAYS_EXCLUDED = [
  "**/node_modules/**",
  "**/.git/**",
  "**/.hg/**",
  "**/.svn/**",
  "**/.uplift-cache/**",
  "**/package-lock.json",
  "**/npm-shrinkwrap.json",
  "**/pnpm-lock.yaml",
  "**/yarn.lock",
];
const IGNORE_FILES = [".gitignore", ".upliftignore"];

/**
 * Lists the files under `root` that a scan should read. Symbolic links are never followed (so a
 * link out of the root or a loop cannot be walked); ignored files are dropped as git would; what
 * cannot be read is listed with its reason rather than dropped.
 */
export async function discover(root: string, options: DiscoverOptions = {}): Promise<Discovery> {
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const stat = await fs.stat(root);
  if (stat.isFile()) {
    const name = path.basename(root);
    return classify([{ path: name, absolute: path.resolve(root), size: stat.size }], [], maxBytes);
  }
  const entries = await fg(options.include && options.include.length > 0 ? [...options.include] : ["**/*"], {
    cwd: root,
    dot: true,
    onlyFiles: false,
    followSymbolicLinks: false,
    objectMode: true,
    stats: true,
    suppressErrors: true,
    ignore: [...ALWAYS_EXCLUDED, ...(options.exclude ?? [])],
  });
  const ignoreFiles = await fg(
    IGNORE_FILES.map((f) => `**/${f}`),
    { cwd: root, dot: true, followSymbolicLinks: false, suppressErrors: true, ignore: ALWAYS_EXCLUDED },
  );
  const ignores = await loadIgnoreFiles(root, ignoreFiles);
  const files: Candidate[] = [];
  const unanalysed: Unanalysed[] = [];
  for (const entry of entries) {
    const rel = entry.path;
    if (isIgnored(ignores, rel)) continue;
    if (entry.dirent.isSymbolicLink()) {
      unanalysed.push({ file: rel, reason: UNANALYSED_REASONS.symbolicLink });
    } else if (entry.dirent.isFile()) {
      files.push({ path: rel, absolute: path.join(root, rel), size: entry.stats?.size ?? 0 });
    }
  }
  if (!options.includeVendored) {
    const vendored = picomatch(VENDORED, { dot: true });
    const kept: Candidate[] = [];
    for (const f of files) {
      if (vendored(f.path)) unanalysed.push({ file: f.path, reason: UNANALYSED_REASONS.vendored });
      else kept.push(f);
    }
    return classify(kept, unanalysed, maxBytes);
  }
  return classify(files, unanalysed, maxBytes);
}

function classify(files: Candidate[], unanalysed: Unanalysed[], maxBytes: number): Discovery {
  const candidates: Candidate[] = [];
  for (const f of files) {
    const base = f.path.slice(f.path.lastIndexOf("/") + 1);
    if (IGNORE_FILES.includes(base)) continue;
    if (isKnownBinary(f.path)) unanalysed.push({ file: f.path, reason: "binary file" });
    else if (!languageOf(f.path) && !f.path.toLowerCase().endsWith(".zip")) {
      unanalysed.push({ file: f.path, reason: unsupportedReason(f.path) });
    } else if (f.path.toLowerCase().endsWith(".zip") && f.size > MAX_ARCHIVE_BYTES) {
      unanalysed.push({ file: f.path, reason: `archive larger than ${formatBytes(MAX_ARCHIVE_BYTES)} (${formatBytes(f.size)})` });
    } else if (f.size > maxBytes && !f.path.toLowerCase().endsWith(".zip")) {
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

interface IgnoreFile {
  /** Directory the file stands in, relative to the root, with a trailing slash (or ""). */
  dir: string;
  rules: Ignore;
}

async function loadIgnoreFiles(root: string, found: readonly string[]): Promise<IgnoreFile[]> {
  const result: IgnoreFile[] = [];
  for (const p of [...found].sort()) {
    try {
      const text = await fs.readFile(path.join(root, p), "utf8");
      const dir = p.includes("/") ? p.slice(0, p.lastIndexOf("/") + 1) : "";
      result.push({ dir, rules: ignore().add(text) });
    } catch {
      // An unreadable ignore file ignores nothing.
    }
  }
  return result;
}

function isIgnored(files: readonly IgnoreFile[], rel: string): boolean {
  for (const f of files) {
    if (f.dir && !rel.startsWith(f.dir)) continue;
    if (f.rules.ignores(rel.slice(f.dir.length))) return true;
  }
  return false;
}

export type LoadedSource = { ok: true; file: SourceFile } | { ok: false; unanalysed: Unanalysed };

/** Reads one candidate as text in the encoding it was saved in. */
export async function loadSource(candidate: Candidate): Promise<LoadedSource> {
  if (candidate.preloaded) return { ok: true, file: candidate.preloaded };
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(candidate.absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    return { ok: false, unanalysed: { file: candidate.path, reason: `unreadable (${code})` } };
  }
  return sourceFromBytes(candidate.path, bytes);
}

export function sourceFromBytes(file: string, bytes: Uint8Array, language: Language | undefined = languageOf(file)): LoadedSource {
  if (!language) return { ok: false, unanalysed: { file, reason: unsupportedReason(file) } };
  const decoded = decodeText(bytes);
  if (!decoded.ok) return { ok: false, unanalysed: { file, reason: decoded.reason } };
  return { ok: true, file: { path: file, language, text: decoded.text } };
}

/**
 * Opens the archives among the candidates (in memory) and puts their members in their place, with
 * the languages a Dynamics solution's customizations.xml gives its extensionless web resources.
 */
export async function expandArchives(
  candidates: readonly Candidate[],
  maxFileBytes = DEFAULT_MAX_FILE_BYTES,
): Promise<{ candidates: Candidate[]; unanalysed: Unanalysed[] }> {
  const out: Candidate[] = [];
  const unanalysed: Unanalysed[] = [];
  for (const c of candidates) {
    if (!isArchive(c.path)) {
      out.push(c);
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = await fs.readFile(c.absolute);
    } catch (error) {
      unanalysed.push({ file: c.path, reason: `unreadable (${(error as NodeJS.ErrnoException).code ?? "error"})` });
      continue;
    }
    const limits: ArchiveLimits = { ...DEFAULT_ARCHIVE_LIMITS, maxEntryBytes: maxFileBytes };
    const read = readArchive(c, bytes, limits);
    unanalysed.push(...read.unanalysed);
    const customizations = read.members.find((m) => m.inner.toLowerCase() === "customizations.xml");
    const decoded = customizations ? decodeText(customizations.bytes) : undefined;
    const typed = decoded?.ok ? webResourceLanguages(decoded.text) : new Map<string, WebResourceFile>();
    for (const m of read.members) {
      const webResource = typed.get(m.inner);
      const language = languageOf(m.inner) ?? webResource?.language;
      if (!language) {
        unanalysed.push({ file: m.path, reason: isKnownBinary(m.inner) ? "binary file" : unsupportedReason(m.inner) });
        continue;
      }
      const loaded = sourceFromBytes(m.path, m.bytes, language);
      if (loaded.ok) {
        // Rules' file globs see the name the organisation gives the web resource, with its extension.
        if (webResource?.name && !languageOf(m.inner)) loaded.file.logicalPath = `${c.path}!/WebResources/${webResource.name}`;
        out.push({ path: m.path, absolute: c.absolute, size: m.bytes.length, preloaded: loaded.file });
      } else unanalysed.push(loaded.unanalysed);
    }
  }
  return { candidates: out, unanalysed };
}
