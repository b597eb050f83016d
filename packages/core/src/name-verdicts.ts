import { isArchive } from "./archive.js";
import { IGNORE_FILES } from "./ignore-files.js";
import { extensionOf, isKnownBinary, languageOf } from "./languages.js";
import type { Language } from "./source-file.js";

/** Lock files describe installed dependencies (half a megabyte of JSON in a small app, nothing to upgrade): never scanned. */
const LOCK_FILES = new Set(["package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "yarn.lock"]);

/** What discovery makes of a file by its name alone (its last path segment). */
export interface NameVerdict {
  /** A lock file: never listed. */
  lock: boolean;
  /** An ignore file (`.gitignore`): read by the walk, not scanned. */
  ignoreFile: boolean;
  /** A known binary format, by its extension. */
  binary: boolean;
  language: Language | undefined;
  /** An archive (`.zip`), listed for its members. */
  archive: boolean;
  /** Neither an extension nor a language: a solution's web resource may still say what it is. */
  unknown: boolean;
  /** Read, so its size and stamp are needed: an archive, or a language that is not a binary's. */
  needsStat: boolean;
}

/** How many names a discovery judged (each distinct name once), for tests. */
export const nameVerdictTally = { judged: 0 };

/**
 * The verdicts of one discovery, by name: an estate repeats its names (`__init__.py`,
 * `__manifest__.py`, `index.html` in every addon), and what a name says is the same wherever it
 * stands, so each is judged once.
 */
export class NameVerdicts {
  readonly #byName = new Map<string, NameVerdict>();

  of(name: string): NameVerdict {
    let verdict = this.#byName.get(name);
    if (verdict === undefined) this.#byName.set(name, (verdict = judge(name)));
    return verdict;
  }

  /** The verdict of a path's last segment. */
  ofPath(path: string): NameVerdict {
    return this.of(path.slice(path.lastIndexOf("/") + 1));
  }
}

function judge(name: string): NameVerdict {
  nameVerdictTally.judged++;
  const language = languageOf(name);
  const binary = isKnownBinary(name);
  const archive = isArchive(name);
  return {
    lock: LOCK_FILES.has(name),
    ignoreFile: IGNORE_FILES.includes(name),
    binary,
    language,
    archive,
    unknown: extensionOf(name) === "" && language === undefined,
    needsStat: archive || (!binary && language !== undefined),
  };
}
