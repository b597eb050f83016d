import type { ExtractedFile, SourceFile } from "@uplift/core";
import type { Catalogue } from "./catalogue.js";
import { hopsBetween, type Project } from "./projects.js";
import type { RuleIndex } from "./rule-index.js";
import type { Severity } from "./rule-types.js";

type IndexBuilder = (project: Project, overrides?: Record<string, Severity | "off">) => RuleIndex;

/** A file whose version only the rest of its project can tell: matched once every file was read. */
export interface DeferredFile {
  file: SourceFile;
  extracted: ExtractedFile;
  words: ReadonlySet<string>;
}

/**
 * A project whose files say their own version: one rule index per version, the version each file
 * said, and the files that said none, which are checked from the oldest version the others said.
 */
export class VersionsPerFile {
  readonly #indexes = new Map<string, RuleIndex>();
  readonly deferred: DeferredFile[] = [];

  constructor(
    readonly project: Project & { fileVersions: Map<string, string> },
    private readonly catalogue: Catalogue,
    private readonly build: IndexBuilder,
    private readonly overrides: Record<string, Severity | "off"> | undefined,
  ) {}

  /** Every rule any file of the project could meet: the index from the first version. */
  get widest(): RuleIndex {
    return this.indexFor(this.project.profile.versions[0]!);
  }

  indexFor(version: string): RuleIndex {
    let index = this.#indexes.get(version);
    if (!index) {
      const { profile, to } = this.project;
      index = this.build({ ...this.project, from: version, ...hopsBetween(this.catalogue, profile, version, to, false) }, this.overrides);
      this.#indexes.set(version, index);
    }
    return index;
  }

  record(file: string, version: string): void {
    this.project.fileVersions.set(file, version);
  }

  /** Sets the project's from-version to the oldest its files said (or leaves the default) and its hops from there. */
  settle(): void {
    const { profile, to } = this.project;
    const said = [...new Set(this.project.fileVersions.values())].sort((a, b) => profile.versions.indexOf(a) - profile.versions.indexOf(b));
    const oldest = said[0];
    if (oldest === undefined) return;
    Object.assign(this.project, { from: oldest, ...hopsBetween(this.catalogue, profile, oldest, to, false) });
  }
}
