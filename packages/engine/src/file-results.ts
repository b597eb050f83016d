import { hash as digest } from "node:crypto";
import type { FactCache, SourceFile } from "@uplift/core";
import { toolBuild } from "./build.js";
import type { Project } from "./projects.js";
import { ResultBundle } from "./result-bundle.js";
import type { Finding } from "./result.js";
import type { Severity } from "./rule-types.js";
import { rulesKey } from "./rule-scope.js";

/** What one file gave a scan after extraction and matching: enough to replay it without reading it again. */
export interface FileResult {
  findings: Finding[];
  suppressed: number;
  /** How the file counted for coverage: checked, unparseable (with the parser's message), or not at all. */
  coverage?: "checked" | { unparseable: string };
  /** Set aside with this reason (nested too deeply). */
  unanalysed?: string;
  /** Left out: no active rule reads files of its kind (coverage counts it when it is admitted again). */
  outOfScope?: boolean;
  /** Whether its facts were extracted, so that the project's linker must see them again. */
  extracted: boolean;
  /** What the project's linker kept of it, when the linker can take that back without the facts. */
  linked?: unknown;
}

export interface ResultContext {
  /** The catalogue's hash (every pack and profile file). */
  packs: string;
  overrides: Record<string, Severity | "off"> | undefined;
  cleanCore: boolean | undefined;
  /** Findings of one rule in one file past this many are counted in one (`--max-per-rule`). */
  maxPerRule: number | undefined;
  moduleOf: (project: Project) => string | undefined;
  hasLinker: (project: Project) => boolean;
  /** The scanned root, when the results this scan uses are to be kept together for its next run. */
  root?: string;
}

/**
 * What each file yielded, kept by everything that can change it (code also by its binding inputs,
 * `code-results.ts`): the file's content, path and
 * language; the build of the tool and the pack set; the project's ERP, versions, hops and module
 * name; rule overrides and options (--clean-core, --max-per-rule). Suppressions from the configuration and the baseline are
 * applied after these results, so they are not part of the key.
 */
export class ResultCache {
  readonly #contexts = new Map<Project, string>();
  /** The results the last scan of this root used, read at once. */
  readonly #bundle: ResultBundle | undefined;
  hits = 0;

  constructor(
    private readonly store: FactCache,
    private readonly context: ResultContext,
  ) {
    if (context.root !== undefined) this.#bundle = new ResultBundle(store, context.root);
  }

  /** The key of a file's result; `hash` is its content's (`contentHash`), so that a file known by its stamp need not be read. */
  keyOf(file: Pick<SourceFile, "path" | "logicalPath" | "language">, project: Project, hash: string): string {
    let context = this.#contexts.get(project);
    if (context === undefined) {
      const overrides = Object.entries(this.context.overrides ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      context = JSON.stringify([
        toolBuild(),
        this.context.packs,
        project.path,
        project.marker ?? "",
        project.from,
        project.to,
        rulesKey(project),
        this.context.moduleOf(project) ?? "",
        this.context.hasLinker(project),
        overrides,
        this.context.cleanCore === true,
        this.context.maxPerRule ?? null,
      ]);
      this.#contexts.set(project, context);
    }
    return digest("sha256", `${context}\0${file.path}\0${file.logicalPath ?? ""}\0${file.language}\0${hash}`, "hex");
  }

  get(key: string): FileResult | undefined {
    const r = (this.#bundle?.get(key) ?? this.store.getFileResult(key)) as FileResult | undefined;
    if (!r || !Array.isArray(r.findings) || typeof r.suppressed !== "number" || typeof r.extracted !== "boolean") return undefined;
    this.hits++;
    this.#bundle?.use(key, r);
    return r;
  }

  set(key: string, result: FileResult): void {
    const encoded = this.store.setFileResult(key, result);
    // Kept together as the bytes just encoded: a cold scan encodes each result once, not again when the bundle is written.
    this.#bundle?.use(key, Buffer.from(encoded, "utf8"));
  }

  /**
   * Keeps the results this scan used together (`ResultBundle`). Called once every file was matched, before the scan fills in the
   * findings' impact and fingerprints (the entries hold the same objects).
   */
  save(): void {
    this.#bundle?.save();
  }
}
