import type { Fact } from "../facts.js";
import type { LineIndex } from "../source-file.js";
import { htmlParser } from "./html-parser.js";
import { MAX_PAGE_DEPTH } from "./html.js";

/**
 * The page elements whose attributes configure what the page loads: a UI5 bootstrap script's
 * `data-sap-ui-*` settings and `src`, stylesheet links (themes), `<meta>` settings.
 */
const CONFIGURING = new Set(["script", "link", "meta"]);

interface RawAttribute {
  name: string;
  value: string;
  start: number;
  end: number;
  valueStart: number;
}

/**
 * Element and attribute facts for the configuring elements of an HTML page, read with a real
 * HTML parser (a `>` in a quoted value is text; an element inside a comment is no element).
 * Attribute names are case-insensitive in HTML, so keys are lower case (`script@data-sap-ui-
 * compatversion`); `detail.name` keeps the spelling as written.
 */
export function extractHtmlTagFacts(text: string, lines: LineIndex): Fact[] {
  const facts: Fact[] = [];
  let pending: RawAttribute[] = [];
  // Open elements, counted to stop where the page's code reading stops (and says so).
  let depth = 0;
  const Parser = htmlParser();
  const parser = new Parser(
    {
      onattribute(name, value) {
        const start = parser.startIndex;
        const end = parser.endIndex;
        pending.push({ name, value, start, end: Math.min(end, text.length), valueStart: valueStart(text, start, name.length, end) });
      },
      onopentag(name) {
        const attributes = pending;
        pending = [];
        if (++depth > MAX_PAGE_DEPTH) {
          parser.pause();
          return;
        }
        if (!CONFIGURING.has(name)) return;
        const start = parser.startIndex;
        const end = Math.min(parser.endIndex + 1, text.length);
        const map: Record<string, string> = {};
        for (const a of attributes) {
          const key = a.name.toLowerCase();
          if (!(key in map)) map[key] = a.value;
        }
        facts.push({ kind: "element", key: name, span: lines.span(start, end), detail: { ancestors: [], attributes: map } });
        for (const a of attributes) {
          facts.push({
            kind: "attribute",
            key: `${name}@${a.name.toLowerCase()}`,
            span: lines.span(a.start, a.end),
            detail: { value: a.value, name: a.name, ancestors: [], attributes: map, valueOffset: a.valueStart },
          });
        }
      },
      onclosetag() {
        depth = Math.max(0, depth - 1);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: false, recognizeSelfClosing: true },
  );
  parser.end(text);
  return facts;
}

/** Where an attribute's value starts (after `=`, blanks and the quote); its end when it has none. */
function valueStart(text: string, nameStart: number, nameLength: number, end: number): number {
  let i = nameStart + nameLength;
  while (i < end && /\s/.test(text[i]!)) i++;
  if (text[i] !== "=") return end;
  i++;
  while (i < end && /\s/.test(text[i]!)) i++;
  if (text[i] === '"' || text[i] === "'") i++;
  return i;
}
