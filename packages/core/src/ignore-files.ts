import { compileGlob } from "./glob.js";

/** The files whose rules say what a scan leaves out, as git does. */
export const IGNORE_FILES = [".gitignore", ".upliftignore"];

interface IgnoreRule {
  negated: boolean;
  folderOnly: boolean;
  matches: (path: string) => boolean;
  /** A rule that matches one name at any depth (`__pycache__`, `.DS_Store`): that name. */
  name?: string;
  /** A rule that matches names ending so at any depth (`*.log`, `*~`): that ending. */
  ending?: string;
}

interface IgnoreFile {
  /** Folder the file stands in, relative to the root, with a trailing slash ("" for the root). */
  dir: string;
  rules: IgnoreRule[];
  /** The rules that name one name, by that name (their indexes, in order). */
  byName: Map<string, number[]>;
  /** Every other rule's index, in order. */
  others: number[];
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
    const byName = new Map<string, number[]>();
    const others: number[] = [];
    rules.forEach((rule, i) => {
      if (rule.name === undefined) others.push(i);
      else {
        const named = byName.get(rule.name);
        if (named) named.push(i);
        else byName.set(rule.name, [i]);
      }
    });
    this.#files.push({ dir, rules, byName, others });
    this.#files.sort((a, b) => a.dir.length - b.dir.length || (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
  }

  get empty(): boolean {
    return this.#files.length === 0;
  }

  /** Whether a path (relative to the root, POSIX) is ignored; folders are checked as the walk enters them. */
  ignores(path: string, folder: boolean): boolean {
    // The last rule that matches decides: files from the deepest, rules from the last, the first match.
    const name = path.slice(path.lastIndexOf("/") + 1);
    for (let f = this.#files.length - 1; f >= 0; f--) {
      const file = this.#files[f]!;
      if (file.dir && !path.startsWith(file.dir)) continue;
      const last = lastMatch(file, path.slice(file.dir.length), name, folder);
      if (last >= 0) return !file.rules[last]!.negated;
    }
    return false;
  }
}

/** The index of the file's last rule that matches the path (relative to the file's folder), or -1. */
function lastMatch(file: IgnoreFile, inner: string, name: string, folder: boolean): number {
  let best = -1;
  // Rules of one name are looked up, not tried one by one.
  const named = file.byName.get(name);
  if (named) {
    for (let k = named.length - 1; k >= 0; k--) {
      if (folder || !file.rules[named[k]!]!.folderOnly) {
        best = named[k]!;
        break;
      }
    }
  }
  for (let k = file.others.length - 1; k >= 0; k--) {
    const i = file.others[k]!;
    if (i < best) break;
    const rule = file.rules[i]!;
    if (rule.folderOnly && !folder) continue;
    if (rule.ending !== undefined ? name.endsWith(rule.ending) : rule.matches(inner)) return i;
  }
  return best;
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
  // A name at any depth, or a name's ending (`*.log`): told from the name without matching the glob.
  if (!anchored && !/[*?[\\]/.test(line)) return { negated, folderOnly, matches, name: line };
  if (!anchored && line.startsWith("*") && !/[*?[\\]/.test(line.slice(1))) return { negated, folderOnly, matches, ending: line.slice(1) };
  return { negated, folderOnly, matches };
}
