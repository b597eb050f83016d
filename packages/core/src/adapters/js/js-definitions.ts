import type * as t from "@babel/types";
import type { Fact, FactDetail } from "../../facts.js";
import type { JsBindings } from "../../js-bindings.js";
import { isFunction, keyName } from "./js-names.js";
import { definitionName, resolve, type ResolveContext } from "./js-resolve.js";

/** Calls that copy an object's properties onto their first argument: `Object.assign(ns, { … })`. */
export const EXTENDERS = new Set(["Object.assign", "$.extend", "jQuery.extend", "_.extend", "_.assign", "angular.extend"]);

type Emit = (
  kind: Fact["kind"],
  key: string,
  node: t.Node,
  ctx: ResolveContext & { enclosing: string | undefined },
  detail?: FactDetail,
) => void;

/**
 * Where the functions that configuration names are defined, in every common shape: object-literal
 * namespaces, `ns.f = function`, the revealing-module pattern (`return { onLoad: init }`),
 * `(function () { this.f = … }).call(ns)`, classes, and names given to another name
 * (`Contoso.Form = FormHandlers`). What cannot be known statically (`ns[name] = f`,
 * `ns = build()`) is an opaque definition: a handler under it can be neither confirmed nor denied.
 */
export class Definitions {
  constructor(
    private readonly emit: Emit,
    private readonly bindings: JsBindings,
  ) {}

  define(name: string, node: t.Node, ctx: ResolveContext & { enclosing: string | undefined }, detail: FactDetail): void {
    this.emit("definition", name, node, ctx, detail);
  }

  /**
   * `name = value` where value is not a function, object or class written in place: another name
   * for a function, class or namespace of the file, or something opaque.
   */
  assigned(
    name: string,
    value: t.Expression | t.Node | null | undefined,
    node: t.Node,
    ctx: ResolveContext & { enclosing: string | undefined },
    leaf = false,
  ): void {
    const v = unwrap(value);
    if (!v) return;
    if (v.type === "Identifier") {
      const b = ctx.scope.lookup(v.name);
      if (b?.fn) {
        const target = this.bindings.functions[b.fn]?.name;
        this.emit("definition", name, node, ctx, target && target !== name ? { fn: b.fn, aliasOf: target } : { fn: b.fn });
        return;
      }
      if (b?.cls) {
        const local = this.bindings.classes[b.cls]?.local;
        this.emit("definition", name, node, ctx, local && local !== name ? { aliasOf: local } : {});
        return;
      }
    }
    if (v.type === "Identifier" || v.type === "MemberExpression") {
      const target = definitionName(v, ctx);
      if (target !== undefined && target !== name && !target.startsWith("this")) {
        this.emit("definition", name, node, ctx, { aliasOf: target });
        return;
      }
    }
    if (v.type === "NewExpression" && v.callee.type === "Identifier") {
      const b = ctx.scope.lookup(v.callee.name);
      const local = b?.cls ? this.bindings.classes[b.cls]?.local : undefined;
      if (local) {
        // An instance has its class's methods.
        this.emit("definition", name, node, ctx, { aliasOf: local });
        return;
      }
    }
    if (isOpaque(v, ctx)) this.emit("definition", name, node, ctx, { opaque: true });
    else if (leaf && v.type !== "StringLiteral" && v.type !== "NumericLiteral" && v.type !== "BooleanLiteral" && v.type !== "NullLiteral") {
      this.emit("definition", name, node, ctx, { opaque: true });
    }
  }

  /** `ns[name] = …`: whatever ns holds can no longer be listed. */
  opaque(name: string, node: t.Node, ctx: ResolveContext & { enclosing: string | undefined }): void {
    this.emit("definition", name, node, ctx, { opaque: true });
  }

  /** `Object.assign(ns, { onLoad() {} }, other)`: literal properties define ns.x; anything else makes ns opaque. */
  extended(args: ReadonlyArray<t.Node>, ctx: ResolveContext & { enclosing: string | undefined }): void {
    let i = 0;
    if (args[0]?.type === "BooleanLiteral") i = 1;
    const target = args[i];
    const name = target ? definitionName(target, ctx) : undefined;
    if (name === undefined) return;
    for (const source of args.slice(i + 1)) {
      if (source.type !== "ObjectExpression") {
        this.emit("definition", name, source, ctx, { opaque: true });
        continue;
      }
      for (const p of source.properties) {
        if (p.type === "SpreadElement" || p.computed) continue;
        const key = keyName(p.key);
        if (key === undefined) continue;
        const fn = p.type === "ObjectMethod" ? p : isFunction(p.value) ? p.value : undefined;
        this.emit("definition", `${name}.${key}`, p, ctx, fn ? { fn: `@${fn.start}` } : { opaque: true });
      }
    }
  }
}

function unwrap(node: t.Node | null | undefined): t.Node | null | undefined {
  let n = node;
  while (n && (n.type === "ParenthesizedExpression" || n.type === "TSAsExpression" || n.type === "TSNonNullExpression")) n = n.expression;
  return n;
}

/** A value whose members cannot be listed from this file: a call's result, an unknown object. */
function isOpaque(v: t.Node, ctx: ResolveContext): boolean {
  switch (v.type) {
    case "CallExpression":
    case "OptionalCallExpression":
    case "NewExpression":
    case "AwaitExpression":
      return true;
    case "Identifier": {
      const b = ctx.scope.lookup(v.name);
      return !b?.object;
    }
    case "MemberExpression":
      return resolve(v, ctx).key !== undefined;
    case "LogicalExpression":
    case "ConditionalExpression":
      return true;
    default:
      return false;
  }
}
