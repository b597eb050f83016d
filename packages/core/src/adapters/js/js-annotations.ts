import type * as t from "@babel/types";

/**
 * Declared types written in the code itself: TypeScript annotations (`ec: Xrm.Events.EventContext`)
 * and JSDoc tags (`@param {Xrm.FormContext} formContext`, `@type {Xrm.GlobalContext}`). They are
 * kept as text (`Xrm.Collection.ItemCollection<Xrm.Controls.Tab>`); the binding stage resolves them
 * against the vendor's declarations. Only named types are read; unions, literals and function
 * types say too little to walk.
 */
export function annotationText(node: t.Node | null | undefined): string | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case "TSTypeAnnotation":
      return annotationText(node.typeAnnotation);
    case "TSTypeReference": {
      const name = entityName(node.typeName);
      if (name === undefined) return undefined;
      const params = node.typeParameters?.params ?? [];
      if (params.length === 0) return name;
      const args = params.map((p) => annotationText(p) ?? "unknown");
      return `${name}<${args.join(", ")}>`;
    }
    case "TSParenthesizedType":
      return annotationText(node.typeAnnotation);
    case "TSUnionType": {
      const named = node.types.filter((x) => x.type !== "TSNullKeyword" && x.type !== "TSUndefinedKeyword");
      return named.length === 1 ? annotationText(named[0]) : undefined;
    }
    default:
      return undefined;
  }
}

function entityName(node: t.TSEntityName): string | undefined {
  if (node.type === "Identifier") return node.name;
  if (node.type === "TSQualifiedName") {
    const left = entityName(node.left);
    return left === undefined ? undefined : `${left}.${node.right.name}`;
  }
  return undefined;
}

/** A JSDoc type expression reduced to a named type: `{Xrm.FormContext}`, `{?Xrm.FormContext}`, `{Array<X>}`. */
export function jsdocTypeText(raw: string): string | undefined {
  const text = raw.trim().replace(/^[?!]/, "").replace(/=$/, "").trim();
  if (/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*(<[\w$.,<> ]+>)?$/.test(text)) return text.replace(/\s+/g, " ");
  return undefined;
}

export interface JsDoc {
  /** Parameter name → declared type text. */
  params: Map<string, string>;
  /** `@type {T}` on a variable. */
  type: string | undefined;
}

const PARAM = /@param\s*\{([^{}]+)\}\s*\[?([A-Za-z_$][\w$]*)/g;
const TYPE = /@type\s*\{([^{}]+)\}/;

/**
 * JSDoc blocks by the offset of the first token after them, so a function, a property or a
 * declaration finds its own block by where it (or the statement carrying it) starts.
 */
export class JsDocIndex {
  readonly #byNext = new Map<number, JsDoc>();

  constructor(comments: readonly t.Comment[], text: string) {
    for (const c of comments) {
      if (c.type !== "CommentBlock" || !c.value.startsWith("*")) continue;
      if (!c.value.includes("@param") && !c.value.includes("@type")) continue;
      let next = c.end!;
      while (next < text.length && /\s/.test(text[next]!)) next++;
      const params = new Map<string, string>();
      for (const m of c.value.matchAll(PARAM)) {
        const type = jsdocTypeText(m[1]!);
        if (type) params.set(m[2]!, type);
      }
      const typeMatch = TYPE.exec(c.value);
      this.#byNext.set(next, { params, type: typeMatch ? jsdocTypeText(typeMatch[1]!) : undefined });
    }
  }

  get empty(): boolean {
    return this.#byNext.size === 0;
  }

  /** The block right before any of these offsets (a node and the statements that carry it). */
  at(...starts: Array<number | undefined>): JsDoc | undefined {
    for (const s of starts) {
      if (s === undefined) continue;
      const doc = this.#byNext.get(s);
      if (doc) return doc;
    }
    return undefined;
  }
}
