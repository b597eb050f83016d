import type * as t from "@babel/types";
import type { LocalValue } from "../../js-bindings.js";
import type { FrappeValue } from "./frappe-rows.js";
import { keyName } from "./js-names.js";

/**
 * A name bound in a scope. `path` is what it stands for when it aliases a module, a global or
 * `this`; `local` is what it is derived from when that is a parameter or another local (for the
 * binding stage to type); `name` is the namespace it stands for when definitions are made through
 * it (`(function (ns) { ns.onLoad = … })(window.Contoso = window.Contoso || {})`); `fn` and `cls`
 * say it is a function or class declared here.
 */
export interface Binding {
  path?: string;
  local?: LocalValue;
  name?: string;
  fn?: string;
  cls?: string;
  /** An object literal assigned to it, by its qualified name (for definitions made through it). */
  object?: boolean;
  /** Declared with an object or array literal: a value the file makes itself, never the vendor's. */
  literal?: boolean;
  /**
   * The alias names the result of one call (`var oList = this.byId("list")`): the offset of that
   * call, so facts on the name can say which call made their value; -1 once the name is assigned
   * again, when that is no longer sure.
   */
  resultOf?: number;
  /** What Frappe handed the name: a form, a DocType's name, a document or row, a table's rows. */
  frappe?: FrappeValue;
}

export class Scope {
  readonly #names = new Map<string, Binding>();

  constructor(readonly parent: Scope | undefined) {}

  declare(name: string, path?: string): Binding {
    const existing = this.#names.get(name);
    if (existing) {
      if (path !== undefined && existing.path === undefined) existing.path = path;
      return existing;
    }
    const binding: Binding = path === undefined ? {} : { path };
    this.#names.set(name, binding);
    return binding;
  }

  lookup(name: string): Binding | undefined {
    return this.#names.get(name) ?? this.parent?.lookup(name);
  }

  own(name: string): Binding | undefined {
    return this.#names.get(name);
  }
}

/** Every identifier a binding pattern declares (`{a, b: [c, ...d]} = …` → a, c, d). */
export function patternNames(pattern: t.Node | null | undefined, out: string[] = []): string[] {
  if (!pattern) return out;
  switch (pattern.type) {
    case "Identifier":
      out.push(pattern.name);
      break;
    case "ObjectPattern":
      for (const p of pattern.properties) patternNames(p.type === "RestElement" ? p.argument : p.value, out);
      break;
    case "ArrayPattern":
      for (const e of pattern.elements) patternNames(e, out);
      break;
    case "AssignmentPattern":
      patternNames(pattern.left, out);
      break;
    case "RestElement":
      patternNames(pattern.argument, out);
      break;
    case "TSParameterProperty":
      patternNames(pattern.parameter, out);
      break;
    default:
      break;
  }
  return out;
}

/**
 * Hoisting without a second walk of expressions: declarations are found by looking at statements
 * only, descending into nested blocks for `var` but never into functions.
 */
export function hoistDeclarations(statements: readonly t.Statement[], scope: Scope, functionScope: boolean): void {
  for (const s of statements) hoistStatement(s, scope, functionScope, true);
}

function hoistStatement(s: t.Node | null | undefined, scope: Scope, functionScope: boolean, top: boolean): void {
  if (!s) return;
  switch (s.type) {
    case "VariableDeclaration":
      if (s.kind === "var" ? functionScope : top) {
        for (const d of s.declarations) for (const n of patternNames(d.id)) scope.declare(n);
      }
      break;
    case "FunctionDeclaration":
    case "ClassDeclaration":
      if (top && s.id) scope.declare(s.id.name);
      break;
    case "ImportDeclaration":
      for (const spec of s.specifiers) scope.declare(spec.local.name);
      break;
    case "ExportNamedDeclaration":
    case "ExportDefaultDeclaration":
      hoistStatement(s.declaration as t.Node | null, scope, functionScope, top);
      break;
    case "TSEnumDeclaration":
    case "TSModuleDeclaration":
      if (top && s.id.type === "Identifier") scope.declare(s.id.name);
      break;
    default:
      if (!functionScope) break;
      // `var` inside nested blocks belongs to the function.
      switch (s.type) {
        case "BlockStatement":
          for (const c of s.body) hoistStatement(c, scope, true, false);
          break;
        case "IfStatement":
          hoistStatement(s.consequent, scope, true, false);
          hoistStatement(s.alternate, scope, true, false);
          break;
        case "ForStatement":
          hoistStatement(s.init as t.Node | null, scope, true, false);
          hoistStatement(s.body, scope, true, false);
          break;
        case "ForInStatement":
        case "ForOfStatement":
          hoistStatement(s.left, scope, true, false);
          hoistStatement(s.body, scope, true, false);
          break;
        case "WhileStatement":
        case "DoWhileStatement":
        case "LabeledStatement":
        case "WithStatement":
          hoistStatement(s.body, scope, true, false);
          break;
        case "TryStatement":
          hoistStatement(s.block, scope, true, false);
          hoistStatement(s.handler?.body, scope, true, false);
          hoistStatement(s.finalizer, scope, true, false);
          break;
        case "SwitchStatement":
          for (const c of s.cases) for (const x of c.consequent) hoistStatement(x, scope, true, false);
          break;
        default:
          break;
      }
  }
}

export function bindAlias(scope: Scope, name: string, path: string): void {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    if (s.own(name)) {
      s.declare(name, path);
      return;
    }
  }
}

/** The binding a name refers to, wherever it is declared. */
export function bindingOf(scope: Scope, name: string): Binding | undefined {
  return scope.lookup(name);
}

/** `const { a, b: { c } } = X` binds a, c to X.a, X.b.c; each property read is a member fact, as an import specifier is. */
export function bindDestructured(scope: Scope, pattern: t.Node, base: string, read: (path: string, node: t.Node) => void): void {
  if (pattern.type !== "ObjectPattern") return;
  for (const p of pattern.properties) {
    if (p.type === "RestElement" || p.computed) continue;
    const key = keyName(p.key);
    if (key === undefined) continue;
    read(`${base}.${key}`, p);
    const target = p.value.type === "AssignmentPattern" ? p.value.left : p.value;
    if (target.type === "Identifier") bindAlias(scope, target.name, `${base}.${key}`);
    else bindDestructured(scope, target, `${base}.${key}`, read);
  }
}

/** `const { a, b: { c } } = local` (or a destructured parameter): a and c are derived from the local root. */
export function deriveDestructured(scope: Scope, pattern: t.Node, base: LocalValue): void {
  if (pattern.type === "AssignmentPattern") return deriveDestructured(scope, pattern.left, base);
  if (pattern.type !== "ObjectPattern") return;
  for (const p of pattern.properties) {
    if (p.type === "RestElement" || p.computed) continue;
    const key = keyName(p.key);
    if (key === undefined) continue;
    const local: LocalValue = { root: base.root, path: base.path ? `${base.path}.${key}` : key };
    if (base.type !== undefined) local.type = base.type;
    const target = p.value.type === "AssignmentPattern" ? p.value.left : p.value;
    if (target.type === "Identifier") {
      const binding = scope.lookup(target.name);
      if (binding && binding.local === undefined && binding.path === undefined) binding.local = local;
    } else deriveDestructured(scope, target, local);
  }
}
