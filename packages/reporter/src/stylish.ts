import type { Finding, ScanResult, Severity } from "@uplift/engine";
import pc from "picocolors";
import { groupDigits } from "./html/effort.js";
import { plural, SEVERITY_LABELS } from "./html/labels.js";
import { thresholdOf } from "./html/readiness.js";
import { groupByRule } from "./html/rule-groups.js";
import { summariseForReport } from "./html/summary.js";
import { prepareResult } from "./merge.js";
import { displayName } from "./subjects.js";
import { libraryGroups, sharedEffortNote } from "./libraries.js";

export interface StylishOptions {
  color: boolean;
  /** Every finding under its file, with what to do instead (default: one line per rule). */
  verbose?: boolean;
  /** The verdict only. */
  quiet?: boolean;
  /** The blocking threshold, when it differs from the one the scan recorded. */
  failOn?: Severity | "none";
}

/** Locations shown on a rule's line before "and N more". */
export const FIRST_LOCATIONS = 3;

type Colors = ReturnType<typeof pc.createColors>;

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F]/g;

/**
 * Text from the scanned tree (file names, parser messages) shown at a terminal: control characters
 * are shown as `\xHH` escapes, so that a file named with an escape sequence cannot drive the terminal.
 */
export function printable(text: string): string {
  return text.replace(CONTROL, (ch) => `\\x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

export function formatEffort(minutes: number, maxMinutes = minutes): string {
  const one = (m: number): string => (m < 60 ? `${m}m` : `${Math.round((m / 60) * 10) / 10}h`);
  return maxMinutes > minutes ? `${one(minutes)}–${one(maxMinutes)}` : one(minutes);
}

function painter(c: Colors): Record<Severity, (s: string) => string> {
  return { critical: (s) => c.bold(c.red(s)), high: c.red, medium: c.yellow, low: c.dim };
}

/**
 * The terminal view, for people: by default one line per rule (its count and first locations),
 * every finding with --verbose, the verdict alone with --quiet; the summary says what the
 * verdict rests on and what a baseline or --changed-since left out.
 */
export function renderStylish(input: ScanResult, options: StylishOptions): string {
  const result = prepareResult(input);
  const c = pc.createColors(options.color);
  const summary = summariseForReport(result, thresholdOf(result, options.failOn));
  const verdict = `${summary.verdict.go ? c.green("✔") : c.red("✖")} ${c.bold(printable(summary.verdict.headline))}`;
  if (options.quiet) return `${verdict}\n`;
  const out = options.verbose ? byFile(result, c) : byRule(result, c);
  if (out.length > 0) out.push("");
  out.push(...summaryLines(result, summary, verdict, c));
  return `${out.join("\n")}\n`;
}

/** "a.xml:10:24, :12:24, b.js:3:1": a file is named once for its run of locations. */
function locations(result: ScanResult, findings: readonly Finding[]): string {
  let last = "";
  return findings
    .map((f) => {
      const file = printable(displayName(result, f.file));
      const text = file === last ? `:${f.line}:${f.column}` : `${file}:${f.line}:${f.column}`;
      last = file;
      return text;
    })
    .join(", ");
}

function byRule(result: ScanResult, c: Colors): string[] {
  const paint = painter(c);
  const groups = groupByRule(result, FIRST_LOCATIONS);
  if (groups.length === 0) return [];
  const width = Math.max(...groups.map((g) => String(g.count).length));
  const out = groups.map((g) => {
    const more = g.count > g.first.length ? ` and ${groupDigits(g.count - g.first.length)} more` : "";
    return `${paint[g.severity](g.severity.padEnd(8))}  ${String(g.count).padStart(width)}×  ${printable(g.title)}  ${c.dim(`${printable(g.id)}  ${locations(result, g.first)}${more}`)}`;
  });
  out.push(c.dim(`(one line per rule; --verbose lists every finding with what to do instead)`));
  return out;
}

function byFile(result: ScanResult, c: Colors): string[] {
  const paint = painter(c);
  const out: string[] = [];
  const byFileMap = new Map<string, Finding[]>();
  for (const f of result.findings) {
    const list = byFileMap.get(f.file);
    if (list) list.push(f);
    else byFileMap.set(f.file, [f]);
  }
  for (const [file, findings] of byFileMap) {
    if (out.length > 0) out.push("");
    out.push(c.underline(printable(displayName(result, file))));
    const width = Math.max(...findings.map((f) => `${f.line}:${f.column}`.length));
    for (const f of findings) {
      const where = `${f.line}:${f.column}`.padEnd(width);
      // Code kept inside a data file (a fixture's Client Script) also says where it is in the code.
      const inCode = f.embedded
        ? ` ${c.dim(`(${f.embedded.pointer.slice(f.embedded.pointer.lastIndexOf("/") + 1)} ${f.embedded.line}:${f.embedded.column})`)}`
        : "";
      out.push(
        `  ${c.dim(where)}  ${paint[f.severity](f.severity.padEnd(8))}  ${printable(f.message)}${inCode}  ${c.dim(printable(f.ruleId))}`,
      );
      const pad = `  ${" ".repeat(width)}  ${" ".repeat(8)}  `;
      if (f.replacement) out.push(`${pad}${c.green("→")} ${printable(f.replacement)}`);
      const shared = sharedEffortNote(f);
      if (shared) out.push(`${pad}${c.dim(printable(shared))}`);
    }
  }
  return out;
}

function summaryLines(result: ScanResult, summary: ReturnType<typeof summariseForReport>, verdict: string, c: Colors): string[] {
  const s = result.summary;
  const lines: string[] = [];
  // One line per kind of upgrade, so that a hundred addons do not flood the terminal.
  const groups = new Map<string, string[]>();
  for (const p of result.projects) {
    const hops = p.unchecked ? "not checked: version unknown" : p.hops.length > 0 ? p.hops.join(", ") : "nothing to check";
    const key = `${p.erp} ${p.from} → ${p.to} (${hops})`;
    groups.set(key, [...(groups.get(key) ?? []), p.path === "." ? "(root)" : printable(p.path)]);
  }
  for (const [key, paths] of groups) {
    const names = paths.length <= 3 ? paths.join(", ") : `${paths.length} projects`;
    lines.push(c.dim(`${names}: ${key}`));
  }
  lines.push(verdict);
  if (summary.verdict.detail) lines.push(`  ${printable(summary.verdict.detail)}`);
  const r = summary.readiness;
  const level = SEVERITY_LABELS[summary.threshold].toLowerCase();
  lines.push(
    `  Readiness ${r.score}/100 (${r.band.label}): ${groupDigits(r.clear)} of ${groupDigits(r.units)} files, screens and records clear of ${level}-or-worse findings`,
  );
  const counts = summary.severities.filter((x) => x.count > 0).map((x) => `${groupDigits(x.count)} ${x.severity}`);
  lines.push(
    s.findings === 0
      ? `  No findings; estimated effort 0m`
      : `  ${groupDigits(s.findings)} ${plural(s.findings, "finding")} (${counts.join(", ")}) in ${groupDigits(s.filesWithFindings)} ${plural(s.filesWithFindings, "file")}; estimated effort ${formatEffort(s.effortMinutes, s.effortMaxMinutes)}`,
  );
  for (const lib of libraryGroups(result)) {
    const where = lib.files.length === 1 ? lib.files[0]! : `${groupDigits(lib.files.length)} files`;
    lines.push(
      `  Bundled library ${printable(lib.label)} (${printable(where)}): ${groupDigits(lib.findings)} ${plural(lib.findings, "finding")}; upgrade or replace it (${lib.hours}, counted once)`,
    );
  }
  lines.push(`  Coverage: ${printable(summary.coverage.sentence)}`);
  const unchecked = result.unchecked ?? [];
  if (unchecked.length > 0) {
    // Group the reasons so that a thousand Python files read as one line.
    const reasons = new Map<string, number>();
    for (const u of unchecked) reasons.set(u.reason, (reasons.get(u.reason) ?? 0) + 1);
    const top = [...reasons].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const shown = top.slice(0, 4).map(([reason, n]) => `${groupDigits(n)} × ${printable(reason)}`);
    if (top.length > 4) shown.push(`${top.slice(4).reduce((n, [, k]) => n + k, 0)} other`);
    lines.push(c.yellow(`  Not checked: ${shown.join("; ")} (all in --format json)`));
  }
  return lines;
}
