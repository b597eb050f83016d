import { irrelevantKind, UNANALYSED_REASONS } from "@uplift/core";
import { PARSE_ERROR_RULE } from "./match-file.js";
import { cmp, type FileCoverage, type ScanResult, type UncheckedFile, type UncheckedWhy } from "./result.js";

// What the scan covered, for the verdict and every report's coverage figure: files irrelevant to
// an upgrade (core's one list) apart from relevant files that were not checked.

export const UNCHECKED_WHYS: readonly UncheckedWhy[] = ["no-adapter", "no-rules", "unparseable", "skipped"];

/** Where an entry of `unanalysed[]` belongs. */
export type GapClass = { class: "irrelevant"; kind: string } | { class: "excluded" } | { class: "unchecked"; why: UncheckedWhy };

/**
 * An unanalysed file: irrelevant by its kind, excluded by policy (third-party libraries, installed
 * dependencies, links, files outside every project), or a relevant file left unchecked (no adapter, or skipped: too
 * large, unreadable, binary where text was expected, a project of unknown version).
 */
export function classifyGap(entry: { file: string; reason: string }, inProject: boolean): GapClass {
  const kind = irrelevantKind(entry.file);
  if (kind) return { class: "irrelevant", kind };
  if (
    entry.reason === UNANALYSED_REASONS.vendored ||
    entry.reason === UNANALYSED_REASONS.symbolicLink ||
    entry.reason === UNANALYSED_REASONS.dependencies
  )
    return { class: "excluded" };
  if (!inProject) return { class: "excluded" };
  return { class: "unchecked", why: entry.reason.startsWith(UNANALYSED_REASONS.noAdapterPrefix) ? "no-adapter" : "skipped" };
}

export function emptyCoverage(): FileCoverage {
  return {
    relevant: 0,
    checked: 0,
    unchecked: 0,
    irrelevant: 0,
    excluded: 0,
    uncheckedBy: { "no-adapter": 0, "no-rules": 0, unparseable: 0, skipped: 0 },
    irrelevantBy: {},
  };
}

/** Counts from the list of unchecked files, the checked count and the irrelevant and excluded tallies. */
export function coverageOf(
  checked: number,
  unchecked: readonly UncheckedFile[],
  irrelevantBy: Record<string, number>,
  excluded: number,
): FileCoverage {
  const c = emptyCoverage();
  c.checked = checked;
  c.unchecked = unchecked.length;
  for (const u of unchecked) c.uncheckedBy[u.why]++;
  c.irrelevantBy = Object.fromEntries(Object.entries(irrelevantBy).sort(([a], [b]) => cmp(a, b)));
  c.irrelevant = Object.values(irrelevantBy).reduce((n, k) => n + k, 0);
  c.excluded = excluded;
  c.relevant = c.checked + c.unchecked;
  return c;
}

export function sortUnchecked(list: readonly UncheckedFile[]): UncheckedFile[] {
  const seen = new Map<string, UncheckedFile>();
  for (const u of list) if (!seen.has(u.file)) seen.set(u.file, u);
  return [...seen.values()].sort((a, b) => cmp(a.file, b.file));
}

/**
 * The coverage of a result, including one written before results carried it: then the
 * unanalysed files are classified here, files that did not parse are unchecked, and every other
 * file the scan read counts as checked (all that such a result can tell).
 */
export function fileCoverage(result: ScanResult): { files: FileCoverage; unchecked: UncheckedFile[] } {
  if (result.summary.files && result.unchecked) return { files: result.summary.files, unchecked: result.unchecked };
  const unchecked: UncheckedFile[] = [];
  const irrelevantBy: Record<string, number> = {};
  let excluded = 0;
  const projectPaths = result.projects.map((p) => p.path);
  const inProject = (file: string): boolean => projectPaths.some((p) => p === "." || file.startsWith(`${p}/`));
  for (const u of result.unanalysed) {
    const gap = classifyGap(u, inProject(u.file));
    if (gap.class === "irrelevant") irrelevantBy[gap.kind] = (irrelevantBy[gap.kind] ?? 0) + 1;
    else if (gap.class === "excluded") excluded++;
    else unchecked.push({ file: u.file, why: gap.why, reason: u.reason });
  }
  const unparseable = new Set<string>();
  for (const f of result.findings) {
    if (f.ruleId !== PARSE_ERROR_RULE || unparseable.has(f.file)) continue;
    unparseable.add(f.file);
    unchecked.push({ file: f.file, why: "unparseable", reason: f.message });
  }
  const sorted = sortUnchecked(unchecked);
  return {
    files: coverageOf(Math.max(0, result.summary.filesScanned - unparseable.size), sorted, irrelevantBy, excluded),
    unchecked: sorted,
  };
}
