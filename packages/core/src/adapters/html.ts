import type { FileFacts } from "../facts.js";
import type { LineIndex } from "../source-file.js";
import { extractJsFacts } from "./js/js-facts.js";

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;

/**
 * HTML pages (web resources, QWeb-free pages): inline `<script>` blocks are read as JavaScript at
 * their real lines and columns by blanking everything around them, so one parse covers them all.
 */
export function extractHtmlFacts(path: string, text: string, lines: LineIndex): FileFacts {
  const blanked = text.replace(/[^\r\n]/g, " ").split("");
  let any = false;
  for (const m of text.matchAll(SCRIPT)) {
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
  if (!any) return { facts: [], problems: [], comments: htmlComments };
  const js = extractJsFacts(path.replace(/\.html?$/i, ".js"), blanked.join(""), lines);
  const comments = [...js.comments, ...htmlComments].sort((a, b) => a[0] - b[0]);
  return { ...js, comments };
}
