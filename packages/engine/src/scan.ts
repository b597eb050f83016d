import { discover, extractFacts, loadSource, TooDeepError, type DiscoverOptions, type SourceFile, type Unanalysed } from "@uplift/core";
import { loadCatalogue, type Catalogue } from "./catalogue.js";
import { compileRuleOrThrow } from "./compile.js";
import { assignFingerprints } from "./fingerprint.js";
import { matchFile, parseErrorFinding } from "./match-file.js";
import { detectProjects, projectOf, relativeToProject, type ParsedMarker, type Project } from "./projects.js";
import { cmp, compareFindings, SCHEMA_VERSION, summarise, type Finding, type RuleInfo, type ScanResult } from "./result.js";
import { applyImpact, linkerFor, type Linker } from "./link/index.js";
import { RuleIndex, wordsOf } from "./rule-index.js";
import { TOOL_VERSION } from "./version.js";

export interface ScanOptions extends DiscoverOptions {
  /** The folder (or file) to scan, as the user gave it. */
  root: string;
  rulesDir: string;
  erp?: string;
  from?: string;
  to?: string;
  catalogue?: Catalogue;
  onProgress?: (done: number, total: number) => void;
}

/** The whole pipeline: discover, detect projects, extract facts, match, settle. */
export async function scan(options: ScanOptions): Promise<ScanResult> {
  const catalogue = options.catalogue ?? loadCatalogue(options.rulesDir, options.erp);
  const discovery = await discover(options.root, options);
  const unanalysed: Unanalysed[] = [...discovery.unanalysed];
  const markers = new Map<string, ParsedMarker>();
  // Projects are found from their marker files even when --include leaves those out of the scan.
  const markerFiles = [...new Set([...catalogue.profiles.values()].flatMap((p) => p.detect.map((d) => `**/${d.file}`)))];
  const markerCandidates =
    options.include && options.include.length > 0
      ? (await discover(options.root, { ...options, include: markerFiles })).candidates
      : discovery.candidates;
  const projects = await detectProjects(catalogue, markerCandidates, options, markers, unanalysed);
  const indexes = new Map<Project, RuleIndex>();
  const linkers = new Map<Project, Linker>();
  for (const p of projects) {
    indexes.set(p, buildIndex(p));
    const linker = linkerFor(p);
    if (linker) linkers.set(p, linker);
  }

  const findings: Finding[] = [];
  let filesScanned = 0;
  const total = discovery.candidates.length;
  let done = 0;
  for (const candidate of discovery.candidates) {
    options.onProgress?.(done++, total);
    const project = projectOf(projects, candidate.path);
    if (!project) continue;
    const index = indexes.get(project)!;
    let file: SourceFile;
    const marker = markers.get(candidate.path);
    if (marker) file = marker.file;
    else {
      const loaded = await loadSource(candidate);
      if (!loaded.ok) {
        unanalysed.push(loaded.unanalysed);
        continue;
      }
      file = loaded.file;
    }
    filesScanned++;
    const words = wordsOf(file.text);
    if (!marker && !index.mayMatch(words)) continue;
    let extracted;
    try {
      extracted = marker?.extracted ?? extractFacts(file);
    } catch (error) {
      if (error instanceof TooDeepError) {
        unanalysed.push({ file: file.path, reason: "nested too deeply to parse" });
        continue;
      }
      throw error;
    }
    linkers.get(project)?.collect(file, extracted, project);
    const parseError = parseErrorFinding(file, extracted, project.path);
    if (parseError) findings.push(parseError);
    findings.push(...matchFile(file, extracted, index, { projectPath: relativeToProject(project, file.path) }, project.path, words));
  }
  options.onProgress?.(total, total);
  applyImpact(findings, projects, linkers);
  return settle(options.root, projects, findings, unanalysed, filesScanned);
}

export function buildIndex(project: Project): RuleIndex {
  const index = new RuleIndex();
  for (const hop of project.hops) {
    for (const rule of hop.pack?.rules ?? []) index.add({ rule, hop }, compileRuleOrThrow(rule));
  }
  return index;
}

function settle(root: string, projects: Project[], findings: Finding[], unanalysed: Unanalysed[], filesScanned: number): ScanResult {
  findings.sort(compareFindings);
  assignFingerprints(findings);
  const rules: Record<string, RuleInfo> = {};
  const used = new Set(findings.map((f) => f.ruleId));
  for (const p of projects) {
    for (const hop of p.hops) {
      for (const r of hop.pack?.rules ?? []) {
        if (rules[r.id] || !used.has(r.id)) continue;
        const info: RuleInfo = {
          title: r.title,
          severity: r.severity,
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
      const profile = projects.find((p) => p.path === f.project)?.profile;
      const info = profile?.processes?.[id];
      processes[id] = { title: info?.title ?? id, tests: info?.tests ?? [] };
    }
  }
  const sortedUnanalysed = [...unanalysed].sort((a, b) => cmp(a.file, b.file) || cmp(a.reason, b.reason));
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: "uplift", version: TOOL_VERSION },
    root,
    projects: projects.map((p) => {
      const info: ScanResult["projects"][number] = {
        path: p.path,
        erp: p.profile.erp,
        from: p.from,
        to: p.to,
        hops: p.hops.map((h) => h.label),
      };
      if (p.marker) info.marker = p.marker;
      return info;
    }),
    findings,
    unanalysed: sortedUnanalysed,
    rules: Object.fromEntries(Object.entries(rules).sort(([a], [b]) => cmp(a, b))),
    processes: Object.fromEntries(Object.entries(processes).sort(([a], [b]) => cmp(a, b))),
    summary: summarise(findings, filesScanned, sortedUnanalysed.length),
  };
}
