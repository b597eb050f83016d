import {
  extractAbapProjects,
  isAbapObjectFile,
  LineIndex,
  type AbapFactStore,
  type AbapSource,
  type Candidate,
  type ExtractedFile,
  type FactCache,
  type Unanalysed,
} from "@uplift/core";
import { projectLocator, type Project, type SourceLoader } from "./projects.js";

/**
 * ABAP is read per object and per package, not per file: a class is several files, a function
 * group many, and the type-aware checks need the package's DDIC. So the ABAP files of each project
 * are parsed together, while the per-file loop goes on with the other files; the loop waits for
 * the pass only when it reaches a file the pass reads, and then finds its facts in `prepared`.
 * Files are read with the scan's loader, so that --fix's later rounds see the text already fixed.
 */
export class AbapPass {
  readonly #reads: ReadonlySet<string>;
  readonly #run: Promise<void>;
  readonly #ask: () => void;
  #asked = false;

  /**
   * Starts the pass. With little ABAP it parses in this thread, and only once the scan asks for
   * its facts (`done`): until then this thread reads the other files. With more, its workers
   * start at once.
   */
  constructor(
    candidates: readonly Candidate[],
    projects: readonly Project[],
    allProjects: readonly Project[],
    load: SourceLoader,
    into: { prepared: Map<string, ExtractedFile>; unanalysed: Unanalysed[] },
    cache?: FactCache,
  ) {
    const inputs = passInputs(candidates, projects, allProjects);
    this.#reads = new Set(inputs.flatMap((p) => p.files.map((c) => c.path)));
    let ask!: () => void;
    const asked = new Promise<void>((resolve) => (ask = resolve));
    this.#ask = ask;
    this.#run = run(inputs, load, into, asked, cache);
    // Awaited by `done`; a failure before the scan asks is reported then, not as an unhandled rejection.
    this.#run.catch(() => undefined);
  }

  /** Whether the pass reads this file: its facts (if it gives any) are known once the pass is done. */
  reads(path: string): boolean {
    return this.#reads.has(path);
  }

  /** Whether the scan asked for the pass's facts already (then it is done, or being done). */
  get asked(): boolean {
    return this.#asked;
  }

  /** The pass done, its facts in `prepared` and what it could not read in `unanalysed`. */
  done(): Promise<void> {
    this.#asked = true;
    this.#ask();
    return this.#run;
  }
}

/** The projects with ABAP source, in their order, each with the files of the pass (sources and object metadata). */
function passInputs(
  candidates: readonly Candidate[],
  projects: readonly Project[],
  allProjects: readonly Project[],
): Array<{ project: Project; files: Candidate[] }> {
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
  const inputs: Array<{ project: Project; files: Candidate[] }> = [];
  for (const project of projects) {
    const mine = byProject.get(project) ?? [];
    if (!mine.some((c) => c.path.endsWith(".abap"))) continue;
    inputs.push({ project, files: mine.filter((c) => isAbapObjectFile(c.path) || c.path.endsWith(".abapgit.xml")) });
  }
  return inputs;
}

async function run(
  inputs: ReadonlyArray<{ project: Project; files: Candidate[] }>,
  load: SourceLoader,
  into: { prepared: Map<string, ExtractedFile>; unanalysed: Unanalysed[] },
  asked: Promise<void>,
  cache?: FactCache,
): Promise<void> {
  if (inputs.length === 0) return;
  const projects: Array<{ root: string; sources: AbapSource[] }> = [];
  for (const { project, files } of inputs) {
    const sources: AbapSource[] = [];
    for (const c of files) {
      const loaded = await load(c);
      if (loaded.ok) sources.push({ path: c.path, text: loaded.file.text });
    }
    projects.push({ root: project.path, sources });
  }
  const workers = process.env.UPLIFT_ABAP_WORKERS === undefined ? undefined : Number(process.env.UPLIFT_ABAP_WORKERS);
  const results = await extractAbapProjects(projects, { workers, hereAfter: asked, ...(cache ? { store: storeIn(cache) } : {}) });
  const texts = new Map(projects.flatMap((p) => p.sources.map((s) => [s.path, s.text] as const)));
  for (const result of results) {
    for (const [path, facts] of result.files) into.prepared.set(path, { ...facts, lines: new LineIndex(texts.get(path) ?? "") });
    into.unanalysed.push(...result.unanalysed);
  }
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
