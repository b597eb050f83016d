import path from "node:path";
import { contentHash, type ExtractedFile, type SourceFile } from "@uplift/core";
import { bundledLibraryOf, markLibrary } from "./bundled.js";
import { applyKept } from "./code-results.js";
import { deriveRefs } from "./refs/index.js";
import { embeddedFiles, hostView, matchEmbedded } from "./embedded-findings.js";
import type { FileResult } from "./file-results.js";
import { matchFile, parseErrorFinding, parserGapReason } from "./match-file.js";
import { relativeToProject, type Project } from "./projects.js";
import { refinerFor } from "./refine/index.js";
import type { Finding } from "./result.js";
import type { RuleIndex } from "./rule-index.js";
import type { ReadFile, ScanState } from "./scan-state.js";
import { Suppressions } from "./suppressions.js";

/** Match, parse errors and suppressions of one file, after the binding stage and the ERP's refiner. */
export function matchRead(state: ScanState, r: ReadFile): void {
  const { file, project } = r;
  const refine = refinerFor(project.profile.erp);
  const linker = state.linkers.get(project);
  const refined = refine ? refine(file, r.extracted, linker?.hintsFor?.(file, project)) : r.extracted;
  // A file its linker deferred: kept by its content and what the other files gave it, else read again with that.
  let resultKey = r.resultKey;
  if (r.deferred && r.hash !== undefined && state.results && linker?.deferredInputs) {
    const inputs = linker.deferredInputs(file, refined, project);
    resultKey = state.results.keyOf(file, project, contentHash(`${r.hash}\0${inputs}`));
    const kept = state.results.get(resultKey);
    if (kept) {
      applyKept(state, kept, file.path);
      return;
    }
  }
  const extracted = linker?.refine?.(file, refined, project) ?? refined;
  const versions = state.perFile.get(project);
  const index = versions ? versions.indexFor(versions.project.fileVersions.get(file.path) ?? project.from) : state.indexes.get(project)!;
  const place = {
    project: project.path,
    erp: project.profile.erp,
    module: moduleOf(project, state.options.root),
    projectPath: relativeToProject(project, file.logicalPath ?? file.path),
  };
  const found = matchExtracted(file, extracted, index, place, r.words, r.matched, state.options.maxPerRule);
  applyMatch(state, file.path, found, r, resultKey, () => linker?.collected?.(file, project));
}

/** What matching one file gave: its findings (suppressions' and embedded files' included), what was silenced, and why it is not wholly checked. */
export interface FileMatch {
  findings: Finding[];
  suppressed: number;
  /** The parser's error, or the place it does not know, when the file counts for coverage. */
  unread?: string;
}

/** Where a file is matched: its project, the project's ERP and module name, and the file's path in the project. */
export interface MatchPlace {
  project: string;
  erp: string;
  module: string | undefined;
  projectPath: string;
}

/**
 * Match, parse errors and suppressions of one file's facts (refined already), touching nothing
 * else: run where the facts are, in this thread or in the worker that extracted them.
 */
export function matchExtracted(
  file: SourceFile,
  extracted: ExtractedFile,
  index: RuleIndex,
  place: MatchPlace,
  words: ReadonlySet<string>,
  matched: boolean,
  maxPerRule: number | undefined,
): FileMatch {
  const suppressions = new Suppressions(file, extracted);
  const refs = deriveRefs(place.erp, file, extracted, { module: place.module });
  const found = matchFile(file, hostView(extracted), index, { projectPath: place.projectPath }, place.project, words, refs, {
    silenced: (ruleId, line) => suppressions.silences(ruleId, line),
    maxPerRule,
  });
  // A file no rule's words are in is read for the binding stage only; its syntax errors are not findings.
  const parseError = matched ? parseErrorFinding(file, extracted, place.project) : undefined;
  if (parseError && !suppressions.silences(parseError.ruleId, parseError.line)) found.push(parseError);
  // A place the parser does not know in valid code is no finding, but the file is not checked there.
  const unread = parseError?.message ?? (matched ? parserGapReason(extracted) : undefined);
  let suppressed = suppressions.suppressed;
  const findings = [...found, ...suppressions.findings(place.project)];
  for (const embedded of embeddedFiles(file, extracted)) {
    const ctx = { projectPath: relativeToPlace(place, embedded.source.path) };
    const inner = matchEmbedded(embedded, extracted, index, ctx, place.project);
    suppressed += inner.suppressed;
    findings.push(...inner.kept);
  }
  // Read only where it changes something: a file without findings needs no library name.
  if (findings.length > 0) markLibrary(findings, bundledLibraryOf(file, place.module));
  return unread === undefined ? { findings, suppressed } : { findings, suppressed, unread };
}

/**
 * A file's match taken into the scan: coverage (when it counts), findings and suppressions, and
 * its result kept under `resultKey` with what its linker collected.
 */
export function applyMatch(
  state: ScanState,
  path: string,
  found: FileMatch,
  r: Pick<ReadFile, "counted" | "checked">,
  resultKey: string | undefined,
  linked: () => unknown,
): void {
  let coverage: FileResult["coverage"];
  if (r.counted) {
    coverage = found.unread ? { unparseable: found.unread } : "checked";
    if (found.unread) state.coverage.unparseable(path, found.unread);
    else state.coverage.checked();
  }
  state.suppressed += found.suppressed;
  state.findings.push(...found.findings);
  if (resultKey) {
    if (r.checked) coverage ??= "checked";
    state.results!.set(resultKey, {
      findings: [...found.findings],
      suppressed: found.suppressed,
      coverage,
      extracted: true,
      linked: linked(),
    });
  }
}

/** A project's own name as its code refers to itself: the folder's name (an Odoo addon's module). */
export function moduleOf(project: Project, root: string): string | undefined {
  const dir = project.path === "." ? path.basename(path.resolve(root)) : project.path.slice(project.path.lastIndexOf("/") + 1);
  return /^\w+$/.test(dir) ? dir : undefined;
}

/** A file's path relative to the project of a place (`relativeToProject`). */
function relativeToPlace(place: MatchPlace, file: string): string {
  return place.project === "." ? file : file.slice(place.project.length + 1);
}
