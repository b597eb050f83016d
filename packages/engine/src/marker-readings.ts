import { contentHash, type Candidate, type FactCache, type SourceFile, type StampMemo } from "@uplift/core";
import type { DetectRule, Profile } from "./rule-types.js";
import { StampKept, type KeptKind } from "./stamp-kept.js";

/** What a marker says of its project: the version it states, or what is wrong with it. */
export interface MarkerReading {
  detected?: string;
  /** Where the project's root is, when the marker's text says it (a library's namespace). */
  root?: string;
  problem?: {
    reason: string;
    span: { line: number; column: number; endLine: number; endColumn: number };
    snippet: string;
    broken: boolean;
  };
}

const HASH = /^[0-9a-f]{64}$/;

/**
 * What each marker said of its project's version, kept by the marker's content and the rule that
 * read it, and found again by the marker's stamp (`StampMemo`): a rerun does not read an
 * unchanged manifest to learn again that it says 16.0. Only for rules that read the version from
 * the marker alone (not from a file beside it) and need nothing in it to mark a project, or that
 * read the root from it (a library's namespace: only one that marks a project is kept). Kept
 * sealed in the fact cache, one entry per scanned root, for the markers the last scan met; an
 * entry that does not read back as a reading is a miss, and a marker whose stamp changed is read.
 */
export class MarkerReadings {
  private constructor(private readonly kept: StampKept<MarkerReading>) {}

  static load(cache: FactCache, memo: StampMemo, root: string): MarkerReadings {
    return new MarkerReadings(new StampKept(cache, memo, root, READINGS));
  }

  /** The reading kept for the marker's content by this rule (`ruleKey`), when its stamp says it is unchanged. */
  known(candidate: Candidate, rule: string): MarkerReading | undefined {
    return this.kept.known(candidate, rule);
  }

  /** The reading of a marker just read (its stamp is recorded with its content's hash). */
  record(candidate: Candidate, file: SourceFile, rule: string, reading: MarkerReading): void {
    const kept: MarkerReading = {};
    if (reading.detected !== undefined) kept.detected = reading.detected;
    if (reading.root !== undefined) kept.root = reading.root;
    if (reading.problem !== undefined) kept.problem = reading.problem;
    this.kept.record(candidate, file, rule, kept);
  }

  /** Writes the readings of the markers this scan met (sealed), when any changed. */
  save(): void {
    this.kept.save();
  }
}

/** A reading depends on the rule that read the marker (`ruleKey`, a hash). */
const READINGS: KeptKind<MarkerReading> = {
  name: "marker-readings",
  isQualifier: (qualifier) => HASH.test(qualifier),
  valueOf: (stored) => (isReading(stored) ? stored : undefined),
  same: (a, b) => JSON.stringify(a) === JSON.stringify(b),
};

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

function isReading(value: unknown): value is MarkerReading {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const { detected, root, problem, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return false;
  if (detected !== undefined && typeof detected !== "string") return false;
  if (root !== undefined && typeof root !== "string") return false;
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
