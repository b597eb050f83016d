import { createHash } from "node:crypto";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Fact, FileFacts, XmlStep } from "./facts.js";
import { extensionOf, isPythonDataFile } from "./languages.js";
import { LineIndex, type SourceFile } from "./source-file.js";
import type { ExtractedFile } from "./extract.js";
import { readCacheFile, seal, unseal } from "./user-cache.js";

/** Bump when adapters change what they emit: old entries are then never read. */
const FACTS_FORMAT = 7;

interface StoredFacts {
  format: number;
  /** Every XML step once; facts point at their ancestors by index. */
  steps: XmlStep[];
  paths: number[][];
  facts: Array<Omit<Fact, "detail"> & { detail?: Record<string, unknown> & { ancestors?: number } }>;
  problems: FileFacts["problems"];
  moreProblems?: number;
  comments: FileFacts["comments"];
  strings?: FileFacts["strings"];
  bindings?: FileFacts["bindings"];
  embedded?: ExtractedFile["embedded"];
}

/**
 * Facts by file content: a warm run reads them instead of parsing. The key is the content, the
 * adapter that reads it (by extension) and the tool's build, so an entry can never be stale. Every
 * entry is sealed with this user's secret key: an entry someone else wrote or altered (a doctored
 * cache committed to a repository) is a miss, as is anything that does not read back.
 */
export class FactCache {
  hits = 0;
  misses = 0;

  constructor(
    private readonly dir: string,
    private readonly toolBuild: string,
    private readonly key: Buffer,
  ) {}

  #fileFor(file: SourceFile): string {
    const key = createHash("sha256")
      .update(
        `${FACTS_FORMAT}\0${this.toolBuild}\0${file.language}\0${extensionOf(file.path)}\0${isPythonDataFile(file.path) ? "data" : ""}\0`,
      )
      .update(file.text)
      .digest("hex");
    return path.join(this.dir, key.slice(0, 2), `${key.slice(2)}.json`);
  }

  get(file: SourceFile): ExtractedFile | undefined {
    try {
      const sealed = readCacheFile(this.#fileFor(file));
      const content = sealed === undefined ? undefined : unseal(sealed, this.key);
      const read = content === undefined ? undefined : restore(JSON.parse(content) as StoredFacts, file);
      if (read) {
        this.hits++;
        return read;
      }
    } catch {
      // Not kept yet, unreadable or not what this build writes: parse the file.
    }
    this.misses++;
    return undefined;
  }

  /**
   * What the engine made of a file (its findings after matching), under a key the engine builds
   * from everything that can change it; kept beside the facts and sealed the same way, so an
   * entry this user did not write is a miss.
   */
  getResult(key: string): unknown {
    try {
      const sealed = readCacheFile(this.#resultFile(key));
      const content = sealed === undefined ? undefined : unseal(sealed, this.key);
      if (content === undefined) return undefined;
      const stored = JSON.parse(content) as { format?: unknown; result?: unknown };
      return stored.format === FACTS_FORMAT ? stored.result : undefined;
    } catch {
      return undefined;
    }
  }

  setResult(key: string, result: unknown): void {
    this.#write(this.#resultFile(key), { format: FACTS_FORMAT, result });
  }

  #resultFile(key: string): string {
    const hash = createHash("sha256").update(`result\0${FACTS_FORMAT}\0${this.toolBuild}\0`).update(key).digest("hex");
    return path.join(this.dir, hash.slice(0, 2), `${hash.slice(2)}.json`);
  }

  set(file: SourceFile, extracted: ExtractedFile): void {
    const stepIndex = new Map<XmlStep, number>();
    const pathIndex = new Map<readonly XmlStep[], number>();
    const steps: XmlStep[] = [];
    const paths: number[][] = [];
    const facts = extracted.facts.map((f) => {
      const ancestors = f.detail?.ancestors;
      if (!ancestors) return f;
      let p = pathIndex.get(ancestors);
      if (p === undefined) {
        p = paths.length;
        pathIndex.set(ancestors, p);
        paths.push(
          ancestors.map((s) => {
            let i = stepIndex.get(s);
            if (i === undefined) {
              i = steps.length;
              stepIndex.set(s, i);
              steps.push(s);
            }
            return i;
          }),
        );
      }
      return { ...f, detail: { ...f.detail, ancestors: p } };
    });
    const stored = {
      format: FACTS_FORMAT,
      steps,
      paths,
      facts,
      problems: extracted.problems,
      ...(extracted.moreProblems ? { moreProblems: extracted.moreProblems } : {}),
      comments: extracted.comments,
      strings: extracted.strings,
      bindings: extracted.bindings,
      embedded: extracted.embedded,
    };
    this.#write(this.#fileFor(file), stored);
  }

  #write(target: string, stored: unknown): void {
    try {
      mkdirSync(path.dirname(target), { recursive: true });
      const temp = `${target}.${process.pid}.tmp`;
      writeFileSync(temp, seal(JSON.stringify(stored), this.key), { mode: 0o600 });
      renameSync(temp, target);
    } catch {
      // A cache that cannot be written only costs speed.
    }
  }
}

function restore(stored: StoredFacts, file: SourceFile): ExtractedFile | undefined {
  if (stored.format !== FACTS_FORMAT || !Array.isArray(stored.facts) || !Array.isArray(stored.paths) || !Array.isArray(stored.steps))
    return undefined;
  const paths = stored.paths.map((p) => p.map((i) => stored.steps[i]!));
  const facts = stored.facts.map((f) => {
    if (f.detail?.ancestors === undefined) return f as Fact;
    const { ancestors, ...rest } = f.detail;
    return { ...f, detail: { ...rest, ancestors: paths[ancestors]! } } as Fact;
  });
  const read: ExtractedFile = { facts, problems: stored.problems, comments: stored.comments, lines: new LineIndex(file.text) };
  if (stored.moreProblems) read.moreProblems = stored.moreProblems;
  if (stored.strings) read.strings = stored.strings;
  if (stored.bindings) read.bindings = stored.bindings;
  if (stored.embedded) read.embedded = stored.embedded;
  return read;
}
