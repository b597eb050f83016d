import type { ExtractedFile, Fact, LineIndex, SourceFile, Span } from "@uplift/core";
import type { MatchContext } from "./conditions.js";
import { parseEffort } from "./effort.js";
import { compileRequires } from "./compile.js";
import { editFor, suggestionFor } from "./fixes.js";
import type { Fix } from "./rule-types.js";
import { ownFinding, type OwnCheck } from "./own-finding.js";
import type { Finding } from "./result.js";
import { fillPlaceholders } from "./name-index.js";
import type { TextRegion } from "./rule-types.js";
import { wordsOf, type Hit, type IndexedRule, type RuleIndex } from "./rule-index.js";

export const PARSE_ERROR_RULE = "uplift/parse-error";
const SNIPPET_MAX = 240;

export function snippetAt(lines: LineIndex, line: number): string {
  const text = lines.lineText(line).trim();
  return text.length > SNIPPET_MAX ? `${text.slice(0, SNIPPET_MAX - 1)}…` : text;
}

/**
 * The text with everything outside the given regions blanked (newlines kept), so a text rule
 * matches only where it says it may: code, string literals (in HTML, markup), comments. A file
 * whose adapter does not tell strings from code counts everything outside comments as both.
 */
function maskedText(text: string, extracted: ExtractedFile, regions: ReadonlySet<TextRegion>): string {
  const keepComments = regions.has("comments");
  const known = extracted.strings !== undefined;
  const keepStrings = regions.has("strings") || (!known && regions.has("code"));
  const keepCode = regions.has("code") || (!known && regions.has("strings"));
  if (keepComments && keepStrings && keepCode) return text;
  const blank = (s: string): string => s.replace(/[^\r\n]/g, " ");
  // Every range with what it is; the gaps between them are code.
  const ranges: Array<[number, number, boolean]> = [
    ...extracted.comments.map(([a, b]): [number, number, boolean] => [a, b, keepComments]),
    ...(extracted.strings ?? []).map(([a, b]): [number, number, boolean] => [a, b, keepStrings]),
  ].sort((x, y) => x[0] - y[0]);
  let out = "";
  let at = 0;
  for (const [start, end, keep] of ranges) {
    if (end <= at) continue;
    const from = Math.max(start, at);
    if (from > at) out += keepCode ? text.slice(at, from) : blank(text.slice(at, from));
    out += keep ? text.slice(from, end) : blank(text.slice(from, end));
    at = end;
  }
  if (at < text.length) out += keepCode ? text.slice(at) : blank(text.slice(at));
  return out;
}

/**
 * Every finding of one file: key matches over its facts (and the facts the ERP derives from them,
 * `derived`), then text matches over its text.
 */
