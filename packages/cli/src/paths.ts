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
