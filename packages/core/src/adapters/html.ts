import type { FileFacts } from "../facts.js";
import type { LineIndex } from "../source-file.js";
import { extractJinjaFacts, looksLikeJinja } from "./jinja.js";
import { extractJsFacts } from "./js/js-facts.js";

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;

export interface HtmlOptions {
  /** The text is a Jinja template for certain (a Frappe Print Format): its unclosed tags are problems. */
  jinja?: boolean;
}

/**
 * HTML pages (web resources, QWeb-free pages, Jinja templates): inline `<script>` blocks are read as
 * JavaScript at their real lines and columns by blanking everything around them, so one parse
 * covers them all. Jinja tags, where there are any, are read for what they use, and are blanked
 * out of the scripts first (a `{{ value }}` becomes `0`) so the JavaScript around them still parses.
 */
export function extractHtmlFacts(path: string, text: string, lines: LineIndex, options: HtmlOptions = {}): FileFacts {
  // Frappe's client-side micro-templates (`{%= x %}`) hold JavaScript, not Jinja.
  const jinja = (options.jinja || looksLikeJinja(text)) && !/\{%[=~]/.test(text) ? extractJinjaFacts(text, lines) : undefined;
  const source = jinja ? withoutJinja(text) : text;
  const blanked = text.replace(/[^\r\n]/g, " ").split("");
  let any = false;
  for (const m of source.matchAll(SCRIPT)) {
    const attrs = m[1] ?? "";
    if (/\bsrc\s*=/.test(attrs)) continue;
    const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(attrs)?.[1]?.toLowerCase();
    if (type && !/javascript|ecmascript|module|babel/.test(type)) continue;
    const bodyStart = m.index + m[0].indexOf(">") + 1;
    const body = m[2] ?? "";
    for (let i = 0; i < body.length; i++) blanked[bodyStart + i] = body[i]!;
    any = true;
  }
  // HTML comments are not code either: text rules must not match inside them.
  const htmlComments: Array<[number, number]> = [...text.matchAll(/<!--[\s\S]*?(?:-->|$)/g)].map((m) => [m.index, m.index + m[0].length]);
  const jinjaFacts = jinja?.facts ?? [];
  const jinjaComments = jinja?.comments ?? [];
  const jinjaProblems = options.jinja ? (jinja?.problems ?? []) : [];
  if (!any) {
    const comments = [...htmlComments, ...jinjaComments].sort((a, b) => a[0] - b[0]);
    return { facts: jinjaFacts, problems: jinjaProblems, comments };
  }
  const js = extractJsFacts(path.replace(/\.html?$/i, ".js"), blanked.join(""), lines);
  const comments = [...js.comments, ...htmlComments, ...jinjaComments].sort((a, b) => a[0] - b[0]);
  return { facts: [...jinjaFacts, ...js.facts], problems: [...jinjaProblems, ...js.problems], comments };
}

/** Jinja tags blanked with their line breaks kept: an expression becomes `0`, a statement or comment spaces. */
function withoutJinja(text: string): string {
  return text.replace(/\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|\{#[\s\S]*?#\}/g, (tag) => {
    const blank = tag.replace(/[^\r\n]/g, " ");
    return tag.startsWith("{{") ? `0${blank.slice(1)}` : blank;
  });
}
