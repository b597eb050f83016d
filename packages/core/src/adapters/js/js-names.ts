import type * as t from "@babel/types";

/** Receivers that are the global object itself: `window.Xrm` is `Xrm`. */
export const GLOBAL_OBJECTS = new Set(["window", "globalThis", "self"]);

export function nameOf(n: t.Identifier | t.StringLiteral): string {
  return n.type === "Identifier" ? n.name : n.value;
}

export function keyName(key: t.Node): string | undefined {
  switch (key.type) {
    case "Identifier":
      return key.name;
    case "StringLiteral":
      return key.value;
    case "NumericLiteral":
      return String(key.value);
    case "PrivateName":
      return `#${key.id.name}`;
    default:
      return undefined;
  }
}

export function propertyName(node: t.MemberExpression | t.OptionalMemberExpression): string | undefined {
  const p = node.property;
  if (!node.computed) return p.type === "Identifier" ? p.name : p.type === "PrivateName" ? `#${p.id.name}` : undefined;
  if (p.type === "StringLiteral") return p.value;
  if (p.type === "TemplateLiteral" && p.expressions.length === 0) return p.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** The written name of an assignment target, without alias resolution: `Contoso.Account.onLoad`. */
export function dottedName(node: t.Node): string | undefined {
  if (node.type === "Identifier") return node.name;
  if (node.type === "ThisExpression") return "this";
  if (node.type === "MemberExpression") {
    const prop = propertyName(node);
    if (prop === undefined) return undefined;
    if (node.object.type === "Identifier" && GLOBAL_OBJECTS.has(node.object.name)) return prop;
    const base = dottedName(node.object);
    return base === undefined ? undefined : `${base}.${prop}`;
  }
  return undefined;
}

export function isFunction(node: t.Node | null | undefined): node is t.FunctionExpression | t.ArrowFunctionExpression {
  return node?.type === "FunctionExpression" || node?.type === "ArrowFunctionExpression";
}
