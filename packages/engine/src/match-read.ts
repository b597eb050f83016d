import path from "node:path";
import { contentHash } from "@uplift/core";
import { applyKept } from "./code-results.js";
import { deriveRefs } from "./refs/index.js";
import { embeddedFiles, hostView, matchEmbedded } from "./embedded-findings.js";
import type { FileResult } from "./file-results.js";
import { matchFile, parseErrorFinding, parserGapReason } from "./match-file.js";
import { relativeToProject, type Project } from "./projects.js";
import { refinerFor } from "./refine/index.js";
import type { ReadFile, ScanState } from "./scan-state.js";
import { Suppressions } from "./suppressions.js";

/** Match, parse errors and suppressions of one file, after the binding stage and the ERP's refiner. */
export function matchRead(state: ScanState, r: ReadFile): void {
  const { file, project } = r;
  const before = { findings: state.findings.length, suppressed: state.suppressed };
  let coverage: FileResult["coverage"];
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
  const suppressions = new Suppressions(file, extracted);
  const refs = deriveRefs(project.profile.erp, file, extracted, { module: moduleOf(project, state.options.root) });
  const found = matchFile(
    file,
    hostView(extracted),
    index,
    { projectPath: relativeToProject(project, file.logicalPath ?? file.path) },
    project.path,
    r.words,
    refs,
    {
      silenced: (ruleId, line) => suppressions.silences(ruleId, line),
      maxPerRule: state.options.maxPerRule,
    },
  );
  // A file no rule's words are in is read for the binding stage only; its syntax errors are not findings.
  const parseError = r.matched ? parseErrorFinding(file, extracted, project.path) : undefined;
  if (parseError && !suppressions.silences(parseError.ruleId, parseError.line)) found.push(parseError);
  if (r.counted) {
    // A place the parser does not know in valid code is no finding, but the file is not checked there.
    const unread = parseError?.message ?? (r.matched ? parserGapReason(extracted) : undefined);
    coverage = unread ? { unparseable: unread } : "checked";
    if (unread) state.coverage.unparseable(file.path, unread);
    else state.coverage.checked();
  }
  state.suppressed += suppressions.suppressed;
  state.findings.push(...found, ...suppressions.findings(project.path));
  for (const embedded of embeddedFiles(file, extracted)) {
    const ctx = { projectPath: relativeToProject(project, embedded.source.path) };
    const inner = matchEmbedded(embedded, extracted, index, ctx, project.path);
    state.suppressed += inner.suppressed;
    state.findings.push(...inner.kept);
  }
  if (resultKey) {
    if (r.checked) coverage ??= "checked";
    const findings = state.findings.slice(before.findings);
    const linked = linker?.collected?.(file, project);
    state.results!.set(resultKey, { findings, suppressed: state.suppressed - before.suppressed, coverage, extracted: true, linked });
  }
}

/** A project's own name as its code refers to itself: the folder's name (an Odoo addon's module). */
export function moduleOf(project: Project, root: string): string | undefined {
  const dir = project.path === "." ? path.basename(path.resolve(root)) : project.path.slice(project.path.lastIndexOf("/") + 1);
  return /^\w+$/.test(dir) ? dir : undefined;
}
