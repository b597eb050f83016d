import path from "node:path";
import {
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
} from "@uplift/core";
import { abapPass } from "./abap-pass.js";
import type { Baseline } from "./baseline.js";
import { loadCatalogue, type Catalogue } from "./catalogue.js";
import { compileRuleOrThrow } from "./compile.js";
import { applyImpact, linkerFor, type Linker } from "./link/index.js";
import { matchFile, parseErrorFinding } from "./match-file.js";
import { fileVersionOf } from "./file-version.js";
import { deriveRefs } from "./refs/index.js";
import { detectProjects, projectOf, relativeToProject, type ParsedMarker, type Project } from "./projects.js";
import { refinerFor } from "./refine/index.js";
import type { Finding, ScanResult } from "./result.js";
import { RuleIndex, wordsOf } from "./rule-index.js";
import type { Severity } from "./rule-types.js";
import { applySuppressions } from "./suppressions.js";
import { settle } from "./settle.js";
import { TOOL_VERSION } from "./version.js";
import { VersionsPerFile, type DeferredFile } from "./versions-per-file.js";

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
  catalogue?: Catalogue;
  /** Per rule id: another severity, or "off". */
  ruleOverrides?: Record<string, Severity | "off">;
  suppressions?: ConfigSuppression[];
  baseline?: { file: string; baseline: Baseline };
  /** Scan only the projects of shard `index` (1-based) of `count`. */
  shard?: { index: number; count: number };
  /** Report findings only in these files (POSIX, relative to the root); everything is still read for links. */
  onlyFiles?: ReadonlySet<string>;
  /** SAP: also report uses of SAP objects that are not released for ABAP Cloud (clean core). */
  cleanCore?: boolean;
  /** Keep the facts of every file by content in this folder, and reuse them. */
  cacheDir?: string;
  onProgress?: (done: number, total: number) => void;
}

/** The whole pipeline: discover, detect projects, extract facts, match, link, settle. */
export async function scan(options: ScanOptions): Promise<ScanResult> {
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
  const allProjects = await detectProjects(catalogue, markerCandidates, options, markers, unanalysed);
  // A shard owns whole projects, so that links from configuration to code stay inside it.
  const projects = options.shard ? allProjects.filter((_, i) => i % options.shard!.count === options.shard!.index - 1) : allProjects;
  const cache = options.cacheDir ? new FactCache(options.cacheDir, TOOL_VERSION) : undefined;
  const state: ScanState = {
    cache,
    options,
    projects,
    markers,
    unanalysed,
    findings: [],
    filesScanned: 0,
    suppressed: 0,
    indexes: new Map(),
    linkers: new Map(),
    prepared: new Map(),
    perFile: new Map(),
  };
  for (const p of projects) {
    if (p.fileVersions) {
      const versions = new VersionsPerFile(
        p as typeof p & { fileVersions: Map<string, string> },
        catalogue,
        buildIndex,
        options.ruleOverrides,
      );
      state.perFile.set(p, versions);
      state.indexes.set(p, versions.widest);
    } else state.indexes.set(p, buildIndex(p, options.ruleOverrides));
    const linker = linkerFor(p, { rulesDir: catalogue.rulesDir, cleanCore: options.cleanCore });
    if (linker) state.linkers.set(p, linker);
  }
  const abap = await abapPass(discovery.candidates, projects, allProjects);
  state.prepared = abap.files;
  state.unanalysed.push(...abap.unanalysed);
  const total = discovery.candidates.length;
  let done = 0;
  for (const candidate of readingOrder(discovery.candidates, allProjects, state.linkers)) {
    options.onProgress?.(done++, total);
    const project = projectOf(allProjects, candidate.path);
    if (project && state.indexes.has(project)) await scanFile(state, candidate, project);
  }
  // Files that did not say their version are checked from the oldest version their project's files said.
  for (const [project, versions] of state.perFile) {
    versions.settle();
    const index = versions.indexFor(project.from);
    for (const d of versions.deferred) matchAndKeep(state, d, index, project);
  }
  options.onProgress?.(total, total);
  if (options.shard) {
    // Files outside every project are listed once, by the first shard.
    const owned = (file: string): boolean => {
      const p = projectOf(allProjects, file);
      return p ? state.indexes.has(p) : options.shard!.index === 1;
    };
    state.unanalysed = state.unanalysed.filter((u) => owned(u.file));
  }
  for (const p of projects) {
    const linker = state.linkers.get(p);
    if (!linker?.findings) continue;
    state.findings.push(
      ...linker.findings(
        state.findings.filter((f) => f.project === p.path),
        p,
      ),
    );
  }
  applyImpact(state.findings, projects, state.linkers);
  return settle(state);
}

export interface ScanState {
  cache: FactCache | undefined;
  options: ScanOptions;
  projects: Project[];
  markers: Map<string, ParsedMarker>;
  unanalysed: Unanalysed[];
  findings: Finding[];
  filesScanned: number;
  suppressed: number;
  indexes: Map<Project, RuleIndex>;
  linkers: Map<Project, Linker>;
  /** Facts of files read with their project rather than one by one (ABAP objects and packages). */
  prepared: Map<string, ExtractedFile>;
  perFile: Map<Project, VersionsPerFile>;
}

