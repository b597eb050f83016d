import type { FileFacts, ParseProblem } from "../facts.js";
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
  const jinjaProblems = options.jinja ? [...(jinja?.problems ?? [])] : [];
  const page = readPageCode(text, source);
  const { code, comments } = page;
  if (page.tooDeep !== undefined) jinjaProblems.push(tooDeepProblem(page.tooDeep, MAX_PAGE_DEPTH, lines));
  // Markup outside scripts and comments is text, not code: text rules that want strings read it.
  const markup = complement(text.length, [...code, ...comments, ...jinjaComments]);
  const byStart = (a: Range, b: Range): number => a[0] - b[0];
  if (code.length === 0) {
    return { facts: jinjaFacts, problems: jinjaProblems, comments: [...comments, ...jinjaComments].sort(byStart), strings: markup };
  }
  const js = extractJsFacts(path.replace(/\.html?$/i, ".js"), codeOnly(text, source, page), lines);
  return {
    ...js,
    facts: [...jinjaFacts, ...js.facts],
    problems: [...jinjaProblems, ...js.problems],
    comments: [...js.comments, ...comments, ...jinjaComments].sort(byStart),
    strings: [...(js.strings ?? []), ...markup].sort(byStart),
  };
}

/** Markup nested past the depth read: a problem at the element that went too deep. */
export function tooDeepProblem(offset: number, depth: number, lines: LineIndex): ParseProblem {
  return { message: `elements are nested deeper than ${depth} levels; the rest is not read`, ...lines.position(offset) };
}

/** Where code stands in a page, and the comments around it. */
export interface PageCode {
  /** Script contents and event-handler values, ascending. */
  code: Range[];
  /** Markup comments (`<!-- … -->`): a script inside one is a comment. */
  comments: Range[];
  /** Offsets of the tag delimiters around each piece of code, written as `;` so a piece ends its statement. */
  fences: number[];
  /** Event-handler values with their character references decoded, offsets kept. */
  handlers: Array<{ start: number; value: string }>;
  /** The `lang` attribute of each script read (a Vue component's `lang="ts"`), lower case. */
  langs: string[];
  /** Top-level elements the text ends inside (a component's `<script>` never closed): name and offset. */
  unclosed: Array<{ name: string; start: number }>;
  /** Where an element nested past the depth read (`maxDepth`) opens: the text is not read past it. */
  tooDeep?: number;
}

/**
 * How deep a Vue component's elements are read. The HTML parser keeps open elements in an array it
 * searches and grows from the front, so its cost grows with the square of the depth; a text
 * deeper than this is not read further (and says so), so hostile nesting costs its length.
 */
export const MAX_SFC_DEPTH = 256;

/**
 * How deep a page's elements are read: more than a component, since a page left with unclosed
 * inline elements (`<font>`, `<b>`) only ever gets deeper; 200,000 nested `<div>`s took the parser
 * over a minute and a half.
 */
export const MAX_PAGE_DEPTH = 1024;

/** The depth a text is read to: a component's or a page's. */
export function maxDepth(options: PageCodeOptions): number {
  return options.sfc ? MAX_SFC_DEPTH : MAX_PAGE_DEPTH;
}

export interface PageCodeOptions {
  /**
   * The page is a Vue single-file component: only its top-level `<script>` blocks are code (in
   * JavaScript, or TypeScript by `lang`), not event handlers of its template, and `<x />` closes
   * an element, as Vue reads it.
   */
  sfc?: boolean;
}

/** Script languages read as code: JavaScript and TypeScript, with or without JSX. */
const SCRIPT_LANGS = new Set(["", "js", "javascript", "jsx", "ts", "typescript", "tsx"]);

/**
 * The code of a page, read with a real HTML parser from `source` (the text with any template tags
 * blanked, same length): inline scripts without a `src` and of a script type, and where asked,
 * event-handler attributes.
 */
export function readPageCode(text: string, source: string, options: PageCodeOptions = {}): PageCode {
  const page: PageCode = { code: [], comments: [], fences: [], handlers: [], langs: [], unclosed: [] };
  let script: { attrs: Record<string, string>; start: number; depth: number } | undefined;
  let depth = 0;
  let topStart = 0;
  const limit = maxDepth(options);
  const Parser = htmlParser();
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === "script") script = { attrs, start: parser.endIndex + 1, depth };
        if (depth === 0) topStart = parser.startIndex;
        depth++;
        if (depth > limit && page.tooDeep === undefined) {
          page.tooDeep = parser.startIndex;
          parser.pause();
        }
      },
      onattribute(name, _value, quote) {
        if (options.sfc || !/^on[a-z]+$/.test(name)) return;
        const range = attributeValueRange(text, parser.startIndex, name.length, quote);
        if (!range) return;
        page.handlers.push({ start: range[0], value: decodeKeepingOffsets(source.slice(range[0], range[1])) });
        page.code.push(range);
        page.fences.push(range[0] - 1, range[1]);
      },
      onclosetag(name, implied) {
        depth = Math.max(0, depth - 1);
        if (depth === 0 && implied && parser.startIndex >= source.length) {
          page.unclosed.push({ name, start: topStart });
          if (options.sfc) script = undefined;
        }
        if (name !== "script" || !script) return;
        const end = parser.startIndex;
        const { attrs, start } = script;
        const nested = script.depth > 0;
        script = undefined;
        if (attrs.src !== undefined || end <= start || (options.sfc && nested)) return;
        const type = attrs.type?.trim().toLowerCase();
        if (type && !/javascript|ecmascript|module|babel/.test(type)) return;
        const lang = options.sfc ? (attrs.lang?.trim().toLowerCase() ?? "") : "";
        if (!SCRIPT_LANGS.has(lang)) return;
        page.code.push([start, end]);
        page.fences.push(start - 1, end);
        page.langs.push(lang);
      },
      oncomment() {
        const start = parser.startIndex;
        const close = text.startsWith("<!--", start) ? text.indexOf("-->", start + 4) : -1;
        page.comments.push([start, close < 0 ? Math.min(text.length, parser.endIndex + 1) : close + 3]);
      },
    },
    { decodeEntities: true, lowerCaseAttributeNames: true, recognizeSelfClosing: options.sfc === true },
  );
  parser.end(source);
  page.code.sort((a, b) => a[0] - b[0]);
  return page;
}

/**
 * The page as one JavaScript source: everything around the code blanked (line breaks kept), so
 * every fact keeps its real line and column, and a `;` where a tag delimiter stood.
 */
export function codeOnly(text: string, source: string, page: PageCode): string {
  const blanked = text.replace(/[^\r\n]/g, " ").split("");
  const handlerStarts = new Set(page.handlers.map((h) => h.start));
  for (const [start, end] of page.code) if (!handlerStarts.has(start)) for (let i = start; i < end; i++) blanked[i] = source[i]!;
  for (const { start, value } of page.handlers) for (let i = 0; i < value.length; i++) blanked[start + i] = value[i]!;
  for (const f of page.fences) if (f >= 0 && f < blanked.length && blanked[f] === " ") blanked[f] = ";";
  return blanked.join("");
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

/** The ranges of a text that none of the given ranges covers. */
export function complement(length: number, ranges: Range[]): Range[] {
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
