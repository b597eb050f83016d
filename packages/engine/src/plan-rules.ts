import { compareVersions, type Hop } from "./plan.js";
import type { Project } from "./projects.js";
import type { Rule, Severity } from "./rule-types.js";

/** A rule as one project's scan runs it: with the hop it is told under and what it means at the target. */
export interface PlannedRule {
  rule: Rule;
  hop: Hop;
  /** The hop whose pack holds the rule (its name index is the rule's). */
  source: Hop;
  /** Removed at or before the project's own version: the code is broken today. */
  past?: boolean;
}

/**
 * The rules a project's scan runs. A rule without versions belongs to its pack's hop: every rule
 * of the hops between from and to, and the removals of the hops already passed. A rule with
 * `since` or `removedIn` is placed by its own versions, wherever its pack is: it is not told when
 * the target comes before `since`; it is what its pack says (a removal) when the target has reached
 * `removedIn`, and a low deprecation before that; past `removedIn` at the project's own version it
 * is already broken.
 */
export function plannedRules(project: Project, overrides: Record<string, Severity | "off"> = NO_OVERRIDES): PlannedRule[] {
  // Asked for by the index and again by the result: placed once per project and overrides.
  const known = planned.get(project);
  if (known?.overrides === overrides) return known.rules;
  const rules = placeRules(project, overrides);
  planned.set(project, { overrides, rules });
  return rules;
}

const NO_OVERRIDES: Record<string, Severity | "off"> = {};
const planned = new WeakMap<Project, { overrides: Record<string, Severity | "off">; rules: PlannedRule[] }>();

function placeRules(project: Project, overrides: Record<string, Severity | "off">): PlannedRule[] {
  const out: PlannedRule[] = [];
  const add = (rule: Rule, hop: Hop, source: Hop, past: boolean): void => {
    const override = overrides[rule.id];
    if (override === "off") return;
    const effective = override ? { ...rule, severity: override } : rule;
    out.push(past ? { rule: effective, hop, source, past } : { rule: effective, hop, source });
  };
  const groups: Array<[Hop[], "past" | "planned" | "later"]> = [
    [project.pastHops, "past"],
    [project.hops, "planned"],
    [project.laterHops ?? [], "later"],
  ];
  for (const [hops, when] of groups) {
    for (const hop of hops) {
      for (const rule of hop.pack?.rules ?? []) {
        if (rule.since !== undefined || rule.removedIn !== undefined) {
          const placed = placeVersioned(project, rule);
          if (placed) add(placed.rule, placed.hop ?? hop, hop, placed.past);
        } else if (when === "planned") add(rule, hop, hop, false);
        else if (when === "past" && rule.change === "removed") add(rule, hop, hop, true);
      }
    }
  }
  return out;
}

function placeVersioned(project: Project, rule: Rule): { rule: Rule; hop: Hop | undefined; past: boolean } | undefined {
  const profile = project.profile;
  const at = (a: string, b: string): number => compareVersions(profile, a, b);
  if (rule.since !== undefined && at(rule.since, project.to) > 0) return undefined;
  if (rule.removedIn !== undefined && at(rule.removedIn, project.from) <= 0) {
    return { rule, hop: hopHolding(project.pastHops, rule.removedIn, at), past: true };
  }
  if (project.hops.length === 0) return undefined;
  if (rule.removedIn === undefined || at(rule.removedIn, project.to) <= 0) {
    const event = rule.removedIn ?? rule.since!;
    return { rule, hop: hopHolding(project.hops, event, at), past: false };
  }
  // Still there at the target: a deprecation to plan for, not a break.
  const deprecated: Rule = { ...rule, change: "deprecated", severity: "low" };
  return { rule: deprecated, hop: hopHolding(project.hops, rule.since ?? project.from, at), past: false };
}

/** The hop a version falls in: the first whose end is at or after it (the first hop for what came before). */
function hopHolding(hops: readonly Hop[], version: string, at: (a: string, b: string) => number): Hop | undefined {
  return hops.find((h) => at(version, h.to) <= 0) ?? hops[hops.length - 1];
}
