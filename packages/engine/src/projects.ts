import {
  extractFacts,
  languageOf,
  loadSource,
  prepareLanguage,
  type Candidate,
  type ExtractedFile,
  type SourceFile,
  type Unanalysed,
} from "@uplift/core";
import picomatch from "picomatch";
import type { Catalogue } from "./catalogue.js";
import { UsageError } from "./errors.js";
import { furthestTarget, normaliseVersion, planUpgrade, targetVersion, type Hop } from "./plan.js";
import { versionSources } from "./load-pack.js";
import type { DetectRule, Profile, VersionSource } from "./rule-types.js";

export interface Project {
  /** POSIX path of the project root relative to the scanned root ("." for the root itself). */
  path: string;
  profile: Profile;
  marker: string | undefined;
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
}

export interface ProjectOptions {
  erp?: string;
  from?: string;
  to?: string;
  /** Without `to`: every project goes to the furthest version its ERP's packs reach (`uplift plan`). */
  toFurthest?: boolean;
}

export interface ParsedMarker {
  file: SourceFile;
  extracted: ExtractedFile;
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
}

function valueFrom(extracted: ExtractedFile, spec: VersionSource): string | undefined {
  const pointer = spec.json;
  // The first value at the place that the pattern accepts: a page has many script@src.
  const fact = extracted.facts.find(
    (f) =>
      (pointer !== undefined
        ? f.kind === "json" && pointerMatches(pointer, f.key)
        : spec.attribute !== undefined
          ? f.kind === "attribute" && f.key === spec.attribute
          : spec.tag !== undefined && f.kind === "tag" && f.key === spec.tag) &&
      (spec.pattern === undefined || cut(spec.pattern, String(f.detail?.value ?? "")) !== undefined),
  );
  const raw = fact?.detail?.value;
  return raw === undefined || raw === null ? undefined : String(raw);
}

function pointerMatches(pattern: string, key: string): boolean {
  if (!pattern.includes("*")) return pattern === key;
  const a = pattern.split("/");
  const b = key.split("/");
  return a.length === b.length && a.every((s, i) => s === "*" || s === b[i]);
}

function cut(pattern: string, text: string): string | undefined {
  const m = new RegExp(pattern).exec(text);
  return m ? (m[1] ?? m[0]) : undefined;
}

