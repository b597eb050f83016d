import type { ScanResult } from "@uplift/engine";
import { checklistMarkdown } from "./checklist.js";
import { formatHours, groupDigits } from "./html/effort.js";
import type { ImpactRow } from "./html/impact.js";
import { changeLabel, hopLabel, plural, projectLabel, projectUpgrade, SEVERITY_LABELS } from "./html/labels.js";
import { groupByRule } from "./html/rule-groups.js";
import { planRows, progressView } from "./html/view-sections.js";
import { SCREEN_PROJECTS } from "./html/view-model.js";
import { mdCode, mdInline, mdLink, mdText } from "./markdown-text.js";
import { libraryGroups, libraryLabel } from "./libraries.js";
import { buildReport, type ReportContext, type ReportModel } from "./report-model.js";
import { formatEffort } from "./stylish.js";
import { displayName } from "./subjects.js";

function table(
  head: readonly string[],
  rows: readonly string[][],
  numeric: readonly string[] = ["Findings", "Effort", "Files", "Tests"],
): string[] {
  return [
    `| ${head.join(" | ")} |`,
    `| ${head.map((h) => (numeric.includes(h) ? "---:" : "---")).join(" | ")} |`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ];
}

const worstCell = (row: ImpactRow): string => (row.findings > 0 ? SEVERITY_LABELS[row.worst] : "—");

/**
 * The upgrade-impact report as Markdown, for a wiki page, a ticket or a weekly status mail: the
 * same summary, progress, cost per version, impact, findings (grouped by rule), checklist and
 * blind spots as the HTML page, with the same numbers.
 */
export function renderMarkdown(results: ScanResult | readonly ScanResult[], context: ReportContext): string {
  const model = buildReport(results, context);
  const { result } = model;
  const out: string[] = [
    `# ${mdText(context.title)}`,
    "",
    `Generated ${mdText(context.generatedAt)} by ${mdText(`${result.tool.name} ${result.tool.version}`)} · scanned ${mdCode(result.root)}`,
    "",
  ];
  out.push(...summary(model), ...progress(model), ...plan(model), ...impact(model), ...libraries(model), ...findings(model));
  out.push("## Regression-test checklist", "", checklistMarkdown(model.checklist, 3));
  out.push(...gaps(model), ...method(model));
  return out.join("\n");
}

function summary(model: ReportModel): string[] {
  const { summary: s, result, checklist } = model;
  const r = s.readiness;
  const level = SEVERITY_LABELS[model.threshold].toLowerCase();
  const out = ["## Summary", "", `**${mdText(s.verdict.headline)}**${s.verdict.detail ? ` ${mdText(s.verdict.detail)}` : ""}`, ""];
  out.push(
    `- Readiness: **${r.score}/100** (${r.band.label}): ${groupDigits(r.clear)} of ${groupDigits(r.units)} files, screens and records clear of ${level}-or-worse findings`,
  );
  out.push(`- Effort: **${s.effort.hours}** (≈ ${s.effort.days}); ${level} or worse alone: ${s.effort.blockingHours}`);
  out.push(`- Coverage: ${s.coverage.percent}%: ${mdText(s.coverage.sentence)}`);
  out.push(`- Regression tests: ${groupDigits(checklist.items)}`);
  out.push(`- Findings: ${s.severities.map((x) => `${groupDigits(x.count)} ${x.label.toLowerCase()}`).join(", ")}`);
  if (s.changes.length > 0) out.push(`- By change: ${s.changes.map((c) => `${mdText(c.label)} ${groupDigits(c.count)}`).join(", ")}`);
  if (s.hops.length > 0) out.push(`- By upgrade step: ${s.hops.map((h) => `${mdText(h.label)} ${groupDigits(h.count)}`).join(", ")}`);
  const projects = result.projects.slice(0, SCREEN_PROJECTS);
  out.push(`- Projects: ${groupDigits(result.projects.length)}`);
  for (const p of projects)
    out.push(
      `  - **${mdText(projectLabel(p.path))}**: ${mdText(projectUpgrade(p))} (${mdText(p.unchecked ? "not checked: version unknown" : p.hops.map(hopLabel).join(", ") || "nothing to check")})`,
    );
  if (result.projects.length > projects.length) out.push(`  - and ${groupDigits(result.projects.length - projects.length)} more`);
  out.push("");
  return out;
}

