import type * as t from "@babel/types";
import type { ArgumentShape, Fact, FactDetail, FileFacts, LiteralValue, Span } from "../../facts.js";
import { emptyBindings, type JsBindings, type LocalValue } from "../../js-bindings.js";
import type { LineIndex } from "../../source-file.js";
import { annotationText, JsDocIndex } from "./js-annotations.js";
import { commentTags } from "./comment-tags.js";
import { Definitions, EXTENDERS } from "./js-definitions.js";
import { frappeRefs } from "./frappe-refs.js";
import { FrappeRowFacts, sameHelperValues, type HelperValues } from "./frappe-row-facts.js";
import { frappeValueOf } from "./frappe-rows.js";
import { dottedName, GLOBAL_OBJECTS, isFunction, keyName, nameOf, propertyName } from "./js-names.js";
import { aliasOf, definitionName, resolve, valueOf, type Resolved } from "./js-resolve.js";
import { AMD_DEFINERS, amdShape, requireCallName } from "./module-calls.js";
import { parseJs } from "./parse-js.js";
import { bindAlias, bindDestructured, deriveDestructured, hoistDeclarations, patternNames, Scope, type Binding } from "./scope.js";

export interface Context {
  scope: Scope;
  /** Qualified name of the function or class we are in. */
  enclosing: string | undefined;
  /** `callee#index` of every call we sit in as an argument, innermost first. */
  within: readonly string[];
  classExtends: string | undefined;
  /** The class whose methods we are in (for `this` and its fields). */
  classId: string | undefined;
  thisLocal: LocalValue | undefined;
  thisName: string | undefined;
  /** The name an object literal returned here defines (an IIFE assigned to a namespace). */
  returnsTo: string | undefined;
  /** In an AMD, sap.ui.define or odoo.define factory: its result is the module's export. */
  factory: boolean;
  /** Inside a function or class that binds its own `this` (arrow functions do not). */
  ownThis: boolean;
}

/** Keys that hold no code: positions, comments, type annotations. */
const SKIPPED_KEYS = new Set([
  "type",
  "start",
  "end",
  "loc",
  "range",
  "extra",
  "leadingComments",
  "trailingComments",
  "innerComments",
  "typeAnnotation",
  "typeParameters",
  "typeArguments",
  "returnType",
  "superTypeParameters",
  "superTypeArguments",
  "implements",
  "predicate",
]);

/** TypeScript nodes that only describe types; the code inside other TS nodes is still walked. */
const TYPE_ONLY =
  /^TS(?!AsExpression|NonNullExpression|SatisfiesExpression|TypeAssertion|ParameterProperty|EnumDeclaration|EnumMember|ModuleDeclaration|ModuleBlock|ExportAssignment|ImportEqualsDeclaration|ExternalModuleReference|InstantiationExpression)/;

type AnyNode = t.Node & Record<string, unknown>;

/**
 * Frappe inlines `{% include "app/path/file.js" %}` lines into form, report and page scripts before
 * serving them: such a line is a directive, not JavaScript, and is read as a comment.
 */
const FRAPPE_INCLUDE = /^[ \t]*\{%[ \t]*include[ \t]+["'][^"'\n]+["'][ \t]*%\}[ \t]*;?[ \t]*$/gm;

/** How many times a script is walked again for rows its handlers hand to its own functions. */
const HELPER_PASSES = 3;

export function extractJsFacts(path: string, text: string, lines: LineIndex): FileFacts {
  const includes = text.includes("{%")
    ? [...text.matchAll(FRAPPE_INCLUDE)].map((m) => [m.index, m.index + m[0].length] as [number, number])
    : [];
  let source = text;
  for (const [a, b] of includes) source = source.slice(0, a) + " ".repeat(b - a) + source.slice(b);
  const parsed = parseJs(path, source);
  const comments = parsed.ast?.comments ?? [];
  let walker = new JsFactWalker(lines, new JsDocIndex(comments, source));
  if (parsed.ast) {
    walker.program(parsed.ast.program);
    // Rows handed on to the script's own functions: walked again with their parameters bound,
    // until no call hands anything more (a helper calling a helper), at most a few times.
    let helpers: HelperValues = new Map();
    for (let pass = 0; pass < HELPER_PASSES; pass++) {
      const next = walker.helperValues();
      if (sameHelperValues(next, helpers)) break;
      helpers = next;
      walker = new JsFactWalker(lines, new JsDocIndex(comments, source), helpers);
      walker.program(parsed.ast.program);
    }
  }
  const tags = commentTags(comments, lines);
  for (const tag of tags) {
    // `@odoo-module alias=web.Foo` names the module for legacy `require("web.Foo")`.
    const alias = tag.key === "@odoo-module" ? /\balias=([^\s*]+)/.exec(String(tag.detail?.value ?? ""))?.[1] : undefined;
    if (alias) walker.bindings.names.push(alias);
  }
  return {
    facts: [...walker.facts, ...tags],
    problems: parsed.problems,
    comments: [...includes, ...comments.map((c) => [c.start!, c.end!] as [number, number])].sort((a, b) => a[0] - b[0]),
    strings: walker.strings,
    bindings: walker.bindings,
  };
}

class JsFactWalker {
  readonly facts: Fact[] = [];
  readonly strings: Array<[number, number]> = [];
  readonly bindings: JsBindings = emptyBindings();
  readonly definitions: Definitions;
  /** Where the statement being walked starts, for the JSDoc block in front of it. */
  #statementStart: number | undefined;
  /** Where the property or class member whose value is the next function starts (its JSDoc is there). */
  #docHint: number | undefined;
  /** What Frappe hands a form script: its documents' rows, followed to their DocType. */
  readonly #frappe: FrappeRowFacts<Context>;
  /** The callee being visited, which is called rather than used as a value. */
  #callee: t.Node | undefined;

