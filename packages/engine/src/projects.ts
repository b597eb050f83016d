import {
  compileGlob,
  extractFacts,
  languageOf,
  loadSource,
  prepareLanguage,
  type Candidate,
  type ExtractedFile,
  type FactCache,
  type Span,
} from "@uplift/core";
import { checkErp, type Catalogue } from "./catalogue.js";
import { UsageError } from "./errors.js";
import { versionSources } from "./load-pack.js";
import { furthestTarget, normaliseVersion, planUpgrade, targetVersion, type Hop } from "./plan.js";
import { compileRulePattern, type RulePattern } from "./regex-safety.js";
import type { DetectRule, Profile, VersionSource } from "./rule-types.js";
import { ruleKey, type MarkerReading, type MarkerReadings } from "./marker-readings.js";
import type { MarkerVerdicts } from "./marker-verdicts.js";
import { holdsRequired, readMarker, type MarkerSources, type ParsedMarker, type SourceLoader } from "./read-marker.js";
import { libraryRoot } from "./library-root.js";
import { describeTree, readableBy } from "./tree-contents.js";

export type { ParsedMarker, SourceLoader } from "./read-marker.js";

export interface Project {
  /** POSIX path of the project root relative to the scanned root ("." for the root itself). */
  path: string;
  profile: Profile;
  marker: string | undefined;
  /** The version checked from; "unknown" for a project left unchecked. */
  from: string;
  to: string;
  hops: Hop[];
  /** Hops the project has already passed: their removals mean code that is broken today. */
  pastHops: Hop[];
  /**
   * When the profile lets each file say its version (and no --from was given): the version of
   * every file that said one, by path relative to the scanned root. `from` becomes the oldest.
   */
  fileVersions?: Map<string, string>;
  /** Hops after the target: only their rules with versions of their own may fall before it. */
  laterHops?: Hop[];
  /** What is wrong with the marker, when it did not tell the version or cannot be read. */
  markerProblem?: MarkerProblem;
  /** The version is unknown and no --from was given: the project's files are listed, not checked. */
  unchecked?: boolean;
}

export interface MarkerProblem {
  reason: string;
  span: Span;
  snippet: string;
  /** The marker itself is broken (unreadable, refused by its ERP), not only silent about its version. */
  broken: boolean;
}

/** A project of another ERP than --erp asks for: named, so that its files can be said to be left out. */
export interface ForeignProject {
  path: string;
  profile: Profile;
  marker: string;
}

export interface ProjectOptions {
  erp?: string;
  from?: string;
  to?: string;
  /** Without `to`: every project goes to the furthest version its ERP's packs reach (`uplift plan`). */
  toFurthest?: boolean;
  /** The root as the user gave it, for messages. */
  root?: string;
}

export interface ProjectMap {
  projects: Project[];
  foreign: ForeignProject[];
}

function dirOf(p: string): string {
  const i = p.lastIndexOf("/");
  return i < 0 ? "." : p.slice(0, i);
}

function joinPosix(dir: string, rel: string): string {
  const parts = dir === "." ? [] : dir.split("/");
  for (const seg of rel.split("/")) {
    if (seg === "..") parts.pop();
    else if (seg !== "." && seg !== "") parts.push(seg);
  }
  return parts.length === 0 ? "." : parts.join("/");
}

/** What detection may read beyond the candidates: every file's path, and a file's text by path. */
export interface ProjectFiles {
  paths: readonly string[];
  readText(path: string): Promise<string | undefined>;
  /** Where the facts of marker files are kept by content (`--cache`). */
  cache?: FactCache;
  /** Whether files with a common name held what their rule requires, by content (`--cache`). */
  verdicts?: MarkerVerdicts;
  /** What markers said of their project's version, by content (`--cache`). */
  readings?: MarkerReadings;
}

/** A version as a project states it, and where in the marker when it is stated there. */
interface Stated {
  raw: string;
  span?: Span;
}

function valueFrom(extracted: ExtractedFile, spec: VersionSource): Stated | undefined {
  const pointer = spec.json;
  // The first value at the place that the pattern accepts: a page has many script@src.
  const fact = extracted.facts.find(
    (f) =>
      (pointer !== undefined
        ? f.kind === "json" && pointerMatches(pointer, f.key)
        : spec.attribute !== undefined
          ? f.kind === "attribute" && f.key === spec.attribute
          : spec.tag !== undefined && f.kind === "tag" && f.key === spec.tag) &&
      (spec.pattern === undefined || cut(spec.pattern, "", String(f.detail?.value ?? "")) !== undefined),
  );
  const raw = fact?.detail?.value;
  return fact === undefined || raw === undefined || raw === null ? undefined : { raw: String(raw), span: fact.span };
}

