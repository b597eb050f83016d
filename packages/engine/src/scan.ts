import { readFile as readBytes, realpath, stat } from "node:fs/promises";
import path from "node:path";
import {
  Declarations,
  decodeText,
  discover,
  expandArchives,
  FactCache,
  extractFacts,
  loadSource,
  prepareLanguage,
  TooDeepError,
  type Candidate,
  type DiscoverOptions,
  type ExtractedFile,
  type SourceFile,
  type Unanalysed,
  userKey,
} from "@uplift/core";
import { abapPass } from "./abap-pass.js";
import type { Baseline } from "./baseline.js";
import { toolBuild } from "./build.js";
import { bindFiles, type BoundFile } from "./bind/bind.js";
import { checkerPass, type TypePassStats } from "./bind/checker-pass.js";
import { loadCatalogue, type Catalogue } from "./catalogue.js";
import { compileRuleOrThrow } from "./compile.js";
import { embeddedFiles, hostView, matchEmbedded } from "./embedded-findings.js";
import { ResultCache, type FileResult } from "./file-results.js";
import { fileVersionOf } from "./file-version.js";
import { applyImpact, linkerFor, type Linker } from "./link/index.js";
import { versionSources } from "./load-pack.js";
import { markerFinding } from "./marker-finding.js";
import { matchFile, parseErrorFinding, parserGapReason } from "./match-file.js";
import { leftOutReason, placeLocator, uncheckedReason } from "./places.js";
import { detectProjects, projectLocator, relativeToProject, type ParsedMarker, type Project, type SourceLoader } from "./projects.js";
import { deriveRefs } from "./refs/index.js";
import { refinerFor } from "./refine/index.js";
import type { Finding, ScanResult } from "./result.js";
import { RuleIndex, wordsOf } from "./rule-index.js";
import type { Severity } from "./rule-types.js";
import { activeRules, rulesKey } from "./rule-scope.js";
import { CoverageTally } from "./scan-coverage.js";
import { settle } from "./settle.js";
import { Suppressions } from "./suppressions.js";
import { VersionsPerFile } from "./versions-per-file.js";

/** A suppression kept in the config file, for files that cannot hold comments (JSON). */
export interface ConfigSuppression {
  rule: string;
  files: string[];
  reason: string;
}

export interface ScanOptions extends DiscoverOptions {
  /** The folder (or file) to scan, as the user gave it. */
  root: string;
  rulesDir: string;
  erp?: string;
  from?: string;
  to?: string;
  /** Without `to`: scan every project to the furthest version its packs reach (`uplift plan`). */
  toFurthest?: boolean;
  catalogue?: Catalogue;
  /** Per rule id: another severity, or "off". */
  ruleOverrides?: Record<string, Severity | "off">;
  suppressions?: ConfigSuppression[];
  baseline?: { file: string; baseline: Baseline };
  /** Scan only the projects of shard `index` (1-based) of `count`. */
  shard?: { index: number; count: number };
  /** Report findings only in these files (POSIX, relative to the root); everything is still read for links. */
  onlyFiles?: ReadonlySet<string>;
  /** The git reference `onlyFiles` came from, for the result's account of what was left out. */
  changedSince?: string;
  /** The severity at or above which findings block (`--fail-on`), recorded in the result for its reports. */
  failOn?: Severity | "none";
  /** SAP: also report uses of SAP objects that are not released for ABAP Cloud (clean core). */
  cleanCore?: boolean;
  /** Keep the facts of every file by content in this folder, and reuse them. */
  cacheDir?: string;
  /** Occurrences of one rule in one file listed one by one (default 100); the rest are counted in one more finding. */
  maxPerRule?: number;
  /** The config file applied, to be named in the result. */
  config?: string;
  /** Text to read instead of a file's own, by path: fixes being settled before anything is written. */
  overrides?: ReadonlyMap<string, string>;
  /** Told of every file that was read and analysed (the rest are in the result's unanalysed and unchecked lists). */
  onAnalysed?: (file: string) => void;
  /** Told what the type pass cost, when it ran (for benchmarks). */
  onTypePass?: (stats: TypePassStats) => void;
  onProgress?: (done: number, total: number) => void;
}