  constructor(
    private readonly lines: LineIndex,
    private readonly docs: JsDocIndex,
    helpers?: HelperValues,
  ) {
    this.#frappe = new FrappeRowFacts<Context>((key, node, ctx, detail) => this.emit("ref", key, node, ctx, detail), helpers);
    this.definitions = new Definitions((kind, key, node, ctx, detail) => this.emit(kind, key, node, ctx as Context, detail), this.bindings);
  }

  program(program: t.Program): void {
    const scope = new Scope(undefined);
    hoistDeclarations(program.body, scope, true);
    const ctx: Context = {
      scope,
      enclosing: undefined,
      within: [],
      classExtends: undefined,
      classId: undefined,
      thisLocal: undefined,
      thisName: undefined,
      returnsTo: undefined,
      factory: false,
      ownThis: false,
    };
    this.#hoistFunctions(program.body, ctx);
    for (const s of program.body) this.visit(s, ctx);
  }

  /** What Frappe's values the script's own functions are given by every call of theirs. */
  helperValues(): HelperValues {
    return this.#frappe.helperValues(this.bindings.functions);
  }

  // ── fact emission ────────────────────────────────────────────────────────────────────────────

  emit(kind: Fact["kind"], key: string, node: t.Node, ctx: Context, detail?: FactDetail, local?: LocalValue, own?: boolean): void {
    const d: FactDetail = { ...detail };
    if (own) d.own = true;
    // Contexts never change their `within`, so facts share it.
    if (ctx.within.length > 0) d.within = ctx.within as string[];
    if (ctx.classExtends) d.classExtends = ctx.classExtends;
    if (local) {
      d.root = local.root;
      d.rootPath = local.path;
      if (local.type !== undefined) d.rootType = local.type;
    }
    const fact: Fact = { kind, key, span: this.lines.span(node.start!, node.end!) };
    if (ctx.enclosing) fact.enclosing = ctx.enclosing;
    if (Object.keys(d).length > 0) fact.detail = d;
    this.facts.push(fact);
  }

  // ── the walk ────────────────────────────────────────────────────────────────────────────────

  visit(node: t.Node | null | undefined, ctx: Context): void {
    if (!node || typeof node !== "object") return;
    if (TYPE_ONLY.test(node.type)) return;
    switch (node.type) {
      case "StringLiteral":
      case "TemplateElement":
        this.strings.push([node.start!, node.end!]);
        return;
      case "ExpressionStatement":
      case "VariableDeclaration":
      case "ReturnStatement":
        this.#statementStart = node.start!;
        if (node.type === "VariableDeclaration") {
          for (const d of node.declarations) this.declarator(d, ctx, node.start!);
          return;
        }
        if (node.type === "ReturnStatement") return this.returnStatement(node, ctx);
        return this.visit(node.expression, ctx);
      case "ImportDeclaration":
        return this.importDeclaration(node, ctx);
      case "ExportNamedDeclaration":
      case "ExportAllDeclaration":
        return this.exportDeclaration(node, ctx);
      case "ExportDefaultDeclaration":
        return this.exportDefault(node, ctx);
      case "FunctionDeclaration": {
        // A declared function may be a constructor: `this.x = …` in it are fields of its instances.
        const id = `@${node.start}`;
        return this.functionNode(node, ctx, node.id ? qualify(ctx, node.id.name) : undefined, true, undefined, {
          thisLocal: { root: id, path: "" },
          classId: id,
        });
      }
      case "FunctionExpression":
      case "ArrowFunctionExpression":
        return this.functionNode(node, ctx, undefined, false);
      case "ObjectMethod":
        return this.functionNode(node, ctx, undefined, false);
      case "ClassDeclaration":
      case "ClassExpression":
        return this.classNode(node, ctx, node.id ? node.id.name : undefined);
      case "AssignmentExpression":
        return this.assignment(node, ctx);
      case "CallExpression":
      case "OptionalCallExpression":
      case "NewExpression":
        return this.call(node, ctx);
      case "ImportExpression":
        if (node.source.type === "StringLiteral") {
          this.strings.push([node.source.start!, node.source.end!]);
          this.emit("module", node.source.value, node.source, ctx);
          this.bindings.imports.push(node.source.value);
        } else this.visit(node.source, ctx);
        return;
      case "MemberExpression":
      case "OptionalMemberExpression":
        return this.member(node, ctx);
      case "Identifier": {
        const b = ctx.scope.lookup(node.name);
        if (!b && node.name !== "undefined" && node.name !== "arguments") this.emit("global", node.name, node, ctx);
        if (b && node !== this.#callee) this.#frappe.escaped(b);
        return;
      }
      case "ThisExpression":
        // `this` outside any function is the script's own receiver (the global object, or
        // whatever a host that evaluates the script chose): a fact of its own.
        if (!ctx.ownThis) this.emit("global", "this", node, ctx);
        return;
      case "BlockStatement":
      case "StaticBlock": {
        const scope = new Scope(ctx.scope);
        hoistDeclarations(node.body, scope, false);
        const inner = { ...ctx, scope };
        this.#hoistFunctions(node.body, inner);
        for (const s of node.body) this.visit(s, inner);
        return;
      }
      case "TSModuleDeclaration":
        return this.namespace(node, ctx);
      case "ForStatement":
      case "ForInStatement":
      case "ForOfStatement": {
        const scope = new Scope(ctx.scope);
        const init = node.type === "ForStatement" ? node.init : node.left;
        if (init?.type === "VariableDeclaration" && init.kind !== "var") {
          for (const d of init.declarations) for (const n of patternNames(d.id)) scope.declare(n);
        }
        const inner = { ...ctx, scope };
        if (node.type === "ForOfStatement") this.#frappe.forOf(node, inner);
        return this.children(node, inner);
      }
      case "CatchClause": {
        const scope = new Scope(ctx.scope);
        for (const n of patternNames(node.param)) scope.declare(n);
        const inner = { ...ctx, scope };
        this.pattern(node.param, inner);
        this.visit(node.body, inner);
        return;
      }
      case "ObjectExpression":
        return this.object(node, ctx, undefined);
      case "ObjectProperty":
        if (node.computed) this.visit(node.key, ctx);
        this.visit(node.value, ctx);
        return;
      case "LabeledStatement":
        return this.visit(node.body, ctx);
      case "BreakStatement":
      case "ContinueStatement":
      case "MetaProperty":
      case "PrivateName":
      case "JSXIdentifier":
      case "JSXNamespacedName":
      case "JSXMemberExpression":
        return;
      default:
        return this.children(node, ctx);
    }
  }

  children(node: t.Node, ctx: Context): void {
    const record = node as AnyNode;
    for (const key in record) {
      if (SKIPPED_KEYS.has(key)) continue;
      const value = record[key];
      if (Array.isArray(value)) {
        for (const v of value) if (v && typeof v === "object" && "type" in v) this.visit(v as t.Node, ctx);
      } else if (value && typeof value === "object" && "type" in value) {
        this.visit(value as t.Node, ctx);
      }
    }
  }

  /** Walk only the code inside a binding pattern: default values and computed keys. */
  pattern(node: t.Node | null | undefined, ctx: Context): void {
    if (!node) return;
    switch (node.type) {
      case "ObjectPattern":
        for (const p of node.properties) {
          if (p.type === "RestElement") this.pattern(p.argument, ctx);
          else {
            if (p.computed) this.visit(p.key, ctx);
            this.pattern(p.value, ctx);
          }
        }
        return;
      case "ArrayPattern":
        for (const e of node.elements) this.pattern(e, ctx);
        return;
      case "AssignmentPattern":
        this.pattern(node.left, ctx);
        this.visit(node.right, ctx);
        return;
      case "RestElement":
        return this.pattern(node.argument, ctx);
      case "TSParameterProperty":
        return this.pattern(node.parameter, ctx);
      case "Identifier":
        return;
      default:
        // Assignment targets such as `a.b = …` inside destructuring assignments.
        return this.visit(node, ctx);
    }
  }

  /** Function declarations are known (as functions, with their ids) before the code that calls them. */
  #hoistFunctions(statements: readonly t.Node[], ctx: Context): void {
    for (const s of statements) {
      const decl = s.type === "ExportNamedDeclaration" || s.type === "ExportDefaultDeclaration" ? s.declaration : s;
      if (decl?.type === "FunctionDeclaration" && decl.id) {
        const b = ctx.scope.own(decl.id.name);
        if (b) b.fn = `@${decl.start}`;
      } else if (decl?.type === "ClassDeclaration" && decl.id) {
        const b = ctx.scope.own(decl.id.name);
        if (b) b.cls = `@${decl.start}`;
      }
    }
  }

