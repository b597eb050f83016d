import type { FileFacts } from "../facts.js";
import type { LineIndex } from "../source-file.js";
import { extractJinjaFacts, looksLikeJinja } from "./jinja.js";
import { extractJsFacts } from "./js/js-facts.js";
import { htmlParser } from "./html-parser.js";

type Range = [number, number];

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

export interface HtmlOptions {
  /** The text is a Jinja template for certain (a Frappe Print Format): its unclosed tags are problems. */
  jinja?: boolean;
}

/**
 * HTML pages (web resources, QWeb-free pages, Jinja templates), read with a real HTML parser:
 * inline `<script>` blocks and event-handler attributes (`onload="…"`) are JavaScript at their real
 * lines and columns; a script inside an HTML comment is a comment; a `>` inside a quoted attribute
 * value is text. Everything around the code is blanked (newlines kept) so one JavaScript parse
 * covers all of it, and each piece of code is fenced with `;` where a tag delimiter stood. Jinja
 * tags, where there are any, are read for what they use, and are blanked out of the scripts first
 * (a `{{ value }}` becomes `0`) so the JavaScript around them still parses.
 */
export function extractHtmlFacts(path: string, text: string, lines: LineIndex, options: HtmlOptions = {}): FileFacts {
  // Frappe's client-side micro-templates (`{%= x %}`) hold JavaScript, not Jinja.
  const jinja = (options.jinja || looksLikeJinja(text)) && !/\{%[=~]/.test(text) ? extractJinjaFacts(text, lines) : undefined;
  const source = jinja ? withoutJinja(text) : text;
  const jinjaFacts = jinja?.facts ?? [];
  const jinjaComments = jinja?.comments ?? [];
  const jinjaProblems = options.jinja ? (jinja?.problems ?? []) : [];
  const code: Range[] = [];
  const comments: Range[] = [];
  const fences: number[] = [];
  const handlers: Array<{ range: Range; value: string }> = [];
  let script: { attrs: Record<string, string>; start: number } | undefined;

  const Parser = htmlParser();
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === "script") script = { attrs, start: parser.endIndex + 1 };
      },
      onattribute(name, _value, quote) {
        if (!/^on[a-z]+$/.test(name)) return;
        const range = attributeValueRange(text, parser.startIndex, name.length, quote);
        if (!range) return;
        handlers.push({ range, value: source.slice(range[0], range[1]) });
      },
      onclosetag(name) {
        if (name !== "script" || !script) return;
        const end = parser.startIndex;
        const { attrs, start } = script;
        script = undefined;
        if (attrs.src !== undefined || end <= start) return;
        const type = attrs.type?.trim().toLowerCase();
        if (type && !/javascript|ecmascript|module|babel/.test(type)) return;
        code.push([start, end]);
        fences.push(start - 1, end);
      },
      oncomment() {
        const start = parser.startIndex;
        const close = text.startsWith("<!--", start) ? text.indexOf("-->", start + 4) : -1;
        comments.push([start, close < 0 ? Math.min(text.length, parser.endIndex + 1) : close + 3]);
      },
    },
    { decodeEntities: true, lowerCaseAttributeNames: true, recognizeSelfClosing: false },
  );
  parser.end(source);

  const blanked = text.replace(/[^\r\n]/g, " ").split("");
  for (const [start, end] of code) for (let i = start; i < end; i++) blanked[i] = source[i]!;
  for (const { range, value } of handlers) {
    const decoded = decodeKeepingOffsets(value);
    for (let i = 0; i < decoded.length; i++) blanked[range[0] + i] = decoded[i]!;
    code.push(range);
    fences.push(range[0] - 1, range[1]);
  }
  for (const f of fences) if (f >= 0 && f < blanked.length && blanked[f] === " ") blanked[f] = ";";
  code.sort((a, b) => a[0] - b[0]);
  // Markup outside scripts and comments is text, not code: text rules that want strings read it.
  const markup = complement(text.length, [...code, ...comments, ...jinjaComments]);
  const byStart = (a: Range, b: Range): number => a[0] - b[0];
  if (code.length === 0) {
    return { facts: jinjaFacts, problems: jinjaProblems, comments: [...comments, ...jinjaComments].sort(byStart), strings: markup };
  }
  const js = extractJsFacts(path.replace(/\.html?$/i, ".js"), blanked.join(""), lines);
  return {
    ...js,
    facts: [...jinjaFacts, ...js.facts],
    problems: [...jinjaProblems, ...js.problems],
    comments: [...js.comments, ...comments, ...jinjaComments].sort(byStart),
    strings: [...(js.strings ?? []), ...markup].sort(byStart),
  };
}

/** Where an attribute's value stands in the text, from the start of its name. */
function attributeValueRange(text: string, nameStart: number, nameLength: number, quote: string | null | undefined): Range | undefined {
  if (quote === undefined) return undefined;
  let i = nameStart + nameLength;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  if (text[i] !== "=") return undefined;
  i++;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  if (quote === '"' || quote === "'") {
    if (text[i] !== quote) return undefined;
    const end = text.indexOf(quote, i + 1);
    return end < 0 ? undefined : [i + 1, end];
  }
  let end = i;
  while (end < text.length && !/[\s>]/.test(text[end]!)) end++;
  return [i, end];
}

/** Character references decoded, each padded with spaces so every other character keeps its offset. */
function decodeKeepingOffsets(raw: string): string {
  return raw.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    let ch: string | undefined;
    if (ref[0] === "#") {
      const cp = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      ch = Number.isFinite(cp) && cp > 0 && cp < 0x10000 ? String.fromCharCode(cp) : undefined;
    } else ch = ENTITIES[ref.toLowerCase()];
    return ch === undefined ? whole : ch + " ".repeat(whole.length - 1);
  });
}

function complement(length: number, ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Range[] = [];
  let at = 0;
  for (const [s, e] of sorted) {
    if (s > at) out.push([at, s]);
    at = Math.max(at, e);
  }
  if (at < length) out.push([at, length]);
  return out;
}

const JINJA_CLOSERS: Readonly<Record<string, string>> = { "{": "}}", "%": "%}", "#": "#}" };

/**
 * Jinja tags blanked with their line breaks kept: an expression becomes `0`, a statement or comment
 * spaces. One pass: a closer that is nowhere after one opener is not looked for again, so a page
 * of unclosed `{{` costs its length, not its square.
 */
function withoutJinja(text: string): string {
  const missing = new Set<string>();
  let out = "";
  let at = 0;
  let i = 0;
  for (let open = text.indexOf("{", i); open >= 0; open = text.indexOf("{", i)) {
    const kind = text[open + 1] ?? "";
    const closer = JINJA_CLOSERS[kind];
    const close = closer === undefined || missing.has(closer) ? -1 : text.indexOf(closer, open + 2);
    if (close < 0) {
      if (closer !== undefined) missing.add(closer);
      i = open + 1;
      continue;
    }
    const blank = text.slice(open, close + 2).replace(/[^\r\n]/g, " ");
    out += text.slice(at, open) + (kind === "{" ? `0${blank.slice(1)}` : blank);
    at = i = close + 2;
  }
  return out + text.slice(at);
}
