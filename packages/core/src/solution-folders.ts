import { readRegularFileSync } from "./read-file.js";
import { webResourceLanguages, type WebResourceFile } from "./solution-files.js";
import { decodeText } from "./source-file.js";

/** A file on disk as discovery lists it. */
interface Listed {
  path: string;
  absolute: string;
  size: number;
}

/** What a solution says about one of its extensionless web resources. */
export interface TypedWebResource extends WebResourceFile {
  /** The path rules' file globs see (`<solution>/WebResources/<name>`), when it differs. */
  logicalPath?: string;
}

/**
 * A Dynamics solution unpacked into a folder names its web resources without extensions, as the
 * archive does: an extracted export (`customizations.xml` beside `WebResources/new_x…`) says what
 * each is in customizations.xml, and SolutionPackager's layout (`WebResources/new_x` beside
 * `WebResources/new_x.data.xml`) in the file beside it. Returns the language of each such file that
 * one of them types, by path; `unknown` holds the paths no extension or adapter explains. A
 * description larger than `maxBytes` is not read, as the scan does not read it either (an archive's
 * customizations.xml has the same limit).
 */
export function webResourcesOnDisk(
  files: readonly Listed[],
  unknown: ReadonlySet<string>,
  maxBytes: number,
): Map<string, TypedWebResource> {
  const out = new Map<string, TypedWebResource>();
  if (unknown.size === 0) return out;
  // Only descriptions are looked up: a `.data.xml` by its path, a customizations.xml by its folder.
  const byPath = new Map<string, Listed>();
  const descriptions: Listed[] = [];
  for (const f of files) {
    if (f.size > maxBytes) continue;
    if (f.path.endsWith(".data.xml")) byPath.set(f.path, f);
    if (f.path.length >= 18 && f.path.slice(f.path.lastIndexOf("/") + 1).toLowerCase() === "customizations.xml") descriptions.push(f);
  }
  const solutions = new Map<string, Map<string, WebResourceFile>>();
  for (const f of descriptions) {
    const folder = f.path.includes("/") ? f.path.slice(0, f.path.lastIndexOf("/")) : "";
    const listed = readWebResources(f.absolute);
    if (listed.size > 0) solutions.set(folder, listed);
  }
  for (const path of unknown) {
    const typed = fromDataFile(path, byPath) ?? fromCustomizations(path, solutions);
    if (typed) out.set(path, typed);
  }
  return out;
}

/** SolutionPackager: `x.data.xml` beside `x` describes it (its FileName is the export's, not this one). */
function fromDataFile(path: string, byPath: ReadonlyMap<string, Listed>): TypedWebResource | undefined {
  const data = byPath.get(`${path}.data.xml`);
  if (!data) return undefined;
  const [only] = readWebResources(data.absolute).values();
  if (!only) return undefined;
  const cut = path.lastIndexOf("WebResources/");
  return withLogicalPath(only, path, cut < 0 ? undefined : path.slice(0, cut + "WebResources".length));
}

/** An extracted export: the nearest customizations.xml above the file lists it by its path below that folder. */
function fromCustomizations(path: string, solutions: ReadonlyMap<string, Map<string, WebResourceFile>>): TypedWebResource | undefined {
  let best: { folder: string; entry: WebResourceFile } | undefined;
  for (const [folder, listed] of solutions) {
    if (folder !== "" && !path.startsWith(`${folder}/`)) continue;
    if (best && best.folder.length >= folder.length) continue;
    const entry = listed.get(folder === "" ? path : path.slice(folder.length + 1));
    if (entry) best = { folder, entry };
  }
  if (!best) return undefined;
  return withLogicalPath(best.entry, path, `${best.folder === "" ? "" : `${best.folder}/`}WebResources`);
}

/** Rules' file globs see the name the organisation gives the web resource (`new_/scripts/x.js`). */
function withLogicalPath(entry: WebResourceFile, path: string, webResources: string | undefined): TypedWebResource {
  const typed: TypedWebResource = { ...entry };
  const logical = entry.name && webResources !== undefined ? `${webResources}/${entry.name}` : undefined;
  if (logical && logical !== path) typed.logicalPath = logical;
  return typed;
}

function readWebResources(absolute: string): Map<string, WebResourceFile> {
  try {
    const decoded = decodeText(readRegularFileSync(absolute));
    return decoded.ok ? webResourceLanguages(decoded.text) : new Map();
  } catch {
    // An unreadable description types nothing; the file it would have typed stays listed as unread.
    return new Map();
  }
}
