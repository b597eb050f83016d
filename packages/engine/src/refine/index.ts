import type { ExtractedFile, SourceFile } from "@uplift/core";
import { refineSuiteScript } from "./suitescript.js";

/** What the configuration says about a file: the functions it names as entry points, and their role. */
export interface RefineHints {
  entryPoints?: ReadonlyArray<{ name: string; role: string }>;
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
