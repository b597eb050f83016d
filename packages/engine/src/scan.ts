import { stat } from "node:fs/promises";
import path from "node:path";
import {
  Declarations,
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
import { toolBuild } from "./build.js";
import { applyBaseline, type Baseline, type BaselineOutcome } from "./baseline.js";
import { bindFiles, type BoundFile } from "./bind/bind.js";
import { checkerPass, type TypePassStats } from "./bind/checker-pass.js";
import { loadCatalogue, type Catalogue } from "./catalogue.js";
import { compileRuleOrThrow } from "./compile.js";
import { compileGlobs } from "./conditions.js";
import { assignFingerprints } from "./fingerprint.js";
import { applyImpact, linkerFor, type Linker } from "./link/index.js";
import { matchFile, parseErrorFinding } from "./match-file.js";
import { markerFinding } from "./marker-finding.js";
import { deriveRefs } from "./refs/index.js";
import { leftOutReason, placeOf, uncheckedReason } from "./places.js";
import { detectProjects, projectOf, relativeToProject, type ParsedMarker, type Project, type SourceLoader } from "./projects.js";
import { cmp, compareFindings, SCHEMA_VERSION, summarise, type Finding, type RuleInfo, type ScanResult } from "./result.js";
import { RuleIndex, wordsOf } from "./rule-index.js";
import { symbolsOf } from "./plan.js";
import type { Rule, Severity } from "./rule-types.js";
import { Suppressions } from "./suppressions.js";
import { TOOL_VERSION } from "./version.js";

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
  /** Occurrences of one rule in one file listed one by one (default 100); the rest are counted in one more finding. */
  maxPerRule?: number;
  /** The config file applied, to be named in the result. */
  config?: string;
  /** Text to read instead of a file's own, by path: fixes being settled before anything is written. */
  overrides?: ReadonlyMap<string, string>;
  /** Told of every file that was read and analysed (the rest are in the result's unanalysed list). */
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
  const load = loaderWith(options.overrides);
  const map = await detectProjects(catalogue, markerCandidates, discovery.candidates, options, markers, load);
  const allProjects = map.projects;
  // A shard owns whole projects, so that links from configuration to code stay inside it.
  const projects = options.shard ? allProjects.filter((_, i) => i % options.shard!.count === options.shard!.index - 1) : allProjects;
  const key = options.cacheDir ? userKey() : undefined;
  const cache = options.cacheDir && key ? new FactCache(options.cacheDir, toolBuild(), key) : undefined;
  const state: ScanState = {
    load,
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
  };
  for (const p of projects) {
    state.indexes.set(p, buildIndex(p, options.ruleOverrides));
    const linker = linkerFor(p, { rulesDir: catalogue.rulesDir, cleanCore: options.cleanCore });
    if (linker) state.linkers.set(p, linker);
  }
  const abap = await abapPass(discovery.candidates, projects, allProjects);
  state.prepared = abap.files;
  state.unanalysed.push(...abap.unanalysed);
  const total = discovery.candidates.length;
  let done = 0;
  const read: ReadFile[] = [];
  for (const candidate of discovery.candidates) {
    options.onProgress?.(done++, total);
    const place = placeOf(map, candidate.path);
    if (place.kind !== "project") {
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

interface ScanState {
  load: SourceLoader;
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
}

/** A file read and parsed, waiting for the binding stage and matching. */
interface ReadFile {
  file: SourceFile;
  extracted: ExtractedFile;
  project: Project;
  words: Set<string>;
  /** Whether the prefilter passed (or configuration must be read); code is matched after binding either way. */
  matched: boolean;
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
  const words = wordsOf(file.text);
  const linker = state.linkers.get(project);
  // Files read with their project are parsed already; their facts (upper-case DDIC names, types) need not be spelled in the text.
  const prepared = state.prepared.has(file.path);
  const matched = candidate.path === project.marker || prepared || index.mayMatch(words) || linker?.wants?.(file) === true;
  const code = file.language === "javascript" || file.language === "typescript" || file.language === "html";
  if (!matched && !code) {
    // No rule can match a file that holds none of their words: it is analysed, and clean.
    state.options.onAnalysed?.(file.path);
    return undefined;
  }
  let extracted: ExtractedFile;
  try {
    extracted = marker?.extracted ?? state.prepared.get(file.path) ?? state.cache?.get(file) ?? (await extractAndKeep(state.cache, file));
  } catch (error) {
    if (!(error instanceof TooDeepError)) throw error;
    // A file no rule can match is clean however deep it goes; one a rule could match is unknown.
    if (matched) state.unanalysed.push({ file: file.path, reason: "nested too deeply to parse" });
    else state.options.onAnalysed?.(file.path);
    return undefined;
  }
  state.options.onAnalysed?.(file.path);
  linker?.collect(file, extracted, project);
  return { file, extracted, project, words, matched };
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

/** Match, parse errors and suppressions of one file, after the binding stage. */
function matchRead(state: ScanState, r: ReadFile): void {
  const { file, extracted, project } = r;
  const suppressions = new Suppressions(file, extracted);
  const refs = deriveRefs(project.profile.erp, file, extracted, { module: moduleOf(project, state.options.root) });
  const found = matchFile(
    file,
    extracted,
    state.indexes.get(project)!,
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
  state.suppressed += suppressions.suppressed;
  state.findings.push(...found, ...suppressions.findings(project.path));
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
  // A hand-written rule for a symbol, in any hop the project runs, wins over a derived one.
  const written = new Set(
    [...project.pastHops, ...project.hops].flatMap((h) =>
      (h.pack?.rules ?? []).filter((r) => !r.derived).flatMap((r) => symbolsOf(r.match)),
    ),
  );
  const covered = (rule: Rule): boolean => rule.derived !== undefined && written.has(rule.derived.symbol);
  // What was removed before the project's own version is broken already, whatever the target.
  for (const hop of project.pastHops) {
    for (const rule of hop.pack?.rules ?? []) {
      const override = overrides[rule.id];
      if (rule.change !== "removed" || override === "off" || covered(rule)) continue;
      index.add(
        { rule: override ? { ...rule, severity: override } : rule, hop, past: true },
        compileRuleOrThrow(rule, hop.pack?.nameIndex),
      );
    }
  }
  for (const hop of project.hops) {
    for (const rule of hop.pack?.rules ?? []) {
      const override = overrides[rule.id];
      if (override === "off" || covered(rule)) continue;
      const effective = override ? { ...rule, severity: override } : rule;
      index.add({ rule: effective, hop }, compileRuleOrThrow(rule, hop.pack?.nameIndex));
    }
  }
  return index;
}

function settle(state: ScanState): ScanResult {
  const { options, projects } = state;
  let findings = state.findings;
  let suppressed = state.suppressed;
  if (options.suppressions && options.suppressions.length > 0) {
    const rules = options.suppressions.map((s) => ({ ...s, matches: compileGlobs(s.files) }));
    const before = findings.length;
    findings = findings.filter(
      (f) =>
        !rules.some(
          (s) => (s.rule === f.ruleId || (s.rule.endsWith("*") && f.ruleId.startsWith(s.rule.slice(0, -1)))) && s.matches(f.file),
        ),
    );
    suppressed += before - findings.length;
  }
  findings.sort(compareFindings);
  assignFingerprints(findings);
  let baseline: BaselineOutcome | undefined;
  if (options.baseline) {
    const applied = applyBaseline(findings, options.baseline.baseline, options.baseline.file);
    findings = applied.kept;
    baseline = applied.outcome;
  }
  if (options.onlyFiles) findings = findings.filter((f) => options.onlyFiles!.has(f.file));

  const used = new Set(findings.map((f) => f.ruleId));
  const rules: Record<string, RuleInfo> = {};
  for (const p of projects) {
    for (const hop of [...p.pastHops, ...p.hops]) {
      for (const r of hop.pack?.rules ?? []) {
        if (rules[r.id] || !used.has(r.id)) continue;
        const override = options.ruleOverrides?.[r.id];
        const info: RuleInfo = {
          title: r.title,
          severity: override && override !== "off" ? override : r.severity,
          change: r.change,
          hop: hop.label,
          erp: p.profile.erp,
          effort: r.effort,
          references: r.references,
          replacement: r.replacement,
        };
        if (r.tests) info.tests = r.tests;
        if (r.docs) info.docs = r.docs;
        if (r.doubt) info.doubt = r.doubt;
        rules[r.id] = info;
      }
    }
  }
  const processes: ScanResult["processes"] = {};
  for (const f of findings) {
    for (const id of f.impact.processes) {
      if (processes[id]) continue;
      const info = projects.find((p) => p.path === f.project)?.profile.processes?.[id];
      processes[id] = { title: info?.title ?? id, tests: info?.tests ?? [] };
    }
  }
  const unanalysed = [...state.unanalysed].sort((a, b) => cmp(a.file, b.file) || cmp(a.reason, b.reason));
  const result: ScanResult = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: "uplift", version: TOOL_VERSION },
    root: options.root,
    projects: projects.map((p) => {
      const info: ScanResult["projects"][number] = {
        path: p.path,
        erp: p.profile.erp,
        from: p.from,
        to: p.to,
        hops: p.hops.map((h) => h.label),
      };
      if (p.marker) info.marker = p.marker;
      if (p.unchecked) info.unchecked = true;
      return info;
    }),
    findings,
    unanalysed,
    rules: Object.fromEntries(Object.entries(rules).sort(([a], [b]) => cmp(a, b))),
    processes: Object.fromEntries(Object.entries(processes).sort(([a], [b]) => cmp(a, b))),
    summary: summarise(findings, state.filesScanned, unanalysed.length),
  };
  if (suppressed > 0) result.suppressed = suppressed;
  if (options.config) result.config = options.config;
  if (baseline) result.baseline = baseline;
  return result;
}
