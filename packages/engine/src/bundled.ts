import { recogniseLibrary, vendoredCheck, type SourceFile } from "@uplift/core";
import type { BundledLibraryInfo, Finding } from "./result.js";

// Third-party code bundled into a project (docs/bundled-libraries.md): its findings are true, but
// the work is to upgrade or replace the library, not to rewrite it line by line.

/** A file's name without folders and the `.js`/`.min.js` ending: how a library without a name in its text is called. */
function fileTitle(path: string): string {
  const base = path.slice(path.lastIndexOf("/") + 1);
  return base.replace(/([.-]min)?\.[cm]?[jt]s$/i, "") || base;
}

/**
 * The library a code file is, by its own text (a licence banner, a distribution wrapper, an SDK
 * sample's header, released minified code) or, when the scan was asked to read them, by the
 * folders and names kept for third-party code (`--include-vendored`). A name equal to the
 * project's own (`module`) is the customer's code published under a licence: not a library.
 */
export function bundledLibraryOf(file: SourceFile, module: string | undefined): BundledLibraryInfo | undefined {
  if (file.language !== "javascript") return undefined;
  const found = recogniseLibrary(file.text);
  const path = file.logicalPath ?? file.path;
  if (!found) return vendoredCheck()(path) ? { name: fileTitle(path), evidence: "path" } : undefined;
  const name = found.name ?? fileTitle(path);
  if (module !== undefined && name.toLowerCase() === module.toLowerCase()) return undefined;
  return found.version ? { name, version: found.version, evidence: found.evidence } : { name, evidence: found.evidence };
}

/** Marks a file's findings as the library's. */
export function markLibrary(findings: readonly Finding[], library: BundledLibraryInfo | undefined): void {
  if (library) for (const f of findings) f.library = { ...library };
}
