import { vueScriptRanges, type ExtractedFile, type Fact, type LineIndex, type SourceFile, type Span } from "@uplift/core";
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

/** Occurrences of one rule in one file listed one by one; the rest are counted in one more finding. */
export const DEFAULT_MAX_PER_RULE = 100;

export interface MatchOptions {
  /** Whether a suppression comment silences a finding of this rule on this line (it is then not made). */
  silenced?: (ruleId: string, line: number) => boolean;
  maxPerRule?: number;
}

interface Overflow {
  owner: IndexedRule;
  span: Span;
  enclosing: string | undefined;
  fact: Fact | undefined;
  values: Record<string, string> | undefined;
  count: number;
  min: number;
  max: number;
}

/**
 * Every finding of one file: key matches over its facts (and the facts the ERP derives from them,
 * `derived`), then text matches over its text. Past
 * `maxPerRule` occurrences of one rule, the rest are not made one by one: a single finding at the
 * first of them carries their count and their total effort, so a file of ten thousand identical
 * lines costs no more memory than a file of a hundred.
 */
export function matchFile(
  file: SourceFile,
  extracted: ExtractedFile,
  index: RuleIndex,
  ctx: MatchContext,
  project: string,
  words: ReadonlySet<string> = wordsOf(file.text, file.language === "html"),
  refs: readonly Fact[] = [],
  options: MatchOptions = {},
): Finding[] {
  const facts = refs.length > 0 ? [...extracted.facts, ...refs] : extracted.facts;
  const hits: Hit[] = [];
  const fileCtx: MatchContext = { ...ctx, facts };
  for (const fact of facts) index.match(fact, fileCtx, hits);
  const findings: Finding[] = [];
  const derived = new Set<Finding>();
  const yielding = new Map<string, readonly string[]>();
  const seen = new Set<string>();
  const limit = options.maxPerRule ?? DEFAULT_MAX_PER_RULE;
  const counts = new Map<string, number>();
  const overflows = new Map<string, Overflow>();
  const fixAllowed = new Map<IndexedRule["rule"], boolean>();
  const mayFix = (rule: IndexedRule["rule"]): boolean => {
    const requires = rule.fix?.requires;
    if (!requires) return true;
    let ok = fixAllowed.get(rule);
    if (ok === undefined) fixAllowed.set(rule, (ok = requiredBy(requires)(facts, ctx)));
    return ok;
  };
  // A Vue component's template and styles are text that text rules read, never code a fix writes.
  let scripts: Array<[number, number]> | undefined;
  const writable = (span: Span): boolean => {
    if (file.language !== "vue") return true;
    scripts ??= vueScriptRanges(file.text);
    const start = extracted.lines.offset(span.line, span.column);
    const end = extracted.lines.offset(span.endLine, span.endColumn);
    return scripts.some(([a, b]) => a <= start && end <= b);
  };
  const add = (owner: IndexedRule, span: Span, enclosing: string | undefined, fact?: Fact, values?: Record<string, string>): void => {
    const ruleId = owner.rule.id;
    const id = `${ruleId}\0${span.line}\0${span.column}`;
    if (seen.has(id)) return;
    seen.add(id);
    if (options.silenced?.(ruleId, span.line)) return;
    const n = counts.get(ruleId) ?? 0;
    counts.set(ruleId, n + 1);
    if (owner.rule.yieldsTo) yielding.set(ruleId, owner.rule.yieldsTo);
    if (n < limit) {
      const finding = toFinding(
        owner,
        span,
        enclosing,
        file.path,
        project,
        extracted.lines,
        fact,
        values,
        mayFix(owner.rule) && writable(span),
      );
      if (owner.rule.derived) derived.add(finding);
      findings.push(finding);
      return;
    }
    const effort = parseEffort(owner.rule.effort) ?? { min: 0, max: 0 };
    const o = overflows.get(ruleId);
    if (o) {
      o.count++;
      o.min += effort.min;
      o.max += effort.max;
    } else overflows.set(ruleId, { owner, span, enclosing, fact, values, count: 1, min: effort.min, max: effort.max });
  };
  // A name-index hit (`ir.cron.numbercall` removed) adds nothing where a rule written for that
  // change, of the same hop, already speaks: at the same place, or (a record's own field,
  // `<field name="numbercall">`, a selection value) on the element that holds it.
  const speaks = writtenSpeaks(hits.filter((h) => !h.values));
  for (const { owner, fact, span, values } of hits) {
    if (values && speaks(owner.hop, fact, span)) continue;
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
      for (const m of matcher.regex.matchAll(text)) {
        const length = m[0]?.length ?? 0;
        if (length === 0) continue;
        const span = extracted.lines.span(m.index, m.index + length);
        add(owner, span, enclosingAt(span.line));
      }
    }
  }
  const summaries = [...overflows.values()].map((o) =>
    summaryFinding(o, limit, file.path, project, extracted.lines, mayFix(o.owner.rule) && writable(o.span)),
  );
  const kept = withoutYielded(findings, yielding);
  if (derived.size === 0) return [...kept, ...summaries];
  // A derived rule's finding where a hand-written rule already reports the same place is dropped.
  const written = new Set(kept.filter((f) => !derived.has(f)).map((f) => `${f.line}\0${f.column}`));
  return [...kept.filter((f) => !derived.has(f) || !written.has(`${f.line}\0${f.column}`)), ...summaries];
}

