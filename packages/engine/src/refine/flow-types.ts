import type * as t from "@babel/types";
import { dottedName, isFunctionNode, memberName, type Binding, type CallNode, type FlowGraph, type FunctionInfo } from "./flow-graph.js";
import {
  ARRAY_CALLBACKS,
  CALLBACK_ARGUMENTS,
  CONSTRUCTED,
  CONTEXT_PROPERTIES,
  GLOBAL_RETURNS,
  MEMBER_TYPES_2X,
  METHOD_RETURNS,
  MODULE_RETURNS,
  SUBRECORD_OWN_METHODS,
} from "./suitescript-types.js";

/** How many types one value may hold before Uplift stops telling them apart. */
const MAX_TYPES = 4;
const MAX_ROUNDS = 12;
const NO_TYPES: readonly string[] = [];
const UI_PAGES = new Set(["nlobjForm", "nlobjList", "nlobjAssistant"]);
/** Array methods that return an array of the same elements, and those that return one element. */
const ARRAY_SAME = new Set(["filter", "slice", "concat", "sort", "reverse", "splice"]);
const ARRAY_ELEMENT = new Set(["pop", "shift", "find"]);

/**
 * Types flow through a file until nothing changes: from SuiteScript's functions into variables,
 * through helper functions' returns and parameters, into callbacks, and back out of methods.
 */
export class TypeFlow {
  #memo = new Map<t.Node, readonly string[]>();
  readonly #calleeOf = new Map<CallNode, FunctionInfo>();

  /**
   * @param external what functions defined in other files of the same global scope return (a 1.0
   *   script and its libraries share one): `acmeLoadOrder` → `nlobjRecord`, by written name.
   */
  constructor(
    private readonly graph: FlowGraph,
    private readonly external: ReadonlyMap<string, readonly string[]> = new Map(),
  ) {
    for (const call of graph.calls) {
      const target = this.#localCallee(call);
      if (target) {
        this.#calleeOf.set(call, target);
        target.callSites.push(call.arguments);
      }
    }
  }