/** Files a linker must read before the others (the configuration that says what code is), then the rest, in order. */
function readingOrder(candidates: readonly Candidate[], projects: readonly Project[], linkers: Map<Project, Linker>): Candidate[] {
  const first: Candidate[] = [];
  const rest: Candidate[] = [];
  for (const c of candidates) {
    const project = projectOf(projects, c.path);
    const linker = project && linkers.get(project);
    (project && linker?.readFirst?.(relativeToProject(project, c.path)) ? first : rest).push(c);
  }
  return first.length === 0 ? rest : [...first, ...rest];
}

/** One file: load, prefilter, one parse, match, link, suppress. */
async function scanFile(state: ScanState, candidate: Candidate, project: Project): Promise<void> {
  const index = state.indexes.get(project)!;
  const marker = state.markers.get(candidate.path);
  let file: SourceFile;
  if (marker) file = marker.file;
  else {
    const loaded = await loadSource(candidate);
    if (!loaded.ok) {
      state.unanalysed.push(loaded.unanalysed);
      return;
    }
    file = loaded.file;
  }
  state.filesScanned++;
  const words = wordsOf(file.text);
  const linker = state.linkers.get(project);
  // Files read with their project are parsed already; their facts (upper-case DDIC names, types) need not be spelled in the text.
  const prepared = state.prepared.has(file.path);
  if (!marker && !prepared && !index.mayMatch(words) && !linker?.wants?.(file)) return;
  let extracted: ExtractedFile;
  try {
    extracted = marker?.extracted ?? state.prepared.get(file.path) ?? state.cache?.get(file) ?? (await extractAndKeep(state.cache, file));
  } catch (error) {
    if (!(error instanceof TooDeepError)) throw error;
    state.unanalysed.push({ file: file.path, reason: "nested too deeply to parse" });
    return;
  }
  const refine = refinerFor(project.profile.erp);
  if (refine) extracted = refine(file, extracted, linker?.hintsFor?.(file, project));
  linker?.collect(file, extracted, project);
  const versions = state.perFile.get(project);
  if (!versions) return matchAndKeep(state, { file, extracted, words }, index, project);
  const version = fileVersionOf(project.profile, extracted.facts);
  if (version === undefined) {
    versions.deferred.push({ file, extracted, words });
    return;
  }
  versions.record(file.path, version);
  matchAndKeep(state, { file, extracted, words }, versions.indexFor(version), project);
}

/** Matches one file's facts, adds its parse error if any, applies its suppressions, keeps the rest. */
function matchAndKeep(state: ScanState, { file, extracted, words }: DeferredFile, index: RuleIndex, project: Project): void {
  const refs = deriveRefs(project.profile.erp, file, extracted, { module: moduleOf(project, state.options.root) });
  const found = matchFile(
    file,
    extracted,
    index,
    { projectPath: relativeToProject(project, file.logicalPath ?? file.path) },
    project.path,
    words,
    refs,
  );
  const parseError = parseErrorFinding(file, extracted, project.path);
  if (parseError) found.push(parseError);
  const { kept, suppressed } = applySuppressions(file, extracted, found, project.path);
  state.suppressed += suppressed;
  state.findings.push(...kept);
}

/** A project's own name as its code refers to itself: the folder's name (an Odoo addon's module). */
function moduleOf(project: Project, root: string): string | undefined {
  const dir = project.path === "." ? path.basename(path.resolve(root)) : project.path.slice(project.path.lastIndexOf("/") + 1);
  return /^\w+$/.test(dir) ? dir : undefined;
}

async function extractAndKeep(cache: FactCache | undefined, file: SourceFile): Promise<ExtractedFile> {
  await prepareLanguage(file.language);
  const extracted = extractFacts(file);
  cache?.set(file, extracted);
  return extracted;
}

export function buildIndex(project: Project, overrides: Record<string, Severity | "off"> = {}): RuleIndex {
  const index = new RuleIndex();
  // What was removed before the project's own version is broken already, whatever the target.
  for (const hop of project.pastHops) {
    for (const rule of hop.pack?.rules ?? []) {
      const override = overrides[rule.id];
      if (rule.change !== "removed" || override === "off") continue;
      index.add(
        { rule: override ? { ...rule, severity: override } : rule, hop, past: true },
        compileRuleOrThrow(rule, hop.pack?.nameIndex),
      );
    }
  }
  for (const hop of project.hops) {
    for (const rule of hop.pack?.rules ?? []) {
      const override = overrides[rule.id];
      if (override === "off") continue;
      const effective = override ? { ...rule, severity: override } : rule;
      index.add({ rule: effective, hop }, compileRuleOrThrow(rule, hop.pack?.nameIndex));
    }
  }
  return index;
}
