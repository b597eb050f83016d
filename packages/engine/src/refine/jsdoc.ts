import type { Comment } from "@babel/types";

export interface JsDoc {
  params: Map<string, string>;
  returns: string | undefined;
}

/**
 * The JSDoc block that ends right before `anchor` (only blanks between), as the type names it
 * gives to parameters and the return value: `@param {nlobjRecord} rec`, `@returns {nlobjForm}`.
 */
export class JsDocIndex {
  readonly #blocks: Comment[];
  readonly #text: string;

  constructor(comments: readonly Comment[], text: string) {
    this.#blocks = comments.filter((c) => c.type === "CommentBlock" && c.value.startsWith("*"));
    this.#text = text;
  }

  at(anchor: number): JsDoc | undefined {
    let lo = 0;
    let hi = this.#blocks.length - 1;
    let found: Comment | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = this.#blocks[mid]!;
      if (c.end! <= anchor) {
        found = c;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    // Only blanks and line comments may stand between the block and what it documents.
    if (!found || !/^(?:\s|\/\/[^\n]*)*$/.test(this.#text.slice(found.end!, anchor))) return undefined;
    return parseJsDoc(found.value);
  }
}

// The name may follow on the next line of the block (` * @param {nlobjForm}\n *     form Current form`).
const PARAM = /@param\s*\{([^}]*)\}[\s*]*\[?([A-Za-z_$][\w$]*)/g;
const RETURNS = /@returns?\s*\{([^}]*)\}/;

export function parseJsDoc(body: string): JsDoc {
  const params = new Map<string, string>();
  for (const m of body.matchAll(PARAM)) params.set(m[2]!, m[1]!);
  return { params, returns: RETURNS.exec(body)?.[1] };
}
