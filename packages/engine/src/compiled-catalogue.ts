import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { DeclarationMap } from "@uplift/core";
import { toolBuild } from "./build.js";
import type { Catalogue } from "./catalogue.js";
import { PackShelf } from "./pack-shelf.js";
import type { Profile, RulePack } from "./rule-types.js";

/**
 * A hash of every rule file under `rulesDir` (YAML and JSON), by its path inside the folder and
 * its bytes: the same folder content gives the same hash wherever it lies.
 */
export function rulesHash(rulesDir: string): string {
  const hash = createHash("sha256");
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && /\.(ya?ml|json)$/.test(entry.name))
        hash
          .update(`${path.relative(rulesDir, full).split(path.sep).join("/")}\0`)
          .update(readFileSync(full))
          .update("\0");
    }
  };
  walk(rulesDir);
  return hash.digest("hex");
}

/** What a compiled catalogue is valid for: the rule files' content and the tool's build. */
function compiledKey(rules: string): string {
  return createHash("sha256").update(`compiled-catalogue/1\0${toolBuild()}\0${rules}`).digest("hex");
}

const HEAD = "catalogue.json";
const packsName = (erp: string): string => `${encodeURIComponent(erp)}.json`;

interface CompiledHead {
  key: string;
  profiles: Array<[string, Profile]>;
  erps: string[];
  declarations: Array<[string, DeclarationMap[]]>;
}

interface CompiledPacks {
  key: string;
  packs: RulePack[];
}

/**
 * Writes a validated catalogue as JSON into `outDir` (one head file, one file per ERP), keyed by
 * the content of the rule files it was read from and the tool's build. Sources are kept relative
 * to the rules folder. Run when the tool is built, for the packs it ships.
 */
export function writeCompiledCatalogue(catalogue: Catalogue, outDir: string): void {
  const key = compiledKey(rulesHash(catalogue.rulesDir));
  const kept = (source: string): string => path.relative(catalogue.rulesDir, path.resolve(source)).split(path.sep).join("/");
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  for (const [erp, list] of catalogue.packs) {
    const packs: CompiledPacks = { key, packs: list.map((p) => ({ ...p, source: kept(p.source) })) };
    writeFileSync(path.join(outDir, packsName(erp)), JSON.stringify(packs));
  }
  // The head last: without it nothing here is used.
  const head: CompiledHead = {
    key,
    profiles: [...catalogue.profiles].map(([erp, p]) => [erp, { ...p, source: kept(p.source) }]),
    erps: [...catalogue.packs.keys()],
    declarations: [...(catalogue.declarations ?? [])],
  };
  writeFileSync(path.join(outDir, HEAD), JSON.stringify(head));
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

/**
 * The catalogue compiled into `compiledDir` when it was compiled from exactly the rule files now in
 * `rulesDir` (`rules` is their hash) by this build; otherwise undefined. Each ERP's packs are read
 * when first asked for; an ERP file that is gone or does not match is replaced by `readFresh`.
 */
export function compiledCatalogue(
  compiledDir: string,
  rulesDir: string,
  onlyErp: string | undefined,
  rules: string,
  readFresh: () => Catalogue,
): Omit<Catalogue, "key"> | undefined {
  const key = compiledKey(rules);
  const head = readJson<CompiledHead>(path.join(compiledDir, HEAD));
  if (!head || head.key !== key || ![head.profiles, head.erps, head.declarations].every(Array.isArray)) return undefined;
  const shown = (source: string): string => path.relative(process.cwd(), path.join(rulesDir, source)).split(path.sep).join("/") || source;
  const wanted = (erp: string): boolean => !onlyErp || erp === onlyErp;
  let fresh: Catalogue | undefined;
  const read = (erp: string): RulePack[] => {
    const stored = readJson<CompiledPacks>(path.join(compiledDir, packsName(erp)));
    if (stored?.key === key && Array.isArray(stored.packs)) return stored.packs.map((p) => ({ ...p, source: shown(p.source) }));
    fresh ??= readFresh();
    return fresh.packs.get(erp) ?? [];
  };
  return {
    rulesDir,
    profiles: new Map(head.profiles.map(([erp, p]) => [erp, { ...p, source: shown(p.source) }])),
    packs: new PackShelf(head.erps.filter(wanted), read),
    declarations: new Map(head.declarations.filter(([erp]) => wanted(erp))),
  };
}
