import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { RulePackError } from "./errors.js";
import { loadProfile, loadRulePack } from "./load-pack.js";
import type { Profile, RulePack } from "./rule-types.js";

/** Every ERP Uplift knows: its profile and its packs, one per version hop. */
export interface Catalogue {
  rulesDir: string;
  profiles: Map<string, Profile>;
  packs: Map<string, RulePack[]>;
}

/** Loads and validates every profile and pack under `rulesDir` (`<erp>/profile.yaml`, `<erp>/<a>-<b>.yaml`). */
export function loadCatalogue(rulesDir: string, onlyErp?: string): Catalogue {
  const schemaDir = path.join(rulesDir, "schema");
  const profiles = new Map<string, Profile>();
  const packs = new Map<string, RulePack[]>();
  const display = (file: string): string => path.relative(process.cwd(), file).split(path.sep).join("/") || file;
  const erps = readdirSync(rulesDir)
    .filter((d) => d !== "schema" && statSync(path.join(rulesDir, d)).isDirectory())
    .sort();
  const seenIds = new Map<string, string>();
  for (const erp of erps) {
    if (onlyErp && erp !== onlyErp) continue;
    const dir = path.join(rulesDir, erp);
    const profileFile = path.join(dir, "profile.yaml");
    if (!existsSync(profileFile)) continue;
    const profile = loadProfile(profileFile, schemaDir, display(profileFile));
    if (profile.erp !== erp) throw new RulePackError(profile.source, 1, `erp '${profile.erp}' does not match its folder '${erp}'`);
    profiles.set(erp, profile);
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
  return { rulesDir, profiles, packs };
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
