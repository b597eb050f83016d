import type * as t from "@babel/types";
import { declarePattern, hoistDeclarations, Scope } from "./flow-scope.js";
import {
  dottedName,
  isFunctionNode,
  memberName,
  newBinding,
  type Binding,
  type CallNode,
  type FlowGraph,
  type FunctionInfo,
} from "./flow-graph.js";

interface Where {
  scope: Scope;
  fn: FunctionInfo | undefined;
  /** Inside a function NetSuite calls plainly, where `this` is the global object. */
  thisIsGlobal: boolean;
}

/** Keys of a node that hold no code. */
const SKIPPED = new Set(["type", "start", "end", "loc", "range", "extra", "leadingComments", "trailingComments", "innerComments"]);
const SKIPPED_TS = /^TS(?!AsExpression|NonNullExpression|SatisfiesExpression|TypeAssertion)/;

/**
 * One walk over a file: which names are declared where, what is assigned to them, which
 * functions exist and what they return, and every call and member use. Types come later.
 */
export function walkProgram(program: t.Program): FlowGraph {
  const graph: FlowGraph = {
    refs: new Map(),
    implicit: new Map(),
    bindings: [],
    functions: [],
    byNode: new Map(),
    byName: new Map(),
    calls: [],
    members: [],
    narrowings: [],
    amd: undefined,
  };
  const walker = new Walker(graph);
  const scope = new Scope(undefined);
  walker.hoist(program.body, scope, true);
  const where: Where = { scope, fn: undefined, thisIsGlobal: true };
  for (const s of program.body) walker.visit(s, where);
  return graph;
}

class Walker {
  constructor(private readonly graph: FlowGraph) {}

  declare(scope: Scope, name: string): Binding {
    let b = scope.names.get(name);
    if (!b) {
      b = newBinding(name);
      scope.names.set(name, b);
      this.graph.bindings.push(b);
    }
    return b;
  }

  implicit(name: string): Binding {
    let b = this.graph.implicit.get(name);
    if (!b) {
      b = newBinding(name);
      this.graph.implicit.set(name, b);
    }
    return b;
  }

  hoist(statements: readonly t.Node[], scope: Scope, functionScope: boolean): void {
    hoistDeclarations(statements, scope, functionScope, (sc, name) => this.declare(sc, name));
  }

  private declarePattern(p: t.Node | null | undefined, scope: Scope): void {
    declarePattern(p, scope, (sc, name) => this.declare(sc, name));
  }

  visit(node: t.Node | null | undefined, w: Where): void {
    if (!node || typeof node !== "object" || SKIPPED_TS.test(node.type)) return;
    switch (node.type) {
      case "Identifier": {
        const b = w.scope.lookup(node.name);
        if (b) this.graph.refs.set(node, b);
        return;
      }
      case "FunctionDeclaration": {
        const info = this.fn(node, w, node.id?.name, node.start!);
        if (node.id) {
          const b = w.scope.lookup(node.id.name);
          if (b) b.fn = info;
        }
        return;
      }
      case "FunctionExpression":
      case "ArrowFunctionExpression":
      case "ObjectMethod":
      case "ClassMethod":
      case "ClassPrivateMethod":
        this.fn(node, w, undefined, node.start!);
        return;
      case "VariableDeclaration":
        for (const d of node.declarations) this.declarator(d, node, w);
        return;
      case "AssignmentExpression":
        return this.assignment(node, w);
      case "CallExpression":
      case "OptionalCallExpression":
      case "NewExpression":
        return this.call(node, w);
      case "MemberExpression":
      case "OptionalMemberExpression":
        this.graph.members.push({ node, call: undefined });
        this.visit(node.object, w);
        if (node.computed) this.visit(node.property, w);
        return;
      case "ReturnStatement":
        if (node.argument && w.fn) w.fn.returns.push(node.argument);
        return this.visit(node.argument, w);
      case "IfStatement":
        this.narrow(node.test, node.consequent, w);
        return this.children(node, w);
      case "BlockStatement":
      case "StaticBlock": {
        const scope = new Scope(w.scope);
        this.hoist(node.body, scope, false);
        const inner = { ...w, scope };
        for (const s of node.body) this.visit(s, inner);
        return;
      }
      case "ForStatement":
      case "ForInStatement":
      case "ForOfStatement": {
        const scope = new Scope(w.scope);
        const init = node.type === "ForStatement" ? node.init : node.left;
        if (init?.type === "VariableDeclaration" && init.kind !== "var")
          for (const d of init.declarations) this.declarePattern(d.id, scope);
        const inner = { ...w, scope };
        if (node.type === "ForOfStatement") {
          const target = init?.type === "VariableDeclaration" ? init.declarations[0]?.id : node.left;
          if (target?.type === "Identifier") {
            const b = scope.lookup(target.name) ?? this.implicit(target.name);
            b.elementsOf.push(node.right);
          }
        }
        return this.children(node, inner);
      }
      case "CatchClause": {
        const scope = new Scope(w.scope);
        this.declarePattern(node.param, scope);
        const inner = { ...w, scope };
        this.visit(node.body, inner);
        return;
      }
      case "ClassDeclaration":
      case "ClassExpression":
        // Methods run with `this` as the instance, never as the global object.
        return this.children(node, { ...w, thisIsGlobal: false });
      case "ObjectProperty":
        if (node.computed) this.visit(node.key, w);
        // A function stored in an object literal carries its JSDoc before the property's key.
        if (isFunctionNode(node.value)) return void this.fn(node.value, { ...w, thisIsGlobal: false }, undefined, node.start!);
        return this.visit(node.value, w);
      case "ClassProperty":
        if (node.computed) this.visit(node.key, w);
        return this.visit(node.value, w);
      case "LabeledStatement":
        return this.visit(node.body, w);
      case "BreakStatement":
      case "ContinueStatement":
      case "MetaProperty":
      case "PrivateName":
        return;
      default:
        return this.children(node, w);
    }
  }

