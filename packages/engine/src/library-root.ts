import type { Candidate } from "@uplift/core";
import { ruleKey, type MarkerReading, type MarkerReadings } from "./marker-readings.js";
import { holdsRequired, namespaceRoot, readMarker, type MarkerSources, type ParsedMarker } from "./read-marker.js";
import type { DetectRule, Profile } from "./rule-types.js";

/** Where a library marker puts its project's root, with the marker when it was read for it. */
export interface LibraryRoot {
  root: string;
  /** The marker, read and parsed to learn the root. */
  early?: ParsedMarker;
  /** What an unchanged marker said before (its root), when it was not read again. */
  kept?: MarkerReading;
}

/**
 * The root of the project a library marker starts (a rule with `namespace`): the folder its
 * namespace starts in, which only the marker's text says; null when the marker does not hold the
 * call the rule requires. What a marker said is kept by its stamp (`--cache`), whether or not it
 * starts a project, so that a rerun reads it only when it changed.
 */
export async function libraryRoot(
  c: Candidate,
  profile: Profile,
  rule: DetectRule,
  chosen: boolean,
  parsed: Map<string, ParsedMarker>,
  sources: MarkerSources,
  readings: MarkerReadings | undefined,
): Promise<LibraryRoot | null> {
  const required = rule.requires;
  if (required === undefined || rule.namespace === undefined) return null;
  const kept = chosen ? readings?.known(c, ruleKey(profile, rule)) : undefined;
  if (kept?.root !== undefined) return { root: kept.root, kept };
  const early = await readMarker(c, parsed, sources, required);
  if ("lacks" in early || "unreadable" in early || !holdsRequired(early.extracted.facts, required)) return null;
  const dir = c.path.includes("/") ? c.path.slice(0, c.path.lastIndexOf("/")) : ".";
  const root = namespaceRoot(early.extracted.facts, required, rule.namespace, dir);
  if (chosen && rule.version === undefined) readings?.record(c, early.file, ruleKey(profile, rule), { root });
  return { root, early };
}
