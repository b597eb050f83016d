import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { resolveWithTypes, type Fact, type TypeRequest } from "@uplift/core";
import type { BoundFile } from "./module-graph.js";

/** What the type pass cost, for benchmarks and docs/performance.md. */
export interface TypePassStats {
  programs: number;
  files: number;
  facts: number;
  resolved: number;
  loadMs: number;
  programMs: number;
  resolveMs: number;
}

export interface CheckerPassOptions {
  /** The folder the scan's relative paths start from. */
  root: string;
  /** Last names of the symbols some rule matches: only facts ending in one are worth the checker. */
  needlesOf: (file: BoundFile) => ReadonlySet<string>;
  /** npm packages with the vendor's typings for a project without a tsconfig.json (`@types/xrm`). */
  typingsOf: (file: BoundFile) => readonly string[];
  /** The first names of the vendor's declarations (`Xrm`, `sap`): a file that names none cannot reach the API. */
  rootsOf: (file: BoundFile) => ReadonlySet<string>;
  /** Files of one project share an inferred program. */
  projectOf: (file: BoundFile) => string;
}

const JSDOC_TYPES = /@(?:param|type|returns?)\s*\{([^{}]*)\}/g;

/** JavaScript earns the checker only when its JSDoc types name the vendor's declarations. */
function jsdocNamesVendor(text: string, roots: ReadonlySet<string>): boolean {
  if (!text.includes("@")) return false;
  for (const m of text.matchAll(JSDOC_TYPES)) {
    for (const word of m[1]!.match(/[A-Za-z_$][\w$]*/g) ?? []) if (roots.has(word)) return true;
  }
  return false;
}

/**
 * The type pass: TypeScript files (and JavaScript with JSDoc types) whose member and call facts the
 * binding stage could not give a symbol, and that some symbol rule could match, are resolved by
 * the TypeScript checker. Files that need none of it cost nothing; the compiler is loaded only
 * when one does.
 */
export async function checkerPass(files: readonly BoundFile[], options: CheckerPassOptions): Promise<TypePassStats> {
  const stats: TypePassStats = { programs: 0, files: 0, facts: 0, resolved: 0, loadMs: 0, programMs: 0, resolveMs: 0 };
  const groups = new Map<string, { tsconfig?: string; typings: string[]; requests: TypeRequest[] }>();
  for (const f of files) {
    const { file } = f;
    const roots = options.rootsOf(f);
    const typed =
      file.language === "typescript"
        ? [...roots].some((r) => file.text.includes(r))
        : file.language === "javascript" && jsdocNamesVendor(file.text, roots);
    if (!typed) continue;
    const needles = options.needlesOf(f);
    if (needles.size === 0) continue;
    const facts = f.extracted.facts.filter((fact) => wanted(fact, needles));
    if (facts.length === 0) continue;
    const absolutePath = path.resolve(options.root, file.path);
    const tsconfig = file.path.includes("!/") ? undefined : nearestTsconfig(absolutePath, options.root);
    const key = tsconfig ?? `inferred:${options.projectOf(f)}`;
    let group = groups.get(key);
    if (!group) {
      group = { typings: typingFiles(options.typingsOf(f)), requests: [] };
      if (tsconfig) group.tsconfig = tsconfig;
      groups.set(key, group);
    }
    group.requests.push({ absolutePath, text: file.text, facts });
    stats.facts += facts.length;
  }
  for (const group of [...groups.values()]) {
    let result: Awaited<ReturnType<typeof resolveWithTypes>>;
    try {
      result = await resolveWithTypes(
        group.requests,
        group.tsconfig ? { tsconfig: group.tsconfig, typings: group.typings } : { typings: group.typings },
      );
    } catch {
      // Code the checker cannot read (nested past its stack, a tsconfig it rejects) keeps what the
      // binding stage gave it: the type pass only adds symbols, a failure never ends the scan.
      continue;
    }
    stats.programs++;
    stats.files += result.files;
    stats.loadMs += result.loadMs;
    stats.programMs += result.programMs;
    stats.resolveMs += result.resolveMs;
    for (const [fact, symbol] of result.symbols) {
      fact.detail = { ...fact.detail, symbol, resolvedBy: "types" };
      stats.resolved++;
    }
    // The checker says the value is the project's own (its interface, its class): never the vendor's.
    for (const fact of result.own) fact.detail = { ...fact.detail, own: true };
  }
  return stats;
}

function wanted(fact: Fact, needles: ReadonlySet<string>): boolean {
  if ((fact.kind !== "member" && fact.kind !== "call") || fact.detail?.symbol !== undefined || fact.detail?.own) return false;
  const last = /([A-Za-z0-9_$]+)(?:\(\))?$/.exec(fact.key)?.[1];
  return last !== undefined && needles.has(last);
}

function nearestTsconfig(file: string, root: string): string | undefined {
  const top = path.resolve(root);
  for (let dir = path.dirname(file); dir.startsWith(top); dir = path.dirname(dir)) {
    const candidate = path.join(dir, "tsconfig.json");
    if (existsSync(candidate)) return candidate;
    if (dir === top || path.dirname(dir) === dir) break;
  }
  return undefined;
}

const require = createRequire(import.meta.url);

/** The declaration entry files of typing packages installed with Uplift. */
function typingFiles(packages: readonly string[]): string[] {
  const out: string[] = [];
  for (const name of packages) {
    try {
      const manifest = require.resolve(`${name}/package.json`);
      const pkg = JSON.parse(readFileSync(manifest, "utf8")) as { types?: string; typings?: string };
      out.push(path.resolve(path.dirname(manifest), pkg.types ?? pkg.typings ?? "index.d.ts"));
    } catch {
      // Not installed: plain JavaScript is still typed by the declaration map.
    }
  }
  return out;
}