function progress(model: ReportModel): string[] {
  if (!model.progress) return [];
  const v = progressView(model.progress);
  const out = [`## Progress since ${mdText(v.previous)}`, "", mdText(v.headline), ""];
  out.push(
    ...table(
      ["Scan", "Findings", `${v.threshold} or worse`, "Effort left", "Readiness", "Verdict"],
      v.rows.map((r) => [mdText(r.label), groupDigits(r.findings), groupDigits(r.blocking), r.effort, String(r.score), r.verdict]),
      ["Findings", `${v.threshold} or worse`, "Effort left", "Readiness"],
    ),
    "",
  );
  for (const set of v.sets) {
    out.push(`### ${set.title}: ${groupDigits(set.findings)} (${mdText(set.severities)}; ${set.effort})`, "");
    for (const rule of set.rules)
      out.push(`- ${SEVERITY_LABELS[rule.severity]}: ${groupDigits(rule.count)} × ${mdInline(rule.title)} (${mdCode(rule.ruleId)})`);
    if (set.rules.length === 0) out.push("None.");
    out.push("");
  }
  out.push(
    v.cleared.length > 0
      ? `Processes clear of ${v.threshold}-or-worse findings since ${mdText(v.previous)}: ${mdText(v.cleared.join(", "))}.`
      : `No process became clear since ${mdText(v.previous)}.`,
  );
  if (v.newlyAtRisk.length > 0) out.push(`Newly at risk: ${mdText(v.newlyAtRisk.join(", "))}.`);
  out.push("");
  return out;
}

function plan(model: ReportModel): string[] {
  if (model.plan.length === 0) return [];
  const level = SEVERITY_LABELS[model.threshold].toLowerCase();
  return [
    "## Cost per target version",
    "",
    ...table(
      ["Target", "Projects", "Findings", `${level} or worse`, "Effort", "One version more", "Tests", "Readiness"],
      planRows(model.plan).map((r) => [
        mdText(r.target),
        mdText(r.projects),
        `${groupDigits(r.findings)} (${r.severities})`,
        groupDigits(r.blocking),
        r.effort,
        `${r.addedEffort}, +${groupDigits(r.addedTests)} tests`,
        groupDigits(r.tests),
        String(r.score),
      ]),
      ["Findings", `${level} or worse`, "Effort", "Tests", "Readiness"],
    ),
    "",
  ];
}

function impact(model: ReportModel): string[] {
  const im = model.impact;
  const out = ["## Impact", ""];
  if (im.processes.length > 0) {
    const rows = im.processes.map((p) => [
      mdText(p.title),
      worstCell(p),
      groupDigits(p.findings),
      formatHours(p.effort),
      `${groupDigits(p.tests)}${p.sharedTests > 0 ? ` (+${groupDigits(p.sharedTests)} shared)` : ""}`,
      mdText(p.subjects.join(", ")),
    ]);
    rows.push([
      "**Linked to some process** (each finding once)",
      "",
      groupDigits(im.processTotal.findings),
      formatHours(im.processTotal.effort),
      "",
      "",
    ]);
    if (im.unlinked > 0)
      rows.push(["**Not linked to a process**", "", groupDigits(im.unlinkedTotal.findings), formatHours(im.unlinkedTotal.effort), "", ""]);
    out.push(...table(["Process", "Worst", "Findings", "Effort", "Tests", "Screens and records"], rows), "");
  } else {
    out.push("No finding is linked to a business process yet; the impact is shown by project and file.", "");
  }
  const [shown, rest] = [im.projects.slice(0, SCREEN_PROJECTS), im.projects.slice(SCREEN_PROJECTS)];
  for (const p of shown) {
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
    out.push(...table(["Screen, record or file", "Entity / model", "Worst", "Findings", "Effort", "Processes"], rows), "");
  }
  if (rest.length > 0) {
    out.push(`### ${groupDigits(rest.length)} more ${plural(rest.length, "project")}`, "");
    out.push(
      ...table(
        ["Project", "Worst", "Findings", "Effort", "Screens and files"],
        rest.map((p) => [mdText(p.label), worstCell(p), groupDigits(p.findings), formatHours(p.effort), groupDigits(p.subjects.length)]),
        ["Findings", "Effort", "Screens and files"],
      ),
      "",
    );
  }
  return out;
}

