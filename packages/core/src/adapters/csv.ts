import type { Fact, FileFacts, ParseProblem } from "../facts.js";
import type { LineIndex } from "../source-file.js";
import { pointer } from "./json-pointer.js";

/**
 * CSV (RFC 4180: commas, double quotes with "" inside, CRLF or LF): the first row names the
 * columns, and every later cell is a `json` fact keyed `/<row>/<column>` (rows counted from 0 after
 * the header) with the cell's text as its value. A quote left open is a problem, and the rest of the
 * file is read as its cell.
 */
export function extractCsvFacts(text: string, lines: LineIndex): FileFacts {
  const facts: Fact[] = [];
  const problems: ParseProblem[] = [];
  let header: string[] | undefined;
  let row: Array<{ value: string; start: number; end: number }> = [];
  let dataRow = 0;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const endRow = (): void => {
    const blank = row.length === 1 && row[0]!.value === "";
    if (!header) header = row.map((c) => c.value.trim());
    else if (!blank) {
      row.forEach((cell, column) => {
        const name = header![column] || String(column);
        facts.push({ kind: "json", key: pointer([dataRow, name]), span: lines.span(cell.start, cell.end), detail: { value: cell.value } });
      });
      dataRow++;
    }
    row = [];
  };

  while (i <= text.length) {
    const start = i;
    let value = "";
    if (text[i] === '"') {
      i++;
      let closed = false;
      while (i < text.length) {
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          closed = true;
          break;
        }
        value += text[i++];
      }
      if (!closed) {
        const p = lines.position(start);
        problems.push({ message: "a quoted cell is not closed", line: p.line, column: p.column });
      }
      // Text between the closing quote and the separator belongs to the cell, as spreadsheets read it.
      while (i < text.length && text[i] !== "," && text[i] !== "\n" && text[i] !== "\r") value += text[i++];
    } else {
      while (i < text.length && text[i] !== "," && text[i] !== "\n" && text[i] !== "\r") value += text[i++];
    }
    row.push({ value, start, end: i });
    if (i >= text.length) {
      endRow();
      break;
    }
    if (text[i] === ",") {
      i++;
      continue;
    }
    i += text[i] === "\r" && text[i + 1] === "\n" ? 2 : 1;
    endRow();
    if (i >= text.length) break;
  }
  return { facts, problems, comments: [] };
}