/** The whole pipeline: discover, detect projects, extract facts, match, link, settle. */
export async function scan(given: ScanOptions): Promise<ScanResult> {
  const options = withCacheSkipped(given);
  const catalogue = options.catalogue ?? loadCatalogue(options.rulesDir, options.erp);
  const found = await discover(options.root, options);
  const expanded = await expandArchives(found.candidates, options.maxFileBytes);
  const discovery = { candidates: expanded.candidates };
  const unanalysed: Unanalysed[] = [...found.unanalysed, ...expanded.unanalysed];
  const markers = new Map<string, ParsedMarker>();
  // Projects are found from their marker files even when --include leaves those out of the scan.
  const markerFiles = [...new Set([...catalogue.profiles.values()].flatMap((p) => p.detect.map((d) => `**/${d.file}`)))];
  const markerCandidates =
    options.include && options.include.length > 0
      ? (
          await expandArchives(
            (await discover(options.root, { ...options, include: [...markerFiles, "**/*.zip"] })).candidates,
            options.maxFileBytes,
          )
        ).candidates
      : discovery.candidates;
  // The files that state a version (pyproject.toml beside a Frappe app) are looked for even when
  // --include leaves them out of the scan, as markers are.
  const versionFiles =
    options.include && options.include.length > 0
      ? await discover(options.root, { ...options, include: versionFileGlobs(catalogue) })
      : found;
  const key = options.cacheDir ? userKey() : undefined;
  const cache = options.cacheDir && key ? new FactCache(options.cacheDir, toolBuild(), key) : undefined;
  const load = loaderWith(options.overrides);
  const files = {
    paths: [...versionFiles.candidates.map((c) => c.path), ...versionFiles.unanalysed.map((u) => u.file)],
    readText: (file: string) => readInsideRoot(options.root, file),
    cache,
  };
  const map = await detectProjects(catalogue, markerCandidates, discovery.candidates, options, markers, files, load);
  const allProjects = map.projects;
  // A shard owns whole projects, so that links from configuration to code stay inside it.
  const projects = options.shard ? allProjects.filter((_, i) => i % options.shard!.count === options.shard!.index - 1) : allProjects;
  const state: ScanState = {
    load,
    cache,
    results:
      cache && catalogue.key
        ? new ResultCache(cache, {
            packs: catalogue.key,
            overrides: options.ruleOverrides,
            cleanCore: options.cleanCore,
            maxPerRule: options.maxPerRule,
            moduleOf: (p) => moduleOf(p, options.root),
            hasLinker: (p) => state.linkers.has(p),
          })
        : undefined,
    options,
    projects,
    markers,
    unanalysed,
    findings: [],
    filesScanned: 0,
    suppressed: 0,
    indexes: new Map(),
    linkers: new Map(),
    coverage: new CoverageTally(projects, options.ruleOverrides),
    fileNames: new Map(),
    prepared: new Map(),
    perFile: new Map(),
  };
  const shared = new Map<string, RuleIndex>();
  for (const p of projects) {
    if (p.fileVersions) {
      const versions = new VersionsPerFile(
        p as typeof p & { fileVersions: Map<string, string> },
        catalogue,
        buildIndex,
        options.ruleOverrides,
      );
      state.perFile.set(p, versions);
      // Until each file is matched with its own version's rules: every rule a file of the project could meet.
      state.indexes.set(p, versions.widest);
    } else {
      const key = rulesKey(p);
      let index = shared.get(key);
      if (!index) shared.set(key, (index = buildIndex(p, options.ruleOverrides)));
      state.indexes.set(p, index);
    }
    const linker = linkerFor(p, { rulesDir: catalogue.rulesDir, cleanCore: options.cleanCore });
    if (linker) state.linkers.set(p, linker);
  }
  const locate = projectLocator(allProjects);
  const placeOfFile = placeLocator(map);
  const abap = await abapPass(discovery.candidates, projects, allProjects, load, cache);
  state.prepared = abap.files;
  state.unanalysed.push(...abap.unanalysed);
  const total = discovery.candidates.length;
  let done = 0;
  const read: ReadFile[] = [];
  for (const candidate of discovery.candidates) {
    options.onProgress?.(done++, total);
    const place = placeOfFile(candidate.path);
    if (place.kind !== "project") {
      // Listed with the reason; the coverage counts it as excluded (or irrelevant, by its kind).
      state.unanalysed.push({ file: candidate.path, reason: leftOutReason(place, options.erp) });
      continue;
    }
    const project = place.project;
    if (!state.indexes.has(project)) continue;
    if (project.unchecked) {
      if (candidate.path !== project.marker) state.unanalysed.push({ file: candidate.path, reason: uncheckedReason(project) });
      continue;
    }
    const r = await readFile(state, candidate, project);
    if (!r) continue;
    // Only code takes part in the binding stage; everything else is matched at once and let go.
    if (r.extracted.bindings) read.push(r);
    else matchRead(state, r);
  }
  await bindScan(state, read, catalogue);
  // Files that say their version (SuiteScript's @NApiVersion) are matched from it; the others from the oldest their project's files said.
  for (const r of read) {
    const versions = state.perFile.get(r.project);
    const version = versions && fileVersionOf(r.project.profile, r.extracted.facts);
    if (versions && version !== undefined) versions.record(r.file.path, version);
  }
  for (const versions of state.perFile.values()) versions.settle();
  for (let i = 0; i < read.length; i++) {
    matchRead(state, read[i]!);
    read[i] = undefined as unknown as ReadFile;
  }
  for (const p of projects) {
    const finding = markerFinding(p, options.from !== undefined);
    if (finding) state.findings.push(finding);
  }
  options.onProgress?.(total, total);
  if (options.shard) {
    // Files outside every project are listed once, by the first shard.
    const owned = (file: string): boolean => {
      const p = locate(file);
      return p ? state.indexes.has(p) : options.shard!.index === 1;
    };
    state.unanalysed = state.unanalysed.filter((u) => owned(u.file));
  }
  state.coverage.gaps(state.unanalysed, (file) => locate(file) !== undefined);
  const byPath = new Map(projects.map((p) => [p.path, p]));
  const findingsOf = new Map<string, Finding[]>();
  for (const f of state.findings) {
    const mine = findingsOf.get(f.project);
    if (mine) mine.push(f);
    else findingsOf.set(f.project, [f]);
  }
  for (const p of projects) {
    const linker = state.linkers.get(p);
    if (!linker?.findings) continue;
    state.findings.push(...linker.findings(findingsOf.get(p.path) ?? [], p));
  }
  state.findings = state.findings.filter((f) => {
    const project = byPath.get(f.project);
    const linker = project && state.linkers.get(project);
    return !(project && linker?.answers?.(f, project));
  });
  applyImpact(state.findings, projects, state.linkers);
  return settle(state);
}

