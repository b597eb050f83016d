import type { FileFacts } from "../facts.js";
import type { LineIndex } from "../source-file.js";
import { extractJsFacts } from "./js/js-facts.js";

const SCRIPT_OPEN = /<script\b/gi;
const SCRIPT_CLOSE = /<\/script\s*>/gi;

/**
 * The inline scripts of a page, each found by searching forward from the last: linear in the
 * page, however many `<script` it holds without their end. A script left open runs to the end.
 */
function* inlineScripts(text: string): Generator<{ attrs: string; bodyStart: number; body: string }> {
  SCRIPT_OPEN.lastIndex = 0;
  for (let open = SCRIPT_OPEN.exec(text); open; open = SCRIPT_OPEN.exec(text)) {
    const gt = text.indexOf(">", open.index);
    if (gt === -1) return;
    SCRIPT_CLOSE.lastIndex = gt + 1;
    const close = SCRIPT_CLOSE.exec(text);
    const end = close ? close.index : text.length;
    yield { attrs: text.slice(open.index + 7, gt), bodyStart: gt + 1, body: text.slice(gt + 1, end) };
    if (!close) return;
    SCRIPT_OPEN.lastIndex = SCRIPT_CLOSE.lastIndex;
  }
}

/**
 * HTML pages (web resources, QWeb-free pages): inline `<script>` blocks are read as JavaScript at
 * their real lines and columns by blanking everything around them, so one parse covers them all.
 */
export function extractHtmlFacts(path: string, text: string, lines: LineIndex): FileFacts {
  const blanked = text.replace(/[^\r\n]/g, " ").split("");
  let any = false;
  for (const { attrs, bodyStart, body } of inlineScripts(text)) {
    if (/\bsrc\s*=/.test(attrs)) continue;
    const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(attrs)?.[1]?.toLowerCase();
    if (type && !/javascript|ecmascript|module|babel/.test(type)) continue;
    // The `>` before each script becomes `;`, so that two scripts are two statements, not one error.
    blanked[bodyStart - 1] = ";";
    for (let i = 0; i < body.length; i++) blanked[bodyStart + i] = body[i]!;
    any = true;
  }
  // HTML comments are not code either: text rules must not match inside them.
  const htmlComments: Array<[number, number]> = [...text.matchAll(/<!--[\s\S]*?(?:-->|$)/g)].map((m) => [m.index, m.index + m[0].length]);
  if (!any) return { facts: [], problems: [], comments: htmlComments };
  const js = extractJsFacts(path.replace(/\.html?$/i, ".js"), blanked.join(""), lines);
  const comments = [...js.comments, ...htmlComments].sort((a, b) => a[0] - b[0]);
  return { ...js, comments };
}
