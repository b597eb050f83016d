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
  /** Hops after the target: only their rules with versions of their own may fall before it. */
  laterHops?: Hop[];
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

type DetectRule = Profile["detect"][number];

/** The first value at the spec's place that its pattern accepts (a page has many script@src). */
function versionFrom(extracted: ExtractedFile, spec: NonNullable<DetectRule["version"]>): string | undefined {
  for (const fact of extracted.facts) {
    const at =
      spec.json !== undefined
        ? fact.kind === "json" && fact.key === spec.json
        : spec.attribute !== undefined
          ? fact.kind === "attribute" && fact.key === spec.attribute
          : spec.tag !== undefined && fact.kind === "tag" && fact.key === spec.tag;
    const raw = at ? fact.detail?.value : undefined;
    if (raw === undefined || raw === null) continue;
    const text = String(raw);
    if (!spec.pattern) return text;
    const m = new RegExp(spec.pattern).exec(text);
    if (m) return m[1] ?? m[0];
  }
  return undefined;
}

/** Whether a marker holds what its rule asks for (`when`). */
function holds(extracted: ExtractedFile, when: DetectRule["when"]): boolean {
  if (!when) return true;
  const pattern = when.pattern !== undefined ? new RegExp(when.pattern) : undefined;
  return extracted.facts.some((f) => {
    if (when.json !== undefined) return f.kind === "json" && f.key === when.json;
    if (when.attribute === undefined || f.kind !== "attribute" || f.key !== when.attribute) return false;
    return !pattern || pattern.test(String(f.detail?.value ?? ""));
  });
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
  /** Projects whose version no marker has said yet: a later marker inside them may. */
  const undated = new Set<Project>();
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
          await prepareLanguage(loaded.file.language);
          marker = { file: loaded.file, extracted: extractFacts(loaded.file) };
          parsed.set(c.path, marker);
        }
        if (!holds(marker.extracted, rule.when)) continue;
        const raw = rule.version ? versionFrom(marker.extracted, rule.version) : undefined;
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
          unanalysed.push({
            file: c.path,
            reason: `${profile.name} project whose version ${raw === undefined ? "is not stated" : `'${raw}' is not one Uplift knows`}; pass --from to scan it`,
          });
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
  const explicit = options.from !== undefined;
  const a = profile.versions.indexOf(from);
  const b = profile.versions.indexOf(to);
  // A project already past the target needs nothing; only a user's own --from is an error.
  const hops = !explicit && a >= 0 && b >= 0 && a > b ? [] : planUpgrade(catalogue, profile, from, to);
  const first = profile.versions[0]!;
  const pastHops = a > 0 ? planUpgrade(catalogue, profile, first, from) : [];
  const last = profile.versions[profile.versions.length - 1]!;
  const laterHops = b >= 0 && b < profile.versions.length - 1 ? planUpgrade(catalogue, profile, to, last) : [];
  return { path: root, profile, marker, from, to, hops, pastHops, laterHops };
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