export interface ScanState {
  load: SourceLoader;
  cache: FactCache | undefined;
  /** What files outside the binding stage yielded, by everything that can change it. */
  results: ResultCache | undefined;
  options: ScanOptions;
  projects: Project[];
  markers: Map<string, ParsedMarker>;
  unanalysed: Unanalysed[];
  findings: Finding[];
  filesScanned: number;
  suppressed: number;
  indexes: Map<Project, RuleIndex>;
  linkers: Map<Project, Linker>;
  coverage: CoverageTally;
  /** Files known by another name than their path (exported web resources), by path. */
  fileNames: Map<string, string>;
  /** Facts of files read with their project rather than one by one (ABAP objects and packages). */
  prepared: Map<string, ExtractedFile>;
  /** Projects whose files say their own version, with a rule index per version. */
  perFile: Map<Project, VersionsPerFile>;
}

/** A file read and parsed, waiting for the binding stage and matching. */
interface ReadFile {
  file: SourceFile;
  extracted: ExtractedFile;
  project: Project;
  words: Set<string>;
  /** Whether the prefilter passed (or configuration must be read); code is matched after binding either way. */
  matched: boolean;
  /** Whether the file counts towards coverage (a relevant file some active rule can read). */
  counted: boolean;
  /** Under this key its result is kept, when it does not take part in the binding stage. */
  resultKey?: string;
}

/**
 * One file: load, prefilter, one parse, and what the linker collects. JavaScript is parsed even
 * when no rule could match it: the binding stage needs every module, class and handler of a project.
 */
