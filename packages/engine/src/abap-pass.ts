import { createHash } from "node:crypto";
import {
  extractAbapProject,
  type FactCache,
  type FileFacts,
  isAbapObjectFile,
  LineIndex,
  loadSource,
  type Candidate,
  type ExtractedFile,
  type LoadedSource,
  type Unanalysed,
} from "@uplift/core";
import { buildId } from "./file-results.js";
import { projectLocator, type Project } from "./projects.js";

/**
 * ABAP is read per object and per package, not per file: a class is several files, a function
 * group many, and the type-aware checks need the package's DDIC. So before the per-file loop the
 * ABAP files of each project are parsed together (in workers); the loop then finds their facts here.
 */
export async function abapPass(
  candidates: readonly Candidate[],
  projects: readonly Project[],
  allProjects: readonly Project[],
  cache?: FactCache,
  load: (candidate: Candidate) => Promise<LoadedSource> = loadSource,
): Promise<{ files: Map<string, ExtractedFile>; unanalysed: Unanalysed[] }> {
  const files = new Map<string, ExtractedFile>();
  const unanalysed: Unanalysed[] = [];
  const locate = projectLocator(allProjects);
  const byProject = new Map<Project, Candidate[]>();
  for (const c of candidates) {
    const project = locate(c.path);
    if (!project) continue;
    const mine = byProject.get(project);
    if (mine) mine.push(c);
    else byProject.set(project, [c]);
  }
  for (const project of projects) {
    const mine = byProject.get(project) ?? [];
    if (!mine.some((c) => c.path.endsWith(".abap"))) continue;
    const sources: Array<{ path: string; text: string }> = [];
    for (const c of mine) {
      if (!isAbapObjectFile(c.path) && !c.path.endsWith(".abapgit.xml")) continue;
      // Through the scan's loader: while --fix settles, a file is read as its fixes left it.
      const loaded = await load(c);
      if (loaded.ok) sources.push({ path: c.path, text: loaded.file.text });
    }
    const workers = process.env.UPLIFT_ABAP_WORKERS === undefined ? undefined : Number(process.env.UPLIFT_ABAP_WORKERS);
    // The pass reads a project's objects together: it is kept by the content of all of them.
    const key = cache && keyOf(project, sources);
    const kept = key ? keptPass(cache!.getResult(key)) : undefined;
    const result = kept ?? (await extractAbapProject(sources, { root: project.path, workers }));
    if (key && !kept) cache!.setResult(key, { files: [...result.files], unanalysed: result.unanalysed });
    const texts = new Map(sources.map((s) => [s.path, s.text]));
    for (const [path, facts] of result.files) files.set(path, { ...facts, lines: new LineIndex(texts.get(path) ?? "") });
    unanalysed.push(...result.unanalysed);
  }
  return { files, unanalysed };
}

function keyOf(project: Project, sources: ReadonlyArray<{ path: string; text: string }>): string {
  const hash = createHash("sha256").update(`abap-pass\0${buildId()}\0${project.path}\0`);
  for (const s of sources) hash.update(`${s.path}\0${s.text.length}\0`).update(s.text);
  return hash.digest("hex");
}

function keptPass(stored: unknown): { files: Map<string, FileFacts>; unanalysed: Unanalysed[] } | undefined {
  const s = stored as { files?: Array<[string, FileFacts]>; unanalysed?: Unanalysed[] } | undefined;
  if (!s || !Array.isArray(s.files) || !Array.isArray(s.unanalysed)) return undefined;
  return { files: new Map(s.files), unanalysed: s.unanalysed };
}
