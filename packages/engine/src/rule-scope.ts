import { FACT_KINDS, LANGUAGE_FACT_KINDS, type FactKind, type Language } from "@uplift/core";
import { compileGlobs } from "./conditions.js";
import { symbolsOf, type Hop } from "./plan.js";
import type { Project } from "./projects.js";
import type { Match, Rule, Severity } from "./rule-types.js";

/** A rule as it runs on a project: its effective severity, its hop, and whether the hop is past. */
export interface ActiveRule {
  rule: Rule;
  hop: Hop;
  past: boolean;
}

/**
 * The rules a project runs: every rule of its hops, and the removals of the hops it has already
 * passed (code using them is broken today). Overrides change a severity or turn a rule off; a
 * rule derived from declarations gives way to a hand-written rule for the same symbol.
 */
export function activeRules(project: Project, overrides: Record<string, Severity | "off"> = {}): ActiveRule[] {
  const out: ActiveRule[] = [];
  // A hand-written rule for a symbol, in any hop the project runs, wins over a derived one.
  const written = new Set(
    [...project.pastHops, ...project.hops].flatMap((h) =>
      (h.pack?.rules ?? []).filter((r) => !r.derived).flatMap((r) => symbolsOf(r.match)),
    ),
  );
  const add = (hop: Hop, past: boolean): void => {
    for (const rule of hop.pack?.rules ?? []) {
      const override = overrides[rule.id];
      if (override === "off" || (past && rule.change !== "removed")) continue;
      if (rule.derived !== undefined && written.has(rule.derived.symbol)) continue;
      out.push({ rule: override ? { ...rule, severity: override } : rule, hop, past });
    }
  };
  for (const hop of project.pastHops) add(hop, true);
  for (const hop of project.hops) add(hop, false);
  return out;
}

/** Where one alternative of a rule's match can find something: fact kinds (or any text) and file globs. */
interface Reach {
  kinds: ReadonlySet<FactKind> | "text";
  files: ((path: string) => boolean) | undefined;
  notFiles: ((path: string) => boolean) | undefined;
}

function reachesOf(match: Match, out: Reach[] = []): Reach[] {
  for (const alt of match.any ?? []) reachesOf(alt, out);
  if (match.text) {
    const t = match.text;
    out.push({
      kinds: "text",
      files: t.files ? compileGlobs(t.files) : undefined,
      notFiles: t.notFiles ? compileGlobs(t.notFiles) : undefined,
    });
  }
  for (const kind of FACT_KINDS) {
    const raw = match[kind];
    if (raw === undefined) continue;
    const spec = typeof raw === "string" ? { key: raw } : raw;
    out.push({
      kinds: new Set([kind]),
      files: spec.files ? compileGlobs(spec.files) : undefined,
      notFiles: spec.notFiles ? compileGlobs(spec.notFiles) : undefined,
    });
  }
  return out;
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
    const reaches = rules.flatMap((r) => reachesOf(r.rule.match));
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
