import { FACT_KINDS, LANGUAGE_FACT_KINDS, type FactKind, type Language } from "@uplift/core";
import { compileGlobs } from "./conditions.js";
import { compareVersions, symbolsOf, type Hop } from "./plan.js";
import type { Project } from "./projects.js";
import type { Match, Profile, Rule, Severity } from "./rule-types.js";

/** A rule as one project's scan runs it: its effective severity, the hop it is told under, and whether it is past. */
export interface ActiveRule {
  rule: Rule;
  hop: Hop;
  /** The hop whose pack holds the rule (its name index is the rule's). */
  source: Hop;
  /** Removed at or before the project's own version: the code is broken today. */
  past: boolean;
}

/**
 * The rules a project runs. A rule without versions belongs to its pack's hop: every rule of the
 * hops between from and to, and the removals of the hops already passed (code using them is
 * broken today). A rule with `since` or `removedIn` is placed by its own versions, wherever its
 * pack is: it is not told when the target comes before `since`; it is what its pack says (a
 * removal) when the target has reached `removedIn`, and a low deprecation before that; past
 * `removedIn` at the project's own version it is already broken. Overrides change a severity or
 * turn a rule off; a rule derived from declarations gives way to a hand-written rule for the same
 * symbol in any hop the project runs.
 */
export function activeRules(project: Project, overrides: Record<string, Severity | "off"> = NO_OVERRIDES): ActiveRule[] {
  // Asked for by the index, the coverage and the result: placed once per project and overrides.
  const known = placed.get(project);
  if (known?.overrides === overrides) return known.rules;
  // Projects with the same key run the same rules: hundreds of addons place them once.
  let byKey = placedByKey.get(project.profile);
  if (!byKey) placedByKey.set(project.profile, (byKey = new Map()));
  const key = rulesKey(project);
  let shared = byKey.get(key);
  if (shared?.overrides !== overrides) byKey.set(key, (shared = { overrides, rules: placeRules(project, overrides) }));
  placed.set(project, shared);
  return shared.rules;
}

const NO_OVERRIDES: Record<string, Severity | "off"> = {};
const placed = new WeakMap<Project, { overrides: Record<string, Severity | "off">; rules: ActiveRule[] }>();
const placedByKey = new WeakMap<Profile, Map<string, { overrides: Record<string, Severity | "off">; rules: ActiveRule[] }>>();

function placeRules(project: Project, overrides: Record<string, Severity | "off">): ActiveRule[] {
  const groups: Array<[Hop[], "past" | "planned" | "later"]> = [
    [project.pastHops, "past"],
    [project.hops, "planned"],
    [project.laterHops ?? [], "later"],
  ];
  // The symbols hand-written rules match, gathered only when a derived rule asks (most packs have none).
  let written: Set<string> | undefined;
  const handWritten = (): Set<string> =>
    (written ??= new Set(
      groups.flatMap(([hops]) => hops.flatMap((h) => (h.pack?.rules ?? []).filter((r) => !r.derived).flatMap((r) => symbolsOf(r.match)))),
    ));
  const out: ActiveRule[] = [];
  const add = (rule: Rule, hop: Hop, source: Hop, past: boolean): void => {
    const override = overrides[rule.id];
    if (override === "off") return;
    out.push({ rule: override ? { ...rule, severity: override } : rule, hop, source, past });
  };
  for (const [hops, when] of groups) {
    for (const hop of hops) {
      for (const rule of hop.pack?.rules ?? []) {
        if (rule.derived !== undefined && handWritten().has(rule.derived.symbol)) continue;
        if (rule.since !== undefined || rule.removedIn !== undefined) {
          const at = placeVersioned(project, rule);
          if (at) add(at.rule, at.hop ?? hop, hop, at.past);
        } else if (when === "planned") add(rule, hop, hop, false);
        else if (when === "past" && rule.change === "removed") add(rule, hop, hop, true);
      }
    }
  }
  return out;
}

/**
 * Projects with the same key run the same rules (the same ERP, versions and hops), so they can
 * share what is built from them.
 */
export function rulesKey(project: Project): string {
  const labels = (hops: readonly Hop[] | undefined): string => (hops ?? []).map((h) => h.label).join(",");
  return [project.profile.erp, project.from, project.to, labels(project.pastHops), labels(project.hops), labels(project.laterHops)].join(
    "\0",
  );
}

function placeVersioned(project: Project, rule: Rule): { rule: Rule; hop: Hop | undefined; past: boolean } | undefined {
  const at = (a: string, b: string): number => compareVersions(project.profile, a, b);
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

/** Where one alternative of a rule's match can find something: fact kinds (or any text) and file globs. */
interface Reach {
  kinds: ReadonlySet<FactKind> | "text";
  files: ((path: string) => boolean) | undefined;
  notFiles: ((path: string) => boolean) | undefined;
}

/**
 * Where a rule's alternatives can find something, into `out` by kind and globs: hundreds of rules
 * share a few (every derived rule of a kind has the same), and each language tests each once.
 */
function reachesOf(match: Match, out: Map<string, Reach>): void {
  for (const alt of match.any ?? []) reachesOf(alt, out);
  const add = (kind: FactKind | "text", files: readonly string[] | undefined, notFiles: readonly string[] | undefined): void => {
    const key = [kind, files?.join("\0") ?? "", notFiles?.join("\0") ?? ""].join("\u0001");
    if (out.has(key)) return;
    out.set(key, {
      kinds: kind === "text" ? "text" : new Set([kind]),
      files: files ? compileGlobs(files) : undefined,
      notFiles: notFiles ? compileGlobs(notFiles) : undefined,
    });
  };
  if (match.text) add("text", match.text.files, match.text.notFiles);
  for (const kind of FACT_KINDS) {
    const raw = match[kind];
    if (raw === undefined) continue;
    const spec = typeof raw === "string" ? { key: raw } : raw;
    add(kind, spec.files, spec.notFiles);
  }
}

/**
 * Which files of a project its rules can check at all: a file is in scope when some active rule
 * matches a fact kind its language's adapter produces (or text), with file globs that admit it.
 * Nothing here names a language: a new adapter, or a pack with rules for a new kind of file,
 * widens the scope by itself.
 */
export class RuleScope {
  readonly #byLanguage = new Map<Language, Reach[]>();
  readonly #anyPath = new Map<Language, boolean>();

  constructor(rules: readonly ActiveRule[]) {
    const distinct = new Map<string, Reach>();
    for (const r of rules) reachesOf(r.rule.match, distinct);
    const reaches = [...distinct.values()];
    for (const language of Object.keys(LANGUAGE_FACT_KINDS) as Language[]) {
      const kinds = LANGUAGE_FACT_KINDS[language];
      const relevant = reaches.filter((r) => r.kinds === "text" || kinds.some((k) => (r.kinds as ReadonlySet<FactKind>).has(k)));
      this.#byLanguage.set(language, relevant);
      this.#anyPath.set(
        language,
        relevant.some((r) => !r.files && !r.notFiles),
      );
    }
  }

  /** Whether any rule can find something in a file of this language at this project-relative path. */
  covers(language: Language, projectPath: string): boolean {
    if (this.#anyPath.get(language)) return true;
    return (this.#byLanguage.get(language) ?? []).some((r) => (!r.files || r.files(projectPath)) && !r.notFiles?.(projectPath));
  }
}
