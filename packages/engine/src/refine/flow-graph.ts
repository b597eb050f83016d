import type * as t from "@babel/types";

/** A name declared in a scope, or a global the file assigns; what it may hold is in `types`. */
export interface Binding {
  name: string;
  /** Expressions assigned to it. */
  sources: t.Node[];
  /** Arrays whose elements it takes (`for (var r of results)`). */
  elementsOf: t.Node[];
  /** What is stored in it as an array (`filters[0] = new nlobjSearchFilter(…)`, `filters.push(…)`). */
  elements: t.Node[];
  /** SuiteScript types it may hold: what its sources give, and what declarations say. */
  types: Set<string>;
  /** The function it holds, when it is declared or assigned as one. */
  fn?: FunctionInfo;
}

export interface FunctionInfo {
  node: t.Function;
  /** The name a configuration would use for it: `beforeLoad`, `Acme.Invoice.beforeLoad`. */
  name: string | undefined;
  params: Array<Binding | undefined>;
  returns: t.Node[];
  returnTypes: Set<string>;
  /** Where its JSDoc comment would end: the start of the statement or property it stands in. */
  docAnchor: number;
  topLevel: boolean;
  /** The argument lists of the calls to it within the file. */
  callSites: Array<ReadonlyArray<t.Node>>;
}

/** `x instanceof nlobjError` makes `x` that type inside the branch that tested it. */
export interface Narrowing {
  binding: Binding;
  type: string;
  start: number;
  end: number;
}

export type CallNode = t.CallExpression | t.OptionalCallExpression | t.NewExpression;
export type MemberNode = t.MemberExpression | t.OptionalMemberExpression;

/** Everything the walk learned about one file: bindings, functions, calls and member uses. */
export interface FlowGraph {
  refs: Map<t.Identifier, Binding>;
  /** Globals the file assigns to (`ctx = nlapiGetContext()` without a declaration, `this.ctx = …`). */
  implicit: Map<string, Binding>;
  bindings: Binding[];
  functions: FunctionInfo[];
  byNode: Map<t.Node, FunctionInfo>;
  byName: Map<string, FunctionInfo>;
  calls: CallNode[];
  members: Array<{ node: MemberNode; call: CallNode | undefined }>;
  narrowings: Narrowing[];
  /** The factory of `define([...], function (...) {...})` and the modules bound to its parameters. */
  amd: { factory: FunctionInfo; deps: Array<string | undefined> } | undefined;
}

export function newBinding(name: string): Binding {
  return { name, sources: [], elementsOf: [], elements: [], types: new Set() };
}

/** The written name of a member chain (`Acme.UE.beforeLoad`), without resolving anything. */
export function dottedName(node: t.Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === "Identifier") return node.name;
  if (node.type === "MemberExpression" && !node.computed && node.property.type === "Identifier") {
    const base = dottedName(node.object);
    return base === undefined ? undefined : `${base}.${node.property.name}`;
  }
  return undefined;
}

/** A member expression's property name when it is written out (`a.b`, `a["b"]`). */
export function memberName(node: MemberNode): string | undefined {
  const p = node.property;
  if (!node.computed) return p.type === "Identifier" ? p.name : undefined;
  return p.type === "StringLiteral" ? p.value : undefined;
}

export function isFunctionNode(node: t.Node | null | undefined): node is t.FunctionExpression | t.ArrowFunctionExpression {
  return node?.type === "FunctionExpression" || node?.type === "ArrowFunctionExpression";
}
