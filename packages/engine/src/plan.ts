import { UsageError } from "./errors.js";
import type { Catalogue } from "./catalogue.js";
import type { Profile, RulePack } from "./rule-types.js";

export interface Hop {
  from: string;
  to: string;
  /** `16.0-17.0`, as the pack file is named. */
  label: string;
  pack: RulePack | undefined;
}

/** Every hop between two versions, in order; a multi-hop upgrade runs every pack on the path. */
export function planUpgrade(catalogue: Catalogue, profile: Profile, from: string, to: string): Hop[] {
  const versions = profile.versions;
  const a = versions.indexOf(from);
  const b = versions.indexOf(to);
  const known = versions.join(", ");
  if (a < 0) throw new UsageError(`--from ${from} is not a known ${profile.name} version; use one of: ${known}`);
  if (b < 0) throw new UsageError(`--to ${to} is not a known ${profile.name} version; use one of: ${known}`);
  if (b < a) throw new UsageError(`--to ${to} comes before --from ${from}; Uplift checks upgrades, not downgrades`);
  const packs = catalogue.packs.get(profile.erp) ?? [];
  const hops: Hop[] = [];
  for (let i = a; i < b; i++) {
    const hopFrom = versions[i]!;
    const hopTo = versions[i + 1]!;
    hops.push({ from: hopFrom, to: hopTo, label: `${hopFrom}-${hopTo}`, pack: packs.find((p) => p.from === hopFrom) });
  }
  return hops;
}

export function targetVersion(profile: Profile): string {
  return profile.defaultTo ?? profile.versions[profile.versions.length - 1]!;
}

/** Matches a detected version string (`16.0.1.0.0`, `9.2.23052.00188`) to a profile version. */
export function normaliseVersion(profile: Profile, raw: string): string | undefined {
  let best: string | undefined;
  for (const v of profile.versions) {
    if (raw === v || (raw.startsWith(v) && /^[.\-+~]/.test(raw.slice(v.length)))) {
      if (!best || v.length > best.length) best = v;
    }
  }
  return best;
}
