import { irrelevantKind, type SourceFile, type Unanalysed } from "@uplift/core";
import { classifyGap, coverageOf, sortUnchecked } from "./coverage.js";
import type { Project } from "./projects.js";
import type { FileCoverage, UncheckedFile } from "./result.js";
import { activeRules, RuleScope, rulesKey } from "./rule-scope.js";
import type { Severity } from "./rule-types.js";

/** What a scan learns about each file it meets, for the coverage and the verdict. */
export class CoverageTally {
  #checked = 0;
  #excluded = 0;
  readonly #irrelevantBy: Record<string, number> = {};
  readonly #unchecked: UncheckedFile[] = [];
  /** Each project's scope, built when a file of it is first admitted by its rules (a replayed file needs none). */
  readonly #scopes = new Map<Project, RuleScope>();
  readonly #shared = new Map<string, RuleScope>();

  constructor(private readonly overrides?: Record<string, Severity | "off">) {}

  /**
   * Decides about a file the scan read, before it is parsed: irrelevant (counted apart, still
   * scanned), outside what the project's rules can check (unchecked, not parsed unless a linker
   * or project detection needs it), or to check.
   */
  admit(file: SourceFile, project: Project, projectPath: string, needed: boolean): "irrelevant" | "out-of-scope" | "check" {
    const kind = irrelevantKind(file.path);
    if (kind) {
      this.#irrelevantBy[kind] = (this.#irrelevantBy[kind] ?? 0) + 1;
      return "irrelevant";
    }
    // A project already at its target has no hop: the upgrade does not touch its files.
    if (project.hops.length === 0 || needed || this.#scopeOf(project).covers(file.language, projectPath)) return "check";
    this.#outOfScope(file, project);
    return "out-of-scope";
  }

  /**
   * A file replayed from its kept result, admitted as it was when it was read: the result's key
   * holds everything `admit` looks at (path, language, the project's rules), and a result kept for
   * a file out of scope says so. The rules are not asked again.
   */
  replayed(file: Pick<SourceFile, "path" | "language">, project: Project, outOfScope: boolean): void {
    const kind = irrelevantKind(file.path);
    if (kind) this.#irrelevantBy[kind] = (this.#irrelevantBy[kind] ?? 0) + 1;
    else if (outOfScope) this.#outOfScope(file, project);
  }

  #outOfScope(file: Pick<SourceFile, "path" | "language">, project: Project): void {
    const hops = project.hops.map((h) => h.label).join(", ");
    this.#unchecked.push({ file: file.path, why: "no-rules", reason: `no rules for ${file.language} files on ${hops}` });
  }

  /** Whether `admit` would let the file be read (it asks nothing of a linker and counts nothing). */
  inScope(file: SourceFile, project: Project, projectPath: string): boolean {
    return (
      irrelevantKind(file.path) !== undefined || project.hops.length === 0 || this.#scopeOf(project).covers(file.language, projectPath)
    );
  }

  /** Projects with the same rules share one scope. */
  #scopeOf(project: Project): RuleScope {
    let scope = this.#scopes.get(project);
    if (scope) return scope;
    const key = rulesKey(project);
    scope = this.#shared.get(key);
    if (!scope) this.#shared.set(key, (scope = new RuleScope(activeRules(project, this.overrides))));
    this.#scopes.set(project, scope);
    return scope;
  }

  /** A file that was checked: every active rule that could apply to it did. */
  checked(): void {
    this.#checked++;
  }

  unparseable(file: string, message: string): void {
    this.#unchecked.push({ file, why: "unparseable", reason: message });
  }

  /** A file outside every project: irrelevant by its kind, or excluded. */
  outside(file: string): void {
    const kind = irrelevantKind(file);
    if (kind) this.#irrelevantBy[kind] = (this.#irrelevantBy[kind] ?? 0) + 1;
    else this.#excluded++;
  }

  /** The files discovery, archives, project detection and loading set aside. */
  gaps(entries: readonly Unanalysed[], inProject: (file: string) => boolean, projectGaps: ReadonlySet<string> = new Set()): void {
    for (const u of entries) {
      if (projectGaps.has(u.file)) {
        this.#unchecked.push({ file: u.file, why: "skipped", reason: u.reason });
        continue;
      }
      const gap = classifyGap(u, inProject(u.file));
      if (gap.class === "irrelevant") this.#irrelevantBy[gap.kind] = (this.#irrelevantBy[gap.kind] ?? 0) + 1;
      else if (gap.class === "excluded") this.#excluded++;
      else this.#unchecked.push({ file: u.file, why: gap.why, reason: u.reason });
    }
  }

  result(): { files: FileCoverage; unchecked: UncheckedFile[] } {
    const unchecked = sortUnchecked(this.#unchecked);
    return { files: coverageOf(this.#checked, unchecked, this.#irrelevantBy, this.#excluded), unchecked };
  }
}