async function readFile(state: ScanState, candidate: Candidate, project: Project): Promise<ReadFile | undefined> {
  const index = state.indexes.get(project)!;
  const marker = state.markers.get(candidate.path);
  // Once scanned, a marker is not held any longer: memory follows the largest file, not the estate.
  state.markers.delete(candidate.path);
  let file: SourceFile;
  if (marker) file = marker.file;
  else {
    const loaded = await state.load(candidate);
    if (!loaded.ok) {
      state.unanalysed.push(loaded.unanalysed);
      return undefined;
    }
    file = loaded.file;
  }
  state.filesScanned++;
  const projectPath = relativeToProject(project, file.logicalPath ?? file.path);
  if (file.logicalPath && file.logicalPath !== file.path) state.fileNames.set(file.path, file.logicalPath);
  const linker = state.linkers.get(project);
  // Files read with their project are parsed already; their facts (upper-case DDIC names, types) need not be spelled in the text.
  const prepared = state.prepared.has(file.path);
  const wanted = candidate.path === project.marker || prepared || linker?.wants?.(file) === true;
  const admitted = state.coverage.admit(file, project, projectPath, wanted);
  if (admitted === "out-of-scope") return undefined;
  const counted = admitted === "check";
  const code = file.language === "javascript" || file.language === "typescript" || file.language === "html";
  // A file's result is kept only when it depends on the file alone: not where an ERP's refiner takes
  // hints from other files, nor where each file is matched with its own version's rules.
  const alone = !code && !marker && !prepared && !refinerFor(project.profile.erp) && !state.perFile.has(project);
  const resultKey = state.results && alone ? state.results.keyOf(file, project) : undefined;
  const kept = resultKey ? state.results!.get(resultKey) : undefined;
  if (kept) return replay(state, kept, file, project);
  const words = wordsOf(file.text, file.language === "html");
  const matched = wanted || index.mayMatch(words);
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
  let extracted: ExtractedFile;
  try {
    extracted = marker?.extracted ?? state.prepared.get(file.path) ?? state.cache?.get(file) ?? (await extractAndKeep(state.cache, file));
  } catch (error) {
    if (!(error instanceof TooDeepError)) throw error;
    // A file no rule can match is clean however deep it goes; one a rule could match is unknown.
    const reason = "nested too deeply to parse";
    if (matched) state.unanalysed.push({ file: file.path, reason });
    else state.options.onAnalysed?.(file.path);
    if (resultKey)
      state.results!.set(resultKey, { findings: [], suppressed: 0, unanalysed: matched ? reason : undefined, extracted: false });
    return undefined;
  }
  state.options.onAnalysed?.(file.path);
  linker?.collect(file, extracted, project);
  return { file, extracted, project, words, matched, counted: counted && matched, resultKey };
}

/** A file whose result was kept: its findings and coverage as they were, and its facts to the linker. */
async function replay(state: ScanState, kept: FileResult, file: SourceFile, project: Project): Promise<undefined> {
  state.findings.push(...kept.findings);
  state.suppressed += kept.suppressed;
  if (kept.coverage === "checked") state.coverage.checked();
  else if (kept.coverage) state.coverage.unparseable(file.path, kept.coverage.unparseable);
  if (kept.unanalysed) state.unanalysed.push({ file: file.path, reason: kept.unanalysed });
  else state.options.onAnalysed?.(file.path);
  const linker = state.linkers.get(project);
  if (!kept.extracted || !linker) return undefined;
  if (kept.linked !== undefined && linker.restore) linker.restore(file, kept.linked, project);
  else linker.collect(file, state.cache?.get(file) ?? (await extractAndKeep(state.cache, file)), project);
  return undefined;
}

/**
 * The binding stage over every JavaScript file read (modules, classes, configuration-typed
 * parameters, symbols through the declaration maps), then the type pass for the TypeScript and
 * JSDoc-typed files that still need it.
 */
