import { stat } from "node:fs/promises";
import path from "node:path";
import { Declarations } from "@uplift/core";
import type { Catalogue } from "../catalogue.js";
import { groupBy } from "../code-results.js";
import type { Project } from "../projects.js";
import type { ReadFile, ScanState } from "../scan-state.js";
import { bindFiles, type BoundFile } from "./bind.js";
import { checkerPass } from "./checker-pass.js";

/**
 * The binding stage over every JavaScript file read (modules, classes, configuration-typed
 * parameters, symbols through the declaration maps), then the type pass for the TypeScript and
 * JSDoc-typed files that still need it.
 */
export async function bindScan(state: ScanState, read: readonly ReadFile[], catalogue: Catalogue): Promise<void> {
  const projectOfFile = new Map<BoundFile, Project>();
  const bound: BoundFile[] = [];
  for (const r of read) {
    if (!r.extracted.bindings) continue;
    const b: BoundFile = { file: r.file, extracted: r.extracted };
    projectOfFile.set(b, r.project);
    bound.push(b);
  }
  if (bound.length === 0) return;
  const byErp = new Map<string, Declarations>();
  const declarationsFor = (erp: string): Declarations => {
    let d = byErp.get(erp);
    if (!d) byErp.set(erp, (d = new Declarations(catalogue.declarations?.get(erp) ?? [])));
    return d;
  };
  const vendorModules = new Set([...(catalogue.declarations?.values() ?? [])].flat().flatMap((m) => Object.keys(m.modules)));
  // Files of different ERPs never bind to one another: each ERP's files are one binding stage.
  for (const [erp, files] of groupBy(bound, (f) => projectOfFile.get(f)!.profile.erp)) {
    const seeds = [...state.linkers].flatMap(([p, l]) => (p.profile.erp === erp ? (l.seeds?.() ?? []) : []));
    bindFiles(files, {
      declarationsOf: () => declarationsFor(erp),
      isVendorModule: (spec) => vendorModules.has(spec),
      seeds,
      callResultsOf: (f) => state.linkers.get(projectOfFile.get(f)!)?.callResults?.() ?? [],
    });
  }
  const root = (await isDirectory(state.options.root)) ? state.options.root : path.dirname(state.options.root);
  const stats = await checkerPass(bound, {
    root,
    needlesOf: (f) => state.indexes.get(projectOfFile.get(f)!)!.symbolNeedles,
    typingsOf: (f) => projectOfFile.get(f)!.profile.declarations?.typings ?? [],
    rootsOf: (f) => declarationsFor(projectOfFile.get(f)!.profile.erp).roots,
    projectOf: (f) => projectOfFile.get(f)!.path,
  });
  if (stats.programs > 0) {
    state.options.onTypePass?.(stats);
    state.code?.forget(read);
  }
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}
