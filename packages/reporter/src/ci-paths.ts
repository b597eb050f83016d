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
  let bestLength = -1;
  for (const p of result.projects) {
    const whole = p.path === "." || p.path === "";
    const length = whole ? 0 : p.path.length;
    const inside = whole || file === p.path || file.startsWith(`${p.path}/`);
    if (inside && length > bestLength) {
      best = p.path;
      bestLength = length;
    }
  }
  return best;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A lone surrogate is valid in a JS string but not in UTF-8: strict JSON readers reject it. */
export function wellFormed(value: string): string {
  return value.replace(LONE_SURROGATE, "\uFFFD");
}

/** JSON for CI services: two-space indent, a final newline, every string well-formed Unicode. */
export function ciJson(value: unknown): string {
  return `${JSON.stringify(value, (_key, v: unknown) => (typeof v === "string" ? wellFormed(v) : v), 2)}\n`;
}
