import type * as t from "@babel/types";
import type { JsValue, LocalValue } from "../../js-bindings.js";
import { GLOBAL_OBJECTS, isFunction, keyName, propertyName } from "./js-names.js";
import { requiredModule } from "./module-calls.js";
import type { Scope } from "./scope.js";

/** What resolution needs of the walk: the scope, and what `this` is where the node stands. */
export interface ResolveContext {
  scope: Scope;
  /** `this` in a class method: the class instance, for the binding stage. */
  thisLocal: LocalValue | undefined;
  /** The namespace `this` stands for in definitions (`(function () { this.f = … }).call(ns)`). */
  thisName: string | undefined;
}

/** The key path of an expression and, when it derives from a local root, that derivation. */
export interface Resolved {
  key?: string;
  local?: LocalValue;
  /** Read from an object or array literal the file makes itself (`var Xrm = { Page: … }`). */
  own?: boolean;
  /** The offset of the call whose result the path starts from, when a local holds it (see `Binding.resultOf`). */
  resultOf?: number;
}

/**
 * The dotted path an expression stands for after alias resolution: module bindings become their
 * specifier, free names stay as they are, locals are marked `~name`, call results end in `()`.
 * `a || b`, `a ?? b` and `c ? a : b` stand for whichever side names something outside the file's
 * locals (`window.Xrm || parent.Xrm` is Xrm).
 */
export function resolve(node: t.Node | null | undefined, ctx: ResolveContext): Resolved {
  if (!node) return {};
  switch (node.type) {
    case "Identifier": {
      const b = ctx.scope.lookup(node.name);
      if (!b) return { key: node.name };
      const out: Resolved = { key: b.path ?? `~${node.name}` };
      if (b.local) out.local = b.local;
      if (b.path !== undefined && b.resultOf !== undefined && b.resultOf >= 0) out.resultOf = b.resultOf;
      if (b.literal && b.path === undefined) out.own = true;
      return out;
    }
    case "ThisExpression":
      return ctx.thisLocal ? { key: "this", local: ctx.thisLocal } : { key: "this" };
    case "Super":
      return { key: "super" };
    case "MemberExpression":
    case "OptionalMemberExpression": {
      const prop = propertyName(node);
      if (prop === undefined) return {};
      const obj = node.object;
      if (obj.type === "Identifier" && GLOBAL_OBJECTS.has(obj.name) && !ctx.scope.lookup(obj.name)) return { key: prop };
      const base = resolve(obj, ctx);
      const out: Resolved = { key: `${base.key ?? "?"}.${prop}` };
      if (base.local) out.local = step(base.local, prop);
      if (base.own) out.own = true;
      if (base.resultOf !== undefined) out.resultOf = base.resultOf;
      return out;
    }
    case "CallExpression":
    case "OptionalCallExpression": {
      const required = requiredModule(node);
      if (required !== undefined) return { key: required };
      return called(resolve(node.callee, ctx), node.arguments.length);
    }
    case "NewExpression":
      return called(resolve(node.callee, ctx), node.arguments.length);
    case "TSAsExpression":
    case "TSNonNullExpression":
    case "TSSatisfiesExpression":
    case "TSTypeAssertion":
    case "ParenthesizedExpression":
      return resolve(node.expression, ctx);
    case "LogicalExpression":
      if (node.operator === "&&") return {};
      return eitherSide(resolve(node.left, ctx), resolve(node.right, ctx));
    case "ConditionalExpression":
      return eitherSide(resolve(node.consequent, ctx), resolve(node.alternate, ctx));
    case "AssignmentExpression":
      return node.operator === "=" ? resolve(node.right, ctx) : {};
    case "SequenceExpression":
      return resolve(node.expressions[node.expressions.length - 1], ctx);
    default:
      return {};
  }
}

function called(callee: Resolved, arity: number): Resolved {
  const out: Resolved = {};
  if (callee.own) out.own = true;
  if (callee.key !== undefined) out.key = `${callee.key}()`;
  if (callee.local && callee.local.path !== "") out.local = { ...callee.local, path: `${callee.local.path}(${arity})` };
  if (callee.resultOf !== undefined) out.resultOf = callee.resultOf;
  return out;
}