export function matchFile(
  file: SourceFile,
  extracted: ExtractedFile,
  index: RuleIndex,
  ctx: MatchContext,
  project: string,
  words: ReadonlySet<string> = wordsOf(file.text, file.language === "html"),
  refs: readonly Fact[] = [],
): Finding[] {
  const facts = refs.length > 0 ? [...extracted.facts, ...refs] : extracted.facts;
  const hits: Hit[] = [];
  for (const fact of facts) index.match(fact, ctx, hits);
  const findings: Finding[] = [];
  const derived = new Set<Finding>();
  const seen = new Set<string>();
  const fixAllowed = new Map<IndexedRule["rule"], boolean>();
  const mayFix = (rule: IndexedRule["rule"]): boolean => {
    const requires = rule.fix?.requires;
    if (!requires) return true;
    let ok = fixAllowed.get(rule);
    if (ok === undefined) fixAllowed.set(rule, (ok = requiredBy(requires)(facts, ctx)));
    return ok;
  };
  const add = (owner: IndexedRule, span: Span, enclosing: string | undefined, fact?: Fact, values?: Record<string, string>): void => {
    const id = `${owner.rule.id}\0${span.line}\0${span.column}`;
    if (seen.has(id)) return;
    seen.add(id);
    const finding = toFinding(owner, span, enclosing, file.path, project, extracted.lines, fact, values, mayFix(owner.rule));
    if (owner.rule.derived) derived.add(finding);
    findings.push(finding);
  };
  // A name-index hit (`ir.cron.numbercall` removed) adds nothing where a rule written for that
  // change, of the same hop, already speaks: at the same place, or (a record's own field,
  // `<field name="numbercall">`, a selection value) on the element that holds it.
  const writtenHits = hits.filter((h) => !h.values);
  const speaks = (w: Hit, fact: Fact, span: Span): boolean =>
    (w.span.line === span.line && w.span.column === span.column) ||
    (w.fact.kind === "element" && (fact.detail?.verb === "record" || fact.detail?.verb === "value") && holds(w.fact.span, fact.span));
  for (const { owner, fact, span, values } of hits) {
    if (values && writtenHits.some((w) => w.owner.hop === owner.hop && speaks(w, fact, span))) continue;
    add(owner, span, fact.enclosing, fact, values);
  }
  const texts = index.textRulesFor(words);
  if (texts.length > 0) {
    const masked = new Map<string, string>();
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
      const regionKey = [...matcher.regions].sort().join(",");
      let text = masked.get(regionKey);
      if (text === undefined) masked.set(regionKey, (text = maskedText(file.text, extracted, matcher.regions)));
      matcher.regex.lastIndex = 0;
      for (const m of text.matchAll(matcher.regex)) {
        if (m[0].length === 0) continue;
        const span = extracted.lines.span(m.index, m.index + m[0].length);
        add(owner, span, enclosingAt(span.line));
      }
    }
  }
  if (derived.size === 0) return findings;
  // A derived rule's finding where a hand-written rule already reports the same place is dropped.
  const written = new Set(findings.filter((f) => !derived.has(f)).map((f) => `${f.line}\0${f.column}`));
  return findings.filter((f) => !derived.has(f) || !written.has(`${f.line}\0${f.column}`));
}

const requirements = new WeakMap<object, ReturnType<typeof compileRequires>>();
function requiredBy(match: NonNullable<Fix["requires"]>): ReturnType<typeof compileRequires> {
  let test = requirements.get(match);
  if (!test) requirements.set(match, (test = compileRequires(match)));
  return test;
}

/** Whether span `outer` holds span `inner` (the tag a written rule flags holds the name the index knows). */
function holds(outer: Span, inner: Span): boolean {
  const before = (l1: number, c1: number, l2: number, c2: number): boolean => l1 < l2 || (l1 === l2 && c1 <= c2);
  return (
    before(outer.line, outer.column, inner.line, inner.column) && before(inner.endLine, inner.endColumn, outer.endLine, outer.endColumn)
  );
}

function toFinding(
  owner: IndexedRule,
  span: Span,
  enclosing: string | undefined,
  path: string,
  project: string,
  lines: LineIndex,
  fact: Fact | undefined,
  values?: Record<string, string>,
  fixable = true,
): Finding {
  const { hop } = owner;
  const rule = values ? withValues(owner.rule, values) : owner.rule;
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
    message: owner.past
      ? `Already broken: removed in ${rule.removedIn ?? hop.to}, before this project's version. ${rule.message}`
      : rule.message,
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
  const symbol = fact?.detail?.symbol;
  if (symbol !== undefined) {
    finding.symbol = symbol;
    if (fact?.detail?.resolvedBy) finding.resolvedBy = fact.detail.resolvedBy;
    if (fact?.detail?.resolvedBy === "types") finding.message = `${finding.message} (Found through declared types: ${symbol}.)`;
  }
  const edit = rule.fix && fixable ? editFor(rule.fix, span, lines) : undefined;
  if (edit) {
    finding.fixable = true;
    finding.fix = { edit };
  }
  const suggestion = rule.suggest ? suggestionFor(rule, span, lines) : undefined;
  if (suggestion) finding.suggestion = { edit: suggestion };
  return finding;
}

/** A rule whose message, replacement and fix quote the name-index entry the finding came from. */
function withValues(rule: IndexedRule["rule"], values: Record<string, string>): IndexedRule["rule"] {
  const filled = { ...rule, message: fillPlaceholders(rule.message, values), replacement: fillPlaceholders(rule.replacement, values) };
  if (rule.fix?.replace) {
    filled.fix = {
      replace: {
        find: fillPlaceholders(rule.fix.replace.find, values, (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")),
        with: fillPlaceholders(rule.fix.replace.with, values, (s) => s.replace(/\$/g, "$$$$")),
      },
    };
  }
  return filled;
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
