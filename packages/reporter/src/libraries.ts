import type { Finding, ScanResult } from "@uplift/engine";
import { effortOf, formatHours, type EffortRange } from "./html/effort.js";

// Bundled third-party libraries and translation copies, as every report shows them: the
// library's findings are listed but its work is one upgrade (docs/bundled-libraries.md).

export interface LibraryGroup {
  /** `jQuery 3.6.0`, or the name alone when no version is known. */
  label: string;
  name: string;
  version?: string;
  /** What showed it, in words. */
  evidence: string;
  project: string;
  files: string[];
  findings: number;
  effort: EffortRange;
  hours: string;
}

const EVIDENCE: Record<string, string> = {
  licence: "licence banner",
  umd: "library wrapper (UMD)",
  "sdk-sample": "SDK sample header",
  minified: "released minified build",
  path: "third-party folder or name",
};

export function libraryLabel(library: NonNullable<Finding["library"]>): string {
  return library.version ? `${library.name} ${library.version}` : library.name;
}

/** The bundled libraries with findings, one per project, name and version, sorted by label. */
export function libraryGroups(result: ScanResult): LibraryGroup[] {
  const groups = new Map<string, { first: NonNullable<Finding["library"]>; project: string; findings: Finding[] }>();
  for (const f of result.findings) {
    if (!f.library) continue;
    const key = `${f.project}\0${f.library.name}\0${f.library.version ?? ""}`;
    const group = groups.get(key);
    if (group) group.findings.push(f);
    else groups.set(key, { first: f.library, project: f.project, findings: [f] });
  }
  return [...groups.values()]
    .map((g) => {
      const effort = effortOf(g.findings);
      return {
        label: libraryLabel(g.first),
        name: g.first.name,
        ...(g.first.version ? { version: g.first.version } : {}),
        evidence: EVIDENCE[g.first.evidence] ?? g.first.evidence,
        project: g.project,
        files: [...new Set(g.findings.map((f) => f.file))].sort(),
        findings: g.findings.length,
        effort,
        hours: formatHours(effort),
      };
    })
    .sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : a.project < b.project ? -1 : a.project > b.project ? 1 : 0));
}

/** Why a finding's effort is counted elsewhere or once for many, in words; undefined when it counts on its own. */
export function sharedEffortNote(f: Finding): string | undefined {
  if (f.relatedTo) return `same place as ${f.relatedTo}; its effort is counted there`;
  if (f.translationOf) return `translation of ${f.translationOf.file}:${f.translationOf.line}; its effort is counted there`;
  if (f.library) return `in bundled library ${libraryLabel(f.library)}: upgrade or replace it; its effort is counted once for the library`;
  return undefined;
}
