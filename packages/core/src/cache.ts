import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Fact, FileFacts, XmlStep } from "./facts.js";
import { extensionOf, isPythonDataFile } from "./languages.js";
import { LineIndex, type SourceFile } from "./source-file.js";
import type { ExtractedFile } from "./extract.js";

/** Bump when adapters change what they emit: old entries are then never read. */
const FACTS_FORMAT = 5;

interface StoredFacts {
  format: number;
  /** Every XML step once; facts point at their ancestors by index. */
  steps: XmlStep[];
  paths: number[][];
  facts: Array<Omit<Fact, "detail"> & { detail?: Record<string, unknown> & { ancestors?: number } }>;
  problems: FileFacts["problems"];
  comments: FileFacts["comments"];
  strings?: FileFacts["strings"];
  bindings?: FileFacts["bindings"];
  embedded?: ExtractedFile["embedded"];
}

/**
 * Facts by file content: a warm run reads them instead of parsing. The key is the content, the
 * adapter that reads it (by extension) and the tool version, so an entry can never be stale.
 */
export class FactCache {
  hits = 0;
  misses = 0;

  constructor(
    private readonly dir: string,
    private readonly toolVersion: string,
  ) {}

  #fileFor(file: SourceFile): string {
    const key = createHash("sha256")
      .update(
        `${FACTS_FORMAT}\0${this.toolVersion}\0${file.language}\0${extensionOf(file.path)}\0${isPythonDataFile(file.path) ? "data" : ""}\0`,
      )
      .update(file.text)
      .digest("hex");
    return path.join(this.dir, key.slice(0, 2), `${key.slice(2)}.json`);
  }

  get(file: SourceFile): ExtractedFile | undefined {
    let stored: StoredFacts;
    try {
      stored = JSON.parse(readFileSync(this.#fileFor(file), "utf8")) as StoredFacts;
    } catch {
      this.misses++;
      return undefined;
    }
    if (stored.format !== FACTS_FORMAT) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    const paths = stored.paths.map((p) => p.map((i) => stored.steps[i]!));
    const facts = stored.facts.map((f) => {
      if (f.detail?.ancestors === undefined) return f as Fact;
      const { ancestors, ...rest } = f.detail;
      return { ...f, detail: { ...rest, ancestors: paths[ancestors]! } } as Fact;
    });
    const extracted: ExtractedFile = { facts, problems: stored.problems, comments: stored.comments, lines: new LineIndex(file.text) };
    if (stored.strings) extracted.strings = stored.strings;
    if (stored.bindings) extracted.bindings = stored.bindings;
    if (stored.embedded) extracted.embedded = stored.embedded;
    return extracted;
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
      comments: extracted.comments,
      strings: extracted.strings,
      bindings: extracted.bindings,
      embedded: extracted.embedded,
    };
    const target = this.#fileFor(file);
    try {
      mkdirSync(path.dirname(target), { recursive: true });
      const temp = `${target}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify(stored));
      renameSync(temp, target);
    } catch {
      // A cache that cannot be written only costs speed.
    }
  }
}
