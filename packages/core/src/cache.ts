import { hash } from "node:crypto";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { threadId } from "node:worker_threads";
import type { Fact, FileFacts, XmlStep } from "./facts.js";
import { extensionOf, isPythonDataFile } from "./languages.js";
import { LineIndex, type SourceFile } from "./source-file.js";
import type { ExtractedFile } from "./extract.js";
import { PackIndex, PackWriter } from "./cache-pack.js";
import { textHash } from "./text-hash.js";
import { KeptResults, keptResultsBytes } from "./kept-results.js";
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
 *
 * Facts and each file's result are packed (`cache-pack.ts`): gathered by the thread that makes
 * them and written together by `flush` (also every few megabytes). The results a scan keeps under
 * a name of its own (the root's bundle, its stamps) are one file each (`getResult`, `setResult`).
 */
export class FactCache {
  hits = 0;
  misses = 0;
  /** The entry of each file asked about: a file is looked up, then kept, under one hash of its text. */
  readonly #entryOf = new WeakMap<SourceFile, { text: string; entry: string }>();
  /** Folders made by this run: one `mkdir` per folder, not per entry. */
  readonly #made = new Set<string>();
  readonly #packs: PackIndex;
  readonly #pending: PackWriter;

  constructor(
    private readonly dir: string,
    private readonly toolBuild: string,
    private readonly key: Buffer,
  ) {
    this.#packs = new PackIndex(dir, key);
    this.#pending = new PackWriter(dir, key);
  }

  /** Writes the entries this thread gathered (a scan calls it once it has matched every file; a worker, when the pool closes). */
  flush(): void {
    this.#pending.flush();
  }

  /** What a worker thread needs to open the same cache and keep the facts it extracts. */
  get settings(): FactCacheSettings {
    return { dir: this.dir, toolBuild: this.toolBuild, key: this.key };
  }

  static open(settings: FactCacheSettings): FactCache {
    return new FactCache(settings.dir, settings.toolBuild, Buffer.from(settings.key));
  }

  #fileFor(file: SourceFile): string {
    const known = this.#entryOf.get(file);
    if (known && known.text === file.text) return known.entry;
    const entry = this.#hashedFile(file);
    this.#entryOf.set(file, { text: file.text, entry });
    return entry;
  }

  /** The entry's name: the file's content hash (`textHash`, taken once per file for everything a scan keys by it) and what reads it. */
  #hashedFile(file: SourceFile): string {
    // One call (no hash object): the text itself is hashed once per file, by `textHash`.
    const head = `${FACTS_FORMAT}\0${this.toolBuild}\0${file.language}\0${extensionOf(file.path)}\0${isPythonDataFile(file.path) ? "data" : ""}\0`;
    return hash("sha256", head + textHash(file), "hex");
  }

  /** Whether facts for this content are kept (not whether they read back). */
  has(file: SourceFile): boolean {
    const entry = this.#fileFor(file);
    return this.#pending.has(entry) || this.#packs.has(entry);
  }

  /** A packed entry's content: gathered by this thread and not written yet, or read from a pack. */
  #packed(entry: string): string | undefined {
    return this.#pending.get(entry) ?? this.#packs.read(entry);
  }

  get(file: SourceFile): ExtractedFile | undefined {
    try {
      const content = this.#packed(this.#fileFor(file));
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

  /**
   * Results kept together under a name of their own (the results a scan of a root used): one
   * file, checked whole, whose entries are decoded one by one as they are asked for.
   */
  getResults(key: string): KeptResults | undefined {
    return KeptResults.read(this.#resultFile(key, ".results"), this.key);
  }

  /** Keeps results together under a name of their own; an entry given as bytes (`KeptResults.bytesOf`) is kept as it is. */
  setResults(key: string, entries: Iterable<readonly [string, unknown]>): void {
    this.#writeBytes(this.#resultFile(key, ".results"), keptResultsBytes(entries, this.key));
  }

  #resultFile(key: string, extension = ".json"): string {
    const hash = this.#resultEntry(key);
    return path.join(this.dir, hash.slice(0, 2), `${hash.slice(2)}${extension}`);
  }

  #resultEntry(key: string): string {
    return hash("sha256", `result\0${FACTS_FORMAT}\0${this.toolBuild}\0${key}`, "hex");
  }

  /** One file's result (what the engine made of it), packed like facts. */
  getFileResult(key: string): unknown {
    try {
      const content = this.#packed(this.#resultEntry(key));
      if (content === undefined) return undefined;
      const stored = JSON.parse(content) as { format?: unknown; result?: unknown };
      return stored.format === FACTS_FORMAT ? stored.result : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Keeps one file's result; returns it encoded (`JSON.stringify`), once for the pack and for
   * the results a scan keeps together (`setResults` takes those bytes as they are).
   */
  setFileResult(key: string, result: unknown): string {
    const encoded = JSON.stringify(result);
    const entry = this.#resultEntry(key);
    // Kept already (the key holds everything the result depends on): a pack is never written again for it.
    // What `JSON.stringify({ format, result })` writes, without encoding the result again.
    if (!this.#packs.has(entry)) this.#pending.add(entry, `{"format":${FACTS_FORMAT},"result":${encoded}}`);
    return encoded;
  }

  set(file: SourceFile, extracted: ExtractedFile | Omit<ExtractedFile, "lines">): void {
    const entry = this.#fileFor(file);
    if (this.#packs.has(entry)) return;
    this.#pending.add(entry, encodeFacts(extracted));
  }

  /** Keeps facts already encoded (`encodeFacts`): a worker encodes them once, for the cache and for the thread it answers. */
  setEncoded(file: SourceFile, encoded: string): void {
    const entry = this.#fileFor(file);
    if (!this.#packs.has(entry)) this.#pending.add(entry, encoded);
  }

  #write(target: string, stored: unknown): void {
    this.#writeBytes(target, seal(JSON.stringify(stored), this.key));
  }

  #writeBytes(target: string, content: string | Buffer): void {
    try {
      const folder = path.dirname(target);
      if (!this.#made.has(folder)) {
        mkdirSync(folder, { recursive: true });
        this.#made.add(folder);
      }
      // Worker threads of one process keep entries too: the temporary name is the thread's own.
      const temp = `${target}.${process.pid}.${threadId}.tmp`;
      writeFileSync(temp, content, { mode: 0o600 });
      renameSync(temp, target);
    } catch {
      // A cache that cannot be written only costs speed.
    }
  }
}

/** A cache as a worker thread opens it (the key is copied when the settings cross threads). */
export interface FactCacheSettings {
  dir: string;
  toolBuild: string;
  key: Uint8Array;
}

/** A file's facts as the cache keeps them: JSON, every XML step once. */
export function encodeFacts(extracted: ExtractedFile | Omit<ExtractedFile, "lines">): string {
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
  return JSON.stringify(stored);
}

/** Facts encoded by `encodeFacts`, as extraction gave them (the cache's entries, a worker's answers); undefined if they do not read back. */
export function decodeFacts(encoded: string, file: SourceFile): ExtractedFile | undefined {
  try {
    return restore(JSON.parse(encoded) as StoredFacts, file);
  } catch {
    return undefined;
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
