import type { ExtractedFile, Fact, LineIndex, SourceFile, Span } from "@uplift/core";
import type { MatchContext } from "./conditions.js";
import { parseEffort } from "./effort.js";
import { editFor, suggestionFor } from "./fixes.js";
import { ownFinding, type OwnCheck } from "./own-finding.js";
import type { Finding } from "./result.js";
import { wordsOf, type IndexedRule, type RuleIndex } from "./rule-index.js";

export const PARSE_ERROR_RULE = "uplift/parse-error";
const SNIPPET_MAX = 240;

export function snippetAt(lines: LineIndex, line: number): string {
  const text = lines.lineText(line).trim();
  return text.length > SNIPPET_MAX ? `${text.slice(0, SNIPPET_MAX - 1)}…` : text;
}

/** Comments blanked out (newlines kept), so text rules never match inside them. */
function withoutComments(text: string, comments: ReadonlyArray<[number, number]>): string {
  if (comments.length === 0) return text;
  let out = "";
  let at = 0;
  for (const [start, end] of comments) {
    out += text.slice(at, start) + text.slice(start, end).replace(/[^\r\n]/g, " ");
    at = end;
  }
  return out + text.slice(at);
}

/** Every finding of one file: key matches over its facts, then text matches over its text. */
export function matchFile(
  file: SourceFile,
  extracted: ExtractedFile,
  index: RuleIndex,
  ctx: MatchContext,
  project: string,
  words: ReadonlySet<string> = wordsOf(file.text),
): Finding[] {
  const hits: Array<{ owner: IndexedRule; fact: Fact }> = [];
  for (const fact of extracted.facts) index.match(fact, ctx, hits);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const add = (owner: IndexedRule, span: Span, enclosing: string | undefined): void => {
    const id = `${owner.rule.id}\0${span.line}\0${span.column}`;
    if (seen.has(id)) return;
    seen.add(id);
    findings.push(toFinding(owner, span, enclosing, file.path, project, extracted.lines));
  };
  for (const { owner, fact } of hits) add(owner, fact.span, fact.enclosing);
  const texts = index.textRulesFor(words);
  if (texts.length > 0) {
    let masked: string | undefined;
    let enclosingByLine: Map<number, string> | undefined;
    const enclosingAt = (line: number): string | undefined => {
      if (!enclosingByLine) {
        enclosingByLine = new Map();
        for (const f of extracted.facts)
          if (f.enclosing && !enclosingByLine.has(f.span.line)) enclosingByLine.set(f.span.line, f.enclosing);
      }
      return enclosingByLine.get(line);
    };
    for (const { owner, matcher } of texts) {
      if (matcher.files && !matcher.files(ctx.projectPath)) continue;
      if (matcher.notFiles?.(ctx.projectPath)) continue;
      const text = matcher.comments ? file.text : (masked ??= withoutComments(file.text, extracted.comments));
      matcher.regex.lastIndex = 0;
      for (const m of text.matchAll(matcher.regex)) {
        if (m[0].length === 0) continue;
        const span = extracted.lines.span(m.index, m.index + m[0].length);
        add(owner, span, enclosingAt(span.line));
      }
    }
  }
  return findings;
}

function toFinding(
  owner: IndexedRule,
  span: Span,
  enclosing: string | undefined,
  path: string,
  project: string,
  lines: LineIndex,
): Finding {
  const { rule, hop } = owner;
  const effort = parseEffort(rule.effort) ?? { min: 0, max: 0 };
  const finding: Finding = {
    project,
    ruleId: rule.id,
    title: rule.title,
    severity: rule.severity,
    change: rule.change,
    hop: hop.label,
    file: path,
    ...span,
    message: owner.past ? `Already broken: removed in ${hop.to}, before this project's version. ${rule.message}` : rule.message,
    replacement: rule.replacement,
    snippet: snippetAt(lines, span.line),
    fingerprint: "",
    effortMinutes: effort.min,
    effortMaxMinutes: effort.max,
    references: rule.references,
    fixable: false,
    impact: { artefacts: [], processes: [] },
  };
  if (enclosing) finding.enclosing = enclosing;
  const edit = rule.fix ? editFor(rule.fix, span, lines) : undefined;
  if (edit) {
    finding.fixable = true;
    finding.fix = { edit };
  }
  const suggestion = rule.suggest ? suggestionFor(rule, span, lines) : undefined;
  if (suggestion) finding.suggestion = { edit: suggestion };
  return finding;
}

const PARSE_ERROR: OwnCheck = {
  ruleId: PARSE_ERROR_RULE,
  title: "File could not be parsed",
  severity: "high",
  change: "unanalysable",
  effortMinutes: 15,
  effortMaxMinutes: 60,
  references: [],
};

/** A file that does not parse: its contents are unknown, which is itself a finding. */
export function parseErrorFinding(file: SourceFile, extracted: ExtractedFile, project: string): Finding | undefined {
  const first = extracted.problems[0];
  if (!first) return undefined;
  const more = extracted.problems.length - 1;
  const span = { line: first.line, column: first.column, endLine: first.line, endColumn: first.column };
  return ownFinding(
    PARSE_ERROR,
    { project, file: file.path, span, snippet: snippetAt(extracted.lines, first.line) },
    `Syntax error: ${first.message}${more > 0 ? ` (and ${more} more)` : ""}. Only what the parser could recover was checked.`,
    "Fix the syntax so the file can be analysed, then scan again.",
  );
}
