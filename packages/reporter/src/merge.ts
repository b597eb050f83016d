import {
  compareFindings,
  fileCoverage,
  relateSameSpan,
  SEVERITIES,
  summarise,
  type Finding,
  type ScanResult,
  type UncheckedFile,
} from "@uplift/engine";

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => cmp(a, b)));
}

/** The folder part shared by every root ("fixtures/odoo" and "fixtures/erp2" share "fixtures"). */
function commonRoot(roots: readonly string[]): string {
  const split = roots.map((r) => normalise(r).split("/"));
  const first = split[0] ?? [];
  let n = 0;
  while (n < first.length && split.every((parts) => parts[n] === first[n])) n++;
  return first.slice(0, n).join("/");
}

function normalise(root: string): string {
  const posix = root.replace(/\\/g, "/").replace(/\/+$/, "");
  return posix === "" ? "." : posix.replace(/^\.\/(?=.)/, "");
}

function join(prefix: string, path: string): string {
  if (prefix === "" || prefix === ".") return path;
  return path === "." || path === "" ? prefix : `${prefix}/${path}`;
}

/**
 * One result from several: shards of one scan, or scans of several apps. Projects, findings and
 * unanalysed files are concatenated (exact duplicates dropped), rules and processes united, the
 * summary recomputed and the order restored. Results of different roots keep their paths apart:
 * each path is prefixed with its root relative to the roots' common folder, which becomes the root.
 */
