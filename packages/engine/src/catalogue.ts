import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { privateDir, readCacheFile, seal, unseal, userCacheDir, userKey, type DeclarationMap } from "@uplift/core";
import { toolBuild } from "./build.js";
import { compiledCatalogue, rulesHash } from "./compiled-catalogue.js";
import { RulePackError, UsageError } from "./errors.js";
import { loadProfile, loadRulePack } from "./load-pack.js";
import { PackShelf } from "./pack-shelf.js";
import { compareVersions, hopStops } from "./plan.js";
import type { Profile, RulePack } from "./rule-types.js";

/** Every ERP Uplift knows: its profile, its packs (per version hop) and its vendor's declaration maps. */
export interface Catalogue {
  rulesDir: string;
  profiles: Map<string, Profile>;
  packs: Map<string, RulePack[]>;
  /** Declaration maps by ERP, as `uplift rules derive` wrote them (see the profile's `declarations`). */
  declarations?: Map<string, DeclarationMap[]>;
  /** A hash of every file the catalogue was read from and the tool's build (absent for one built in memory). */
  key?: string;
}

/**
 * Loads every profile and pack under `rulesDir`. Validation and YAML parsing are most of a short
 * run's start-up, so a validated catalogue is kept in this user's private cache folder, under a
 * hash of every file it was read from and of the tool's build, and sealed with the user's key:
 * an entry that does not verify is read afresh from the packs. Each ERP's packs are kept in a
 * file of their own and read when a scan first asks for them.
 *
 * `compiled` names the catalogue compiled when the tool was built from the packs it ships (see
 * `writeCompiledCatalogue`); it comes first, and serves only when it was compiled from exactly the
 * files now in `rulesDir`, so an edited pack is read afresh. Callers pass it for the shipped packs only.
 */
export function loadCatalogue(rulesDir: string, onlyErp?: string, options: { compiled?: string } = {}): Catalogue {
  const rules = rulesHash(rulesDir);
  // The hash also names the catalogue for the per-file result cache, with or without a place to keep it.
  const contentKey = catalogueKey(rulesDir, onlyErp, rules);
  const shipped = options.compiled && compiledCatalogue(options.compiled, rulesDir, onlyErp, rules, () => readCatalogue(rulesDir, onlyErp));
  if (shipped) return { ...shipped, key: contentKey };
  const dir = userCacheDir();
  const key = userKey();
  const folder = dir && key ? path.join(dir, "catalogue") : undefined;
  const headFile = folder && path.join(folder, `${contentKey}.json`);
  const packsFile = (erp: string): string | undefined => folder && path.join(folder, `${contentKey}.${encodeURIComponent(erp)}.json`);
  // Sources are kept relative to the rules folder and shown relative to the current folder, so
  // that one kept catalogue serves scans started anywhere.
  const kept = (source: string): string => path.relative(rulesDir, path.resolve(source));
  const shown = (source: string): string => path.relative(process.cwd(), path.join(rulesDir, source)).split(path.sep).join("/") || source;
  const head = headFile && key ? readSealed<StoredHead>(headFile, key) : undefined;
  if (head && key && [head.profiles, head.erps, head.declarations].every(Array.isArray)) {
    let fresh: Catalogue | undefined;
    const read = (erp: string): RulePack[] => {
      const file = packsFile(erp);
      const stored = file && readSealed<RulePack[]>(file, key);
      if (Array.isArray(stored)) return stored.map((p) => ({ ...p, source: shown(p.source) }));
      // Gone or altered since: read the packs again (and keep this ERP's for the next run).
      fresh ??= readCatalogue(rulesDir, onlyErp);
      const packs = fresh.packs.get(erp) ?? [];
      if (file)
        writeSealed(
          file,
          key,
          packs.map((p) => ({ ...p, source: kept(p.source) })),
        );
      return packs;
    };
    return {
      rulesDir,
      profiles: new Map(head.profiles.map(([erp, p]) => [erp, { ...p, source: shown(p.source) }])),
      packs: new PackShelf(head.erps, read),
      declarations: new Map(head.declarations),
      key: contentKey,
    };
  }
  const catalogue: Catalogue = { ...readCatalogue(rulesDir, onlyErp), key: contentKey };
  if (headFile && key && privateDir(path.dirname(headFile))) {
    // The packs first: a head that verifies means its packs were written.
    const written = [...catalogue.packs].every(([erp, list]) =>
      writeSealed(
        packsFile(erp)!,
        key,
        list.map((p) => ({ ...p, source: kept(p.source) })),
      ),
    );
    const stored: StoredHead = {
      profiles: [...catalogue.profiles].map(([erp, p]) => [erp, { ...p, source: kept(p.source) }]),
      erps: [...catalogue.packs.keys()],
      declarations: [...(catalogue.declarations ?? [])],
    };
    if (written) writeSealed(headFile, key, stored);
  }
  return catalogue;
}

