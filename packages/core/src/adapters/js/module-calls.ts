import type * as t from "@babel/types";
import { isFunction } from "./js-names.js";

/** Calls whose array of module names is bound, in order, to the factory's parameters. */
export const AMD_DEFINERS = new Set(["define", "require", "sap.ui.define", "sap.ui.require", "odoo.define"]);

/** `require("x")` with a string: CommonJS, Odoo's legacy loader and AMD's sync form alike. */
export function requireCallName(node: t.CallExpression | t.OptionalCallExpression | t.NewExpression): boolean {
  if (node.type === "NewExpression") return false;
  const c = node.callee;
  // Bound or not: a local `require` is Odoo's loader parameter or AMD's; another meaning is rare.
  if (c.type !== "Identifier" || c.name !== "require") return false;
  return node.arguments[0]?.type === "StringLiteral";
}

export function requiredModule(node: t.CallExpression | t.OptionalCallExpression): string | undefined {
  if (!requireCallName(node)) return undefined;
  const first = node.arguments[0];
  return first?.type === "StringLiteral" ? first.value : undefined;
}

export interface AmdShape {
  deps: Array<t.StringLiteral | undefined>;
  factory: t.FunctionExpression | t.ArrowFunctionExpression | undefined;
}

/** `define([deps], factory)`, `define("name", [deps], factory)`, `sap.ui.define`, `odoo.define`. */
export function amdShape(args: t.CallExpression["arguments"]): AmdShape | undefined {
  const array = args.find((a): a is t.ArrayExpression => a.type === "ArrayExpression");
  const factory = args.find((a): a is t.FunctionExpression | t.ArrowFunctionExpression => isFunction(a));
  if (!array && !factory) return undefined;
  // `odoo.define("name", function (require) { … })` and `define(function (require) { … })` have no list.
  return {
    deps: array ? array.elements.map((e) => (e?.type === "StringLiteral" ? e : undefined)) : [],
    factory,
  };
}