/** Drops the finding of a rule where a rule it yields to (`yieldsTo`) reports the same place. */
function withoutYielded(findings: Finding[], yielding: ReadonlyMap<string, readonly string[]>): Finding[] {
  if (yielding.size === 0) return findings;
  const at = new Set(findings.map((f) => `${f.ruleId}\0${f.line}\0${f.column}`));
  return findings.filter((f) => !yielding.get(f.ruleId)?.some((other) => at.has(`${other}\0${f.line}\0${f.column}`)));
}

/** The one finding that stands for a rule's occurrences past the limit, from the first of them on. */
function summaryFinding(o: Overflow, limit: number, path: string, project: string, lines: LineIndex, fixable: boolean): Finding {
  // One occurrence past the limit stands for nothing else: it is an ordinary finding.
  if (o.count === 1) return toFinding(o.owner, o.span, o.enclosing, path, project, lines, o.fact, o.values, fixable);
  const finding = toFinding(o.owner, o.span, o.enclosing, path, project, lines, o.fact, o.values, false);
  finding.message = `${finding.message} [This finding stands for ${o.count} occurrences, from here to the end of the file: past ${limit} occurrences of one rule in a file, the rest are counted, not listed.]`;
  finding.effortMinutes = o.min;
  finding.effortMaxMinutes = o.max;
  finding.occurrences = o.count;
  delete finding.fix;
  finding.fixable = false;
  return finding;
}

const requirements = new WeakMap<object, ReturnType<typeof compileRequires>>();
function requiredBy(match: NonNullable<Fix["requires"]>): ReturnType<typeof compileRequires> {
  let test = requirements.get(match);
  if (!test) requirements.set(match, (test = compileRequires(match)));
  return test;
}

/**
 * Whether a written rule's hit of a hop speaks where a name-index hit stands: at the same place, or
 * (a record's own field, a selection value) on the element whose tag holds it. Start tags never
 * overlap, so the one tag that may hold a place is the last one starting before it: found by
 * binary search, so that a file of many hits costs n log n, not n².
 */
function writtenSpeaks(written: readonly Hit[]): (hop: Hit["owner"]["hop"], fact: Fact, span: Span) => boolean {
  const places = new Set(written.map((w) => `${w.owner.hop.label}\0${w.span.line}\0${w.span.column}`));
  const tags = new Map<Hit["owner"]["hop"], Span[]>();
  for (const w of written) {
    if (w.fact.kind !== "element") continue;
    const list = tags.get(w.owner.hop) ?? [];
    list.push(w.fact.span);
    tags.set(w.owner.hop, list);
  }
  const order = (a: Span, b: Span): number => a.line - b.line || a.column - b.column;
  for (const list of tags.values()) list.sort(order);
  return (hop, fact, span) => {
    if (places.has(`${hop.label}\0${span.line}\0${span.column}`)) return true;
    if (fact.detail?.verb !== "record" && fact.detail?.verb !== "value") return false;
    const list = tags.get(hop);
    if (!list) return false;
    let lo = 0;
    let hi = list.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (order(list[mid]!, fact.span) <= 0) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    // Equal starts (a tag flagged by two rules) sit together: any of them may hold it.
    for (let i = found; i >= 0 && order(list[i]!, list[found]!) === 0; i--) if (holds(list[i]!, fact.span)) return true;
    return false;
  };
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
  // The line, the snippet and the fix stay where the finding stands; only the region grows.
  const end = coveredEnd(rule, fact);
  if (end) {
    finding.endLine = end.line;
    finding.endColumn = end.column;
  }
  return finding;
}

/**
 * Where a finding of a rule that covers the element ends: an element at its closing tag, an
 * attribute at the end of the start tag that carries it.
 */
function coveredEnd(rule: IndexedRule["rule"], fact: Fact | undefined): { line: number; column: number } | undefined {
  if (rule.covers !== "element" || !fact) return undefined;
  if (fact.kind === "element") return fact.detail?.elementEnd;
  if (fact.kind === "attribute") return fact.detail?.tagEnd;
  return undefined;
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
  const errors = extracted.problems.filter((p) => !p.parserGap);
  const first = errors[0];
  if (!first) return undefined;
  const more = errors.length - 1 + (extracted.moreProblems ?? 0);
  const span = { line: first.line, column: first.column, endLine: first.line, endColumn: first.column };
  return ownFinding(
    PARSE_ERROR,
    { project, file: file.path, span, snippet: snippetAt(extracted.lines, first.line) },
    `Syntax error: ${first.message}${more > 0 ? ` (and ${more} more)` : ""}. Only what the parser could recover was checked.`,
    "Fix the syntax so the file can be analysed, then scan again.",
  );
}

/**
 * Why a file whose code the parser only partly knows is unchecked (the places it could not read are
 * the parser's gaps, not the code's errors; see `ParseProblem.parserGap`), or undefined when it has none.
 */
export function parserGapReason(extracted: ExtractedFile): string | undefined {
  const gaps = extracted.problems.filter((p) => p.parserGap);
  const first = gaps[0];
  if (!first) return undefined;
  const more = gaps.length > 1 ? ` (and ${gaps.length - 1} more)` : "";
  if (first.wholeFile)
    return `line ${first.line}: ${first.message}; the parser reads the file whole or not at all, so nothing in it was checked`;
  return `line ${first.line}: ${first.message}${more}; the parser does not read it, the rest of the file was checked`;
}
