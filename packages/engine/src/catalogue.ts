import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { privateDir, readCacheFile, seal, unseal, userCacheDir, userKey, type DeclarationMap } from "@uplift/core";
import { toolBuild } from "./build.js";
import { RulePackError, UsageError } from "./errors.js";
import { loadProfile, loadRulePack } from "./load-pack.js";
import type { Profile, RulePack } from "./rule-types.js";

/** Every ERP Uplift knows: its profile, its packs (per version hop) and its vendor's declaration maps. */
export interface Catalogue {
  rulesDir: string;
  profiles: Map<string, Profile>;
  packs: Map<string, RulePack[]>;
  /** Declaration maps by ERP, as `uplift rules derive` wrote them (see the profile's `declarations`). */
  declarations?: Map<string, DeclarationMap[]>;
}

/**
 * Loads every profile and pack under `rulesDir`. Validation and YAML parsing are most of a short
 * run's start-up, so a validated catalogue is kept in this user's private cache folder, under a
 * hash of every file it was read from and of the tool's build, and sealed with the user's key:
 * an entry that does not verify is read afresh from the packs.
 */
export function loadCatalogue(rulesDir: string, onlyErp?: string): Catalogue {
  const dir = userCacheDir();
  const key = userKey();
  const file = dir && key ? path.join(dir, "catalogue", `${catalogueKey(rulesDir, onlyErp)}.json`) : undefined;
  if (file && key) {
    const sealed = readCacheFile(file);
    const content = sealed === undefined ? undefined : unseal(sealed, key);
    try {
      if (content !== undefined) {
        const stored = JSON.parse(content) as StoredCatalogue;
        return { rulesDir, profiles: new Map(stored.profiles), packs: new Map(stored.packs), declarations: new Map(stored.declarations) };
      }
    } catch {
      // Not what this build writes: read the packs.
    }
  }
  const catalogue = readCatalogue(rulesDir, onlyErp);
  if (file && key && privateDir(path.dirname(file))) {
    try {
      const temp = `${file}.${process.pid}.tmp`;
      const stored: StoredCatalogue = {
        profiles: [...catalogue.profiles],
        packs: [...catalogue.packs],
        declarations: [...(catalogue.declarations ?? [])],
      };
      writeFileSync(temp, seal(JSON.stringify(stored), key), { mode: 0o600 });
      renameSync(temp, file);
    } catch {
      // Keeping it only saves time.
    }
  }
  return catalogue;
}

interface StoredCatalogue {
  profiles: Array<[string, Profile]>;
  packs: Array<[string, RulePack[]]>;
  declarations: Array<[string, DeclarationMap[]]>;
}

function catalogueKey(rulesDir: string, onlyErp: string | undefined): string {
  // The working folder is in the key because packs name their files relative to it in messages.
  const hash = createHash("sha256").update(`${toolBuild()}\0${process.cwd()}\0${path.resolve(rulesDir)}\0${onlyErp ?? ""}\0`);
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && /\.(ya?ml|json)$/.test(entry.name)) hash.update(`${full}\0`).update(readFileSync(full)).update("\0");
    }
  };
  walk(rulesDir);
  return hash.digest("hex").slice(0, 32);
}

/** Reads and validates every profile and pack under `rulesDir` (`<erp>/profile.yaml`, `<erp>/<a>-<b>.yaml`). */
export function readCatalogue(rulesDir: string, onlyErp?: string): Catalogue {
  const schemaDir = path.join(rulesDir, "schema");
  const profiles = new Map<string, Profile>();
  const packs = new Map<string, RulePack[]>();
  const declarations = new Map<string, DeclarationMap[]>();
  const display = (file: string): string => path.relative(process.cwd(), file).split(path.sep).join("/") || file;
  const erps = readdirSync(rulesDir)
    .filter((d) => d !== "schema" && statSync(path.join(rulesDir, d)).isDirectory())
    .sort();
  const seenIds = new Map<string, string>();
  for (const erp of erps) {
    const dir = path.join(rulesDir, erp);
    const profileFile = path.join(dir, "profile.yaml");
    if (!existsSync(profileFile)) continue;
    // Every profile is read (they are small), so that a scan for one ERP can say what else a tree holds.
    const profile = loadProfile(profileFile, schemaDir, display(profileFile));
    if (profile.erp !== erp) throw new RulePackError(profile.source, 1, `erp '${profile.erp}' does not match its folder '${erp}'`);
    profiles.set(erp, profile);
    if (onlyErp && erp !== onlyErp) continue;
    declarations.set(
      erp,
      (profile.declarations?.maps ?? []).map((m) => readDeclarationMap(path.join(dir, m), display(path.join(dir, m)))),
    );
    const list: RulePack[] = [];
    for (const name of readdirSync(dir).sort()) {
      if (!/\.ya?ml$/.test(name) || name === "profile.yaml") continue;
      const file = path.join(dir, name);
      const pack = loadRulePack(file, schemaDir, display(file));
      checkPackAgainstProfile(pack, profile);
      for (const rule of pack.rules) {
        const other = seenIds.get(rule.id);
        if (other) throw new RulePackError(pack.source, pack.ruleLines[rule.id], `rule id '${rule.id}' is also used in ${other}`);
        seenIds.set(rule.id, pack.source);
      }
      list.push(pack);
    }
    packs.set(erp, list);
  }
  return { rulesDir, profiles, packs, declarations };
}

/** A declaration map file: data written by `uplift rules derive`, checked for its shape. */
function readDeclarationMap(file: string, display: string): DeclarationMap {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new RulePackError(display, undefined, `cannot read the declaration map (${(error as Error).message.split("\n")[0]})`);
  }
  const d = data as Partial<DeclarationMap>;
  const isRecord = (v: unknown): boolean => typeof v === "object" && v !== null && !Array.isArray(v);
  if (
    !isRecord(d) ||
    typeof d.package !== "string" ||
    typeof d.version !== "string" ||
    !isRecord(d.globals) ||
    !isRecord(d.modules) ||
    !isRecord(d.types)
  ) {
    throw new RulePackError(display, 1, "not a declaration map (package, version, globals, modules, types)");
  }
  return d as DeclarationMap;
}

export function checkPackAgainstProfile(pack: RulePack, profile: Profile): void {
  const fail = (message: string): never => {
    throw new RulePackError(pack.source, 1, message);
  };
  if (pack.erp !== profile.erp) fail(`erp '${pack.erp}' does not match its folder '${profile.erp}'`);
  const a = profile.versions.indexOf(pack.from);
  const b = profile.versions.indexOf(pack.to);
  if (a < 0) fail(`from '${pack.from}' is not a version of ${profile.name} (${profile.versions.join(", ")})`);
  if (b !== a + 1) fail(`to '${pack.to}' must be the version right after '${pack.from}' (${profile.versions[a + 1] ?? "none"})`);
}

/** Refuses an ERP the catalogue does not know, naming the ones it does (and the one meant, if only the case differs). */
export function checkErp(catalogue: Catalogue, erp: string, where = `--erp ${erp}`): void {
  if (catalogue.profiles.has(erp)) return;
  const known = [...catalogue.profiles.keys()].sort();
  const meant = known.find((k) => k.toLowerCase() === erp.toLowerCase());
  throw new UsageError(`${where} is not known; use one of: ${known.join(", ")}${meant ? ` (did you mean ${meant}?)` : ""}`);
}
