import {
  extractAbapProject,
  isAbapObjectFile,
  LineIndex,
  type AbapFactStore,
  type Candidate,
  type ExtractedFile,
  type FactCache,
  type Unanalysed,
} from "@uplift/core";
import { projectLocator, type Project, type SourceLoader } from "./projects.js";

/**
 * ABAP is read per object and per package, not per file: a class is several files, a function
 * group many, and the type-aware checks need the package's DDIC. So before the per-file loop the
 * ABAP files of each project are parsed together (in workers); the loop then finds their facts here.
 * Files are read with the scan's loader, so that --fix's later rounds see the text already fixed.
 */
export async function abapPass(
  candidates: readonly Candidate[],
  projects: readonly Project[],
  allProjects: readonly Project[],
  load: SourceLoader,
  cache?: FactCache,
): Promise<{ files: Map<string, ExtractedFile>; unanalysed: Unanalysed[] }> {
  const store = cache ? storeIn(cache) : undefined;
  const files = new Map<string, ExtractedFile>();
  const unanalysed: Unanalysed[] = [];
  // Files grouped by project in one pass: a few lookups per file, not a pass per project over every file.
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
      const loaded = await load(c);
      if (loaded.ok) sources.push({ path: c.path, text: loaded.file.text });
    }
    const workers = process.env.UPLIFT_ABAP_WORKERS === undefined ? undefined : Number(process.env.UPLIFT_ABAP_WORKERS);
    const result = await extractAbapProject(sources, { root: project.path, workers, ...(store ? { store } : {}) });
    const texts = new Map(sources.map((s) => [s.path, s.text]));
    for (const [path, facts] of result.files) files.set(path, { ...facts, lines: new LineIndex(texts.get(path) ?? "") });
    unanalysed.push(...result.unanalysed);
  }
  return { files, unanalysed };
}

/**
 * The ABAP pass keeps its facts in the scan's fact cache under a key of its own (the batch's
 * content and the file's path), as the content of a file that is not one.
 */
function storeIn(cache: FactCache): AbapFactStore {
  const entry = (key: string) => ({ path: "uplift-abap-batch.abap", language: "abap" as const, text: key });
  return {
    get: (key) => cache.get(entry(key)),
    set: (key, facts) => cache.set(entry(key), { ...facts, lines: new LineIndex("") }),
  };
}