function pointerMatches(pattern: string, key: string): boolean {
  if (!pattern.includes("*")) return pattern === key;
  const a = pattern.split("/");
  const b = key.split("/");
  return a.length === b.length && a.every((s, i) => s === "*" || s === b[i]);
}

/** Profile patterns, compiled once per process: every addon's marker is read with the same few. */
const patterns = new Map<string, RulePattern | string>();

/**
 * What `cut` gave short texts (a manifest's version string): hundreds of markers state the same
 * few versions, and running a pattern costs far more than looking its answer up. Bounded.
 */
const cuts = new Map<string, string | undefined>();
const MAX_CUT_TEXT = 256;
const MAX_CUTS = 4096;

/** The first group of a profile's pattern (linear-time, checked when the profile was loaded), else the whole match. */
function cut(pattern: string, flags: string, text: string): string | undefined {
  const key = `${flags}\0${pattern}`;
  const known = text.length <= MAX_CUT_TEXT ? `${key}\0${text}` : undefined;
  if (known !== undefined && cuts.has(known)) return cuts.get(known);
  let re = patterns.get(key);
  if (re === undefined) patterns.set(key, (re = compileRulePattern(pattern, flags)));
  const m = typeof re === "string" ? null : re.exec(text);
  const found = m ? (m[1] ?? m[0]) : undefined;
  if (known !== undefined) {
    if (cuts.size >= MAX_CUTS) cuts.clear();
    cuts.set(known, found);
  }
  return found;
}

/** The version a project states, from the first of its rule's sources that gives one. */
async function statedVersion(rule: DetectRule, markerPath: string, marker: ParsedMarker, files: ProjectFiles): Promise<Stated | undefined> {
  for (const spec of versionSources(rule)) {
    const near = spec.file === undefined ? undefined : insideRoot(dirOf(markerPath), spec.file);
    if (spec.file !== undefined && near === undefined) continue;
    const targets = near === undefined ? [markerPath] : matchingFiles(files, near);
    for (const target of targets) {
      let value: Stated | undefined;
      if (spec.text !== undefined) {
        const text = target === markerPath ? marker.file.text : await files.readText(target);
        const raw = text === undefined ? undefined : cut(spec.text, spec.flags ?? "", text);
        value = raw === undefined ? undefined : { raw };
      } else if (target === markerPath) {
        value = valueFrom(marker.extracted, spec);
      } else {
        const text = await files.readText(target);
        const language = languageOf(target);
        if (text === undefined || !language) continue;
        await prepareLanguage(language, text);
        const found = valueFrom(extractFacts({ path: target, language, text }), spec);
        value = found && { raw: found.raw };
      }
      if (value === undefined) continue;
      if (spec.pattern === undefined) return value;
      const raw = cut(spec.pattern, "", value.raw);
      if (raw !== undefined) return { ...value, raw };
    }
  }
  return undefined;
}

/** Whether a rule reads the version from the marker alone (no file beside it). */
function readsMarkerAlone(rule: DetectRule): boolean {
  return versionSources(rule).every((spec) => spec.file === undefined);
}

