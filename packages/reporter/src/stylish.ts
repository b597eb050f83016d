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
    out.push(c.underline(file));
    const width = Math.max(...findings.map((f) => `${f.line}:${f.column}`.length));
    for (const f of findings) {
      const where = `${f.line}:${f.column}`.padEnd(width);
      out.push(`  ${c.dim(where)}  ${paint[f.severity](f.severity.padEnd(8))}  ${f.message}  ${c.dim(f.ruleId)}`);
      if (f.replacement) out.push(`  ${" ".repeat(width)}  ${" ".repeat(8)}  ${c.green("→")} ${f.replacement}`);
    }
  }
  if (out.length > 0) out.push("");
  out.push(...summaryLines(result, c));
  return `${out.join("\n")}\n`;
}

function summaryLines(result: ScanResult, c: ReturnType<typeof pc.createColors>): string[] {
  const s = result.summary;
  const lines: string[] = [];
  for (const p of result.projects) {
    const hops = p.hops.length > 0 ? p.hops.join(", ") : "nothing to check";
    lines.push(c.dim(`${p.path === "." ? "(root)" : p.path}: ${p.erp} ${p.from} → ${p.to} (${hops})`));
  }
  const counts = SEVERITY_ORDER.filter((sev) => s.bySeverity[sev] > 0).map((sev) => `${s.bySeverity[sev]} ${sev}`);
  const head =
    s.findings === 0
      ? c.green("✔ No upgrade problems found")
      : c.bold(`✖ ${s.findings} finding${s.findings === 1 ? "" : "s"} (${counts.join(", ")})`);
  lines.push(
    `${head} in ${s.filesScanned} file${s.filesScanned === 1 ? "" : "s"}; estimated effort ${formatEffort(s.effortMinutes, s.effortMaxMinutes)}`,
  );
  if (s.unanalysed > 0)
    lines.push(c.yellow(`${s.unanalysed} file${s.unanalysed === 1 ? " was" : "s were"} not analysed (see "unanalysed" in --format json)`));
  return lines;
}
