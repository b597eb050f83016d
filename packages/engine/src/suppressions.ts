import type { ExtractedFile, LineIndex, SourceFile } from "@uplift/core";
import { snippetAt } from "./match-file.js";
import { ownFinding, type OwnCheck } from "./own-finding.js";
import type { Finding } from "./result.js";

export const UNUSED_SUPPRESSION_RULE = "uplift/unused-suppression";
export const UNEXPLAINED_SUPPRESSION_RULE = "uplift/suppression-without-reason";

/** `uplift-ignore-next-line <ruleId>[, <ruleId>…] -- <reason>` (or ` - <reason>`) in a comment of the file. */
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
  // An XML start tag often spans lines (one attribute a line): a directive covers all of it.
  let tagEnds: Map<number, number> | undefined;
  if (file.language === "xml" && extracted.comments.length > 0) {
    tagEnds = new Map();
    for (const f of extracted.facts) {
      if (f.kind === "element" && !f.key.startsWith("/") && !tagEnds.has(f.span.line)) tagEnds.set(f.span.line, f.span.endLine);
    }
  }
  for (const [start, end] of extracted.comments) {
    const text = file.text.slice(start, end);
    if (!text.includes("uplift-ignore-next-line")) continue;
    for (const m of text.matchAll(DIRECTIVE)) {
      const body = m[1]!.replace(/(\*\/|-->)\s*$/, "").trim();
      // XML forbids `--` inside a comment, so a single dash between spaces separates the reason too.
      const [ids = "", ...rest] = body.split(/\s--\s?|^--\s?|\s-\s/);
      const reason = rest.join(" - ").trim();
      const at = extracted.lines.position(start + m.index);
      const target = extracted.lines.position(end).line + 1;
      out.push({
        line: at.line,
        column: at.column,
        target,
        targetEnd: tagEnds?.get(target) ?? target,
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
 * A file's suppression comments. A suppression must say why (one without a reason still silences,
 * but is a finding of its own) and must silence something (an unused one is reported, so stale
 * ones do not pile up). Directives are found by line, so a file full of them costs no more than
 * its size.
 */
export class Suppressions {
  readonly #directives: Directive[];
  readonly #byLine = new Map<number, Directive[]>();
  suppressed = 0;

  constructor(
    private readonly file: SourceFile,
    private readonly extracted: ExtractedFile,
  ) {
    this.#directives = parseDirectives(file, extracted);
    for (const d of this.#directives) {
      for (let line = d.target; line <= d.targetEnd; line++) {
        const list = this.#byLine.get(line);
        if (list) list.push(d);
        else this.#byLine.set(line, [d]);
      }
    }
  }

  /** Whether a finding of this rule on this line is silenced; counts it when it is. */
  silences(ruleId: string, line: number): boolean {
    const d = this.#byLine.get(line)?.find((x) => x.rules.some((r) => covers(r, ruleId)));
    if (!d) return false;
    d.used = true;
    this.suppressed++;
    return true;
  }

  /** The findings about the directives themselves: unused ones, and ones without a reason. */
  findings(project: string): Finding[] {
    const out: Finding[] = [];
    const { file, extracted } = this;
    for (const d of this.#directives) {
      if (d.rules.length === 0 || !d.used) {
        const message =
          d.rules.length === 0
            ? "This suppression names no rule, so it silences nothing."
            : `This suppression of ${d.rules.join(", ")} silences nothing on line ${d.target}.`;
        out.push(
          directiveFinding(
            UNUSED_SUPPRESSION_RULE,
            d,
            file.path,
            project,
            extracted.lines,
            message,
            "Remove the comment, or name the rule that fires on the next line.",
          ),
        );
      } else if (!d.reason) {
        out.push(
          directiveFinding(
            UNEXPLAINED_SUPPRESSION_RULE,
            d,
            file.path,
            project,
            extracted.lines,
            `The suppression of ${d.rules.join(", ")} gives no reason.`,
            "Add why after two dashes (one in XML): uplift-ignore-next-line <rule> -- <reason>.",
          ),
        );
      }
    }
    return out;
  }
}

/** Applies a file's suppression comments to findings already made. */
export function applySuppressions(
  file: SourceFile,
  extracted: ExtractedFile,
  findings: Finding[],
  project: string,
): { kept: Finding[]; suppressed: number } {
  const suppressions = new Suppressions(file, extracted);
  const kept = findings.filter((f) => !suppressions.silences(f.ruleId, f.line));
  return { kept: [...kept, ...suppressions.findings(project)], suppressed: suppressions.suppressed };
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
