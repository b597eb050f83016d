import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { FileFacts } from "../../facts.js";
import { abaplintFileName, objectLabel, parseAbapFileName } from "./abapgit-names.js";
import type { BatchFile } from "./abap-batch.js";
import { commentRanges } from "./abap-comments.js";
import { runBatches, type BatchJob, type Ddic, type PoolOptions } from "./abap-pool.js";

export { workerCount } from "./abap-pool.js";

export interface AbapSource {
  /** POSIX path relative to the scanned root. */
  path: string;
  text: string;
}

export interface AbapPassOptions extends PoolOptions {
  /** Where facts of earlier runs are kept (the scan's fact cache). */
  store?: AbapFactStore;
}

export interface AbapProjectOptions extends AbapPassOptions {
  /** The project's folder relative to the scanned root ("." for the root). */
  root: string;
}

/** One project of the ABAP pass: its folder relative to the scanned root ("." for the root) and its ABAP files. */
export interface AbapProjectSources {
  root: string;
  sources: readonly AbapSource[];
}

/**
 * A store of facts by key. An ABAP file's facts depend on its whole batch (the object's other
 * files, the package, the project's DDIC), so the key is the batch's content and the file's path.
 */
export interface AbapFactStore {
  get(key: string): FileFacts | undefined;
  set(key: string, facts: FileFacts): void;
}

/** Bump when the ABAP pass changes what it emits: entries of older passes are then never read. */
const ABAP_FACTS_FORMAT = 2;

export interface AbapProjectFacts {
  files: Map<string, FileFacts>;
  unanalysed: Array<{ file: string; reason: string }>;
}

/** A batch stays below this much source, so that a worker's memory stays bounded on a large package. */
const MAX_BATCH_CHARS = 6 * 1024 * 1024;
const DDIC_TYPES = new Set(["DTEL", "TABL", "TTYP", "VIEW", "DOMA"]);

/** Whether a file belongs to the ABAP pass: ABAP sources and the abapGit/AFF metadata of their objects. */
export function isAbapObjectFile(path: string): boolean {
  const name = parseAbapFileName(path);
  return name !== undefined && (name.ext === "abap" || name.ext === "xml" || name.ext === "json");
}

/**
 * Reads the `.abapgit.xml` settings that decide package names: the starting folder and the folder
 * logic (PREFIX: a sub-package is named after its parent plus the folder; FULL: the folder is the name).
 */
function folderSettings(files: readonly AbapSource[], root: string): { start: string; logic: string } {
  const marker = files.find((f) => f.path === (root === "." ? ".abapgit.xml" : `${root}/.abapgit.xml`));
  const start = /<STARTING_FOLDER>([^<]*)<\/STARTING_FOLDER>/.exec(marker?.text ?? "")?.[1] ?? "/src/";
  const logic = /<FOLDER_LOGIC>([^<]*)<\/FOLDER_LOGIC>/.exec(marker?.text ?? "")?.[1] ?? "PREFIX";
  return { start: start.replace(/^\/+|\/+$/g, ""), logic: logic.toUpperCase() };
}

