import type { Comment } from "@babel/types";
import type { Fact } from "../../facts.js";
import type { LineIndex } from "../../source-file.js";

const TAG = /@([A-Za-z][\w-]*)(?:[ \t]+([^\s*][^\r\n*]*?))?[ \t]*(?=\*|\r|\n|$)/g;

/** JSDoc and pragma tags (`@NApiVersion 2.1`, `@odoo-module`) become `tag` facts. */
export function commentTags(comments: readonly Comment[], lines: LineIndex): Fact[] {
  const facts: Fact[] = [];
  for (const comment of comments) {
    const body = comment.value;
    const bodyStart = comment.start! + 2;
    for (const m of body.matchAll(TAG)) {
      const before = body.slice(0, m.index);
      // A tag starts a line of the comment (after `*` and spaces) or the comment itself.
      if (!/(^|[\r\n])[\s*]*$/.test(before)) continue;
      const start = bodyStart + m.index;
      const value = m[2]?.trim() ?? "";
      facts.push({
        kind: "tag",
        key: `@${m[1]}`,
        span: lines.span(start, start + m[0].trimEnd().length),
        detail: { value },
      });
    }
  }
  return facts;
}
