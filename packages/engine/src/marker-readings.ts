import { contentHash, type Candidate, type FactCache, type SourceFile, type StampMemo } from "@uplift/core";
import type { DetectRule, Profile } from "./rule-types.js";

/** What a marker says of its project: the version it states, or what is wrong with it. */
export interface MarkerReading {
  detected?: string;
  problem?: {
    reason: string;
    span: { line: number; column: number; endLine: number; endColumn: number };
    snippet: string;
    broken: boolean;
  };
}

/** One kept reading: the marker's content hash, the rule it was read by (a hash), and what it said. */
type StoredReading = [hash: string, rule: string, reading: MarkerReading];

const HASH = /^[0-9a-f]{64}$/;

/**
 * What each marker said of its project's version, kept by the marker's content and the rule that
 * read it, and found again by the marker's stamp (`StampMemo`): a rerun does not read an
 * unchanged manifest to learn again that it says 16.0. Only for rules that read the version from
 * the marker alone (not from a file beside it) and need nothing in it to mark a project. Kept
 * sealed in the fact cache, one entry per scanned root, for the markers the last scan met; an
 * entry that does not read back as a reading is a miss, and a marker whose stamp changed is read.
 */
export class MarkerReadings {
  readonly #next = new Map<string, StoredReading>();
  #changed = false;

  private constructor(
    private readonly cache: FactCache,
    private readonly memo: StampMemo,
    private readonly key: string,
    private readonly old: ReadonlyMap<string, StoredReading>,
  ) {}

  static load(cache: FactCache, memo: StampMemo, root: string): MarkerReadings {
    const key = `marker-readings\0${root}`;
    const stored = cache.getResult(key);
    const old = new Map<string, StoredReading>();
    if (Array.isArray(stored)) {
      for (const e of stored as unknown[]) {
        if (!Array.isArray(e) || e.length !== 3) continue;
        const [hash, rule, reading] = e as unknown[];
        if (typeof hash !== "string" || !HASH.test(hash) || typeof rule !== "string" || !HASH.test(rule)) continue;
        if (!isReading(reading)) continue;
        old.set(entryOf(hash, rule), [hash, rule, reading]);
      }
    }
    return new MarkerReadings(cache, memo, key, old);
  }

  /** The reading kept for the marker's content by this rule (`ruleKey`), when its stamp says it is unchanged. */
  known(candidate: Candidate, rule: string): MarkerReading | undefined {
    const hash = this.memo.hashOf(candidate);
    const kept = hash === undefined ? undefined : this.old.get(entryOf(hash, rule));
    if (kept) this.#next.set(entryOf(hash!, rule), kept);
    return kept?.[2];
  }

  /** The reading of a marker just read (its stamp is recorded with its content's hash). */
  record(candidate: Candidate, file: SourceFile, rule: string, reading: MarkerReading): void {
    const hash = this.memo.record(candidate, file);
    const entry = entryOf(hash, rule);
    const kept: MarkerReading = {};
    if (reading.detected !== undefined) kept.detected = reading.detected;
    if (reading.problem !== undefined) kept.problem = reading.problem;
    if (JSON.stringify(this.old.get(entry)?.[2]) !== JSON.stringify(kept)) this.#changed = true;
    this.#next.set(entry, [hash, rule, kept]);
  }

  /** Writes the readings of the markers this scan met (sealed), when any changed. */
  save(): void {
    if (!this.#changed && this.#next.size === this.old.size) return;
    this.cache.setResult(this.key, [...this.#next.values()]);
  }
}

const ruleKeys = new WeakMap<DetectRule, string>();

/**
 * What a reading depends on besides the marker's text: the profile's versions (a stated version
 * is one of them) and the rule (where the version is, its pattern, the hint in its message).
 */
export function ruleKey(profile: Profile, rule: DetectRule): string {
  let key = ruleKeys.get(rule);
  if (key === undefined) ruleKeys.set(rule, (key = contentHash(JSON.stringify([profile.erp, profile.versions, rule]))));
  return key;
}

function entryOf(hash: string, rule: string): string {
  return `${hash}\0${rule}`;
}

function isReading(value: unknown): value is MarkerReading {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const { detected, problem, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return false;
  if (detected !== undefined && typeof detected !== "string") return false;
  if (problem === undefined) return true;
  if (typeof problem !== "object" || problem === null) return false;
  const p = problem as Record<string, unknown>;
  const span = p.span as Record<string, unknown> | null;
  return (
    typeof p.reason === "string" &&
    typeof p.snippet === "string" &&
    typeof p.broken === "boolean" &&
    typeof span === "object" &&
    span !== null &&
    ["line", "column", "endLine", "endColumn"].every((k) => Number.isInteger(span[k]) && (span[k] as number) >= 1)
  );
}
