import {
  extractAbapProject,
  isAbapObjectFile,
  LineIndex,
  loadSource,
  type Candidate,
  type ExtractedFile,
  type Unanalysed,
} from "@uplift/core";
import { projectOf, type Project } from "./projects.js";

/**
 * ABAP is read per object and per package, not per file: a class is several files, a function
 * group many, and the type-aware checks need the package's DDIC. So before the per-file loop the
 * ABAP files of each project are parsed together (in workers); the loop then finds their facts here.
 */
export async function abapPass(
  candidates: readonly Candidate[],
  projects: readonly Project[],
  allProjects: readonly Project[],
): Promise<{ files: Map<string, ExtractedFile>; unanalysed: Unanalysed[] }> {
  const files = new Map<string, ExtractedFile>();
  const unanalysed: Unanalysed[] = [];
  for (const project of projects) {
    const mine = candidates.filter((c) => projectOf(allProjects, c.path) === project);
    if (!mine.some((c) => c.path.endsWith(".abap"))) continue;
    const sources: Array<{ path: string; text: string }> = [];
    for (const c of mine) {
      if (!isAbapObjectFile(c.path) && !c.path.endsWith(".abapgit.xml")) continue;
      const loaded = await loadSource(c);
      if (loaded.ok) sources.push({ path: c.path, text: loaded.file.text });
    }
    const workers = process.env.UPLIFT_ABAP_WORKERS === undefined ? undefined : Number(process.env.UPLIFT_ABAP_WORKERS);
    const result = await extractAbapProject(sources, { root: project.path, workers });
    const texts = new Map(sources.map((s) => [s.path, s.text]));
    for (const [path, facts] of result.files) files.set(path, { ...facts, lines: new LineIndex(texts.get(path) ?? "") });
    unanalysed.push(...result.unanalysed);
  }
  return { files, unanalysed };
}
