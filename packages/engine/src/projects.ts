import {
  extractFacts,
  loadSource,
  prepareLanguage,
  type Candidate,
  type ExtractedFile,
  type SourceFile,
  type Unanalysed,
} from "@uplift/core";
import type { Catalogue } from "./catalogue.js";
import { UsageError } from "./errors.js";
import { normaliseVersion, planUpgrade, targetVersion, type Hop } from "./plan.js";
import type { Profile } from "./rule-types.js";

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
}

export interface ProjectOptions {
  erp?: string;
  from?: string;
  to?: string;
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

function versionFrom(extracted: ExtractedFile, spec: NonNullable<Profile["detect"][number]["version"]>): string | undefined {
  const fact = extracted.facts.find((f) =>
    spec.json !== undefined
      ? f.kind === "json" && f.key === spec.json
      : spec.attribute !== undefined
        ? f.kind === "attribute" && f.key === spec.attribute
        : spec.tag !== undefined && f.kind === "tag" && f.key === spec.tag,
  );
  const raw = fact?.detail?.value;
  if (raw === undefined || raw === null) return undefined;
  const text = String(raw);
  if (!spec.pattern) return text;
  const m = new RegExp(spec.pattern).exec(text);
  return m ? (m[1] ?? m[0]) : undefined;
}

/**
 * Finds the projects in a scan from their marker files (an Odoo manifest, a solution.xml): each
 * has its ERP and from-version; flags override what the files say.
 */
export async function detectProjects(
  catalogue: Catalogue,
  candidates: readonly Candidate[],
  options: ProjectOptions,
  parsed: Map<string, ParsedMarker>,
  unanalysed: Unanalysed[],
): Promise<Project[]> {
  if (options.erp && !catalogue.profiles.has(options.erp)) {
    throw new UsageError(`--erp ${options.erp} is not known; use one of: ${[...catalogue.profiles.keys()].join(", ")}`);
  }
  const projects = new Map<string, Project>();
  const profiles = [...catalogue.profiles.values()].filter((p) => !options.erp || p.erp === options.erp);
  for (const profile of profiles) {
    for (const rule of profile.detect) {
      for (const c of candidates) {
        const base = c.path.slice(c.path.lastIndexOf("/") + 1);
        if (base !== rule.file) continue;
        const root = joinPosix(dirOf(c.path), rule.root ?? ".");
        if (projects.has(root)) continue;
        if (
          rule.outermost &&
          [...projects.values()].some((p) => p.profile === profile && (p.path === "." || root.startsWith(`${p.path}/`)))
        )
          continue;
        let marker = parsed.get(c.path);
        if (!marker) {
          const loaded = await loadSource(c);
          if (!loaded.ok) continue;
          await prepareLanguage(loaded.file.language);
          marker = { file: loaded.file, extracted: extractFacts(loaded.file) };
          parsed.set(c.path, marker);
        }
        const raw = rule.version ? versionFrom(marker.extracted, rule.version) : undefined;
        const detected = raw === undefined ? undefined : normaliseVersion(profile, raw);
        const from = options.from ?? detected ?? profile.defaultFrom;
        if (!from) {
          unanalysed.push({
            file: c.path,
            reason: `${profile.name} project whose version ${raw === undefined ? "is not stated" : `'${raw}' is not one Uplift knows`}; pass --from to scan it`,
          });
          continue;
        }
        projects.set(root, makeProject(catalogue, profile, root, c.path, from, options));
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
    const profile = options.erp ? catalogue.profiles.get(options.erp) : undefined;
    if (!profile) {
      const erps = [...catalogue.profiles.keys()].join("|");
      throw new UsageError(
        `no ERP project found (no ${profiles.flatMap((p) => p.detect.map((d) => d.file)).join(", ")}); pass --erp <${erps}> and --from <version>`,
      );
    }
    const from = options.from ?? profile.defaultFrom;
    if (!from) {
      throw new UsageError(`cannot tell which ${profile.name} version this is; pass --from <${profile.versions.join("|")}>`);
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
  const to = options.to ?? targetVersion(profile);
  const { hops, pastHops } = hopsBetween(catalogue, profile, from, to, options.from !== undefined);
  const project: Project = { path: root, profile, marker, from, to, hops, pastHops };
  // Files that say their own version start their hops there, unless the user said --from.
  if (profile.fileVersion && options.from === undefined) project.fileVersions = new Map();
  return project;
}

/**
 * The hops from one version to the target, and the hops already passed before it. Code that says
 * it is already past the target needs nothing; only a user's own --from past --to is an error.
 */
export function hopsBetween(
  catalogue: Catalogue,
  profile: Profile,
  from: string,
  to: string,
  explicit: boolean,
): { hops: Hop[]; pastHops: Hop[] } {
  const a = profile.versions.indexOf(from);
  const b = profile.versions.indexOf(to);
  const hops = !explicit && a >= 0 && b >= 0 && a > b ? [] : planUpgrade(catalogue, profile, from, to);
  const first = profile.versions[0]!;
  const pastHops = a > 0 ? planUpgrade(catalogue, profile, first, from) : [];
  return { hops, pastHops };
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
