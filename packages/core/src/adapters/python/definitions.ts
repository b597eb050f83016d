import type { FactDetail } from "../../facts.js";
import { field } from "./literals.js";
import type { PyNode } from "./parser.js";
import type { Context, PyFactWalker } from "./py-facts.js";
import { boundNames, parameterNames, Scope } from "./scope.js";

/** Decorators are calls (a bare `@api.model` is written as one), listed on what they decorate. */
export function decoratedFacts(w: PyFactWalker, node: PyNode, ctx: Context): void {
  const decorators: string[] = [];
  for (const d of node.children) {
    if (d.type !== "decorator") continue;
    const expr = d.children[0];
    if (!expr) continue;
    if (expr.type === "call") {
      w.call(expr, ctx, true);
      const p = w.pathOf(field(expr, "function"), ctx);
      if (p !== undefined) decorators.push(p);
    } else {
      const p = w.pathOf(expr, ctx);
      if (p !== undefined) {
        decorators.push(p);
        w.emit("call", p, expr, ctx, { decorator: true });
      }
      w.visit(expr, ctx);
    }
  }
  const definition = field(node, "definition");
  if (definition?.type === "function_definition") functionFacts(w, definition, ctx, decorators);
  else if (definition?.type === "class_definition") classFacts(w, definition, ctx, decorators);
}

/**
 * A `def`: a definition fact (its header up to the name), then its body in a scope of its own,
 * where the first parameter of a method is the receiver (`self`), holding the class's model.
 */
export function functionFacts(w: PyFactWalker, node: PyNode, ctx: Context, decorators: string[]): void {
  const nameNode = field(node, "name");
  const name = nameNode ? w.nameOf(nameNode) : "?";
  const qualified = ctx.enclosing ? `${ctx.enclosing}.${name}` : name;
  const inClassBody = ctx.scope.kind === "class";
  if (nameNode) ctx.scope.bind(name);
  const parameters = field(node, "parameters");
  const params = parameterNames(parameters, w.text);
  const detail: FactDetail = { params };
  if (decorators.length > 0) detail.decorators = decorators;
  w.emit("definition", qualified, w.lines.span(node.start, (nameNode ?? node).end), ctx, detail);
  // Defaults and annotations are evaluated where the function is defined.
  for (const p of parameters?.children ?? []) for (const c of p.children) if (c.field === "value" || c.field === "type") w.visit(c, ctx);
  const returnType = field(node, "return_type");
  if (returnType) w.visit(returnType, ctx);
  const body = field(node, "body");
  const scope = new Scope(ctx.scope, "function");
  if (body) for (const n of boundNames(body, w.text)) scope.bind(n);
  params.forEach((p) => scope.bind(p));
  const isStatic = decorators.some((d) => d === "staticmethod");
  if (inClassBody && !isStatic && params[0] !== undefined) {
    const isClassMethod = decorators.some((d) => d === "classmethod");
    scope.bind(params[0], { receiver: true, model: isClassMethod ? undefined : ctx.cls?.model });
  }
  if (body) w.block(body, { scope, enclosing: qualified, within: [], cls: ctx.cls });
}

/** A class: its bases resolved, whether it is a model (and which), then its body. */
export function classFacts(w: PyFactWalker, node: PyNode, ctx: Context, decorators: string[]): void {
  const nameNode = field(node, "name");
  const name = nameNode ? w.nameOf(nameNode) : "?";
  const qualified = ctx.enclosing ? `${ctx.enclosing}.${name}` : name;
  const superclasses = field(node, "superclasses");
  const bases: string[] = [];
  for (const b of superclasses?.children ?? []) {
    if (b.type === "keyword_argument" || b.type === "comment") continue;
    bases.push(w.pathOf(b, ctx) ?? "?");
  }
  if (superclasses) w.block(superclasses, ctx);
  const body = field(node, "body");
  if (nameNode) ctx.scope.bind(name);
  const path = w.pathOf(nameNode, ctx) ?? name;
  const cls = w.models.classInfo(qualified, path, bases, body, ctx);
  const inner: Context = { scope: new Scope(ctx.scope, "class"), enclosing: qualified, within: [], cls };
  const detail: FactDetail = { bases };
  if (decorators.length > 0) detail.decorators = decorators;
  w.emit("definition", qualified, w.lines.span(node.start, (nameNode ?? node).end), { ...ctx, cls }, detail);
  if (body) w.block(body, inner);
}
