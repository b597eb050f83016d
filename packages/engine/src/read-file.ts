import {
  ExtractPool,
  extractHere,
  languageOf,
  prepareLanguage,
  TooDeepError,
  type Candidate,
  type ExtractedFile,
  type Extraction,
  type FactsExtraction,
  type SourceFile,
  textHash,
} from "@uplift/core";
import { applyKept, isCode } from "./code-results.js";
import { finishJob, takeFinished } from "./finish-jobs.js";
import type { FinishedFile } from "./match-worker.js";
import type { FileResult } from "./file-results.js";
import { relativeToProject, type Project } from "./projects.js";
import { refinerFor } from "./refine/index.js";
import { wordsOfFile } from "./rule-index.js";
import type { ReadFile, ScanState } from "./scan-state.js";

/**
 * One file: load, prefilter, one parse, and what the linker collects. JavaScript is parsed even
 * when no rule could match it: the binding stage needs every module, class and handler of a project.
 */
export async function readFile(state: ScanState, candidate: Candidate, project: Project): Promise<ReadFile | undefined> {
  // A file the ABAP pass reads is read once the pass is done: its facts come from there.
  if (state.abap?.reads(candidate.path)) await state.abap.done();
  const index = state.indexes.get(project)!;
  const marker = state.markers.get(candidate.path);
  const ahead = state.ahead?.take(candidate.path);
  // Once scanned, a marker is not held any longer: memory follows the largest file, not the estate.
  state.markers.delete(candidate.path);
  if (!marker && (state.code?.wait(candidate, project) || (await replayUnread(state, candidate, project)))) return undefined;
  let file: SourceFile;
  let hash: string | undefined;
  if (marker) file = marker.file;
  else {
    const loaded = await (ahead?.loaded ?? state.load(candidate));
    if (!loaded.ok) {
      state.unanalysed.push(loaded.unanalysed);
      return undefined;
    }
    file = loaded.file;
    hash = state.memo?.record(candidate, file);
  }
  state.filesScanned++;
  const projectPath = relativeToProject(project, file.logicalPath ?? file.path);
  if (file.logicalPath && file.logicalPath !== file.path) state.fileNames.set(file.path, file.logicalPath);
  const linker = state.linkers.get(project);
  const code = isCode(file.language);
  // A file's result is kept only when it depends on the file alone: not where an ERP's refiner takes
  // hints from other files, nor where each file is matched with its own version's rules. Code is
  // kept by its binding inputs once every file was read.
  // A marker was read to find its project, so its text is at hand: its result is kept as any file's.
  const alone = keptAlone(state, file, project);
  hash ??= state.results && (alone || code) ? textHash(file) : undefined;
  const resultKey = state.results && alone ? state.results.keyOf(file, project, hash!) : undefined;
  const kept = resultKey ? state.results!.get(resultKey) : undefined;
  if (kept) {
    state.coverage.replayed(file, project, kept.outOfScope === true);
    return replay(state, kept, file, project, marker?.extracted);
  }
  // Files read with their project are parsed already; their facts (upper-case DDIC names, types) need not be spelled in the text.
  const prepared = state.prepared.has(file.path);
  const wanted = candidate.path === project.marker || prepared || linker?.wants?.(file) === true;
  const admitted = state.coverage.admit(file, project, projectPath, wanted);
  if (admitted === "out-of-scope") {
    const result: FileResult = { findings: [], suppressed: 0, extracted: false, outOfScope: true };
    if (resultKey) state.results!.set(resultKey, result);
    else if (code && hash !== undefined && !marker) state.code?.early(file, project, hash, result);
    return undefined;
  }
  const counted = admitted === "check";
  const matched = wanted || index.mayMatch(wordsOfFile(file));
  if (!matched) {
    // No word any active rule looks for: nothing in the file can be found (it is checked as read).
    if (counted) state.coverage.checked();
    if (resultKey)
      state.results!.set(resultKey, { findings: [], suppressed: 0, coverage: counted ? "checked" : undefined, extracted: false });
    if (!code) {
      state.options.onAnalysed?.(file.path);
      return undefined;
    }
  }
  const given = marker?.extracted ?? state.prepared.get(file.path);
  const early = given ? undefined : ((await ahead?.extraction) ?? (await finishedHere(state, file, project, matched)));
  // A file the worker that parsed it matched too (`finishJob`): taken as it would have been matched here.
  if (early && "finished" in early && matched && !code) {
    takeFinished(state, file, project, early.finished as FinishedFile, counted, resultKey);
    return undefined;
  }
  let extracted: ExtractedFile;
  try {
    extracted =
      given ??
      // The facts of a file a worker parsed as it was read ahead are taken before the fact cache is asked: the worker has just kept them there.
      (early && !("finished" in early) ? keepExtraction(state, file, early) : undefined) ??
      state.cache?.get(file) ??
      (await extractAndKeep(state, file));
  } catch (error) {
    if (!(error instanceof TooDeepError)) throw error;
    // A file no rule can match is clean however deep it goes; one a rule could match is unknown.
    const reason = "nested too deeply to parse";
    if (matched) state.unanalysed.push({ file: file.path, reason });
    else state.options.onAnalysed?.(file.path);
    const result: FileResult = { findings: [], suppressed: 0, unanalysed: matched ? reason : undefined, extracted: false };
    if (resultKey) state.results!.set(resultKey, result);
    else if (code && hash !== undefined && !marker) state.code?.early(file, project, hash, result);
    return undefined;
  }
  state.options.onAnalysed?.(file.path);
  linker?.collect(file, extracted, project);
  // Matching a component asks where its scripts are, which its adapter tells (its facts may have been kept).
  if (file.language === "vue") await prepareLanguage("vue");
  return {
    file,
    extracted,
    project,
    words: wordsOfFile(file),
    matched,
    counted: counted && matched,
    checked: counted && !matched,
    resultKey,
    hash,
  };
}