async function bindScan(state: ScanState, read: readonly ReadFile[], catalogue: Catalogue): Promise<void> {
  const projectOfFile = new Map<BoundFile, Project>();
  const bound: BoundFile[] = [];
  for (const r of read) {
    if (!r.extracted.bindings) continue;
    const b: BoundFile = { file: r.file, extracted: r.extracted };
    projectOfFile.set(b, r.project);
    bound.push(b);
  }
  if (bound.length === 0) return;
  const byErp = new Map<string, Declarations>();
  const declarationsFor = (erp: string): Declarations => {
    let d = byErp.get(erp);
    if (!d) byErp.set(erp, (d = new Declarations(catalogue.declarations?.get(erp) ?? [])));
    return d;
  };
  const vendorModules = new Set([...(catalogue.declarations?.values() ?? [])].flat().flatMap((m) => Object.keys(m.modules)));
  const seeds = [...state.linkers.values()].flatMap((l) => l.seeds?.() ?? []);
  bindFiles(bound, {
    declarationsOf: (f) => declarationsFor(projectOfFile.get(f)!.profile.erp),
    isVendorModule: (spec) => vendorModules.has(spec),
    seeds,
    callResultsOf: (f) => state.linkers.get(projectOfFile.get(f)!)?.callResults?.() ?? [],
  });
  const root = (await isDirectory(state.options.root)) ? state.options.root : path.dirname(state.options.root);
  const stats = await checkerPass(bound, {
    root,
    needlesOf: (f) => state.indexes.get(projectOfFile.get(f)!)!.symbolNeedles,
    typingsOf: (f) => projectOfFile.get(f)!.profile.declarations?.typings ?? [],
    rootsOf: (f) => declarationsFor(projectOfFile.get(f)!.profile.erp).roots,
    projectOf: (f) => projectOfFile.get(f)!.path,
  });
  if (stats.programs > 0) state.options.onTypePass?.(stats);
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** Match, parse errors and suppressions of one file, after the binding stage and the ERP's refiner. */
function matchRead(state: ScanState, r: ReadFile): void {
  const { file, project } = r;
  const before = { findings: state.findings.length, suppressed: state.suppressed };
  let coverage: FileResult["coverage"];
  const refine = refinerFor(project.profile.erp);
  const extracted = refine ? refine(file, r.extracted, state.linkers.get(project)?.hintsFor?.(file, project)) : r.extracted;
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
  if (r.resultKey && !extracted.bindings) {
    const findings = state.findings.slice(before.findings);
    const linked = state.linkers.get(project)?.collected?.(file, project);
    state.results!.set(r.resultKey, { findings, suppressed: state.suppressed - before.suppressed, coverage, extracted: true, linked });
  }
}

/** A cache kept inside the scanned folder is not part of what is scanned. */
function withCacheSkipped(options: ScanOptions): ScanOptions {
  if (!options.cacheDir) return options;
  const rel = path.relative(path.resolve(options.root), path.resolve(options.cacheDir));
  if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) return options;
  return { ...options, skipFolders: [...(options.skipFolders ?? []), rel.split(path.sep).join("/")] };
}

function loaderWith(overrides: ReadonlyMap<string, string> | undefined): SourceLoader {
  if (!overrides || overrides.size === 0) return loadSource;
  return async (candidate) => {
    const loaded = await loadSource(candidate);
    const text = overrides.get(candidate.path);
    return loaded.ok && text !== undefined ? { ok: true, file: { ...loaded.file, text } } : loaded;
  };
}

/** Globs for the files profiles read versions from, wherever they sit (`../pyproject.toml` → `**\/pyproject.toml`). */
function versionFileGlobs(catalogue: Catalogue): string[] {
  const globs = new Set<string>();
  for (const profile of catalogue.profiles.values()) {
    for (const rule of profile.detect) {
      for (const source of versionSources(rule)) {
        if (source.file) globs.add(`**/${source.file.replace(/^(\.\.?\/)+/, "")}`);
      }
    }
  }
  return [...globs];
}

/** A small text file under the scanned root (a version stated in pyproject.toml); links are not followed. */
async function readInsideRoot(root: string, file: string): Promise<string | undefined> {
  try {
    const base = await realpath(root);
    const target = path.resolve(base, file);
    if ((await realpath(target)) !== target || !target.startsWith(base + path.sep)) return undefined;
    if ((await stat(target)).size > 1024 * 1024) return undefined;
    const decoded = decodeText(await readBytes(target));
    return decoded.ok ? decoded.text : undefined;
  } catch {
    return undefined;
  }
}

/** A project's own name as its code refers to itself: the folder's name (an Odoo addon's module). */
function moduleOf(project: Project, root: string): string | undefined {
  const dir = project.path === "." ? path.basename(path.resolve(root)) : project.path.slice(project.path.lastIndexOf("/") + 1);
  return /^\w+$/.test(dir) ? dir : undefined;
}

async function extractAndKeep(cache: FactCache | undefined, file: SourceFile): Promise<ExtractedFile> {
  await prepareLanguage(file.language, file.text);
  const extracted = extractFacts(file);
  cache?.set(file, extracted);
  return extracted;
}

export function buildIndex(project: Project, overrides?: Record<string, Severity | "off">): RuleIndex {
  const index = new RuleIndex();
  for (const active of activeRules(project, overrides)) index.add(active, compileRuleOrThrow(active.rule, active.source.pack?.nameIndex));
  return index;
}
