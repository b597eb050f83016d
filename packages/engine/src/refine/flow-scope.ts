import type * as t from "@babel/types";
import type { Binding } from "./flow-graph.js";

/** Names declared in a function, a block or the file. */
export class Scope {
  readonly names = new Map<string, Binding>();
  constructor(readonly parent: Scope | undefined) {}

  lookup(name: string): Binding | undefined {
    return this.names.get(name) ?? this.parent?.lookup(name);
  }
}

/** Declares a name in a scope (the walker keeps every binding it creates). */
export type Declare = (scope: Scope, name: string) => void;

/** `var` and function declarations belong to the function; `let`, `const` and classes to the block. */
export function hoistDeclarations(statements: readonly t.Node[], scope: Scope, functionScope: boolean, declare: Declare): void {
  for (const s of statements) hoistOne(s, scope, functionScope, true, declare);
}

function hoistOne(s: t.Node | null | undefined, scope: Scope, functionScope: boolean, top: boolean, declare: Declare): void {
  if (!s) return;
  switch (s.type) {
    case "VariableDeclaration":
      if (s.kind === "var" ? functionScope : top) for (const d of s.declarations) declarePattern(d.id, scope, declare);
      return;
    case "FunctionDeclaration":
    case "ClassDeclaration":
      if (top && s.id) declare(scope, s.id.name);
      return;
    case "ExportNamedDeclaration":
    case "ExportDefaultDeclaration":
      return hoistOne(s.declaration as t.Node | null, scope, functionScope, top, declare);
    default:
      break;
  }
  if (!functionScope) return;
  const nested = (n: t.Node | null | undefined): void => hoistOne(n, scope, true, false, declare);
  switch (s.type) {
    case "BlockStatement":
      for (const c of s.body) nested(c);
      return;
    case "IfStatement":
      nested(s.consequent);
      return nested(s.alternate);
    case "ForStatement":
      nested(s.init as t.Node | null);
      return nested(s.body);
    case "ForInStatement":
    case "ForOfStatement":
      nested(s.left);
      return nested(s.body);
    case "WhileStatement":
    case "DoWhileStatement":
    case "LabeledStatement":
      return nested(s.body);
    case "TryStatement":
      nested(s.block);
      nested(s.handler?.body);
      return nested(s.finalizer);
    case "SwitchStatement":
      for (const c of s.cases) for (const x of c.consequent) nested(x);
      return;
    default:
      return;
  }
}

export function declarePattern(p: t.Node | null | undefined, scope: Scope, declare: Declare): void {
  if (!p) return;
  switch (p.type) {
    case "Identifier":
      declare(scope, p.name);
      return;
    case "ObjectPattern":
      for (const prop of p.properties) declarePattern(prop.type === "RestElement" ? prop.argument : prop.value, scope, declare);
      return;
    case "ArrayPattern":
      for (const e of p.elements) declarePattern(e, scope, declare);
      return;
    case "AssignmentPattern":
      return declarePattern(p.left, scope, declare);
    case "RestElement":
      return declarePattern(p.argument, scope, declare);
    default:
      return;
  }
}