/**
 * A file's result is kept only when it depends on the file alone: not for code (bound across its
 * project), nor files read with their project, nor where an ERP's refiner takes hints from other
 * files, nor where each file is matched with its own version's rules.
 */
function keptAlone(state: ScanState, file: Pick<SourceFile, "path" | "language">, project: Project): boolean {
  return !isCode(file.language) && !state.prepared.has(file.path) && !refinerFor(project.profile.erp) && !state.perFile.has(project);
}

/**
 * A file whose stamp says it is unchanged and whose whole result was kept (findings, coverage, and
 * what its linker keeps, if it has one): replayed without reading it. False when it must be read.
 */
async function replayUnread(state: ScanState, candidate: Candidate, project: Project): Promise<boolean> {
  if (!state.results || !state.memo?.knows(candidate)) return false;
  const language = candidate.language ?? languageOf(candidate.path.slice(candidate.path.lastIndexOf("!/") + 1));
  if (!language) return false;
  // The file as its name and language tell it; its text is not needed by anything below.
  const file: SourceFile = { path: candidate.path, language, text: "" };
  if (candidate.logicalPath) file.logicalPath = candidate.logicalPath;
  if (!keptAlone(state, file, project)) return false;
  const linker = state.linkers.get(project);
  const key = state.results.keyOf(file, project, state.memo.hashOf(candidate)!);
  const kept = state.results.get(key);
  if (!kept || (kept.extracted && linker && (kept.linked === undefined || !linker.restore))) return false;
  state.filesScanned++;
  if (file.logicalPath && file.logicalPath !== file.path) state.fileNames.set(file.path, file.logicalPath);
  state.coverage.replayed(file, project, kept.outOfScope === true);
  await replay(state, kept, file, project);
  return true;
}

/** A file whose result was kept: its findings and coverage as they were, and its facts to the linker. */
async function replay(state: ScanState, kept: FileResult, file: SourceFile, project: Project, facts?: ExtractedFile): Promise<undefined> {
  const linker = state.linkers.get(project);
  if (!applyKept(state, kept, file.path) || !linker) return undefined;
  if (kept.linked !== undefined && linker.restore) linker.restore(file, kept.linked, project);
  else linker.collect(file, facts ?? state.cache?.get(file) ?? (await extractAndKeep(state, file)), project);
  return undefined;
}

/**
 * A file not read ahead that a worker can match as it parses it (`finishJob`): sent to one, unless
 * its facts are kept already. Undefined when it is parsed as any other file.
 */
async function finishedHere(state: ScanState, file: SourceFile, project: Project, matched: boolean): Promise<Extraction | undefined> {
  if (!state.pool || !matched || state.cache?.has(file)) return undefined;
  const job = finishJob(state, file, project);
  return job ? state.pool.extract(file, job) : undefined;
}

/** Parses a file (in a worker when there are workers and its language is worth one), and keeps its facts. */
async function extractAndKeep(state: ScanState, file: SourceFile): Promise<ExtractedFile> {
  const got = state.pool && ExtractPool.threads(file.language) ? await state.pool.extract(file) : await extractHere(file);
  return keepExtraction(state, file, got);
}

/** An extraction's facts, kept in the fact cache unless a worker kept them; its failure thrown. */
function keepExtraction(state: ScanState, file: SourceFile, got: FactsExtraction): ExtractedFile {
  if ("tooDeep" in got) throw new TooDeepError(file.path);
  if ("error" in got) throw got.error;
  // A worker that extracted the file has kept its facts already.
  if (!got.kept) state.cache?.set(file, got.extracted);
  return got.extracted;
}
