import { extractFacts, LineIndex, vueScriptRanges, type ExtractedFile, type SourceFile, type Span } from "@uplift/core";
import { createRequire } from "node:module";
import { compileRulePattern, type RulePattern } from "./regex-safety.js";
import type { Finding } from "./result.js";
import type { Fix, Rule } from "./rule-types.js";

/** One replacement in a file, by offsets. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** The patterns of fixes, compiled once per process. */
const finds = new Map<string, RulePattern | string>();

/** The edit a rule's declarative fix makes at a finding's span, or nothing if it does not apply. */
export function editFor(fix: Fix, span: Span, lines: LineIndex): Edit | undefined {
  const start = lines.offset(span.line, span.column);
  const end = lines.offset(span.endLine, span.endColumn);
  const text = lines.text;
  if (fix.remove === "span" || fix.remove === "attribute") {
    // An attribute takes the blank before it along, so `<t a="1" owl="1">` becomes `<t a="1">`.
    let from = start;
    if (fix.remove === "attribute") while (from > 0 && /[ \t]/.test(text[from - 1]!)) from--;
    return { start: from, end, text: "" };
  }
  if (fix.replace) {
    const original = text.slice(start, end);
    let re = finds.get(fix.replace.find);
    if (re === undefined) finds.set(fix.replace.find, (re = compileRulePattern(fix.replace.find)));
    if (typeof re === "string" || !re.test(original)) return undefined;
    return { start, end, text: re.replaceFirst(original, fix.replace.with) };
  }
  return undefined;
}

/** A rule's suggestions, in the order they are tried. */
export function suggestionsOf(rule: Pick<Rule, "suggest">): Fix[] {
  return rule.suggest === undefined ? [] : Array.isArray(rule.suggest) ? rule.suggest : [rule.suggest];
}

/** The edit of the first suggestion that applies at a finding's span. */
export function suggestionFor(rule: Pick<Rule, "suggest">, span: Span, lines: LineIndex): Edit | undefined {
  for (const s of suggestionsOf(rule)) {
    const edit = editFor(s, span, lines);
    if (edit) return edit;
  }
  return undefined;
}

/** Applies edits that do not overlap, in order; an overlapping one is left for the next run. */
export function applyEdits(text: string, edits: readonly Edit[]): { text: string; applied: number } {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = "";
  let at = 0;
  let applied = 0;
  for (const e of sorted) {
    if (e.start < at) continue;
    out += text.slice(at, e.start) + e.text;
    at = e.end;
    applied++;
  }
  return { text: out + text.slice(at), applied };
}

export interface FixOutcome {
  file: string;
  before: string;
  after: string;
  applied: number;
  /** Why the file was left alone, if it was. */
  refused?: string;
}

/**
 * Fixes one file: applies the edits of its fixable findings and re-reads the result with the
 * same adapter. A fix that would leave the file with more syntax problems than it had is refused:
 * Uplift never writes a file that no longer parses.
 */
export function fixFile(file: SourceFile, findings: readonly Finding[], which: "fix" | "suggestion" = "fix"): FixOutcome {
  // A line break a fix writes takes the file's own line ending.
  const eol = /\r\n/.test(file.text) ? "\r\n" : /\r(?!\n)/.test(file.text) && !file.text.includes("\n") ? "\r" : "\n";
  const edits = findings.flatMap((f) => {
    const change = which === "fix" ? f.fix : f.suggestion;
    return change ? [{ ...change.edit, text: change.edit.text.replace(/\r\n|\r|\n/g, eol) }] : [];
  });
  const inCode = file.language === "vue" ? insideScripts(file.text, edits) : edits;
  const { text, applied } = applyEdits(file.text, inCode);
  const outcome: FixOutcome = { file: file.path, before: file.text, after: text, applied };
  if (inCode.length < edits.length && applied === 0) {
    return { ...outcome, after: file.text, refused: "a fix of a Vue component writes only inside its <script> blocks" };
  }
  if (applied === 0 || text === file.text) return { ...outcome, after: file.text, applied: 0 };
  if (file.language === "vue" && vueScriptRanges(text).length !== vueScriptRanges(file.text).length) {
    return {
      ...outcome,
      after: file.text,
      applied: 0,
      refused: `the ${which === "fix" ? "fixed" : "suggested"} component's <script> blocks would change`,
    };
  }
  const before = problemCount(extractFacts(file));
  const after = problemCount(extractFacts({ ...file, text }));
  if (after > before) {
    return { ...outcome, after: file.text, applied: 0, refused: `the ${which === "fix" ? "fixed" : "suggested"} file would not parse` };
  }
  return outcome;
}

/** The edits that stay inside a Vue component's script blocks: its template and styles are not code. */
function insideScripts(text: string, edits: readonly Edit[]): Edit[] {
  const scripts = vueScriptRanges(text);
  return edits.filter((e) => scripts.some(([start, end]) => start <= e.start && e.end <= end));
}

/** Syntax problems of a file (those past the hundred listed are counted) and of the code kept inside it. */
function problemCount(extracted: ExtractedFile): number {
  return extracted.problems.length + (extracted.moreProblems ?? 0) + (extracted.embedded ?? []).reduce((n, e) => n + e.problems.length, 0);
}

/** A unified diff of a fix, for review before anything is written. */
type DiffModule = typeof import("diff");
let diffModule: DiffModule | undefined;
/** The diff library is required when a diff is first shown: a scan without --fix-dry-run needs none. */
const diff = (): DiffModule => (diffModule ??= createRequire(import.meta.url)("diff") as DiffModule);

export function renderDiff(outcome: FixOutcome): string {
  if (outcome.before === outcome.after) return "";
  return diff().createTwoFilesPatch(`a/${outcome.file}`, `b/${outcome.file}`, outcome.before, outcome.after, "", "", { context: 3 });
}