  // ── modules ─────────────────────────────────────────────────────────────────────────────────

  importDeclaration(node: t.ImportDeclaration, ctx: Context): void {
    const source = node.source.value;
    this.strings.push([node.source.start!, node.source.end!]);
    this.emit("module", source, node.source, ctx);
    this.bindings.imports.push(source);
    for (const spec of node.specifiers) {
      if (spec.type === "ImportSpecifier") {
        const path = `${source}.${nameOf(spec.imported)}`;
        ctx.scope.declare(spec.local.name, path);
        this.emit("member", path, spec, ctx);
      } else {
        ctx.scope.declare(spec.local.name, source);
      }
    }
  }

  exportDeclaration(node: t.ExportNamedDeclaration | t.ExportAllDeclaration, ctx: Context): void {
    const exports = this.bindings.exports;
    if (node.source) {
      const source = node.source.value;
      this.strings.push([node.source.start!, node.source.end!]);
      this.emit("module", source, node.source, ctx);
      this.bindings.imports.push(source);
      if (node.type === "ExportAllDeclaration") {
        this.bindings.reexports.push(source);
        return;
      }
      for (const spec of node.specifiers) {
        if (spec.type === "ExportSpecifier") {
          this.emit("member", `${source}.${nameOf(spec.local)}`, spec, ctx);
          exports[nameOf(spec.exported)] = { key: `${source}.${nameOf(spec.local)}` };
        } else if (spec.type === "ExportNamespaceSpecifier") {
          exports[spec.exported.name] = { key: source };
        }
      }
      return;
    }
    if (node.type !== "ExportNamedDeclaration") return;
    this.#statementStart = node.start!;
    this.visit(node.declaration, ctx);
    // `export` inside a TypeScript namespace is not the module's.
    if (ctx.enclosing !== undefined) {
      for (const spec of node.specifiers) if (spec.type === "ExportSpecifier") this.visit(spec.local, ctx);
      return;
    }
    const decl = node.declaration;
    if (decl?.type === "FunctionDeclaration" || decl?.type === "ClassDeclaration" || decl?.type === "TSEnumDeclaration") {
      if (decl.id) exports[decl.id.name] = valueOf(decl.id, ctx);
    } else if (decl?.type === "VariableDeclaration") {
      for (const d of decl.declarations) {
        if (d.id.type === "Identifier") exports[d.id.name] = valueOf(d.init ?? d.id, ctx);
      }
    }
    for (const spec of node.specifiers) {
      if (spec.type !== "ExportSpecifier") continue;
      this.visit(spec.local, ctx);
      exports[nameOf(spec.exported)] = valueOf(spec.local, ctx);
    }
  }

  exportDefault(node: t.ExportDefaultDeclaration, ctx: Context): void {
    this.#statementStart = node.start!;
    const decl = node.declaration;
    this.visit(decl, ctx);
    if ((decl.type === "FunctionDeclaration" || decl.type === "ClassDeclaration") && decl.id) {
      this.bindings.exports.default = valueOf(decl.id, ctx);
    } else if (decl.type === "FunctionDeclaration") {
      this.bindings.exports.default = { fn: `@${decl.start}` };
    } else if (decl.type === "ClassDeclaration") {
      this.bindings.exports.default = { cls: `@${decl.start}` };
    } else if (!decl.type.startsWith("TS")) {
      this.bindings.exports.default = valueOf(decl, ctx);
    }
  }

