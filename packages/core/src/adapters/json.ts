import { printParseErrorCode, visit } from "jsonc-parser";
import type { Fact, FileFacts, LiteralValue, ParseProblem } from "../facts.js";
import type { LineIndex } from "../source-file.js";
import { pointer } from "./json-pointer.js";

/** Past this depth values are not read (each would carry its whole pointer); the file gets one problem. */
export const MAX_JSON_DEPTH = 1000;

/**
 * JSON (comments and trailing commas tolerated): one `json` fact per property and array item,
 * keyed by its JSON pointer, with the literal value where there is one.
 */
export function extractJsonFacts(text: string, lines: LineIndex): FileFacts {
  const facts: Fact[] = [];
  const problems: ParseProblem[] = [];
  const comments: Array<[number, number]> = [];
  /** Offset where the current property's name starts, by nesting depth. */
  let propertyStart: number | undefined;
  const containers: Array<{ fact: Fact | undefined; isArray: boolean }> = [];
  let tooDeep = false;
  const deep = (offset: number): boolean => {
    if (containers.length < MAX_JSON_DEPTH) return false;
    if (!tooDeep) {
      tooDeep = true;
      const p = lines.position(offset);
      problems.push({
        message: `values are nested deeper than ${MAX_JSON_DEPTH} levels; deeper ones are not read`,
        line: p.line,
        column: p.column,
      });
    }
    return true;
  };

  const factFor = (path: ReadonlyArray<string | number>, start: number, end: number, value?: LiteralValue): Fact => {
    const fact: Fact = { kind: "json", key: pointer(path), span: lines.span(start, end) };
    if (value !== undefined) fact.detail = { value };
    facts.push(fact);
    return fact;
  };
  const startOf = (offset: number): number => {
    const inArray = containers[containers.length - 1]?.isArray ?? false;
    const start = !inArray && propertyStart !== undefined ? propertyStart : offset;
    propertyStart = undefined;
    return start;
  };

  visit(
    text,
    {
      onObjectProperty(_property, offset) {
        propertyStart = offset;
      },
      onObjectBegin(offset, _length, _line, _col, path) {
        if (deep(offset)) {
          containers.push({ fact: undefined, isArray: false });
          return;
        }
        const start = startOf(offset);
        const fact = path().length > 0 ? factFor(path(), start, offset + 1) : undefined;
        containers.push({ fact, isArray: false });
      },
      onObjectEnd(offset, length) {
        const c = containers.pop();
        if (c?.fact) c.fact.span = lines.span(lines.offset(c.fact.span.line, c.fact.span.column), offset + length);
      },
      onArrayBegin(offset, _length, _line, _col, path) {
        if (deep(offset)) {
          containers.push({ fact: undefined, isArray: true });
          return;
        }
        const start = startOf(offset);
        const fact = path().length > 0 ? factFor(path(), start, offset + 1) : undefined;
        containers.push({ fact, isArray: true });
      },
      onArrayEnd(offset, length) {
        const c = containers.pop();
        if (c?.fact) c.fact.span = lines.span(lines.offset(c.fact.span.line, c.fact.span.column), offset + length);
      },
      onLiteralValue(value: LiteralValue, offset, length, _line, _col, path) {
        if (deep(offset)) return;
        factFor(path(), startOf(offset), offset + length, value);
      },
      onComment(offset, length) {
        comments.push([offset, offset + length]);
      },
      onError(error, offset) {
        const p = lines.position(offset);
        problems.push({ message: printParseErrorCode(error), line: p.line, column: p.column });
      },
    },
    { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true },
  );
  return { facts, problems, comments };
}