function step(local: LocalValue, prop: string): LocalValue {
  return { ...local, path: local.path === "" ? prop : `${local.path}.${prop}` };
}

/** A key outside the file's locals wins; then a local derivation. */
function eitherSide(a: Resolved, b: Resolved): Resolved {
  if (nonLocal(a.key)) return a;
  if (nonLocal(b.key)) return b;
  if (a.local) return a;
  if (b.local) return b;
  return {};
}

function nonLocal(key: string | undefined): key is string {
  return key !== undefined && !key.startsWith("~") && !key.startsWith("?") && key !== "this" && !key.startsWith("this.");
}

/**
 * An alias is taken from paths that name something outside the file's own locals, and from
 * `this`. What a global or a module returns keeps its path (`var gc = Xrm.Utility.getGlobalContext()`
 * makes `gc.userSettings` Xrm.Utility.getGlobalContext().userSettings); a local's does not: it is
 * a derivation the binding stage types.
 */
export function aliasOf(node: t.Node | null | undefined, ctx: ResolveContext): string | undefined {
  const p = resolve(node, ctx).key;
  if (p === undefined || p.startsWith("~") || p.startsWith("?") || p.startsWith("new ")) return undefined;
  if (p === "this" && !ctx.thisLocal) return undefined;
  return p;
}

/**
 * The written dotted name of a definition target or a namespace (`Contoso.Account.onLoad`), with
 * its first name read through namespace parameters and `this` bound by `.call(ns)`.
 */
export function definitionName(node: t.Node | null | undefined, ctx: ResolveContext): string | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case "Identifier": {
      const b = ctx.scope.lookup(node.name);
      return b?.name ?? (b?.path !== undefined && !b.path.includes("(") && !b.path.startsWith("this") ? b.path : node.name);
    }
    case "ThisExpression":
      return ctx.thisName ?? "this";
    case "MemberExpression": {
      const prop = propertyName(node);
      if (prop === undefined) return undefined;
      if (node.object.type === "Identifier" && GLOBAL_OBJECTS.has(node.object.name) && !ctx.scope.lookup(node.object.name)) return prop;
      const base = definitionName(node.object, ctx);
      return base === undefined ? undefined : `${base}.${prop}`;
    }
    case "ParenthesizedExpression":
    case "TSAsExpression":
    case "TSNonNullExpression":
      return definitionName(node.expression, ctx);
    case "LogicalExpression":
      // `Contoso || (Contoso = {})`, `window.NS = window.NS || {}`
      return definitionName(node.left, ctx) ?? definitionName(node.right, ctx);
    case "AssignmentExpression":
      return definitionName(node.left, ctx);
    default:
      return undefined;
  }
}

/** What a value expression is, for exports, fields and namespace objects. */
export function valueOf(node: t.Node | null | undefined, ctx: ResolveContext, depth = 0): JsValue {
  if (!node) return {};
  if (isFunction(node)) return { fn: `@${node.start}` };
  if (node.type === "ClassExpression") return { cls: `@${node.start}` };
  if (node.type === "Identifier") {
    const b = ctx.scope.lookup(node.name);
    if (b?.fn) return { fn: b.fn };
    if (b?.cls) return { cls: b.cls };
  }
  if (node.type === "ObjectExpression" && depth < 4) {
    const props: Record<string, JsValue> = {};
    for (const p of node.properties) {
      if (p.type === "SpreadElement" || p.computed) continue;
      const name = keyName(p.key);
      if (name === undefined) continue;
      props[name] = p.type === "ObjectMethod" ? { fn: `@${p.start}` } : valueOf(p.value, ctx, depth + 1);
    }
    return { props, own: true };
  }
  if (node.type === "ArrayExpression") return { own: true };
  if ((node.type === "NewExpression" || node.type === "CallExpression") && node.callee.type === "Identifier") {
    const b = ctx.scope.lookup(node.callee.name);
    // `new LocalContext()`, `buildContext()`: what the file's own class or function makes.
    if (b?.fn || b?.cls) return { own: true };
  }
  const r = resolve(node, ctx);
  const out: JsValue = {};
  if (r.key !== undefined && !r.key.startsWith("~") && !r.key.startsWith("?")) out.key = r.key;
  if (r.local) out.local = r.local;
  return out;
}