/** The version a project states, from the first of its rule's sources that gives one. */
async function statedVersion(rule: DetectRule, markerPath: string, marker: ParsedMarker, files: ProjectFiles): Promise<string | undefined> {
  for (const spec of versionSources(rule)) {
    const near = spec.file === undefined ? undefined : insideRoot(dirOf(markerPath), spec.file);
    if (spec.file !== undefined && near === undefined) continue;
    const targets = near === undefined ? [markerPath] : matchingFiles(files.paths, near);
    for (const target of targets) {
      let value: string | undefined;
      if (spec.text !== undefined) {
        const text = target === markerPath ? marker.file.text : await files.readText(target);
        const m = text === undefined ? null : new RegExp(spec.text, spec.flags ?? "").exec(text);
        value = m ? (m[1] ?? m[0]) : undefined;
      } else if (target === markerPath) {
        value = valueFrom(marker.extracted, spec);
      } else {
        const text = await files.readText(target);
        const language = languageOf(target);
        if (text === undefined || !language) continue;
        await prepareLanguage(language, text);
        value = valueFrom(extractFacts({ path: target, language, text }), spec);
      }
      const version = value !== undefined && spec.pattern !== undefined ? cut(spec.pattern, value) : value;
      if (version !== undefined) return version;
    }
  }
  return undefined;
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

function matchingFiles(paths: readonly string[], pattern: string): string[] {
  if (!/[*?[{]/.test(pattern)) return paths.includes(pattern) ? [pattern] : [];
  const match = picomatch(pattern, { dot: true });
  return paths.filter((p) => match(p)).sort();
}

/**
 * Finds the projects in a scan from their marker files (an Odoo manifest, a solution.xml, a Frappe
 * app's hooks.py): each has its ERP and from-version; flags override what the files say.
 */
export async function detectProjects(
  catalogue: Catalogue,
  candidates: readonly Candidate[],
  options: ProjectOptions,
  parsed: Map<string, ParsedMarker>,
  unanalysed: Unanalysed[],
  files: ProjectFiles = { paths: candidates.map((c) => c.path), readText: async () => undefined },
): Promise<Project[]> {
  if (options.erp && !catalogue.profiles.has(options.erp)) {
    throw new UsageError(`--erp ${options.erp} is not known; use one of: ${[...catalogue.profiles.keys()].join(", ")}`);
  }
  const projects = new Map<string, Project>();
  /** Projects whose version no marker has said yet: a later marker inside them may. */
  const undated = new Set<Project>();
  const versionless: string[] = [];
  const profiles = [...catalogue.profiles.values()].filter((p) => !options.erp || p.erp === options.erp);
  for (const profile of profiles) {
    for (const rule of profile.detect) {
      for (const c of candidates) {
        const base = c.path.slice(c.path.lastIndexOf("/") + 1);
        if (base !== rule.file) continue;
        const root = joinPosix(dirOf(c.path), rule.root ?? ".");
        const outer = [...projects.values()].filter(
          (p) => p.profile === profile && (p.path === "." || root === p.path || root.startsWith(`${p.path}/`)),
        );
        const joins = projectOf(outer, c.path);
        // Only a marker that can say a version is read for a project found already.
        const dates = joins !== undefined && undated.has(joins) && rule.version !== undefined;
        if (rule.versionOnly && !dates) continue;
        if ((projects.has(root) || (rule.outermost && outer.length > 0)) && !dates) continue;
        let marker = parsed.get(c.path);
        if (!marker) {
          const loaded = await loadSource(c);
          if (!loaded.ok) continue;
          await prepareLanguage(loaded.file.language, loaded.file.text);
          marker = { file: loaded.file, extracted: extractFacts(loaded.file) };
          parsed.set(c.path, marker);
        }
        if (rule.requires !== undefined && !marker.extracted.facts.some((f) => f.kind === "json" && f.key === rule.requires)) continue;
        const raw = await statedVersion(rule, c.path, marker, files);
        const detected = raw === undefined ? undefined : normaliseVersion(profile, raw);
        if (joins && (rule.versionOnly || rule.outermost || projects.has(root))) {
          // A marker inside a project found already: it may say the version the first one did not.
          if (detected !== undefined && options.from === undefined) {
            undated.delete(joins);
            projects.set(joins.path, makeProject(catalogue, profile, joins.path, joins.marker, detected, options));
          }
          continue;
        }
        const from = options.from ?? detected ?? profile.defaultFrom;
        if (!from) {
          const stated =
            raw === undefined ? `does not state its ${profile.name} version` : `states version '${raw}', which Uplift does not know`;
          const reason = `${profile.name} project at ${root} ${stated}${rule.hint ? ` (${rule.hint})` : ""}; pass --from <${profile.versions.join("|")}> to scan it`;
          unanalysed.push({ file: c.path, reason });
          versionless.push(reason);
          continue;
        }
        const project = makeProject(catalogue, profile, root, c.path, from, options);
        projects.set(root, project);
        if (detected === undefined && options.from === undefined) undated.add(project);
        if (rule.outermost) {
          for (const [other, p] of projects)
            if (p.profile === profile && other !== root && (root === "." || other.startsWith(`${root}/`))) projects.delete(other);
        }
      }
    }
  }
  // Where each file says its version, the files outside the projects found (scripts next to an SDF
  // project) are a project of their own, when the user said which ERP this is.
  const named = options.erp ? catalogue.profiles.get(options.erp) : undefined;
  if (projects.size > 0 && named?.fileVersion && !projects.has(".")) {
    const from = options.from ?? named.defaultFrom;
    if (from) projects.set(".", makeProject(catalogue, named, ".", undefined, from, options));
  }
  if (projects.size === 0) {
    if (versionless.length > 0 && !options.erp) throw new UsageError(versionless[0]!);
    const profile = options.erp ? catalogue.profiles.get(options.erp) : undefined;
    if (!profile) {
      const erps = [...catalogue.profiles.keys()].join("|");
      throw new UsageError(
        `no ERP project found (no ${profiles.flatMap((p) => p.detect.map((d) => d.file)).join(", ")}); pass --erp <${erps}> and --from <version>`,
      );
    }
    const from = options.from ?? profile.defaultFrom;
    if (!from) {
      throw new UsageError(
        versionless[0] ?? `cannot tell which ${profile.name} version this is; pass --from <${profile.versions.join("|")}>`,
      );
    }
    projects.set(".", makeProject(catalogue, profile, ".", undefined, from, options));
  }
  return [...projects.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function makeProject(
  catalogue: Catalogue,
  profile: Profile,
  root: string,
  marker: string | undefined,
  from: string,
  options: ProjectOptions,
): Project {
  const to = options.to ?? (options.toFurthest ? furthestTarget(catalogue, profile) : targetVersion(profile));
  const { hops, pastHops, laterHops } = hopsBetween(catalogue, profile, from, to, options.from !== undefined);
  const project: Project = { path: root, profile, marker, from, to, hops, pastHops, laterHops };
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

/** The deepest project whose folder holds the file. */
export function projectOf(projects: readonly Project[], file: string): Project | undefined {
  let best: Project | undefined;
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
