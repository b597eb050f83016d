import { sameSpanLeads, type Finding, type ScanResult, type Severity } from "@uplift/engine";
import { checklistSize } from "./checklist.js";
import { effortOf, type EffortRange } from "./html/effort.js";
import { isBlocking, readiness } from "./html/readiness.js";

/** What going to one version costs, across the projects of one ERP that can reach it. */
export interface TargetCost {
  erp: string;
  version: string;
  /** Projects that reach this version on their path, and those already at or past it. */
  projects: number;
  alreadyThere: number;
  findings: number;
  blocking: number;
  bySeverity: Record<Severity, number>;
  effort: EffortRange;
  /** Checklist items for this target: the regression tests to run. */
  tests: number;
  /** The readiness score if this were the target. */
  score: number;
  /** What this version adds to the one before it (the previous row of the same ERP). */
  added: { findings: number; effort: EffortRange; tests: number };
}

/** The versions a project passes on its way to its target, in order: the `to` of each hop. */
function stopsOf(from: string, hops: readonly string[]): string[] {
  const stops: string[] = [];
  let at = from;
  for (const hop of hops) {
    if (!hop.startsWith(`${at}-`)) break;
    at = hop.slice(at.length + 1);
    stops.push(at);
  }
  return stops;
}

/**
 * The cost of each reachable target version, from one scan to the furthest version (what `uplift
 * plan` runs) or to any target: for every version a project passes, the findings of the hops up
 * to it, plus what is broken already and Uplift's own findings. Nothing here names an ERP: the
 * versions come from the projects' hops, which come from the profiles and packs.
 */
export function planOf(result: ScanResult, threshold: Severity, whole?: { tests: number; score: number }): TargetCost[] {
  const byErp = new Map<string, string[]>();
  for (const p of result.projects) {
    const versions = byErp.get(p.erp) ?? [];
    for (const v of stopsOf(p.from, p.hops)) if (!versions.includes(v)) versions.push(v);
    byErp.set(p.erp, versions);
  }
  const out: TargetCost[] = [];
  for (const [erp, versions] of [...byErp].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const projects = result.projects.filter((p) => p.erp === erp);
    let previous: TargetCost | undefined;
    for (const version of sortVersions(versions, projects)) {
      const reaching = projects.filter((p) => stopsOf(p.from, p.hops).includes(version));
      const hopsUpTo = new Map(
        reaching.map((p) => {
          const stops = stopsOf(p.from, p.hops);
          return [p.path, new Set(p.hops.slice(0, stops.indexOf(version) + 1))];
        }),
      );
      const byPath = new Map(reaching.map((p) => [p.path, p]));
      const findings: Finding[] = result.findings.filter((f) => {
        const project = byPath.get(f.project);
        if (!project) return false;
        // Uplift's own findings and what is broken already count whatever the target.
        return !f.hop || !project.hops.includes(f.hop) || hopsUpTo.get(f.project)!.has(f.hop);
      });
      // Which rule leads on a shared span depends on which hops are in: decided again per target.
      const leads = sameSpanLeads(findings);
      const scoped: ScanResult = {
        ...result,
        projects: reaching,
        findings,
        summary: { ...result.summary, bySeverity: countBySeverity(findings) },
      };
      const effort = effortOf(
        findings.filter((f) => !leads.has(f)).map(({ effortMinutes, effortMaxMinutes }) => ({ effortMinutes, effortMaxMinutes })),
      );
      // The furthest target of every project is the whole result: its checklist and score are known already.
      const isWhole = whole !== undefined && findings.length === result.findings.length && reaching.length === result.projects.length;
      const tests = isWhole ? whole.tests : checklistSize(scoped);
      const cost: TargetCost = {
        erp,
        version,
        projects: reaching.length,
        alreadyThere: projects.length - reaching.length,
        findings: findings.length,
        blocking: findings.filter((f) => isBlocking(f, threshold)).length,
        bySeverity: countBySeverity(findings),
        effort,
        tests,
        score: isWhole ? whole.score : readiness(scoped, threshold).score,
        added: {
          findings: findings.length - (previous?.findings ?? 0),
          effort: { min: effort.min - (previous?.effort.min ?? 0), max: effort.max - (previous?.effort.max ?? 0) },
          tests: tests - (previous?.tests ?? 0),
        },
      };
      out.push(cost);
      previous = cost;
    }
  }
  return out;
}

function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** Versions in the order the projects' paths pass them: each comes after every version before it on some path. */
function sortVersions(versions: readonly string[], projects: ReadonlyArray<{ from: string; hops: string[] }>): string[] {
  const paths = projects.map((p) => [p.from, ...stopsOf(p.from, p.hops)]);
  const rank = new Map<string, number>();
  for (let changed = true, rounds = 0; changed && rounds <= versions.length + 1; rounds++) {
    changed = false;
    for (const path of paths)
      for (let i = 1; i < path.length; i++) {
        const want = (rank.get(path[i - 1]!) ?? 0) + 1;
        if ((rank.get(path[i]!) ?? 0) < want) {
          rank.set(path[i]!, want);
          changed = true;
        }
      }
  }
  return [...versions].sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0) || (a < b ? -1 : 1));
}
