import { UsageError } from "./errors.js";
import type { Catalogue } from "./catalogue.js";
import type { Match, Profile, Rule, RulePack } from "./rule-types.js";

export interface Hop {
  from: string;
  to: string;
  /** `16.0-17.0`, as the pack file is named. */
  label: string;
  pack: RulePack | undefined;
}

/**
 * Every hop between two versions, in order; a multi-hop upgrade runs every pack on the path. A
 * profile with milestones (UI5's many minor releases) hops from milestone to milestone, and a
 * version between two milestones starts or ends a hop of its own inside the pack that covers it.
 */
export function planUpgrade(catalogue: Catalogue, profile: Profile, from: string, to: string): Hop[] {
  const versions = profile.versions;
  const a = versions.indexOf(from);
  const b = versions.indexOf(to);
  const known = versions.join(", ");
  if (a < 0) throw new UsageError(`--from ${from} is not a known ${profile.name} version; use one of: ${known}`);
  if (b < 0) throw new UsageError(`--to ${to} is not a known ${profile.name} version; use one of: ${known}`);
  if (b < a) throw new UsageError(`--to ${to} comes before --from ${from}; Uplift checks upgrades, not downgrades`);
  const packs = catalogue.packs.get(profile.erp) ?? [];
  const stops = [from, ...hopStops(profile).filter((v) => versions.indexOf(v) > a && versions.indexOf(v) < b), to];
  const hops: Hop[] = [];
  for (let i = 0; i + 1 < stops.length && a < b; i++) {
    const hopFrom = stops[i]!;
    const hopTo = stops[i + 1]!;
    hops.push({ from: hopFrom, to: hopTo, label: `${hopFrom}-${hopTo}`, pack: packFor(packs, profile, hopFrom) });
  }
  return hops;
}

/** The versions hops start and end at: the milestones when the profile has them, else every version. */
export function hopStops(profile: Profile): string[] {
  return profile.milestones ?? profile.versions;
}

/** Merged packs by the catalogue's packs of an ERP, the profile and the hop's start: hundreds of projects plan the same hops. */
const merged = new WeakMap<readonly RulePack[], WeakMap<Profile, Map<string, RulePack | undefined>>>();

/** The packs whose span holds a hop starting at this version, as one (merged once per catalogue). */
function packFor(packs: readonly RulePack[], profile: Profile, hopFrom: string): RulePack | undefined {
  let byProfile = merged.get(packs);
  if (!byProfile) merged.set(packs, (byProfile = new WeakMap()));
  let byStart = byProfile.get(profile);
  if (!byStart) byProfile.set(profile, (byStart = new Map()));
  if (byStart.has(hopFrom)) return byStart.get(hopFrom);
  const pack = mergedPackFor(packs, profile, hopFrom);
  byStart.set(hopFrom, pack);
  return pack;
}

function mergedPackFor(packs: readonly RulePack[], profile: Profile, hopFrom: string): RulePack | undefined {
  const at = profile.versions.indexOf(hopFrom);
  const exact = packs.filter((p) => p.from === hopFrom);
  return mergePacks(
    exact.length > 0 ? exact : packs.filter((p) => profile.versions.indexOf(p.from) <= at && at < profile.versions.indexOf(p.to)),
  );
}

/**
 * The rules of one hop: the hand-written pack, then the rules derived from vendor declarations
 * whose symbol no hand-written rule already covers, so that nothing is reported twice.
 */
export function mergePacks(packs: readonly RulePack[]): RulePack | undefined {
  if (packs.length <= 1) return packs[0];
  const written = packs.filter((p) => !p.derivedFrom);
  const derived = packs.filter((p) => p.derivedFrom);
  const covered = new Set(written.flatMap((p) => p.rules.flatMap((r) => symbolsOf(r.match))));
  const base = written[0] ?? derived[0]!;
  const rules: Rule[] = [
    ...written.flatMap((p) => p.rules),
    ...derived.flatMap((p) => p.rules.filter((r) => !r.derived || !covered.has(r.derived.symbol))),
  ];
  const ruleLines = Object.assign({}, ...packs.map((p) => p.ruleLines)) as Record<string, number>;
  return { ...base, rules, ruleLines };
}

/**
 * Orders two versions of an ERP: dotted numbers compare by their numbers (UI5's `1.120` after
 * `1.96`, a rule's `since: 1.58.2` between known versions); other names by the profile's order.
 */
export function compareVersions(profile: Profile, a: string, b: string): number {
  const x = numbersOf(a);
  const y = numbersOf(b);
  if (x && y) return compareNumbers(x, y);
  return profile.versions.indexOf(a) - profile.versions.indexOf(b);
}

const parsedVersions = new Map<string, number[] | null>();
function numbersOf(version: string): number[] | undefined {
  let n = parsedVersions.get(version);
  if (n === undefined) parsedVersions.set(version, (n = /^\d+(\.\d+)*$/.test(version) ? version.split(".").map(Number) : null));
  return n ?? undefined;
}

/** Every symbol a match names. */
export function symbolsOf(match: Match): string[] {
  const out: string[] = [];
  for (const alt of match.any ?? []) out.push(...symbolsOf(alt));
  for (const [kind, spec] of Object.entries(match)) {
    if (kind === "any" || kind === "text" || typeof spec !== "object" || spec === null) continue;
    const symbol = (spec as { symbol?: string | string[] }).symbol;
    if (symbol !== undefined) out.push(...(Array.isArray(symbol) ? symbol : [symbol]));
  }
  return out;
}

export function targetVersion(profile: Profile): string {
  return profile.defaultTo ?? profile.versions[profile.versions.length - 1]!;
}

/** The furthest version the ERP's packs reach: where `uplift plan` looks to. */
export function furthestTarget(catalogue: Catalogue, profile: Profile): string {
  const packs = catalogue.packs.get(profile.erp) ?? [];
  const reached = Math.max(-1, ...packs.map((p) => profile.versions.indexOf(p.to)));
  return reached >= 0 ? profile.versions[reached]! : targetVersion(profile);
}

/** Matches a detected version string (`16.0.1.0.0`, `9.2.23052.00188`) to a profile version. */
export function normaliseVersion(profile: Profile, raw: string): string | undefined {
  let best: string | undefined;
  for (const v of profile.versions) {
    if (raw === v || (raw.startsWith(v) && /^[.\-+~]/.test(raw.slice(v.length)))) {
      if (!best || v.length > best.length) best = v;
    }
  }
  return best ?? floorVersion(profile, raw);
}

/**
 * A release between two known versions counts as the one before it (Dynamics 8.2 is 8.0 for
 * what changed since), within the same major version.
 */
function floorVersion(profile: Profile, raw: string): string | undefined {
  const numbers = (v: string): number[] => (/^\d+(\.\d+)*/.exec(v)?.[0] ?? "").split(".").filter(Boolean).map(Number);
  const target = numbers(raw);
  if (target.length === 0) return undefined;
  let best: string | undefined;
  for (const v of profile.versions) {
    const n = numbers(v);
    if (n.length === 0 || n[0] !== target[0]) continue;
    if (compareNumbers(n, target) <= 0 && (!best || compareNumbers(n, numbers(best)) > 0)) best = v;
  }
  return best;
}

function compareNumbers(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
