import { readFile as readBytes, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { availableParallelism } from "node:os";
import {
  decodeText,
  discover,
  expandArchives,
  ExtractPool,
  FactCache,
  languageOf,
  ListingMemo,
  loadSource,
  StampMemo,
  type Candidate,
  type DiscoverOptions,
  type Unanalysed,
  userKey,
} from "@uplift/core";
import { AbapPass } from "./abap-pass.js";
import type { Baseline } from "./baseline.js";
import { bindScan } from "./bind/bind-scan.js";
import type { TypePassStats } from "./bind/checker-pass.js";
import { toolBuild } from "./build.js";
import { loadCatalogue, type Catalogue } from "./catalogue.js";
import { CodeResults, isCode } from "./code-results.js";
import { compileRuleOrThrow } from "./compile.js";
import { ResultCache } from "./file-results.js";
import { fileVersionOf } from "./file-version.js";
import { MATCH_WORKER } from "./finish-jobs.js";
import { applyImpact, linkerFor } from "./link/index.js";
import { versionSources } from "./load-pack.js";
import { markerFinding } from "./marker-finding.js";
import { MarkerReadings } from "./marker-readings.js";
import { MarkerVerdicts } from "./marker-verdicts.js";
import { matchRead, moduleOf } from "./match-read.js";
import { leftOutReason, placeLocator, uncheckedReason, type PlaceLocator } from "./places.js";
import { detectProjects, projectLocator, type ParsedMarker, type Project, type SourceLoader } from "./projects.js";
import { ReadAhead } from "./read-ahead.js";
import { readFile } from "./read-file.js";
import type { Finding, ScanResult } from "./result.js";
import { RuleIndex } from "./rule-index.js";
import type { Severity } from "./rule-types.js";
import { activeRules, rulesKey } from "./rule-scope.js";
import { CoverageTally } from "./scan-coverage.js";
import type { ReadFile, ScanState } from "./scan-state.js";
import { settle } from "./settle.js";
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
  /** Threads for parsing (`--jobs`): 1 parses in this thread; by default one per core on scans with enough to parse. */
  jobs?: number;
}

