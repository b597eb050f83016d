import {
  encodeJsonStringContent,
  hostOffset,
  hostSpan,
  languageOf,
  LineIndex,
  type EmbeddedSource,
  type ExtractedFile,
  type SourceFile,
} from "@uplift/core";
import type { MatchContext } from "./conditions.js";
import { matchFile, parseErrorFinding } from "./match-file.js";
import type { Finding } from "./result.js";
import { wordsOf, type RuleIndex } from "./rule-index.js";
import { applySuppressions } from "./suppressions.js";

/** A piece of embedded code as a file of its own: what the rules, suppressions and fixes see. */
export interface EmbeddedFile {
  source: EmbeddedSource;
  file: SourceFile;
  extracted: ExtractedFile;
}

export function embeddedFiles(host: SourceFile, extracted: ExtractedFile): EmbeddedFile[] {
  return (extracted.embedded ?? []).flatMap((source) => {
    const language = languageOf(source.path);
    if (!language) return [];
    const file: SourceFile = { path: host.path, language, text: source.text, logicalPath: source.path };
    const lines = new LineIndex(source.text);
    return [{ source, file, extracted: { facts: source.facts, problems: source.problems, comments: source.comments, lines } }];
  });
}

/**
 * The findings of the code inside a file (a fixture's Client Script): matched, checked for syntax
 * and suppressed as the code itself, then moved to where the code sits in the host file. The
 * snippet stays the code's own line and `embedded` says where in the code the finding is.
 */
export function matchEmbedded(
  embedded: EmbeddedFile,
  host: ExtractedFile,
  index: RuleIndex,
  ctx: MatchContext,
  project: string,
): { kept: Finding[]; suppressed: number } {
  const { file, extracted, source } = embedded;
  const found = matchFile(file, extracted, index, ctx, project, wordsOf(file.text));
  const parseError = parseErrorFinding(file, extracted, project);
  if (parseError) {
    parseError.message = `${parseError.message.replace(/^Syntax error/, `Syntax error in ${describe(source)}`)}`;
    found.push(parseError);
  }
  const { kept, suppressed } = applySuppressions(file, extracted, found, project);
  return { kept: kept.map((f) => liftFinding(f, source, extracted.lines, host.lines)), suppressed };
}

function describe(source: EmbeddedSource): string {
  const field = source.pointer.slice(source.pointer.lastIndexOf("/") + 1);
  const record = source.context.doctype
    ? `${source.context.doctype}${source.context.name ? ` '${source.context.name}'` : ""}`
    : "the record";
  return `the ${field} of ${record}`;
}

/** A finding in the code, placed in the host; a fix is re-encoded for the host or dropped. */
export function liftFinding(f: Finding, source: EmbeddedSource, code: LineIndex, host: LineIndex): Finding {
  const span = hostSpan(source, code, host, f);
  const lifted: Finding = { ...f, ...span, embedded: { pointer: source.pointer, line: f.line, column: f.column } };
  if (f.fix) {
    const edit = liftEdit(f.fix.edit, source);
    if (edit) lifted.fix = { edit };
    else {
      delete lifted.fix;
      lifted.fixable = false;
    }
  }
  return lifted;
}

function liftEdit(
  edit: { start: number; end: number; text: string },
  source: EmbeddedSource,
): { start: number; end: number; text: string } | undefined {
  if (source.quoting !== "json-string") return undefined;
  return {
    start: hostOffset(source.offsets, edit.start),
    end: hostOffset(source.offsets, edit.end),
    text: encodeJsonStringContent(edit.text),
  };
}

/**
 * The host as its own text rules see it: embedded code counts as a comment there, so a text rule
 * matches the code once, decoded, through the code's own file.
 */
export function hostView(extracted: ExtractedFile): ExtractedFile {
  const ranges = (extracted.embedded ?? []).map(
    (s) => [hostOffset(s.offsets, 0), hostOffset(s.offsets, s.text.length)] as [number, number],
  );
  if (ranges.length === 0) return extracted;
  return { ...extracted, comments: [...extracted.comments, ...ranges].sort((a, b) => a[0] - b[0]) };
}
