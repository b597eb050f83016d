import type { ExtractedFile, LineIndex, SourceFile } from "@uplift/core";
import { snippetAt } from "./match-file.js";
import { ownFinding, type OwnCheck } from "./own-finding.js";
import type { Finding } from "./result.js";

export const UNUSED_SUPPRESSION_RULE = "uplift/unused-suppression";
export const UNEXPLAINED_SUPPRESSION_RULE = "uplift/suppression-without-reason";

/** `uplift-ignore-next-line <ruleId>[, <ruleId>…] -- <reason>` in a comment of the file. */
interface Directive {
  line: number;
  column: number;
  /** The lines it silences: the next line, or in XML the whole next start tag. */
  target: number;
  targetEnd: number;
  rules: string[];
  reason: string | undefined;
  used: boolean;
}

const DIRECTIVE = /uplift-ignore-next-line\b([^\n]*)/g;

function parseDirectives(file: SourceFile, extracted: ExtractedFile): Directive[] {
  const out: Directive[] = [];
  for (const [start, end] of extracted.comments) {
    const text = file.text.slice(start, end);
    for (const m of text.matchAll(DIRECTIVE)) {
      const body = m[1]!.replace(/(\*\/|-->)\s*$/, "").trim();
      const [ids = "", ...rest] = body.split(/\s--\s?|^--\s?/);
      const reason = rest.join(" -- ").trim();
      const at = extracted.lines.position(start + m.index);
      const commentEnd = extracted.lines.position(end);
      const target = commentEnd.line + 1;
      // An XML start tag often spans lines (one attribute a line): the directive covers all of it.
      const tag =
        file.language === "xml"
          ? extracted.facts.find((f) => f.kind === "element" && !f.key.startsWith("/") && f.span.line === target)
          : undefined;
      out.push({
        line: at.line,
        column: at.column,
        target,
        targetEnd: tag ? tag.span.endLine : target,
        rules: ids.split(/[\s,]+/).filter(Boolean),
        reason: reason || undefined,
        used: false,
      });
    }
  }
  return out;
}

function covers(pattern: string, ruleId: string): boolean {
  return pattern === ruleId || (pattern.endsWith("*") && ruleId.startsWith(pattern.slice(0, -1)));
}

/**
 * Applies a file's suppression comments to its findings. A suppression must say why (one without
 * a reason still silences, but is a finding of its own) and must silence something (an unused one
 * is reported, so stale ones do not pile up).
 */
export function applySuppressions(
  file: SourceFile,
  extracted: ExtractedFile,
  findings: Finding[],
  project: string,
): { kept: Finding[]; suppressed: number } {
  const directives = parseDirectives(file, extracted);
  if (directives.length === 0) return { kept: findings, suppressed: 0 };
  const kept: Finding[] = [];
  let suppressed = 0;
  for (const f of findings) {
    const d = directives.find((x) => f.line >= x.target && f.line <= x.targetEnd && x.rules.some((r) => covers(r, f.ruleId)));
    if (d) {
      d.used = true;
      suppressed++;
    } else kept.push(f);
  }
  for (const d of directives) {
    if (d.rules.length === 0 || !d.used) {
      kept.push(
        directiveFinding(
          UNUSED_SUPPRESSION_RULE,
          d,
          file.path,
          project,
          extracted.lines,
          d.rules.length === 0
            ? "This suppression names no rule, so it silences nothing."
            : `This suppression of ${d.rules.join(", ")} silences nothing on line ${d.target}.`,
          "Remove the comment, or name the rule that fires on the next line.",
        ),
      );
    } else if (!d.reason) {
      kept.push(
        directiveFinding(
          UNEXPLAINED_SUPPRESSION_RULE,
          d,
          file.path,
          project,
          extracted.lines,
          `The suppression of ${d.rules.join(", ")} gives no reason.`,
          "Add why after two dashes: uplift-ignore-next-line <rule> -- <reason>.",
        ),
      );
    }
  }
  return { kept, suppressed };
}

const UNUSED: OwnCheck = {
  ruleId: UNUSED_SUPPRESSION_RULE,
  title: "Unused suppression",
  severity: "low",
  change: "unanalysable",
  effortMinutes: 2,
  effortMaxMinutes: 2,
  references: [],
};
const UNEXPLAINED: OwnCheck = {
  ...UNUSED,
  ruleId: UNEXPLAINED_SUPPRESSION_RULE,
  title: "Suppression without a reason",
  severity: "medium",
};

function directiveFinding(
  ruleId: string,
  d: Directive,
  file: string,
  project: string,
  lines: LineIndex,
  message: string,
  replacement: string,
): Finding {
  const span = { line: d.line, column: d.column, endLine: d.line, endColumn: d.column + "uplift-ignore-next-line".length };
  return ownFinding(
    ruleId === UNUSED_SUPPRESSION_RULE ? UNUSED : UNEXPLAINED,
    { project, file, span, snippet: snippetAt(lines, d.line) },
    message,
    replacement,
  );
}
