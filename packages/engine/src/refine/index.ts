import type { ExtractedFile, SourceFile } from "@uplift/core";
import { refineSuiteScript } from "./suitescript.js";

/**
 * What the rest of the project says about a file: the functions a configuration names as its
 * entry points, and their role; what functions other files define in the same global scope return.
 */
export interface RefineHints {
  entryPoints?: ReadonlyArray<{ name: string; role: string }>;
  /** Functions of other files (a 1.0 script's libraries) by written name, and the 1.0 types they return. */
  globalReturns?: ReadonlyMap<string, readonly string[]>;
}

/**
 * ERP knowledge added to a file's facts before matching: what a value is (`detail.symbol`), and
 * facts only the ERP gives meaning to. Runs on a scan's files and on the rules' examples alike.
 */
export type FactRefiner = (file: SourceFile, extracted: ExtractedFile, hints?: RefineHints) => ExtractedFile;

const REFINERS: Readonly<Record<string, FactRefiner>> = { netsuite: refineSuiteScript };

export function refinerFor(erp: string): FactRefiner | undefined {
  return REFINERS[erp];
}