  /** `module.exports = X`, `exports.a = X`, and a module factory's result. */
  #exportValue(name: string, value: t.Node, ctx: Context): void {
    const v = valueOf(value, ctx);
    this.bindings.exports[name] = v;
    if (name === "default" && v.props) {
      for (const [k, p] of Object.entries(v.props)) if (!this.bindings.exports[k]) this.bindings.exports[k] = p;
    }
  }

  // ── declarations and assignments ────────────────────────────────────────────────────────────

  declarator(d: t.VariableDeclarator, ctx: Context, statementStart: number): void {
    if (d.init) this.#frappe.bind(d.id, frappeValueOf(d.init, ctx), ctx);
    const alias = aliasOf(d.init, ctx);
    const doc = this.docs.empty ? undefined : this.docs.at(d.start!, statementStart);
    if (d.id.type === "Identifier") {
      const binding = ctx.scope.lookup(d.id.name);
      if (alias !== undefined) bindAlias(ctx.scope, d.id.name, alias);
      const made = alias === undefined ? undefined : unwrapped(d.init);
      if (binding && binding.resultOf === undefined && made?.type === "CallExpression") binding.resultOf = made.start!;
      const declared = annotationText(d.id.typeAnnotation) ?? doc?.type;
      const derived = resolve(d.init, ctx).local;
      if (binding && binding.local === undefined) {
        if (declared !== undefined) binding.local = { root: `@${d.start}`, path: "", type: this.#typeText(declared, ctx) };
        else if (alias === undefined && derived) binding.local = derived;
      }
      const name = qualify(ctx, d.id.name);
      if (isFunction(d.init)) {
        if (binding) binding.fn = `@${d.init.start}`;
        this.definitions.define(name, d, ctx, { fn: `@${d.init.start}` });
        return this.functionNode(d.init, ctx, name, false);
      }
      if (d.init?.type === "ClassExpression") {
        if (binding) binding.cls = `@${d.init.start}`;
        return this.classNode(d.init, ctx, d.id.name);
      }
      if (binding && (d.init?.type === "ObjectExpression" || d.init?.type === "ArrayExpression")) binding.literal = true;
      if (d.init?.type === "ObjectExpression") {
        if (binding) binding.object = true;
        return this.object(d.init, ctx, name);
      }
      if (d.init?.type === "LogicalExpression" && d.init.right.type === "ObjectExpression") {
        // `var NS = NS || { … }`
        if (binding) binding.object = true;
        this.visit(d.init.left, ctx);
        return this.object(d.init.right, ctx, name);
      }
      if (this.#iife(d.init, ctx, name)) return;
      if (!ctx.scope.parent) this.definitions.assigned(name, d.init, d, ctx);
    } else {
      if (alias !== undefined) {
        // `const { hooks } = owl` reads owl.hooks; from `= owl.hooks` the member expression already says so.
        const reads = d.init?.type === "Identifier" || d.init?.type === "CallExpression";
        bindDestructured(ctx.scope, d.id, alias, (path, node) => {
          if (reads) this.emit("member", path, node, ctx);
        });
      } else {
        const derived = resolve(d.init, ctx).local;
        if (derived) deriveDestructured(ctx.scope, d.id, derived);
      }
    }
    this.pattern(d.id, ctx);
    this.visit(d.init, ctx);
  }

  assignment(node: t.AssignmentExpression, ctx: Context): void {
    const target = node.left;
    if (target.type === "Identifier") {
      const alias = aliasOf(node.right, ctx);
      const binding = ctx.scope.lookup(target.name);
      if (binding) binding.resultOf = -1;
      if (node.operator === "=") this.#frappe.bind(target, frappeValueOf(node.right, ctx), ctx);
      if (alias !== undefined && binding) bindAlias(ctx.scope, target.name, alias);
      else if (binding && binding.path === undefined && binding.local === undefined) {
        const derived = resolve(node.right, ctx).local;
        if (derived) binding.local = derived;
      }
      // `Case = Contoso.Case || (Contoso.Case = {})`: Case now stands for the namespace Contoso.Case.
      const right = node.right.type === "ParenthesizedExpression" ? node.right.expression : node.right;
      if (
        binding &&
        !binding.fn &&
        !binding.cls &&
        (right.type === "MemberExpression" || right.type === "LogicalExpression" || right.type === "AssignmentExpression")
      ) {
        const ns = definitionName(right, ctx);
        if (ns !== undefined && ns.includes(".") && !ns.startsWith("this")) binding.name = ns;
      }
      // Assigning a name declared nowhere writes the global of that name (`validated = false`).
      if (!binding) this.emit("global", target.name, target, ctx);
    }
    if (target.type === "MemberExpression") this.settingsRef(target, ctx);
    if (this.#moduleExport(target, node.right, ctx)) return;
    if (
      target.type === "MemberExpression" &&
      target.object.type === "ThisExpression" &&
      ctx.classId &&
      ctx.thisLocal?.root === ctx.classId
    ) {
      const field = keyName(target.property);
      const id = `${ctx.classId}.${field}`;
      if (field !== undefined && !target.computed && !this.bindings.fields[id]) this.bindings.fields[id] = valueOf(node.right, ctx);
    }
    if (target.type === "MemberExpression" && target.computed && propertyIsDynamic(target)) {
      const base = definitionName(target.object, ctx);
      if (base !== undefined) this.definitions.opaque(base, node, ctx);
    }
    const name = target.type === "Identifier" || target.type === "MemberExpression" ? definitionName(target, ctx) : dottedName(target);
    if (name !== undefined && isFunction(node.right)) {
      this.definitions.define(name, node, ctx, { fn: `@${node.right.start}` });
      this.pattern(target, ctx);
      // `Ctor.prototype.m = function () { this.x… }`: `this` is an instance of the constructor.
      const ctor = prototypeOf(target, ctx);
      return this.functionNode(
        node.right,
        ctx,
        name,
        false,
        undefined,
        ctor ? { thisLocal: { root: ctor, path: "" }, classId: ctor } : undefined,
      );
    }
    if (name !== undefined && node.right.type === "ObjectExpression") {
      this.pattern(target, ctx);
      return this.object(node.right, ctx, name);
    }
    if (name !== undefined && node.right.type === "LogicalExpression" && node.right.right.type === "ObjectExpression") {
      // `Contoso.Form = Contoso.Form || { … }`
      this.pattern(target, ctx);
      this.visit(node.right.left, ctx);
      return this.object(node.right.right, ctx, name);
    }
    if (name !== undefined && node.right.type === "ClassExpression") {
      this.pattern(target, ctx);
      return this.classNode(node.right, ctx, name);
    }
    this.pattern(target, ctx);
    if (name !== undefined && this.#iife(node.right, ctx, name)) return;
    if (name !== undefined && (target.type === "MemberExpression" || !ctx.scope.parent))
      this.definitions.assigned(name, node.right, node, ctx);
    this.visit(node.right, ctx);
  }

  /** `module.exports = X`, `module.exports.a = X`, `exports.a = X` (with `module`/`exports` not declared here). */
  #moduleExport(target: t.Node, right: t.Expression, ctx: Context): boolean {
    const name = dottedName(target);
    if (name === undefined) return false;
    const free = (n: string): boolean => !ctx.scope.lookup(n);
    let exported: string | undefined;
    if (name === "module.exports" && free("module")) exported = "default";
    else if (name.startsWith("module.exports.") && free("module")) exported = name.slice(15);
    else if (name.startsWith("exports.") && free("exports")) exported = name.slice(8);
    if (exported === undefined || exported.includes(".")) return false;
    this.pattern(target, ctx);
    if (isFunction(right)) this.functionNode(right, ctx, exported === "default" ? undefined : exported, false);
    else if (right.type === "ObjectExpression") this.object(right, ctx, undefined);
    else if (right.type === "ClassExpression") this.classNode(right, ctx, undefined);
    else this.visit(right, ctx);
    this.#exportValue(exported, right, ctx);
    return true;
  }

  /** An immediately invoked function assigned to a namespace: its body defines that namespace. */
  #iife(node: t.Node | null | undefined, ctx: Context, name: string): boolean {
    const call = unwrap(node);
    if (call?.type !== "CallExpression" && call?.type !== "NewExpression") return false;
    const callee = unwrap(call.callee);
    if (!isFunction(callee)) return false;
    this.call(call, ctx, name);
    return true;
  }

  returnStatement(node: t.ReturnStatement, ctx: Context): void {
    const arg = node.argument;
    if (ctx.factory && arg) {
      if (arg.type === "ObjectExpression") this.object(arg, ctx, ctx.returnsTo);
      else if (arg.type === "ClassExpression") this.classNode(arg, ctx, undefined);
      else this.visit(arg, ctx);
      this.#exportValue("default", arg, ctx);
      return;
    }
    if (ctx.returnsTo && arg?.type === "ObjectExpression") return this.object(arg, ctx, ctx.returnsTo);
    this.visit(arg, ctx);
  }

  /** Object literals name their methods after the variable or property they are assigned to. */
  object(node: t.ObjectExpression, ctx: Context, name: string | undefined): void {
    for (const p of node.properties) {
      if (p.type === "SpreadElement") {
        this.visit(p.argument, ctx);
        continue;
      }
      if (p.computed) this.visit(p.key, ctx);
      else if (p.key.type === "StringLiteral") this.strings.push([p.key.start!, p.key.end!]);
      const key = p.computed ? undefined : keyName(p.key);
      const qualified = key === undefined ? undefined : name ? `${name}.${key}` : ctx.enclosing ? `${ctx.enclosing}.${key}` : key;
      if (p.type === "ObjectMethod") {
        if (name && qualified) this.definitions.define(qualified, p, ctx, { fn: `@${p.start}` });
        this.#docHint = p.start!;
        this.functionNode(p, ctx, qualified, false);
      } else if (isFunction(p.value)) {
        if (name && qualified) this.definitions.define(qualified, p, ctx, { fn: `@${p.value.start}` });
        this.#docHint = p.start!;
        this.functionNode(p.value, ctx, qualified, false);
      } else if (p.value.type === "ObjectExpression" && name && qualified) {
        this.object(p.value, ctx, qualified);
      } else {
        if (name && qualified) this.definitions.assigned(qualified, p.value as t.Expression, p, ctx, true);
        this.visit(p.value, ctx);
      }
    }
  }

  /** `frappe.listview_settings["Sales Order"] = …` names a DocType. */
  private settingsRef(target: t.MemberExpression, ctx: Context): void {
    const base = resolve(target.object, ctx).key;
    if (base !== "frappe.listview_settings" && base !== "frappe.treeview_settings") return;
    const doctype = propertyName(target);
    if (doctype) this.emit("ref", `doctype:${doctype}`, target.property, ctx, { via: base, value: doctype });
  }

  namespace(node: t.TSModuleDeclaration, ctx: Context): void {
    const id = node.id as t.Node;
    const written = id.type === "Identifier" ? id.name : id.type === "TSQualifiedName" ? qualifiedName(id) : undefined;
    if (written === undefined) return this.children(node, ctx);
    const name = qualify(ctx, written);
    const inner: Context = { ...ctx, enclosing: name, scope: new Scope(ctx.scope) };
    const body = node.body;
    if (body.type === "TSModuleDeclaration") return this.namespace(body, inner);
    hoistDeclarations(body.body, inner.scope, true);
    this.#hoistFunctions(body.body, inner);
    for (const s of body.body) this.visit(s, inner);
  }

  // ── functions and classes ───────────────────────────────────────────────────────────────────

  functionNode(
    node: t.Function,
    ctx: Context,
    name: string | undefined,
    emitDefinition: boolean,
    bound?: ReadonlyArray<Binding | undefined>,
    own?: Partial<Context>,
  ): void {
    const id = `@${node.start}`;
    if (emitDefinition && name) this.definitions.define(name, node, ctx, { fn: id });
    this.bindings.functions[id] = name === undefined ? { params: node.params.length } : { name, params: node.params.length };
    const scope = new Scope(ctx.scope);
    if ((node.type === "FunctionExpression" || node.type === "ClassMethod") && "id" in node && node.id) {
      scope.declare(node.id.name).fn = id;
    }
    const doc = this.docs.empty ? undefined : this.docs.at(node.start!, this.#docHint, this.#statementStart);
    this.#docHint = undefined;
    const arrow = node.type === "ArrowFunctionExpression";
    const inner: Context = {
      ...ctx,
      scope,
      enclosing: name ?? ctx.enclosing,
      ownThis: ctx.ownThis || !arrow,
      thisLocal: arrow ? ctx.thisLocal : undefined,
      thisName: arrow ? ctx.thisName : undefined,
      returnsTo: undefined,
      factory: false,
      ...own,
    };
    const frappe = this.#frappe.handedTo(node);
    node.params.forEach((param, i) => {
      const given = bound?.[i];
      const target = param.type === "TSParameterProperty" ? param.parameter : param;
      const idNode = target.type === "AssignmentPattern" ? target.left : target;
      if (idNode.type === "Identifier") {
        const b = scope.declare(idNode.name);
        if (given) Object.assign(b, given);
        else {
          const declared = annotationText(idNode.typeAnnotation) ?? doc?.params.get(idNode.name);
          b.local = { root: `${id}#${i}`, path: "" };
          if (declared !== undefined) b.local.type = this.#typeText(declared, ctx);
        }
        if (param.type === "TSParameterProperty" && ctx.classId && b.local) {
          this.bindings.fields[`${ctx.classId}.${idNode.name}`] = { local: b.local };
        }
      } else {
        for (const n of patternNames(param)) scope.declare(n);
        if (!given) deriveDestructured(scope, target, { root: `${id}#${i}`, path: "" });
      }
    });
    if (frappe) this.#frappe.bindParameters(node, frappe, inner);
    for (const param of node.params) this.pattern(param, inner);
    if (node.body.type === "BlockStatement") {
      hoistDeclarations(node.body.body, scope, true);
      this.#hoistFunctions(node.body.body, inner);
      for (const s of node.body.body) this.visit(s, inner);
    } else {
      this.visit(node.body, inner);
    }
  }

  classNode(node: t.Class, ctx: Context, name: string | undefined): void {
    this.visit(node.superClass, ctx);
    for (const d of node.decorators ?? []) this.visit(d, ctx);
    const id = `@${node.start}`;
    const classExtends = node.superClass ? resolve(node.superClass, ctx).key : undefined;
    const qualifiedClass = name ? qualify(ctx, name) : undefined;
    const record: JsBindings["classes"][string] = {};
    if (name) record.local = name;
    if (classExtends) record.extends = classExtends;
    this.bindings.classes[id] = record;
    if (name && node.type === "ClassExpression" && node.id) {
      // A named class expression sees its own name.
    }
    const inner: Context = {
      ...ctx,
      classExtends,
      classId: id,
      thisLocal: { root: id, path: "" },
      enclosing: qualifiedClass ?? ctx.enclosing,
      ownThis: true,
    };
    for (const member of node.body.body) {
      const computed = "computed" in member && member.computed === true;
      if (computed && "key" in member) this.visit(member.key, inner);
      for (const d of ("decorators" in member ? member.decorators : undefined) ?? []) this.visit(d, inner);
      const key = "key" in member && !computed ? keyName(member.key) : undefined;
      const qualified = key !== undefined && qualifiedClass ? `${qualifiedClass}.${key}` : key;
      const isStatic = "static" in member && member.static === true;
      const memberCtx: Context = isStatic ? { ...inner, thisLocal: undefined, thisName: qualifiedClass } : inner;
      if (member.type === "ClassMethod" || member.type === "ClassPrivateMethod") {
        if (qualified && qualifiedClass) this.definitions.define(qualified, member, memberCtx, { fn: `@${member.start}` });
        this.functionNode(member, memberCtx, qualified, false, undefined, isStatic ? {} : { thisLocal: inner.thisLocal, classId: id });
      } else if (member.type === "ClassProperty" || member.type === "ClassPrivateProperty") {
        if (key !== undefined && !isStatic) {
          const declared = annotationText(member.typeAnnotation);
          const field = member.value ? valueOf(member.value, inner) : {};
          if (declared !== undefined) field.type = this.#typeText(declared, ctx);
          if (declared !== undefined || member.value) this.bindings.fields[`${id}.${key}`] = field;
        }
        if (isFunction(member.value)) {
          if (qualified && qualifiedClass) this.definitions.define(qualified, member, memberCtx, { fn: `@${member.value.start}` });
          this.functionNode(member.value, memberCtx, qualified, false);
        } else {
          this.visit(member.value, { ...memberCtx, enclosing: qualified ?? memberCtx.enclosing });
        }
      } else {
        this.visit(member, inner);
      }
    }
  }

  /** A type name as written, read through imports (`Button` imported from `sap/m/Button`). */
  #typeText(text: string, ctx: Context): string {
    return text.replace(/(^|[<,\s])([A-Za-z_$][\w$]*)/g, (whole, lead: string, first: string) => {
      const b = ctx.scope.lookup(first);
      return b?.path !== undefined && !b.path.includes("(") ? `${lead}${b.path}` : whole;
    });
  }

  // ── members and calls ───────────────────────────────────────────────────────────────────────

  /** Where the call that made the value a local holds is written, for a path that starts from that local. */
  #resultOf(r: Resolved): FactDetail | undefined {
    return r.resultOf === undefined ? undefined : { resultOf: this.lines.position(r.resultOf) };
  }

  member(node: t.MemberExpression | t.OptionalMemberExpression, ctx: Context): void {
    const r = resolve(node, ctx);
    if (r.key !== undefined && r.key.includes(".")) this.emit("member", r.key, node, ctx, this.#resultOf(r), r.local, r.own);
    this.#frappe.member(node, ctx);
    const obj = node.object;
    const viaGlobalObject = obj.type === "Identifier" && GLOBAL_OBJECTS.has(obj.name) && !ctx.scope.lookup(obj.name);
    if (!viaGlobalObject) this.visit(obj, ctx);
    else if (r.key !== undefined && !r.key.includes(".")) this.emit("global", r.key, node, ctx);
    if (node.computed) this.visit(node.property, ctx);
  }

  call(node: t.CallExpression | t.OptionalCallExpression | t.NewExpression, ctx: Context, assignedTo?: string): void {
    const callee = node.callee;
    const args = node.arguments;
    const resolved: Resolved = callee.type === "V8IntrinsicIdentifier" ? {} : resolve(callee, ctx);
    const calleePath = resolved.key;
    const shapes = args.map((a) => this.shapeOf(a, ctx));
    const detail: FactDetail = { arity: args.length, args: shapes, ...this.#resultOf(resolved) };
    const firstLiteral = shapes.find((s) => s.type === "string" || s.type === "number" || s.type === "boolean");
    if (firstLiteral?.value !== undefined) detail.value = firstLiteral.value;
    if (callee.type === "Identifier") {
      const fn = ctx.scope.lookup(callee.name)?.fn;
      if (fn) detail.fn = fn;
    }
    const key = node.type === "NewExpression" ? (calleePath === undefined ? undefined : `new ${calleePath}`) : calleePath;
    if (key !== undefined) this.emit("call", key, node, ctx, detail, resolved.local, resolved.own);
    if (node.type !== "NewExpression") {
      frappeRefs(calleePath, args, (k, n, d) => this.emit("ref", k, n, ctx, d));
      this.#frappe.call(calleePath, callee, args, ctx);
      const helper = this.#helperCalled(callee, ctx);
      if (helper !== undefined) this.#frappe.calledHelper(helper, args, ctx);
    }

    const moduleCall = requireCallName(node);
    if (moduleCall) {
      const first = args[0];
      if (first?.type === "StringLiteral") {
        this.emit("module", first.value, first, ctx);
        this.bindings.imports.push(first.value);
      }
    }
    const amd = calleePath !== undefined && AMD_DEFINERS.has(calleePath) ? amdShape(args) : undefined;
    if (amd) {
      for (const dep of amd.deps) {
        if (!dep) continue;
        this.emit("module", dep.value, dep, ctx);
        this.bindings.imports.push(dep.value);
      }
      const declaredName =
        args[0]?.type === "StringLiteral" && (calleePath === "define" || calleePath === "odoo.define") ? args[0].value : undefined;
      if (declaredName) this.bindings.names.push(declaredName);
    }
    if (calleePath !== undefined && EXTENDERS.has(calleePath)) this.definitions.extended(args, ctx);

    // An immediately invoked function: its parameters are its arguments; `.call(ns)` binds `this`.
    const direct = unwrap(callee);
    const viaCall =
      direct?.type === "MemberExpression" &&
      !direct.computed &&
      direct.property.type === "Identifier" &&
      (direct.property.name === "call" || direct.property.name === "apply") &&
      isFunction(unwrap(direct.object))
        ? { fn: unwrap(direct.object) as t.FunctionExpression, method: direct.property.name }
        : undefined;
    // `.apply(ns, [a, b])` passes its array's elements; `.apply(ns, args)` nothing known.
    const applied = viaCall?.method === "apply" && args[1]?.type === "ArrayExpression" ? args[1].elements : [];
    const iife = isFunction(direct)
      ? { fn: direct, params: [...args] }
      : viaCall
        ? {
            fn: viaCall.fn,
            params: viaCall.method === "call" ? args.slice(1) : applied.map((e) => (e?.type === "SpreadElement" ? undefined : e)),
          }
        : undefined;
    if (callee.type !== "V8IntrinsicIdentifier" && !iife) {
      this.#callee = callee;
      this.visit(callee, ctx);
      this.#callee = undefined;
    }

    args.forEach((arg, i) => {
      const inner: Context = { ...ctx, within: [`${calleePath ?? "?"}#${i}`, ...ctx.within] };
      if (amd && arg === amd.factory) {
        const bound = amd.deps.map((d) => (d ? ({ path: d.value } as Binding) : undefined));
        return this.functionNode(amd.factory, inner, undefined, false, bound, { factory: true });
      }
      if (amd && arg.type === "ArrayExpression") {
        for (const e of arg.elements) if (e && e.type !== "StringLiteral") this.visit(e, inner);
        if (arg.elements.some((e) => e?.type === "StringLiteral")) this.strings.push([arg.start!, arg.end!]);
        return;
      }
      if (moduleCall && i === 0 && arg.type === "StringLiteral") {
        this.strings.push([arg.start!, arg.end!]);
        return;
      }
      this.visit(arg, inner);
    });
    if (iife) {
      const bound = iife.params.map((a) => this.#boundArgument(a, ctx));
      const thisName = viaCall ? definitionName(args[0], ctx) : undefined;
      const own: Partial<Context> = {};
      if (thisName !== undefined) own.thisName = thisName;
      if (assignedTo !== undefined) {
        own.returnsTo = assignedTo;
        own.enclosing = assignedTo;
      }
      this.functionNode(iife.fn, ctx, assignedTo, false, bound, own);
    }
  }

  /**
   * What a call may call of the script's own: the binding of the name called (a declared function,
   * or a function a `const` binds to it further on), or a method of an object literal the script
   * binds to a name (`name:<qualified name>`).
   */
  #helperCalled(callee: t.Node, ctx: Context): Binding | string | undefined {
    if (callee.type === "Identifier") return ctx.scope.lookup(callee.name);
    if (callee.type !== "MemberExpression" || callee.computed || callee.object.type !== "Identifier") return undefined;
    if (!ctx.scope.lookup(callee.object.name)?.object) return undefined;
    const name = definitionName(callee, ctx);
    return name === undefined ? undefined : `name:${name}`;
  }

  /** What a parameter of an immediately invoked function is bound to by its argument. */
  #boundArgument(arg: t.Node | null | undefined, ctx: Context): Binding {
    const b: Binding = {};
    if (!arg || arg.type === "SpreadElement") return b;
    const alias = aliasOf(arg, ctx);
    if (alias !== undefined) b.path = alias;
    const r = resolve(arg, ctx);
    if (r.local) b.local = r.local;
    const name = definitionName(arg, ctx);
    if (name !== undefined) b.name = name;
    const v = valueOf(arg, ctx);
    if (v.fn) b.fn = v.fn;
    if (v.cls) b.cls = v.cls;
    return b;
  }

  shapeOf(arg: t.Node, ctx: Context): ArgumentShape {
    switch (arg.type) {
      case "StringLiteral":
        return { type: "string", value: arg.value };
      case "TemplateLiteral":
        return arg.expressions.length === 0
          ? { type: "string", value: arg.quasis.map((q) => q.value.cooked ?? q.value.raw).join("") }
          : { type: "other" };
      case "NumericLiteral":
        return { type: "number", value: arg.value };
      case "BooleanLiteral":
        return { type: "boolean", value: arg.value };
      case "NullLiteral":
        return { type: "null", value: null };
      case "ObjectExpression": {
        const properties: Record<string, LiteralValue> = {};
        const propertySpans: Record<string, Span> = {};
        for (const p of arg.properties) {
          if ((p.type !== "ObjectProperty" && p.type !== "ObjectMethod") || p.computed) continue;
          const name = keyName(p.key);
          if (name === undefined) continue;
          propertySpans[name] ??= this.lines.span(p.start!, p.end!);
          if (p.type === "ObjectMethod") continue;
          const v = p.value;
          if (v.type === "StringLiteral" || v.type === "NumericLiteral" || v.type === "BooleanLiteral") properties[name] = v.value;
          else if (v.type === "NullLiteral") properties[name] = null;
        }
        const shape: ArgumentShape = { type: "object" };
        if (Object.keys(properties).length > 0) shape.properties = properties;
        if (Object.keys(propertySpans).length > 0) shape.propertySpans = propertySpans;
        return shape;
      }
      case "ArrayExpression":
        return { type: "array" };
      case "FunctionExpression":
      case "ArrowFunctionExpression":
        return { type: "function", fn: `@${arg.start}` };
      case "Identifier":
      case "MemberExpression":
      case "OptionalMemberExpression":
      case "CallExpression":
      case "OptionalCallExpression": {
        const r = resolve(arg, ctx);
        const type = arg.type === "CallExpression" || arg.type === "OptionalCallExpression" ? "other" : "identifier";
        const shape: ArgumentShape = r.key === undefined || type === "other" ? { type } : { type, path: r.key };
        if (r.local) {
          shape.root = r.local.root;
          shape.rootPath = r.local.path;
          if (r.local.type !== undefined) shape.rootType = r.local.type;
        }
        if (arg.type === "Identifier") {
          const fn = ctx.scope.lookup(arg.name)?.fn;
          if (fn) shape.fn = fn;
        }
        return shape;
      }
      default:
        return { type: "other" };
    }
  }
}

// ── helpers ─────────────────────────────────────────────────────────────────────────────────────

function qualify(ctx: Context, name: string): string {
  // Top-level names stand alone; names inside a named function are qualified by it.
  return ctx.enclosing ? `${ctx.enclosing}.${name}` : name;
}

function unwrap(node: t.Node | null | undefined): t.Node | null | undefined {
  let n = node;
  while (n && (n.type === "ParenthesizedExpression" || n.type === "TSAsExpression" || n.type === "TSNonNullExpression")) n = n.expression;
  return n;
}

/** The id of the constructor whose prototype a target is written on (`Ctor.prototype.m`). */
function prototypeOf(target: t.Node, ctx: Context): string | undefined {
  if (target.type !== "MemberExpression" || target.object.type !== "MemberExpression") return undefined;
  const proto = target.object;
  if (proto.computed || proto.property.type !== "Identifier" || proto.property.name !== "prototype" || proto.object.type !== "Identifier")
    return undefined;
  return ctx.scope.lookup(proto.object.name)?.fn;
}

function qualifiedName(node: t.TSEntityName): string {
  return node.type === "Identifier" ? node.name : node.type === "TSQualifiedName" ? `${qualifiedName(node.left)}.${node.right.name}` : "";
}

/** `ns[name] = …` with a name that is not a literal: what it defines cannot be known. */
function propertyIsDynamic(target: t.MemberExpression): boolean {
  const p = target.property;
  return !(p.type === "StringLiteral" || p.type === "NumericLiteral" || (p.type === "TemplateLiteral" && p.expressions.length === 0));
}

/** The expression inside parentheses and TypeScript's `as`, `!` and `satisfies`. */
function unwrapped(node: t.Node | null | undefined): t.Node | null | undefined {
  let n = node;
  while (
    n &&
    (n.type === "ParenthesizedExpression" ||
      n.type === "TSAsExpression" ||
      n.type === "TSNonNullExpression" ||
      n.type === "TSSatisfiesExpression" ||
      n.type === "TSTypeAssertion")
  )
    n = n.expression;
  return n;
}