  private children(node: t.Node, w: Where): void {
    const record = node as unknown as Record<string, unknown>;
    for (const key in record) {
      if (SKIPPED.has(key)) continue;
      const value = record[key];
      if (Array.isArray(value)) {
        for (const v of value) if (v && typeof v === "object" && "type" in v) this.visit(v as t.Node, w);
      } else if (value && typeof value === "object" && "type" in value) {
        this.visit(value as t.Node, w);
      }
    }
  }

  private fn(
    node: t.Function,
    w: Where,
    name: string | undefined,
    docAnchor: number,
    bound?: ReadonlyArray<string | undefined>,
  ): FunctionInfo {
    const info: FunctionInfo = {
      node,
      name,
      params: [],
      returns: [],
      returnTypes: new Set(),
      docAnchor,
      topLevel: w.fn === undefined,
      callSites: [],
    };
    this.graph.functions.push(info);
    this.graph.byNode.set(node, info);
    if (name !== undefined && !this.graph.byName.has(name)) this.graph.byName.set(name, info);
    const scope = new Scope(w.scope);
    if (node.type === "FunctionExpression" && node.id) this.declare(scope, node.id.name).fn = info;
    node.params.forEach((param, i) => {
      this.declarePattern(param, scope);
      const b = param.type === "Identifier" ? scope.names.get(param.name) : undefined;
      info.params.push(b);
      const module = bound?.[i];
      if (b && module) b.types.add(`module:${module}`);
    });
    // A method, or a function stored in an object, runs with `this` as that object.
    const plain = node.type === "FunctionDeclaration" || (node.type === "FunctionExpression" && w.thisIsGlobal && w.fn === undefined);
    const inner: Where = { scope, fn: info, thisIsGlobal: node.type === "ArrowFunctionExpression" ? w.thisIsGlobal : plain };
    for (const p of node.params) if (p.type !== "Identifier") this.visit(p, inner);
    if (node.body.type === "BlockStatement") {
      this.hoist(node.body.body, scope, true);
      for (const s of node.body.body) this.visit(s, inner);
    } else {
      info.returns.push(node.body);
      this.visit(node.body, inner);
    }
    return info;
  }

  private declarator(d: t.VariableDeclarator, decl: t.VariableDeclaration, w: Where): void {
    const init = d.init;
    const id = d.id;
    const name = id.type === "Identifier" ? id.name : undefined;
    const qualified = name !== undefined && w.fn === undefined ? name : undefined;
    if (name !== undefined && init) {
      const b = w.scope.lookup(name) ?? this.declare(w.scope, name);
      b.sources.push(init);
      if (isFunctionNode(init)) {
        b.fn = this.fn(init, w, qualified, decl.start!);
        return;
      }
      if (init.type === "ObjectExpression") return this.object(init, w, qualified, decl.start!);
    }
    if (id.type !== "Identifier") this.visit(id, w);
    this.visit(init, w);
  }