/** The whole pipeline: discover, detect projects, extract facts, match, link, settle. */
export async function scan(given: ScanOptions): Promise<ScanResult> {
  const options = withCacheSkipped(given);
  const catalogue = options.catalogue ?? loadCatalogue(options.rulesDir, options.erp);
  const key = options.cacheDir ? userKey() : undefined;
  const cache = options.cacheDir && key ? new FactCache(options.cacheDir, toolBuild(), key) : undefined;
  const listings = cache ? ListingMemo.load(cache, path.resolve(options.root)) : undefined;
  const found = await discover(options.root, options, listings);
  listings?.save();
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
  const load = loaderWith(options.overrides);
  // Text given for a file (--fix's rounds) is not what its stamp stands for.
  const memo = cache && !(options.overrides && options.overrides.size > 0) ? StampMemo.load(cache, path.resolve(options.root)) : undefined;
  const verdicts = cache && memo ? MarkerVerdicts.load(cache, memo, path.resolve(options.root)) : undefined;
  const readings = cache && memo ? MarkerReadings.load(cache, memo, path.resolve(options.root)) : undefined;
  const files = {
    paths: [...versionFiles.candidates.map((c) => c.path), ...versionFiles.unanalysed.map((u) => u.file)],
    readText: (file: string) => readInsideRoot(options.root, file),
    cache,
    verdicts,
    readings,
  };
  const map = await detectProjects(catalogue, markerCandidates, discovery.candidates, options, markers, files, load);
  verdicts?.save();
  readings?.save();
  // A file read only to tell whether it marks a project (an index.html without UI5's bootstrap) is
  // scanned as any other file: replayed unread when its stamp and result are kept.
  const marking = new Set([...map.projects, ...map.foreign].map((p) => p.marker));
  for (const read of markers.keys()) if (!marking.has(read)) markers.delete(read);
  const allProjects = map.projects;
  // A shard owns whole projects, so that links from configuration to code stay inside it.
  const projects = options.shard ? allProjects.filter((_, i) => i % options.shard!.count === options.shard!.index - 1) : allProjects;
  const state: ScanState = {
    load,
    cache,
    memo,
    results:
      cache && catalogue.key
        ? new ResultCache(cache, {
            packs: catalogue.key,
            overrides: options.ruleOverrides,
            cleanCore: options.cleanCore,
            maxPerRule: options.maxPerRule,
            moduleOf: (p) => moduleOf(p, options.root),
            hasLinker: (p) => state.linkers.has(p),
            root: options.overrides && options.overrides.size > 0 ? undefined : path.resolve(options.root),
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
    coverage: new CoverageTally(options.ruleOverrides),
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
    const linker = await linkerFor(p, { rulesDir: catalogue.rulesDir, cleanCore: options.cleanCore });
    if (linker) state.linkers.set(p, linker);
  }
  const locate = projectLocator(allProjects);
  const placeOfFile = placeLocator(map);
  // The ABAP pass goes on beside the per-file loop, which waits for it at the first file it reads.
  state.abap = new AbapPass(discovery.candidates, projects, allProjects, load, state, cache);
  if (state.results) state.code = new CodeResults(state);
  const read = await readEach(state, discovery.candidates, placeOfFile);
  await state.abap.done();
  await state.code?.settle(read, discovery.candidates, (candidate, project) => readFile(state, candidate, project));
  state.memo?.save();
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
  state.results?.save();
  cache?.flush();
  for (const p of projects) {
    const finding = markerFinding(p, options.from !== undefined);
    if (finding) state.findings.push(finding);
  }
  options.onProgress?.(discovery.candidates.length, discovery.candidates.length);
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

/**
 * Every candidate in its order: listed as left out, replayed from the cache, or read; what does not
 * take part in the binding stage is matched at once and let go. With workers, files are read and
 * parsed ahead of the one being matched.
 */
async function readEach(state: ScanState, candidates: readonly Candidate[], placeOfFile: PlaceLocator): Promise<ReadFile[]> {
  const { options } = state;
  const projectOf = (file: string): Project | undefined => {
    const place = placeOfFile(file);
    if (place.kind !== "project" || !state.indexes.has(place.project) || place.project.unchecked) return undefined;
    return place.project;
  };
  const workers = poolSize(options.jobs, candidates);
  if (workers > 0) {
    // Workers match the Python files they parse, where nothing else decides their findings (`finishJob`).
    const pool = new ExtractPool(workers, state.cache, MATCH_WORKER);
    state.pool = pool;
    state.ahead = new ReadAhead(candidates, state, pool, projectOf, workers);
  }
  const read: ReadFile[] = [];
  try {
    for (const [i, candidate] of candidates.entries()) {
      options.onProgress?.(i, candidates.length);
      state.ahead?.advance(i);
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
      // Only code takes part in the binding stage (and is kept by its inputs); everything else is matched at once and let go.
      if (r.extracted.bindings || isCode(r.file.language)) read.push(r);
      else if (state.linkers.get(project)?.defers?.(r.file, r.extracted, project))
        read.push({ ...r, resultKey: undefined, deferred: r.resultKey !== undefined });
      else matchRead(state, r);
    }
  } finally {
    await state.pool?.close();
    state.pool = undefined;
    state.ahead = undefined;
  }
  return read;
}

/** Files of the threaded languages below which starting workers costs more than it saves (unless --jobs asks). */
const POOL_MIN_FILES = 200;

/** Workers for the per-file stage: `--jobs` (1: none), by default one per core when the scan has enough to parse. */
function poolSize(jobs: number | undefined, candidates: readonly Candidate[]): number {
  if (jobs !== undefined) return jobs > 1 ? jobs : 0;
  const cores = availableParallelism();
  if (cores <= 1) return 0;
  let threaded = 0;
  for (const c of candidates) {
    const language = c.language ?? languageOf(c.path);
    if (language && ExtractPool.threads(language) && ++threaded >= POOL_MIN_FILES) return cores;
  }
  return 0;
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

/** A project's rule index, built when one of its files is first matched (a rerun that replays them all builds none). */
export function buildIndex(project: Project, overrides?: Record<string, Severity | "off">): RuleIndex {
  return RuleIndex.deferred((index) => {
    for (const active of activeRules(project, overrides)) index.add(active, compileRuleOrThrow(active.rule, active.source.pack?.nameIndex));
  });
}
