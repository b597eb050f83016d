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
  // `**kwargs` takes any keyword a caller passes, so a rule about a missing parameter must know.
  const varKeywords = parameters?.children.find((p) => p.type === "dictionary_splat_pattern");
  const varKeywordsName = varKeywords?.children.find((c) => c.type === "identifier");
  if (varKeywordsName) detail.kwargs = w.nameOf(varKeywordsName);
  if (decorators.length > 0) detail.decorators = decorators;
  const body0 = field(node, "body");
  if (body0 && mayReturnNone(body0, w.text)) detail.returnsNone = true;
  w.emit("definition", qualified, w.lines.span(node.start, (nameNode ?? node).end), ctx, detail);
  // Defaults and annotations are evaluated where the function is defined.
  for (const p of parameters?.children ?? []) for (const c of p.children) if (c.field === "value" || c.field === "type") w.visit(c, ctx);
  const returnType = field(node, "return_type");
  if (returnType) w.visit(returnType, ctx);
  const body = field(node, "body");
  const scope = new Scope(ctx.scope, "function");
  if (body) for (const n of boundNames(body, w.text)) scope.bind(n);
  params.forEach((p) => scope.bind(p, { param: true }));
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
  const fact = w.emit("definition", qualified, w.lines.span(node.start, (nameNode ?? node).end), { ...ctx, cls }, detail);
  if (body) w.block(body, inner);
  // What the class keeps in its attributes, for subclasses in other files (the linker joins them).
  const recordsets = w.models.recordsetsOf(cls);
  if (recordsets) fact.detail = { ...fact.detail, recordsets };
}

/**
 * Whether a function body can end without a value: a bare `return`, `return None`, or a path
 * that runs off its end. Nested functions and classes are not looked into; a `yield` makes a
 * generator, which never returns None to its caller.
 */
export function mayReturnNone(body: PyNode, text: string): boolean {
  if (containsYield(body)) return false;
  return returnsNoneInside(body, text) || fallsThrough(body);
}

function returnsNoneInside(node: PyNode, text: string): boolean {
  for (const c of node.children) {
    if (c.type === "function_definition" || c.type === "class_definition" || c.type === "lambda") continue;
    if (c.type === "return_statement") {
      const value = c.children.find((x) => x.type !== "comment");
      if (!value || (value.type === "none" && text.slice(value.start, value.end) === "None")) return true;
      continue;
    }
    if (returnsNoneInside(c, text)) return true;
  }
  return false;
}

/** Whether running the block can reach its end. */
function fallsThrough(block: PyNode): boolean {
  const statements = block.children.filter((c) => c.type !== "comment");
  const last = statements[statements.length - 1];
  if (!last) return true;
  switch (last.type) {
    case "return_statement":
    case "raise_statement":
      return false;
    case "if_statement": {
      const consequence = field(last, "consequence");
      const alternatives = last.children.filter((c) => c.field === "alternative");
      const hasElse = alternatives.some((a) => a.type === "else_clause");
      if (!hasElse || !consequence || fallsThrough(consequence)) return true;
      return alternatives.some((a) => {
        const b = field(a, "body") ?? field(a, "consequence");
        return !b || fallsThrough(b);
      });
    }
    case "try_statement": {
      const body = field(last, "body");
      if (!body || fallsThrough(body)) return true;
      return last.children.some((c) => c.type === "except_clause" && fallsThrough(c.children.find((x) => x.type === "block") ?? c));
    }
    case "with_statement": {
      const body = field(last, "body");
      return !body || fallsThrough(body);
    }
    default:
      return true;
  }
}

function containsYield(node: PyNode): boolean {
  for (const c of node.children) {
    if (c.type === "function_definition" || c.type === "class_definition" || c.type === "lambda") continue;
    if (c.type === "yield" || containsYield(c)) return true;
  }
  return false;
}