  private assignment(node: t.AssignmentExpression, w: Where): void {
    const left = node.left;
    const right = node.right;
    if (node.operator === "=" || node.operator === "||=" || node.operator === "??=") {
      if (left.type === "Identifier") {
        const b = w.scope.lookup(left.name) ?? this.implicit(left.name);
        if (!w.scope.lookup(left.name)) this.graph.refs.set(left, b);
        b.sources.push(right);
        if (isFunctionNode(right)) {
          b.fn = this.fn(right, w, w.fn === undefined ? left.name : undefined, node.start!);
          return;
        }
      } else if (left.type === "MemberExpression" && left.computed && left.object.type === "Identifier") {
        const b = w.scope.lookup(left.object.name) ?? this.graph.implicit.get(left.object.name);
        b?.elements.push(right);
      } else if (left.type === "MemberExpression" && left.object.type === "ThisExpression" && w.thisIsGlobal) {
        const prop = memberName(left);
        if (prop !== undefined) this.implicit(prop).sources.push(right);
      }
      const dotted = left.type === "MemberExpression" ? dottedName(left) : undefined;
      if (dotted !== undefined && isFunctionNode(right)) {
        this.visit(left, w);
        this.fn(right, w, dotted, node.start!);
        return;
      }
      if (dotted !== undefined && right.type === "ObjectExpression") {
        this.visit(left, w);
        return this.object(right, w, dotted, node.start!);
      }
    }
    this.visit(left, w);
    this.visit(right, w);
  }

  /** Object literals name their functions after where they are stored: `Acme.UE = { beforeLoad: … }`. */
  private object(node: t.ObjectExpression, w: Where, name: string | undefined, anchor: number): void {
    for (const p of node.properties) {
      if (p.type === "SpreadElement") {
        this.visit(p.argument, w);
        continue;
      }
      if (p.computed) this.visit(p.key, w);
      const key = p.key.type === "Identifier" ? p.key.name : p.key.type === "StringLiteral" ? p.key.value : undefined;
      const qualified = name !== undefined && key !== undefined && !p.computed ? `${name}.${key}` : undefined;
      const docAnchor = node.properties.length === 1 ? anchor : p.start!;
      if (p.type === "ObjectMethod") this.fn(p, { ...w, thisIsGlobal: false }, qualified, docAnchor);
      else if (isFunctionNode(p.value)) this.fn(p.value, { ...w, thisIsGlobal: false }, qualified, docAnchor);
      else if (p.value.type === "ObjectExpression") this.object(p.value, w, qualified, p.start!);
      else this.visit(p.value, w);
    }
  }

  private call(node: CallNode, w: Where): void {
    this.graph.calls.push(node);
    const callee = node.callee;
    const args = node.arguments;
    const amd =
      node.type === "CallExpression" &&
      callee.type === "Identifier" &&
      (callee.name === "define" || callee.name === "require") &&
      !w.scope.lookup(callee.name);
    const deps = amd ? args.find((a): a is t.ArrayExpression => a.type === "ArrayExpression") : undefined;
    const factory = deps ? args.find((a) => isFunctionNode(a)) : undefined;
    if (callee.type === "MemberExpression" || callee.type === "OptionalMemberExpression") {
      this.graph.members.push({ node: callee, call: node });
      if (callee.object.type === "Identifier" && memberName(callee) === "push") {
        const b = w.scope.lookup(callee.object.name) ?? this.graph.implicit.get(callee.object.name);
        for (const a of args) if (a.type !== "SpreadElement") b?.elements.push(a);
      }
      this.visit(callee.object, w);
      if (callee.computed) this.visit(callee.property, w);
    } else if (callee.type !== "V8IntrinsicIdentifier") {
      this.visit(callee, w);
    }
    for (const a of args) {
      if (factory && a === factory && isFunctionNode(a)) {
        const modules = deps!.elements.map((e) => (e?.type === "StringLiteral" ? e.value : undefined));
        const info = this.fn(a, w, undefined, node.start!, modules);
        if (callee.type === "Identifier" && callee.name === "define") this.graph.amd ??= { factory: info, deps: modules };
      } else {
        this.visit(a, w);
      }
    }
  }

  /** `if (e instanceof nlobjError) { … }` and `if (!(e instanceof …))` is left alone. */
  private narrow(test: t.Node, branch: t.Node, w: Where): void {
    const tests: t.Node[] = [test];
    while (tests.length > 0) {
      const x = tests.pop()!;
      if (x.type === "LogicalExpression" && x.operator === "&&") tests.push(x.left, x.right);
      else if (x.type === "BinaryExpression" && x.operator === "instanceof" && x.left.type === "Identifier") {
        const right = x.right;
        if (right.type !== "Identifier" || w.scope.lookup(right.name)) continue;
        const b = w.scope.lookup(x.left.name) ?? this.graph.implicit.get(x.left.name);
        if (b) this.graph.narrowings.push({ binding: b, type: right.name, start: branch.start!, end: branch.end! });
      }
    }
  }
}