  /** Runs the flow to its fixed point. */
  solve(): void {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      this.#memo = new Map();
      let changed = false;
      const grow = (into: Set<string>, types: readonly string[]): void => {
        for (const x of types) {
          if (into.size >= MAX_TYPES || into.has(x)) continue;
          into.add(x);
          changed = true;
        }
      };
      const bindings = [...this.graph.bindings, ...this.graph.implicit.values()];
      for (const b of bindings) {
        for (const s of b.sources) grow(b.types, this.typeOf(s));
        for (const e of b.elementsOf) grow(b.types, elementsOf(this.typeOf(e)));
        for (const e of b.elements) grow(b.types, arrayOf(this.typeOf(e)));
      }
      for (const f of this.graph.functions) for (const r of f.returns) grow(f.returnTypes, this.typeOf(r));
      for (const call of this.graph.calls) {
        const target = this.#calleeOf.get(call);
        if (target) call.arguments.forEach((a, i) => target.params[i] && grow(target.params[i]!.types, this.typeOf(a)));
        this.#callbacks(call, grow);
        this.#suitelet(call, grow);
      }
      if (!changed) return;
    }
  }

  typeOf(node: t.Node | null | undefined): readonly string[] {
    if (!node) return NO_TYPES;
    const known = this.#memo.get(node);
    if (known) return known;
    this.#memo.set(node, NO_TYPES);
    const types = this.#compute(node);
    this.#memo.set(node, types);
    return types;
  }

  /** The binding an identifier stands for: declared, or a global the file assigns. */
  bindingOf(node: t.Identifier): Binding | undefined {
    return this.graph.refs.get(node) ?? this.graph.implicit.get(node.name);
  }

  #compute(node: t.Node): readonly string[] {
    switch (node.type) {
      case "Identifier": {
        const b = this.bindingOf(node);
        if (!b) return NO_TYPES;
        const narrowed = this.graph.narrowings
          .filter((n) => n.binding === b && n.start <= node.start! && node.end! <= n.end && /^nlobj/.test(n.type))
          .map((n) => n.type);
        return narrowed.length > 0 ? narrowed : [...b.types];
      }
      case "ParenthesizedExpression":
      case "TSAsExpression":
      case "TSNonNullExpression":
      case "TSSatisfiesExpression":
      case "TSTypeAssertion":
        return this.typeOf(node.expression);
      case "CallExpression":
      case "OptionalCallExpression":
        return this.#callResult(node);
      case "NewExpression": {
        const c = node.callee;
        return c.type === "Identifier" && CONSTRUCTED.has(c.name) && !this.#declared(c) ? [c.name] : NO_TYPES;
      }
      case "MemberExpression":
      case "OptionalMemberExpression": {
        const receiver = this.typeOf(node.object);
        if (receiver.length === 0) return NO_TYPES;
        const name = memberName(node);
        if (name === undefined) return node.computed ? elementsOf(receiver) : NO_TYPES;
        return unique(receiver.map((r) => CONTEXT_PROPERTIES[r]?.[name]));
      }
      case "LogicalExpression":
        return node.operator === "&&" ? this.typeOf(node.right) : union(this.typeOf(node.left), this.typeOf(node.right));
      case "ConditionalExpression":
        return union(this.typeOf(node.consequent), this.typeOf(node.alternate));
      case "AssignmentExpression":
        return this.typeOf(node.right);
      case "ArrayExpression":
        return arrayOf(unique(node.elements.flatMap((e) => (e && e.type !== "SpreadElement" ? this.typeOf(e) : []))));
      case "SequenceExpression":
        return this.typeOf(node.expressions[node.expressions.length - 1]);
      default:
        return NO_TYPES;
    }
  }

  #callResult(call: t.CallExpression | t.OptionalCallExpression): readonly string[] {
    const callee = call.callee;
    const local = this.#calleeOf.get(call);
    if (local) return [...local.returnTypes];
    if (callee.type === "Identifier") {
      if (this.#declared(callee)) return NO_TYPES;
      const first = call.arguments[0];
      if (callee.name === "require" && first?.type === "StringLiteral") return [`module:${first.value}`];
      const type = GLOBAL_RETURNS[callee.name];
      return type ? [type] : (this.external.get(callee.name) ?? NO_TYPES);
    }
    if (callee.type === "MemberExpression" || callee.type === "OptionalMemberExpression") {
      const name = memberName(callee);
      if (name === undefined) return NO_TYPES;
      const returned = unique(this.typeOf(callee.object).flatMap((r) => methodReturn(r, name)));
      if (returned.length > 0) return returned;
      // `Acme.util.loadOrder(…)`, defined in a library: the file itself does not define that name.
      const dotted = dottedName(callee);
      return dotted !== undefined && !this.graph.byName.has(dotted) ? (this.external.get(dotted) ?? NO_TYPES) : NO_TYPES;
    }
    if (isFunctionNode(callee)) return [...(this.graph.byNode.get(callee)?.returnTypes ?? [])];
    return NO_TYPES;
  }

  #declared(id: t.Identifier): boolean {
    return this.graph.refs.has(id) || this.graph.implicit.has(id.name);
  }

  /** The function of this file a call reaches: `helper(x)`, `Acme.util.helper(x)`. */
  #localCallee(call: CallNode): FunctionInfo | undefined {
    const c = call.callee;
    if (c.type === "Identifier") return this.bindingOf(c)?.fn;
    if (isFunctionNode(c)) return this.graph.byNode.get(c);
    const dotted = dottedName(c);
    return dotted !== undefined && dotted.includes(".") ? this.graph.byName.get(dotted) : undefined;
  }

  /** `resultSet.forEachResult(function (r) {…})`, `results.forEach(function (r) {…})`, `results.sort(function (a, b) {…})`. */
  #callbacks(call: CallNode, grow: (into: Set<string>, types: readonly string[]) => void): void {
    const c = call.callee;
    if (c.type !== "MemberExpression" && c.type !== "OptionalMemberExpression") return;
    const name = memberName(c);
    const fn = call.arguments[0];
    if (name === undefined || !isFunctionNode(fn)) return;
    const params = this.graph.byNode.get(fn)?.params ?? [];
    const give = (i: number, type: string): void => {
      if (params[i]) grow(params[i]!.types, [type]);
    };
    for (const r of this.typeOf(c.object)) {
      const given = CALLBACK_ARGUMENTS[r]?.[name];
      if (given) give(0, given);
      else if (!r.endsWith("[]")) continue;
      else if (ARRAY_CALLBACKS.has(name)) give(0, r.slice(0, -2));
      else if (name === "sort") [0, 1].forEach((i) => give(i, r.slice(0, -2)));
      else if (name === "reduce") give(1, r.slice(0, -2));
    }
  }

  /**
   * A function no code of the file calls, whose second parameter writes a 1.0 page
   * (`response.writePage(form)` with `form` from nlapiCreateForm), is a Suitelet: NetSuite passes
   * it an nlobjRequest and an nlobjResponse.
   */
  #suitelet(call: CallNode, grow: (into: Set<string>, types: readonly string[]) => void): void {
    const c = call.callee;
    if (c.type !== "MemberExpression" || memberName(c) !== "writePage" || c.object.type !== "Identifier") return;
    const page = this.typeOf(call.arguments[0]);
    if (!page.some((p) => UI_PAGES.has(p))) return;
    const b = this.graph.refs.get(c.object);
    if (!b) return;
    for (const f of this.graph.functions) {
      if (f.params[1] !== b || !f.topLevel || f.callSites.length > 0) continue;
      if (f.params[0]) grow(f.params[0].types, ["nlobjRequest"]);
      grow(b.types, ["nlobjResponse"]);
    }
  }
}

