import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The rule packs shipped with Uplift: `rules/` at the root of the repository or package. */
export function defaultRulesDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const candidate of [path.resolve(here, "../../../rules"), path.resolve(here, "../rules")]) {
    if (existsSync(path.join(candidate, "schema"))) return candidate;
  }
  return path.resolve(here, "../../../rules");
}

/** The catalogue compiled from the shipped packs when the tool was built (see compile-catalogue.ts). */
export function compiledCatalogueDir(): string {
  return path.join(path.dirname(fileURLToPath(import.meta.url)), "catalogue");
}

/** Loads the catalogue; the shipped packs may be served from their compiled catalogue, a folder the user names never. */
export function catalogueOptions(chosen: string | undefined): { compiled?: string } {
  return chosen === undefined ? { compiled: compiledCatalogueDir() } : {};
}
