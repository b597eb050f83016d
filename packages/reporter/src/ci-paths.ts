import { posix } from "node:path";
import { compareFindings, type Finding, type ScanResult } from "@uplift/engine";

/**
 * Finding paths are relative to the scanned root, but CI services resolve paths against the
 * repository. Uplift runs in the checkout in CI, so a relative root ("addons") is joined in front;
 * an absolute root cannot be made relative without the working directory, which a pure reporter
 * does not have, so each format decides what to do with it.
 */
export interface ScanRoot {
  /** The root as a POSIX path: "" for the working directory itself, no trailing slash. */
  path: string;
  absolute: boolean;
}

export function scanRoot(root: string): ScanRoot {
  const slashed = root.replace(/\\/g, "/");
  const absolute = slashed.startsWith("/") || /^[A-Za-z]:\//.test(slashed);
  if (slashed === "" || slashed === ".") return { path: "", absolute: false };
  const normal = posix.normalize(slashed).replace(/\/+$/, "");
  return { path: normal === "." ? "" : normal, absolute };
}

/** The path a CI service shows: the finding's path with a relative scan root in front. */
export function joinRoot(root: ScanRoot, file: string): string {
  return root.path === "" ? file : root.path === "/" ? `/${file}` : `${root.path}/${file}`;
}

/** `a.zip!/inner/x.js` names a member of an archive; members can nest (`a.zip!/b.zip!/c.js`). */
export const ARCHIVE_SEPARATOR = "!/";

/** The chain from the file on disk to the innermost archive member. */
export function archiveChain(file: string): [string, ...string[]] {
  const [outer = file, ...members] = file.split(ARCHIVE_SEPARATOR);
  return [outer, ...members];
}

export function isArchiveMember(file: string): boolean {
  return file.includes(ARCHIVE_SEPARATOR);
}

/** The finding's message with what to do about it, for formats that show a single text. */
export function messageWithReplacement(f: Finding): string {
  const message = f.message || f.title;
  return f.replacement ? `${message} Replacement: ${f.replacement}` : message;
}

export function sortedFindings(result: ScanResult): Finding[] {
  return [...result.findings].sort(compareFindings);
}

/** The project folder a path belongs to: the longest project path that contains it. */
export function projectOf(result: ScanResult, file: string): string | undefined {
  let best: string | undefined;
  for (const p of result.projects) {
    const inside = p.path === "." || p.path === "" || file === p.path || file.startsWith(`${p.path}/`);
    if (inside && (best === undefined || p.path.length > best.length)) best = p.path;
  }
  return best;
}
