import { compileGlob } from "./glob.js";

/** The files whose rules say what a scan leaves out, as git does. */
export const IGNORE_FILES = [".gitignore", ".upliftignore"];

interface IgnoreRule {
  negated: boolean;
  folderOnly: boolean;
  matches: (path: string) => boolean;
}

interface IgnoreFile {
  /** Folder the file stands in, relative to the root, with a trailing slash ("" for the root). */
  dir: string;
  rules: IgnoreRule[];
}

/**
 * `.gitignore` and `.upliftignore` rules, read the way git reads them: the last rule that matches
 * wins, a deeper file overrides a shallower one, `!` re-includes, a trailing `/` means folders only,
 * a slash elsewhere anchors the pattern to the file's folder. Git gives `{`, `(` no meaning, so
 * they are matched literally; matching never backtracks (see glob.ts).
 */
export class IgnoreRules {
  readonly #files: IgnoreFile[] = [];

  add(dir: string, text: string): void {
    const rules: IgnoreRule[] = [];
    for (const raw of text.split(/\r?\n/)) {
      const rule = parseRule(raw);
      if (rule) rules.push(rule);
    }
    this.#files.push({ dir, rules });
    this.#files.sort((a, b) => a.dir.length - b.dir.length || (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
  }

  get empty(): boolean {
    return this.#files.length === 0;
  }

  /** Whether a path (relative to the root, POSIX) is ignored; folders are checked as the walk enters them. */
  ignores(path: string, folder: boolean): boolean {
    let ignored = false;
    for (const file of this.#files) {
      if (file.dir && !path.startsWith(file.dir)) continue;
      const inner = path.slice(file.dir.length);
      for (const rule of file.rules) {
        if (rule.folderOnly && !folder) continue;
        if (rule.matches(inner)) ignored = !rule.negated;
      }
    }
    return ignored;
  }
}

function parseRule(raw: string): IgnoreRule | undefined {
  let line = raw.replace(/(?<!\\)[ \t]+$/, "");
  if (line === "" || line.startsWith("#")) return undefined;
  let negated = false;
  if (line.startsWith("!")) {
    negated = true;
    line = line.slice(1);
  } else if (line.startsWith("\\!") || line.startsWith("\\#")) line = line.slice(1);
  const folderOnly = line.endsWith("/");
  if (folderOnly) line = line.slice(0, -1);
  const anchored = line.includes("/");
  if (line.startsWith("/")) line = line.slice(1);
  if (line === "") return undefined;
  const literal = line.replace(/[{}()]/g, (c) => `\\${c}`);
  const matches = compileGlob(literal, { basename: !anchored });
  return { negated, folderOnly, matches };
}