export function mergeResults(results: readonly ScanResult[]): ScanResult {
  const [first] = results;
  if (!first) throw new Error("mergeResults needs at least one result");
  if (results.length === 1) return first;
  const versions = [...new Set(results.map((r) => r.schemaVersion))];
  if (versions.length > 1) throw new Error(`cannot merge results of different schema versions (${versions.join(", ")})`);

  const roots = results.map((r) => normalise(r.root));
  const sameRoot = roots.every((r) => r === roots[0]);
  const root = sameRoot ? (roots[0] ?? ".") : commonRoot(roots) || ".";
  const prefixOf = (r: string): string => (sameRoot ? "" : root === "." ? r : r.slice(root.length + 1));

  const projects = new Map<string, ScanResult["projects"][number]>();
  const findings = new Map<string, Finding>();
  const unanalysed = new Map<string, ScanResult["unanalysed"][number]>();
  const rules: ScanResult["rules"] = {};
  const processes: ScanResult["processes"] = {};
  const unchecked = new Map<string, UncheckedFile>();
  const fileNames: Record<string, string> = {};
  const irrelevantBy: Record<string, number> = {};
  let filesScanned = 0;
  let checked = 0;
  let excluded = 0;
  let suppressed = 0;

  results.forEach((result, i) => {
    const prefix = prefixOf(roots[i] ?? ".");
    filesScanned += result.summary.filesScanned;
    for (const p of result.projects) {
      const project = { ...p, path: join(prefix, p.path), ...(p.marker ? { marker: join(prefix, p.marker) } : {}) };
      projects.set(JSON.stringify([project.path, project.erp, project.from, project.to]), project);
    }
    for (const f of result.findings) {
      const finding = { ...f, project: join(prefix, f.project), file: join(prefix, f.file) };
      const key = [finding.file, finding.line, finding.column, finding.endLine, finding.endColumn, finding.ruleId, finding.fingerprint];
      findings.set(JSON.stringify(key), finding);
    }
    for (const u of result.unanalysed) {
      const entry = { ...u, file: join(prefix, u.file) };
      unanalysed.set(JSON.stringify([entry.file, entry.reason]), entry);
    }
    const coverage = fileCoverage(result);
    checked += coverage.files.checked;
    excluded += coverage.files.excluded;
    for (const [kind, n] of Object.entries(coverage.files.irrelevantBy)) irrelevantBy[kind] = (irrelevantBy[kind] ?? 0) + n;
    for (const u of coverage.unchecked) unchecked.set(join(prefix, u.file), { ...u, file: join(prefix, u.file) });
    for (const [file, name] of Object.entries(result.fileNames ?? {})) fileNames[join(prefix, file)] = join(prefix, name);
    suppressed += result.suppressed ?? 0;
    for (const [id, rule] of Object.entries(result.rules)) rules[id] ??= rule;
    for (const [id, process] of Object.entries(result.processes ?? {})) processes[id] ??= process;
  });

  const sortedFindings = [...findings.values()].sort(compareFindings);
  relateSameSpan(sortedFindings);
  const sortedUnanalysed = [...unanalysed.values()].sort((a, b) => cmp(a.file, b.file) || cmp(a.reason, b.reason));
  const sortedUnchecked = [...unchecked.values()].sort((a, b) => cmp(a.file, b.file));
  const summary = summarise(sortedFindings, filesScanned, sortedUnanalysed.length);
  const irrelevant = Object.values(irrelevantBy).reduce((n, k) => n + k, 0);
  const uncheckedBy = { "no-adapter": 0, "no-rules": 0, unparseable: 0, skipped: 0 };
  for (const u of sortedUnchecked) uncheckedBy[u.why]++;
  summary.files = {
    relevant: checked + sortedUnchecked.length,
    checked,
    unchecked: sortedUnchecked.length,
    irrelevant,
    excluded,
    uncheckedBy,
    irrelevantBy: sortedRecord(irrelevantBy),
  };
  const merged: ScanResult = {
    schemaVersion: first.schemaVersion,
    tool: first.tool,
    root,
    projects: [...projects.values()].sort((a, b) => cmp(a.path, b.path) || cmp(a.erp, b.erp)),
    findings: sortedFindings,
    unanalysed: sortedUnanalysed,
    rules: sortedRecord(rules),
    processes: sortedRecord(processes),
    summary,
    unchecked: sortedUnchecked,
  };
  if (suppressed > 0) merged.suppressed = suppressed;
  const baselines = results.flatMap((r) => (r.baseline ? [r.baseline] : []));
  if (baselines.length > 0)
    merged.baseline = {
      file: [...new Set(baselines.map((b) => b.file))].join(", "),
      matched: baselines.reduce((n, b) => n + b.matched, 0),
      stale: baselines.flatMap((b) => b.stale),
    };
  // The strictest threshold of the parts: what blocks in one of them blocks in the whole.
  const thresholds = results.flatMap((r) => (r.failOn && r.failOn !== "none" ? [r.failOn] : []));
  if (thresholds.length > 0) merged.failOn = SEVERITIES[Math.max(...thresholds.map((t) => SEVERITIES.indexOf(t)))];
  const changed = results.flatMap((r) => (r.changedSince ? [r.changedSince] : []));
  if (changed.length > 0)
    merged.changedSince = {
      ref: [...new Set(changed.map((c) => c.ref))].join(", "),
      files: changed.reduce((n, c) => n + c.files, 0),
      findingsLeftOut: changed.reduce((n, c) => n + c.findingsLeftOut, 0),
    };
  if (Object.keys(fileNames).length > 0) merged.fileNames = sortedRecord(fileNames);
  return merged;
}

/**
 * The result a reporter renders: several are merged, and what older results lack is filled in
 * (`processes`, a finding's `impact`, the coverage, which findings share a span), so reporters
 * read one shape.
 */
export function prepareResult(input: ScanResult | readonly ScanResult[]): ScanResult {
  const result = Array.isArray(input) ? mergeResults(input) : (input as ScanResult);
  const partial = result as Partial<ScanResult> & ScanResult;
  const lacksImpact = result.findings.some((f) => !(f as Partial<Finding>).impact);
  const lacksCoverage = !result.summary.files || !result.unchecked;
  if (partial.processes && !lacksImpact && !lacksCoverage) return result;
  const findings = result.findings.map((f) => ({ ...f, impact: f.impact ?? { artefacts: [], processes: [] } }));
  if (lacksCoverage) relateSameSpan(findings);
  const coverage = fileCoverage(result);
  const summary = lacksCoverage ? summarise(findings, result.summary.filesScanned, result.unanalysed.length) : result.summary;
  summary.files = coverage.files;
  return { ...result, processes: partial.processes ?? {}, findings, summary, unchecked: coverage.unchecked };
}
