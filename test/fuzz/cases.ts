import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { listArchive, readMember } from "@uplift/core";
import { loadCatalogue, scan, UsageError, type ScanOptions, type ScanResult } from "@uplift/engine";
import { Ajv } from "ajv";
import fc from "fast-check";
import { unzipSync, zipSync } from "fflate";
import { repoRoot } from "../helpers.js";
import { mutate, mutationArb, type Mutation } from "./mutate.js";

/** Cases of the fuzzing tests: fixture projects with some files mutated, written to a temporary folder. */
export const rulesDir = path.join(repoRoot, "rules");
export const catalogue = loadCatalogue(rulesDir);
const ajv = new Ajv({ allErrors: true, strict: false });
export const validResult = ajv.compile(
  JSON.parse(readFileSync(path.join(repoRoot, "packages/engine/schema/scan-result.schema.json"), "utf8")) as object,
);

export interface Base {
  files: Map<string, Uint8Array>;
  /** The files are the members of this archive. */
  zip?: string;
}

function readTree(dir: string, prefix: string): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const walk = (rel: string): void => {
    for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else out.set(`${prefix}/${child}`, readFileSync(path.join(dir, child)));
    }
  };
  walk("");
  return out;
}

function readZip(file: string): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const m of listArchive("z.zip", file).members) {
    const r = readMember(file, m.entry);
    if (r.ok) out.set(m.inner, r.bytes);
  }
  return out;
}

export const BASES: Base[] = [
  { files: readTree(path.join(repoRoot, "fixtures/odoo/sale_delivery_window"), "sale_delivery_window") },
  { files: readTree(path.join(repoRoot, "fixtures/dynamics365/ContosoSales"), "ContosoSales") },
  { files: readZip(path.join(repoRoot, "fixtures/dynamics365/ContosoSales_1_4_0_0.zip")), zip: "ContosoSales_1_4_0_0.zip" },
  // ABAP is read per package, in workers, and a statement abaplint does not know leaves its file unchecked.
  { files: readTree(path.join(repoRoot, "fixtures/sap"), "sap") },
  // CDS sources are parsed whole by abaplint's CDS parser; one it does not read leaves its file unchecked.
  { files: readTree(path.join(repoRoot, "fixtures/sap-cds"), "sap-cds") },
];

export interface Edit {
  base: number;
  file: number;
  mutations: Mutation[];
}
export interface Case {
  bases: number[];
  edits: Edit[];
  /** Mutations of the archive's own bytes, after its members were mutated. */
  zipBytes: readonly Mutation[];
}

export const caseArb: fc.Arbitrary<Case> = fc.record({
  bases: fc.subarray([0, 1, 2, 3], { minLength: 1 }),
  edits: fc.array(fc.record({ base: fc.nat(), file: fc.nat(), mutations: fc.array(mutationArb, { minLength: 1, maxLength: 3 }) }), {
    minLength: 1,
    maxLength: 4,
  }),
  zipBytes: fc.oneof(
    { weight: 4, arbitrary: fc.constant([]) },
    { weight: 1, arbitrary: fc.array(mutationArb, { minLength: 1, maxLength: 2 }) },
  ),
});

/** The files of a case, as written to disk (members zipped into their archive). */
export function filesOf(c: Case): { disk: Map<string, Uint8Array>; members: Map<string, string[]> } {
  const disk = new Map<string, Uint8Array>();
  const members = new Map<string, string[]>();
  const chosen = c.bases.map((i) => BASES[i]!);
  const edited = chosen.map((b) => new Map(b.files));
  for (const e of c.edits) {
    const files = edited[e.base % edited.length]!;
    const names = [...files.keys()];
    const name = names[e.file % names.length]!;
    files.set(
      name,
      e.mutations.reduce((bytes, m) => mutate(bytes, m), files.get(name)!),
    );
  }
  chosen.forEach((base, i) => {
    const files = edited[i]!;
    if (!base.zip) {
      for (const [name, bytes] of files) disk.set(name, bytes);
      return;
    }
    let zip: Uint8Array = zipSync(Object.fromEntries(files));
    zip = c.zipBytes.reduce((bytes, m) => mutate(bytes, m), zip);
    disk.set(base.zip, zip);
    members.set(base.zip, [...files.keys()]);
  });
  return { disk, members };
}

export function writeTree(disk: Map<string, Uint8Array>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "uplift-fuzz-"));
  for (const [name, bytes] of disk) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), bytes);
  }
  return dir;
}

export interface Scanned {
  result: ScanResult;
  analysed: Set<string>;
  json: string;
}

/**
 * Scans a case as `uplift scan` does. A tree in which no project is left at all (its one archive
 * destroyed) is refused as the command refuses it, which is `undefined` here.
 */
export async function scanTree(dir: string, extra: Partial<ScanOptions> = {}): Promise<Scanned | undefined> {
  const analysed = new Set<string>();
  try {
    const result = await scan({ root: dir, rulesDir, catalogue, onAnalysed: (f) => analysed.add(f), ...extra });
    return { result, analysed, json: `${JSON.stringify(result, null, 2)}\n` };
  } catch (error) {
    if (error instanceof UsageError && /^no ERP project found/.test(error.message)) return undefined;
    throw error;
  }
}

/** Whether a case keeps no marker a project could be found from: only a damaged archive. */
export function nothingLeft(c: Case): boolean {
  return c.bases.length === 1 && c.bases[0] === 2 && c.zipBytes.length > 0;
}

/**
 * Every file written, and every member of each archive, is accounted for: analysed, named by a
 * finding, or listed with its reason (unanalysed or unchecked; or its archive is, as cut off or not a zip). For an archive
 * written as it should be, the members are the ones fflate reads; for one whose bytes were
 * mutated (where readers may disagree on what it holds), the ones Uplift's own listing admits.
 */
export function unaccounted(c: ReturnType<typeof filesOf>, dir: string, s: Scanned, rawZip: boolean): string[] {
  // Listed with a reason: unanalysed, or read and left unchecked (no rule reads files of its kind).
  const listed = new Set([...s.result.unanalysed, ...(s.result.unchecked ?? [])].map((u) => u.file));
  const withFinding = new Set(s.result.findings.map((f) => f.file));
  const accounted = (file: string): boolean => s.analysed.has(file) || listed.has(file) || withFinding.has(file);
  const missing: string[] = [];
  for (const file of c.disk.keys()) {
    if (!c.members.has(file)) {
      if (!accounted(file)) missing.push(file);
      continue;
    }
    if (listed.has(file)) continue;
    const absolute = path.join(dir, file);
    const members = rawZip
      ? listArchive(file, absolute).members.map((m) => m.inner)
      : Object.keys(unzipSync(readFileSync(absolute))).filter((m) => !m.endsWith("/"));
    for (const m of members) {
      const where = `${file}!/${m.replace(/\\/g, "/")}`;
      if (!accounted(where)) missing.push(where);
    }
  }
  return missing;
}