/** What a method of an object of this type returns. */
export function methodReturn(type: string, name: string): string | undefined {
  if (type.endsWith("[]")) return ARRAY_SAME.has(name) ? type : ARRAY_ELEMENT.has(name) ? type.slice(0, -2) : undefined;
  if (type.startsWith("module:")) return MODULE_RETURNS[type.slice(7)]?.[name];
  const owner = type === "nlobjSubrecord" && !SUBRECORD_OWN_METHODS.has(name) ? "nlobjRecord" : type;
  return METHOD_RETURNS[owner]?.[name] ?? MEMBER_TYPES_2X[owner]?.[name];
}

/** The declared name of a member of an object of this type (`nlobjRecord.setFieldValue`). */
export function symbolOf(type: string, name: string): string | undefined {
  if (type.startsWith("module:") || type.startsWith("ctx:") || type.endsWith("[]")) return undefined;
  if (type === "nlobjSubrecord" && !SUBRECORD_OWN_METHODS.has(name)) return `nlobjRecord.${name}`;
  return `${type}.${name}`;
}

function elementsOf(types: readonly string[]): readonly string[] {
  return unique(types.map((x) => (x.endsWith("[]") ? x.slice(0, -2) : undefined)));
}

/** Arrays of these (arrays of arrays at most: a function may return `[text, results]`). */
function arrayOf(types: readonly string[]): readonly string[] {
  return unique(types.map((x) => (x.endsWith("[][]") || x.startsWith("module:") || x.startsWith("ctx:") ? undefined : `${x}[]`)));
}

function union(a: readonly string[], b: readonly string[]): readonly string[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  return unique([...a, ...b]);
}

function unique(list: ReadonlyArray<string | undefined>): readonly string[] {
  const out = [...new Set(list.filter((x): x is string => x !== undefined))];
  return out.length === 0 ? NO_TYPES : out;
}