/** `rel` from `dir`, or undefined when it climbs out of the scanned root. */
function insideRoot(dir: string, rel: string): string | undefined {
  const parts = dir === "." ? [] : dir.split("/");
  for (const seg of rel.split("/")) {
    if (seg === "..") {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else if (seg !== "." && seg !== "") parts.push(seg);
  }
  return parts.join("/");
}

/**
 * Version control's own files, which discovery never lists (it does not enter `.git`): the branch a
 * repository has checked out is read from its HEAD, inside the scanned root, links not followed.
 */
const UNLISTED = /(^|\/)\.git\/HEAD$/;

function matchingFiles(files: ProjectFiles, pattern: string): string[] {
  const wild = pattern.search(/[*?[{\\]/);
  if (wild < 0) return pathSet(files).has(pattern) || UNLISTED.test(pattern) ? [pattern] : [];
  const match = compileGlob(pattern);
  // Only paths in the folder the pattern names before its first wildcard can match (`app/.github/workflows/` for `app/.github/workflows/*.yml`).
  const folder = pattern.slice(0, pattern.lastIndexOf("/", wild) + 1);
  return files.paths.filter((p) => p.startsWith(folder) && match(p)).sort();
}

/** Every path detection may read, as a set, made once per scan. */
const pathSets = new WeakMap<readonly string[], Set<string>>();
function pathSet(files: ProjectFiles): Set<string> {
  let set = pathSets.get(files.paths);
  if (!set) pathSets.set(files.paths, (set = new Set(files.paths)));
  return set;
}

const START: Span = { line: 1, column: 1, endLine: 1, endColumn: 1 };

/** The version a project states, or what is wrong with its marker. */
async function markerVersion(
  profile: Profile,
  rule: DetectRule,
  path: string,
  marker: ParsedMarker | { unreadable: string },
  files: ProjectFiles,
): Promise<{ detected?: string; problem?: MarkerProblem }> {
  if ("unreadable" in marker)
    return { problem: { reason: `cannot be read (${marker.unreadable})`, span: START, snippet: "", broken: true } };
  const snippetOf = (line: number): string => marker.extracted.lines.lineText(line).trim().slice(0, 240);
  const nul = marker.file.text.indexOf("\0");
  if (nul !== -1 && marker.file.language === "python-literal") {
    const span = marker.extracted.lines.span(nul, nul + 1);
    return { problem: { reason: "holds a NUL character, which Python refuses", span, snippet: snippetOf(span.line), broken: true } };
  }
  if (rule.version === undefined) return {};
  const found = await statedVersion(rule, path, marker, files);
  if (!found) {
    const first = marker.extracted.problems[0];
    const hint = rule.hint ? ` (${rule.hint.trim()})` : "";
    const reason = first
      ? `does not parse (${first.message}, line ${first.line}) and no version could be read from it${hint}`
      : `does not state its version${hint}`;
    const span = first ? { line: first.line, column: first.column, endLine: first.line, endColumn: first.column } : START;
    return { problem: { reason, span, snippet: snippetOf(span.line), broken: first !== undefined } };
  }
  const detected = normaliseVersion(profile, found.raw);
  if (detected === undefined) {
    const span = found.span ?? START;
    const reason = `states version '${found.raw}', which is not one Uplift knows (${profile.versions.join(", ")})`;
    return { problem: { reason, span, snippet: found.span ? snippetOf(span.line) : "", broken: false } };
  }
  return { detected };
}

/**
 * Finds the projects in a scan from their marker files (an Odoo manifest, a solution.xml, a Frappe
 * app's hooks.py): each has its ERP and from-version; flags override what the files say. A marker that cannot be read
 * or does not state a known version still makes a project: the problem is kept for a finding, and
 * without --from its files are listed rather than checked. With --erp, projects of other ERPs are
 * named (their files are listed as left out), files outside every project go to a project at the
 * root when a version is known for it, and a tree with nothing of that ERP is refused.
 */
export async function detectProjects(
  catalogue: Catalogue,
  markerCandidates: readonly Candidate[],
  candidates: readonly Candidate[],
  options: ProjectOptions,
  parsed: Map<string, ParsedMarker>,
  files: ProjectFiles = { paths: candidates.map((c) => c.path), readText: async () => undefined },
  load: SourceLoader = loadSource,
): Promise<ProjectMap> {
  if (options.erp) checkErp(catalogue, options.erp);
  const sources: MarkerSources = { load, cache: files.cache, verdicts: files.verdicts };
  const projects = new Map<string, Project>();
  const foreign = new Map<string, ForeignProject>();
  /** Projects whose version no marker has said yet: a later marker inside them may. */
  const undated = new Set<Project>();
  // Each rule meets only the files of its marker's name: an estate's ten thousand files are sorted by name once.
  const byName = new Map<string, Candidate[]>();
  for (const c of markerCandidates) {
    const name = c.path.slice(c.path.lastIndexOf("/") + 1);
    const named = byName.get(name);
    if (named) named.push(c);
    else byName.set(name, [c]);
  }
  for (const profile of catalogue.profiles.values()) {
    const chosen = !options.erp || profile.erp === options.erp;
    for (const rule of profile.detect) {
      for (const c of byName.get(rule.file) ?? []) {
        // A library's root is where its namespace starts, which only the marker's text says.
        const rooted =
          rule.namespace !== undefined ? await libraryRoot(c, profile, rule, chosen, parsed, sources, files.readings) : undefined;
        if (rooted === null) continue;
        const root = rooted?.root ?? joinPosix(dirOf(c.path), rule.root ?? ".");
        const { early, kept: keptRoot } = rooted ?? {};
        const same: Map<string, Project | ForeignProject> = chosen ? projects : foreign;
        const outer = enclosing(same, profile, root);
        const joins = chosen ? projectOf(outer as Project[], c.path) : undefined;
        // Only a marker that can say a version is read for a project found already.
        const dates = joins !== undefined && undated.has(joins) && rule.version !== undefined;
        if (rule.versionOnly && !dates) continue;
        if (rule.fallback && !dates && overlapsProject(same.values(), profile, root, rule.file)) continue;
        if ((projects.has(root) || foreign.has(root) || (rule.outermost && outer.length > 0)) && !dates) continue;
        const required = rule.requires;
        // What an unchanged marker said is kept by its stamp, when only its own text said it.
        const keeps = chosen && (required === undefined || rooted !== undefined) && files.readings !== undefined && readsMarkerAlone(rule);
        const known = keeps ? (keptRoot ?? files.readings!.known(c, ruleKey(profile, rule))) : undefined;
        const marker =
          !known && (chosen || required !== undefined) ? (early ?? (await readMarker(c, parsed, sources, required))) : undefined;
        // A marker with a common name (hooks.py) is one only when it holds what the ERP's has.
        if (marker && "lacks" in marker) continue;
        if (required !== undefined && !known && (!marker || "unreadable" in marker || !holdsRequired(marker.extracted.facts, required)))
          continue;
        if (!chosen || (!marker && !known)) foreign.set(root, { path: root, profile, marker: c.path });
        else {
          let reading: MarkerReading | undefined = known;
          if (!reading && marker) {
            reading = await markerVersion(profile, rule, c.path, marker, files);
            if (rooted) reading = { ...reading, root };
            if (keeps && "file" in marker) files.readings!.record(c, marker.file, ruleKey(profile, rule), reading);
          }
          const { detected, problem } = reading ?? {};
          if (joins && (rule.versionOnly || rule.outermost || rule.fallback || projects.has(root))) {
            // A marker inside a project found already: it may say the version the first one did not.
            if (detected !== undefined && options.from === undefined) {
              undated.delete(joins);
              projects.set(joins.path, makeProject(catalogue, profile, joins.path, joins.marker, detected, options, undefined));
            }
            continue;
          }
          const from = options.from ?? detected ?? profile.defaultFrom;
          const project = makeProject(catalogue, profile, root, c.path, from, options, problem);
          projects.set(root, project);
          if (detected === undefined && options.from === undefined) undated.add(project);
        }
        if (rule.outermost) {
          for (const [other, p] of same) {
            if (p.profile === profile && other !== root && (root === "." || other.startsWith(`${root}/`))) same.delete(other);
          }
        }
      }
    }
  }
  if (projects.size === 0 && !options.erp) {
    const erps = [...catalogue.profiles.keys()].join("|");
    const markers = [...new Set([...catalogue.profiles.values()].flatMap((p) => p.detect.map((d) => d.file)))];
    throw new UsageError(`no ERP project found (no ${markers.join(", ")}); pass --erp <${erps}> and --from <version>`);
  }
  if (options.erp) addRootProject(catalogue, options.erp, candidates, options, projects, [...foreign.values()]);
  const sorted = <T extends { path: string }>(list: Iterable<T>): T[] =>
    [...list].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { projects: sorted(projects.values()), foreign: sorted(foreign.values()) };
}

/** The profile's projects at the folder or above it, found by walking up from it rather than by a pass over every project. */
function enclosing(found: ReadonlyMap<string, Project | ForeignProject>, profile: Profile, root: string): Array<Project | ForeignProject> {
  const out: Array<Project | ForeignProject> = [];
  const add = (dir: string): void => {
    const p = found.get(dir);
    if (p && p.profile === profile && p.path === dir) out.push(p);
  };
  if (root !== ".") {
    add(root);
    for (let slash = root.lastIndexOf("/"); slash > 0; slash = root.lastIndexOf("/", slash - 1)) add(root.slice(0, slash));
  }
  add(".");
  return out;
}

/**
 * Whether a project of the profile stands at, above or below the folder (a fallback marker starts
 * none there). One the same fallback marker started below it does not count: markers come in path
 * order (`app/docs/index.html` before `app/index.html`), and an outermost rule takes its place.
 */
function overlapsProject(found: Iterable<Project | ForeignProject>, profile: Profile, root: string, markerName: string): boolean {
  for (const p of found) {
    if (p.profile !== profile) continue;
    const sameMarker = p.marker !== undefined && p.marker.slice(p.marker.lastIndexOf("/") + 1) === markerName;
    if (sameMarker && root !== "." && p.path.startsWith(`${root}/`)) continue;
    if (sameMarker && root === "." && p.path !== ".") continue;
    if (p.path === root || p.path === "." || root === "." || root.startsWith(`${p.path}/`) || p.path.startsWith(`${root}/`)) return true;
  }
  return false;
}

/** With --erp: the files outside every project belong to a project at the root, if its version is known. */
function addRootProject(
  catalogue: Catalogue,
  erp: string,
  candidates: readonly Candidate[],
  options: ProjectOptions,
  projects: Map<string, Project>,
  foreign: readonly ForeignProject[],
): void {
  const profile = catalogue.profiles.get(erp)!;
  const owner = projectLocator([...projects.values(), ...foreign]);
  const outside = candidates.filter((c) => !owner(c.path));
  if (projects.size === 0 && !outside.some((c) => readableBy(catalogue, erp, c))) {
    throw new UsageError(
      `--erp ${erp}: nothing in ${options.root ?? "the scanned folder"} belongs to ${profile.name}; ${describeTree(catalogue, erp, candidates, foreign)}`,
    );
  }
  if (projects.has(".") || (outside.length === 0 && projects.size > 0)) return;
  const from = options.from ?? profile.defaultFrom;
  if (from) projects.set(".", makeProject(catalogue, profile, ".", undefined, from, options, undefined));
  else if (projects.size === 0)
    throw new UsageError(`cannot tell which ${profile.name} version this is; pass --from <${profile.versions.join("|")}>`);
}

function makeProject(
  catalogue: Catalogue,
  profile: Profile,
  root: string,
  marker: string | undefined,
  from: string | undefined,
  options: ProjectOptions,
  markerProblem: MarkerProblem | undefined,
): Project {
  const to = options.to ?? (options.toFurthest ? furthestTarget(catalogue, profile) : targetVersion(profile));
  if (from === undefined) {
    const problem = markerProblem ?? { reason: "states no version", span: START, snippet: "", broken: false };
    return { path: root, profile, marker, from: "unknown", to, hops: [], pastHops: [], markerProblem: problem, unchecked: true };
  }
  const { hops, pastHops, laterHops } = hopsBetween(catalogue, profile, from, to, options.from !== undefined);
  const project: Project = { path: root, profile, marker, from, to, hops, pastHops, laterHops };
  if (markerProblem) project.markerProblem = markerProblem;
  // Files that say their own version start their hops there, unless the user said --from.
  if (profile.fileVersion && options.from === undefined) project.fileVersions = new Map();
  return project;
}

/**
 * The hops from one version to the target, the hops already passed before it and those after the
 * target (only their rules with versions of their own may fall before it). Code that says
 * it is already past the target needs nothing; only a user's own --from past --to is an error.
 */
export function hopsBetween(
  catalogue: Catalogue,
  profile: Profile,
  from: string,
  to: string,
  explicit: boolean,
): { hops: Hop[]; pastHops: Hop[]; laterHops: Hop[] } {
  const a = profile.versions.indexOf(from);
  const b = profile.versions.indexOf(to);
  const hops = !explicit && a >= 0 && b >= 0 && a > b ? [] : planUpgrade(catalogue, profile, from, to);
  const first = profile.versions[0]!;
  const pastHops = a > 0 ? planUpgrade(catalogue, profile, first, from) : [];
  const last = profile.versions[profile.versions.length - 1]!;
  const laterHops = b >= 0 && b < profile.versions.length - 1 ? planUpgrade(catalogue, profile, to, last) : [];
  return { hops, pastHops, laterHops };
}

/**
 * The deepest project whose folder holds a file, found by walking up the file's folders: an
 * estate of a thousand addons costs a few map lookups per file, not a pass over every project.
 */
export function projectLocator<P extends { path: string }>(projects: readonly P[]): (file: string) => P | undefined {
  const byPath = new Map<string, P>();
  for (const p of projects) if (!byPath.has(p.path)) byPath.set(p.path, p);
  return (file) => {
    let dir = file;
    for (let slash = dir.lastIndexOf("/"); slash >= 0; slash = dir.lastIndexOf("/")) {
      dir = dir.slice(0, slash);
      const p = byPath.get(dir);
      if (p) return p;
    }
    return byPath.get(".");
  };
}

/** The deepest project whose folder holds the file. */
export function projectOf<P extends { path: string }>(projects: readonly P[], file: string): P | undefined {
  let best: P | undefined;
  let bestLength = -1;
  for (const p of projects) {
    const length = p.path === "." ? 0 : p.path.length;
    if ((p.path === "." || file.startsWith(`${p.path}/`)) && length > bestLength) {
      best = p;
      bestLength = length;
    }
  }
  return best;
}

export function relativeToProject(project: Project, file: string): string {
  return project.path === "." ? file : file.slice(project.path.length + 1);
}
