import type { Finding, ScanResult, Severity } from "@uplift/engine";
import pc from "picocolors";

export interface StylishOptions {
  color: boolean;
}

const SEVERITY_ORDER: Severity[] = ["critical", "high", "medium", "low"];

export function formatEffort(minutes: number, maxMinutes = minutes): string {
  const one = (m: number): string => (m < 60 ? `${m}m` : `${Math.round((m / 60) * 10) / 10}h`);
  return maxMinutes > minutes ? `${one(minutes)}–${one(maxMinutes)}` : one(minutes);
}

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F]/g;

/**
 * Text from the scanned tree (file names, parser messages) shown at a terminal: control characters
 * are shown as `\xHH` escapes, so that a file named with an escape sequence cannot drive the terminal.
 */
export function printable(text: string): string {
  return text.replace(CONTROL, (ch) => `\\x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

/** The terminal view: findings grouped by file, the replacement under each, a summary last. */
export function renderStylish(result: ScanResult, options: StylishOptions): string {
  const c = pc.createColors(options.color);
  const paint: Record<Severity, (s: string) => string> = {
    critical: (s) => c.bold(c.red(s)),
    high: c.red,
    medium: c.yellow,
    low: c.dim,
  };
  const out: string[] = [];
  let current: string | undefined;
  const byFile = new Map<string, Finding[]>();
  for (const f of result.findings) {
    const list = byFile.get(f.file);
    if (list) list.push(f);
    else byFile.set(f.file, [f]);
  }
  for (const [file, findings] of byFile) {
    if (current !== undefined) out.push("");
    current = file;
    out.push(c.underline(printable(file)));
    const width = Math.max(...findings.map((f) => `${f.line}:${f.column}`.length));
    for (const f of findings) {
      const where = `${f.line}:${f.column}`.padEnd(width);
      out.push(`  ${c.dim(where)}  ${paint[f.severity](f.severity.padEnd(8))}  ${printable(f.message)}  ${c.dim(printable(f.ruleId))}`);
      if (f.replacement) out.push(`  ${" ".repeat(width)}  ${" ".repeat(8)}  ${c.green("→")} ${printable(f.replacement)}`);
    }
  }
  if (out.length > 0) out.push("");
  out.push(...summaryLines(result, c));
  return `${out.join("\n")}\n`;
}

function summaryLines(result: ScanResult, c: ReturnType<typeof pc.createColors>): string[] {
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
  const counts = SEVERITY_ORDER.filter((sev) => s.bySeverity[sev] > 0).map((sev) => `${s.bySeverity[sev]} ${sev}`);
  const head =
    s.findings === 0
      ? c.green("✔ No upgrade problems found")
      : c.bold(`✖ ${s.findings} finding${s.findings === 1 ? "" : "s"} (${counts.join(", ")})`);
  lines.push(
    `${head} in ${s.filesScanned} file${s.filesScanned === 1 ? "" : "s"} scanned; estimated effort ${formatEffort(s.effortMinutes, s.effortMaxMinutes)}`,
  );
  if (s.unanalysed > 0) {
    // Group the reasons so that a thousand Python files read as one line.
    const reasons = new Map<string, number>();
    for (const u of result.unanalysed) reasons.set(u.reason, (reasons.get(u.reason) ?? 0) + 1);
    const top = [...reasons].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const shown = top.slice(0, 4).map(([reason, n]) => `${n} × ${printable(reason)}`);
    if (top.length > 4) shown.push(`${top.slice(4).reduce((n, [, k]) => n + k, 0)} other`);
    lines.push(
      c.yellow(`${s.unanalysed} file${s.unanalysed === 1 ? " was" : "s were"} not analysed: ${shown.join("; ")} (all in --format json)`),
    );
  }
  return lines;
}
