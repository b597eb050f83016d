/**
 * Run by the build: reads and validates the shipped rule packs once and writes them as a compiled
 * catalogue next to the code, so that a first scan on a fresh install (or a CI runner with no kept
 * home folder) parses no YAML. Packs that do not load leave no compiled catalogue (scans then read
 * the YAML and say what is wrong); the build goes on.
 */
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { readCatalogue, writeCompiledCatalogue } from "@uplift/engine";
import { compiledCatalogueDir, defaultRulesDir } from "./paths.js";

const rulesDir = defaultRulesDir();
const outDir = compiledCatalogueDir();
rmSync(outDir, { recursive: true, force: true });
if (existsSync(path.join(rulesDir, "schema"))) {
  try {
    writeCompiledCatalogue(readCatalogue(rulesDir), outDir);
  } catch (error) {
    rmSync(outDir, { recursive: true, force: true });
    process.stderr.write(`uplift: no compiled rule catalogue: ${(error as Error).message}\n`);
  }
}
