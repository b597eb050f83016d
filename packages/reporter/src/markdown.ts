import type { ScanResult } from "@uplift/engine";
import { buildChecklist, checklistMarkdown } from "./checklist.js";
import { formatHours, groupDigits } from "./html/effort.js";
import { impactOf, type ImpactRow } from "./html/impact.js";
import { changeLabel, hopLabel, plural, projectLabel, projectUpgrade, SEVERITY_LABELS } from "./html/labels.js";
import { HALF_SCORE_POINTS, SEVERITY_WEIGHTS } from "./html/readiness.js";
import { groupByRule } from "./html/rule-groups.js";
import { summariseForReport } from "./html/summary.js";
import type { ReportContext } from "./html/view-model.js";
import { mdCode, mdInline, mdLink, mdText } from "./markdown-text.js";
import { prepareResult } from "./merge.js";
import { formatEffort } from "./stylish.js";

function table(head: readonly string[], rows: readonly string[][]): string[] {
  return [
    `| ${head.join(" | ")} |`,
    `| ${head.map((h) => (/^(Findings|Effort|Files)$/.test(h) ? "---:" : "---")).join(" | ")} |`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ];
}

const worstCell = (row: ImpactRow): string => (row.findings > 0 ? SEVERITY_LABELS[row.worst] : "—");

/**
 * The upgrade-impact report as Markdown, for a wiki page or a ticket: the same summary, impact,
 * findings (every one, grouped by rule), checklist and blind spots as the HTML page.
 */
export function renderMarkdown(results: ScanResult | readonly ScanResult[], context: ReportContext): string {
  const result = prepareResult(results);
  const s = summariseForReport(result);
  const impact = impactOf(result);
  const out: string[] = [
    `# ${mdText(context.title)}`,
    "",
    `Generated ${mdText(context.generatedAt)} by ${mdText(`${result.tool.name} ${result.tool.version}`)} · scanned ${mdCode(result.root)}`,
    "",
  ];
  for (const p of result.projects)
    out.push(
      `- **${mdText(projectLabel(p.path))}**: ${mdText(projectUpgrade(p))} (${mdText(p.unchecked ? "not checked: version unknown" : p.hops.map(hopLabel).join(", ") || "nothing to check")})`,
    );

  out.push("", "## Summary", "", `**${mdText(s.verdict.headline)}**${s.verdict.detail ? ` ${mdText(s.verdict.detail)}` : ""}`, "");
  out.push(`- Readiness: **${s.readiness.score}/100** (${s.readiness.band.label}; ${groupDigits(s.readiness.points)} weighted points)`);
  out.push(`- Effort: **${s.effort.hours}** (≈ ${s.effort.days}); the critical findings alone: ${s.effort.blockingHours}`);
  out.push(`- Coverage: ${s.coverage.percent}% (${groupDigits(s.coverage.analysed)} of ${groupDigits(s.coverage.total)} files analysed)`);
  out.push(`- Findings: ${s.severities.map((x) => `${groupDigits(x.count)} ${x.label.toLowerCase()}`).join(", ")}`);
  if (s.changes.length > 0) out.push(`- By change: ${s.changes.map((c) => `${mdText(c.label)} ${groupDigits(c.count)}`).join(", ")}`);
  if (s.hops.length > 0) out.push(`- By upgrade step: ${s.hops.map((h) => `${mdText(h.label)} ${groupDigits(h.count)}`).join(", ")}`);

  out.push("", "## Impact", "");
  if (impact.processes.length > 0) {
    out.push(
      ...table(
        ["Process", "Worst", "Findings", "Effort", "Screens and objects"],
        impact.processes.map((p) => [
          mdText(p.title),
          worstCell(p),
          groupDigits(p.findings),
          formatHours(p.effort),
          mdText(p.subjects.join(", ")),
        ]),
      ),
      "",
    );
  } else {
    out.push("No finding is linked to a business process yet; the impact is shown by project and file.", "");
  }
  for (const p of impact.projects) {
    out.push(`### ${mdText(p.label)} (${mdText(p.upgrade)})`, "");
    if (p.subjects.length === 0) {
      out.push("No findings.", "");
      continue;
    }
    const rows = p.subjects.map((x) => [
      x.kind === "file" ? mdCode(x.name, true) : mdText(`${x.type} ${x.name}`),
      x.record ? mdCode(x.record, true) : "—",
      worstCell(x),
      groupDigits(x.findings),
      formatHours(x.effort),
      mdText(x.processes.join(", ") || "—"),
    ]);
    out.push(...table(["Artefact or file", "Entity / model", "Worst", "Findings", "Effort", "Processes"], rows), "");
  }

  out.push("## Findings by rule", "");
  for (const g of groupByRule(result, Number.POSITIVE_INFINITY)) {
    out.push(`### ${SEVERITY_LABELS[g.severity]}: ${mdInline(g.title)}`, "");
    out.push(
      `${mdCode(g.id)} · ${groupDigits(g.count)} ${plural(g.count, "finding")} in ${groupDigits(g.files)} ${plural(g.files, "file")} · ${mdText(changeLabel(g.change))}${g.hop ? ` · ${mdText(hopLabel(g.hop))}` : ""} · ${formatHours(g.effort)}${g.fixable > 0 ? ` · ${groupDigits(g.fixable)} auto-fixable` : ""}`,
      "",
    );
    if (g.rule?.replacement) out.push(`**Do instead:** ${mdInline(g.rule.replacement)}`, "");
    if (g.rule?.docs) out.push(mdInline(g.rule.docs), "");
    if (g.rule?.doubt) out.push(`**Doubt:** ${mdInline(g.rule.doubt)}`, "");
    if (g.rule && g.rule.references.length > 0) out.push(`References: ${g.rule.references.map(mdLink).join(", ")}`, "");
    for (const f of g.first) {
      const effort = formatEffort(f.effortMinutes, f.effortMaxMinutes);
      out.push(`- ${mdCode(`${f.file}:${f.line}:${f.column}`)} ${mdInline(f.message)} (${effort}${f.fixable ? ", auto-fix" : ""})`);
      if (f.snippet) out.push(`  ${mdCode(f.snippet)}`);
    }
    out.push("");
  }
  if (result.findings.length === 0) out.push("No findings.", "");

  out.push("## Regression-test checklist", "", checklistMarkdown(buildChecklist(result), 3));

  out.push("## What could not be analysed", "");
  const blind = [
    ...result.findings.filter((f) => f.change === "unanalysable").map((f) => `- ${mdCode(f.file)}: ${mdText(f.message)} (line ${f.line})`),
    ...result.unanalysed.map((u) => `- ${mdCode(u.file)}: ${mdText(u.reason)}`),
  ];
  out.push(...(blind.length > 0 ? blind : ["Every file in scope was read and parsed."]), "");

  const weights = Object.entries(SEVERITY_WEIGHTS).map(([sev, w]) => `${sev} ${w}`);
  out.push(
    "## Method",
    "",
    `Readiness = 100 × ${HALF_SCORE_POINTS} ÷ (${HALF_SCORE_POINTS} + points), where every finding weighs by its severity (${weights.join(", ")}). ` +
      "Effort is the sum of the rules' per-occurrence estimates, low and high ends apart, in days of 8 hours; it covers the code change only, not retesting or deployment. " +
      "Only changes that a rule describes are found; files listed as not analysed count for nothing.",
    "",
  );
  return out.join("\n");
}