function libraries(model: ReportModel): string[] {
  const groups = libraryGroups(model.result);
  if (groups.length === 0) return [];
  const out = [
    "## Bundled libraries",
    "",
    "Third-party code the project ships. Its findings are true, but the work is to upgrade or replace the library, counted once.",
    "",
  ];
  const rows = groups.map((g) => [
    mdText(g.label),
    g.files.map((f) => mdCode(displayName(model.result, f))).join(", "),
    mdText(g.evidence),
    groupDigits(g.findings),
    g.hours,
  ]);
  out.push(...table(["Library", "Files", "Recognised by", "Findings", "Effort (once)"], rows, ["Findings", "Effort (once)"]), "");
  return out;
}

function findings(model: ReportModel): string[] {
  const { result, summary: s } = model;
  const groups = groupByRule(result, Number.POSITIVE_INFINITY);
  const out = ["## Findings by rule", ""];
  if (groups.length === 0) return [...out, "No findings.", ""];
  const rows = groups.map((g) => [
    `${SEVERITY_LABELS[g.severity]}: ${mdInline(g.title)} (${mdCode(g.id, true)})`,
    groupDigits(g.count),
    groupDigits(g.files),
    `${formatHours(g.effort)}${g.related > 0 ? ` (${groupDigits(g.related)} counted with ${mdText(g.relatedTo.join(", "))})` : ""}`,
  ]);
  rows.push(["**All rules**", groupDigits(result.summary.findings), groupDigits(result.summary.filesWithFindings), s.effort.hours]);
  out.push(...table(["Rule", "Findings", "Files", "Effort"], rows), "");
  for (const g of groups) {
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
      const effort = f.relatedTo
        ? `related to ${f.relatedTo}, effort counted there`
        : f.translationOf
          ? `translation of ${displayName(result, f.translationOf.file)}:${f.translationOf.line}, effort counted there`
          : f.library
            ? `bundled library ${libraryLabel(f.library)}, effort counted once for it`
            : formatEffort(f.effortMinutes, f.effortMaxMinutes);
      out.push(
        `- ${mdCode(`${displayName(result, f.file)}:${f.line}:${f.column}`)} ${mdInline(f.message)} (${mdText(effort)}${f.fixable ? ", auto-fix" : ""})`,
      );
      if (f.snippet) out.push(`  ${mdCode(f.snippet)}`);
    }
    out.push("");
  }
  return out;
}

function gaps(model: ReportModel): string[] {
  const { result, summary: s } = model;
  const out = ["## What was not checked", "", `${mdText(s.coverage.sentence)}.`, ""];
  const unchecked = result.unchecked ?? [];
  out.push(
    ...(unchecked.length > 0 ? unchecked.map((u) => `- ${mdCode(u.file)}: ${mdText(u.reason)}`) : ["Every relevant file was checked."]),
    "",
  );
  return out;
}

function method(model: ReportModel): string[] {
  const level = SEVERITY_LABELS[model.threshold].toLowerCase();
  return [
    "## Method",
    "",
    `Readiness = 100 × clear units ÷ units (rounded down): the units are every relevant file the scan checked and every screen, record or other artefact that a ${level}-or-worse finding reaches; a unit is clear when no such finding is in it or reaches it. ` +
      `"Go" needs no ${level}-or-worse finding and every relevant file checked. ` +
      "Effort is the sum of the rules' per-occurrence estimates, low and high ends apart, in days of 8 hours, counted once where several rules hit the same place, once per bundled library (at most 2–8 h) and at the source string for a translation that repeats it; it covers the code change only, not retesting or deployment. " +
      "Coverage counts relevant files only: images, fonts, translations and documentation are not counted.",
    "",
  ];
}