function packageOf(relative: string, settings: { start: string; logic: string }, rootName: string): string {
  let dir = relative.includes("/") ? relative.slice(0, relative.lastIndexOf("/")) : "";
  if (settings.start && (dir === settings.start || dir.startsWith(`${settings.start}/`))) dir = dir.slice(settings.start.length + 1);
  const folders = dir.split("/").filter(Boolean);
  if (folders.length === 0) return rootName;
  if (settings.logic === "FULL") return folders[folders.length - 1]!.replace(/#/g, "/").toUpperCase();
  return [rootName, ...folders.map((f) => f.toUpperCase())].join("_");
}

/**
 * The ABAP pass of one project: objects grouped by (type, name), packages from the folder logic,
 * each package parsed with the project's DDIC and the S/4HANA stubs.
 */
export async function extractAbapProject(sources: readonly AbapSource[], options: AbapProjectOptions): Promise<AbapProjectFacts> {
  return (await extractAbapProjects([{ root: options.root, sources }], options))[0]!;
}

/**
 * The ABAP pass of several projects, each read as `extractAbapProject` reads one; their batches
 * share one pool of workers (or this thread, for little source), so that abaplint is loaded once
 * per thread that parses, not once per project.
 */
export async function extractAbapProjects(projects: readonly AbapProjectSources[], options: AbapPassOptions): Promise<AbapProjectFacts[]> {
  // Batches whose every source file is in the store are not parsed again.
  const store = options.store;
  // Another version of abaplint may read the same source differently.
  const version = store ? abaplintVersion() : "";
  const outs: AbapProjectFacts[] = [];
  const ddics: Ddic[] = [];
  const jobs: Array<BatchJob & { project: number; key?: string }> = [];
  for (const [p, project] of projects.entries()) {
    const { batches, ddic } = batchesOf(project.sources, project.root);
    const out: AbapProjectFacts = { files: new Map(), unanalysed: [] };
    outs.push(out);
    ddics.push(ddic);
    const keys = store ? batchKeys(batches, ddic, version) : [];
    batches.forEach((batch, i) => {
      const cached = store
        ? batch.filter((f) => f.name.endsWith(".abap")).map((f) => [f.path, store.get(`${keys[i]}\0${f.path}`)] as const)
        : [];
      // A batch without ABAP source (package and DDIC metadata only) yields no facts: nothing to parse again.
      if (!store || cached.some(([, facts]) => facts === undefined)) jobs.push({ files: batch, ddic: p, project: p, key: keys[i] });
      else for (const [path, facts] of cached) out.files.set(path, facts!);
    });
  }
  if (jobs.length === 0) return outs;
  // abaplint is large (about 1 s to load): loaded only where a batch is parsed, not when every batch is kept.
  const results = await runBatches(jobs, ddics, options);
  const texts = new Map(projects.flatMap((p) => p.sources.map((s) => [s.path, s.text] as const)));
  for (const [n, job] of jobs.entries()) {
    const mine = results[n]!;
    const out = outs[job.project]!;
    // A batch with a file not (fully) analysed is read again next time, so that the reason is given again.
    const complete = mine.every((r) => !r.unanalysed);
    for (const r of mine) {
      const facts = { facts: r.facts, problems: r.problems, comments: commentRanges(texts.get(r.path) ?? "") };
      out.files.set(r.path, facts);
      if (r.unanalysed) out.unanalysed.push({ file: r.path, reason: r.unanalysed });
      if (store && complete) store.set(`${job.key!}\0${r.path}`, facts);
    }
  }
  return outs;
}

/** A project's batches (its packages, in their order, each split by object) and its DDIC. */
function batchesOf(sources: readonly AbapSource[], root: string): { batches: BatchFile[][]; ddic: Array<{ name: string; text: string }> } {
  const settings = folderSettings(sources, root);
  const rootFolder = root === "." ? "" : root;
  const rootName = (rootFolder.slice(rootFolder.lastIndexOf("/") + 1).replace(/\.zip!?$/i, "") || "$ROOT").toUpperCase();
  const ddic: Array<{ name: string; text: string }> = [];
  const packages = new Map<string, BatchFile[]>();
  for (const s of sources) {
    const parsed = parseAbapFileName(s.path);
    if (!parsed || !isAbapObjectFile(s.path)) continue;
    const name = abaplintFileName(s.path);
    if (DDIC_TYPES.has(parsed.type) && parsed.ext === "xml") {
      ddic.push({ name, text: s.text });
      continue;
    }
    const relative = rootFolder ? s.path.slice(rootFolder.length + 1) : s.path;
    const pkg = packageOf(relative.replace(/^[^!]*!\//, ""), settings, rootName);
    const list = packages.get(pkg) ?? [];
    list.push({ path: s.path, name, text: s.text, object: objectLabel(parsed), package: pkg });
    packages.set(pkg, list);
  }
  const batches: BatchFile[][] = [];
  for (const [, files] of [...packages].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) batches.push(...splitByObject(files));
  return { batches, ddic };
}

/** abaplint's version, from its package file: reading it does not load abaplint. */
function abaplintVersion(): string {
  const file = createRequire(import.meta.url).resolve("@abaplint/core/package.json");
  return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
}

/** The content of each batch (its files, the project's DDIC, the pass's format and abaplint's version), hashed. */
function batchKeys(
  batches: readonly BatchFile[][],
  ddic: ReadonlyArray<{ name: string; text: string }>,
  abaplintVersion: string,
): string[] {
  const shared = createHash("sha256").update(`uplift-abap\0${ABAP_FACTS_FORMAT}\0${abaplintVersion}\0`);
  for (const d of [...ddic].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) shared.update(`${d.name}\0${d.text}\0`);
  const base = shared.digest("hex");
  return batches.map((batch) => {
    const h = createHash("sha256").update(base);
    for (const f of batch) h.update(`\0${f.path}\0${f.name}\0${f.object}\0${f.package ?? ""}\0${f.text}`);
    return h.digest("hex");
  });
}

/** A package's objects in batches of bounded size; an object's files always stay together. */
function splitByObject(files: BatchFile[]): BatchFile[][] {
  const objects = new Map<string, BatchFile[]>();
  for (const f of files) {
    const list = objects.get(f.object) ?? [];
    list.push(f);
    objects.set(f.object, list);
  }
  const batches: BatchFile[][] = [];
  let current: BatchFile[] = [];
  let size = 0;
  for (const [, list] of [...objects].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const chars = list.reduce((n, f) => n + f.text.length, 0);
    if (current.length > 0 && size + chars > MAX_BATCH_CHARS) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(...list);
    size += chars;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