/** What a kept catalogue's first file holds; each ERP's packs are in a file of their own. */
interface StoredHead {
  profiles: Array<[string, Profile]>;
  /** The ERPs with packs, in the catalogue's order. */
  erps: string[];
  declarations: Array<[string, DeclarationMap[]]>;
}

function readSealed<T>(file: string, key: Buffer): T | undefined {
  const sealed = readCacheFile(file);
  const content = sealed === undefined ? undefined : unseal(sealed, key);
  if (content === undefined) return undefined;
  try {
    return JSON.parse(content) as T;
  } catch {
    // Not what this build writes.
    return undefined;
  }
}

/** Keeping it only saves time: false when it could not be written. */
function writeSealed(file: string, key: Buffer, value: unknown): boolean {
  try {
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, seal(JSON.stringify(value), key), { mode: 0o600 });
    renameSync(temp, file);
    return true;
  } catch {
    return false;
  }
}

function catalogueKey(rulesDir: string, onlyErp: string | undefined, rules: string): string {
  return createHash("sha256")
    .update(`${toolBuild()}\0${path.resolve(rulesDir)}\0${onlyErp ?? ""}\0${rules}`)
    .digest("hex")
    .slice(0, 32);
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
    checkProfile(profile);
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
  const stops = hopStops(profile);
  const a = stops.indexOf(pack.from);
  const b = stops.indexOf(pack.to);
  if (a < 0) fail(`from '${pack.from}' is not a ${profile.milestones ? "milestone" : "version"} of ${profile.name} (${stops.join(", ")})`);
  if (b !== a + 1)
    fail(
      `to '${pack.to}' must be the ${profile.milestones ? "milestone" : "version"} right after '${pack.from}' (${stops[a + 1] ?? "none"})`,
    );
  for (const rule of pack.rules) {
    const line = pack.ruleLines[rule.id];
    if (rule.since !== undefined && compareVersions(profile, rule.since, pack.to) > 0) {
      throw new RulePackError(pack.source, line, `${rule.id}: since ${rule.since} is after this pack's ${pack.to}`);
    }
    if (rule.since !== undefined && rule.removedIn !== undefined && compareVersions(profile, rule.removedIn, rule.since) < 0) {
      throw new RulePackError(pack.source, line, `${rule.id}: removedIn ${rule.removedIn} comes before since ${rule.since}`);
    }
  }
}

export function checkProfile(profile: Profile): void {
  const unknown = (profile.milestones ?? []).find((m) => !profile.versions.includes(m));
  if (unknown !== undefined) throw new RulePackError(profile.source, 1, `milestone '${unknown}' is not one of the versions`);
  const order = (profile.milestones ?? []).map((m) => profile.versions.indexOf(m));
  if (order.some((v, i) => i > 0 && v <= order[i - 1]!)) throw new RulePackError(profile.source, 1, "milestones are not in version order");
}

/** Refuses an ERP the catalogue does not know, naming the ones it does (and the one meant, if only the case differs). */
export function checkErp(catalogue: Catalogue, erp: string, where = `--erp ${erp}`): void {
  if (catalogue.profiles.has(erp)) return;
  const known = [...catalogue.profiles.keys()].sort();
  const meant = known.find((k) => k.toLowerCase() === erp.toLowerCase());
  throw new UsageError(`${where} is not known; use one of: ${known.join(", ")}${meant ? ` (did you mean ${meant}?)` : ""}`);
}
