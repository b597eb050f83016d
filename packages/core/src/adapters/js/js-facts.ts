import type * as t from "@babel/types";
import type { ArgumentShape, Fact, FactDetail, FileFacts, LiteralValue, Span } from "../../facts.js";
import type { LineIndex } from "../../source-file.js";
import { commentTags } from "./comment-tags.js";
import { parseJs } from "./parse-js.js";
import { dottedName, GLOBAL_OBJECTS, isFunction, keyName, nameOf, propertyName } from "./js-names.js";
import { AMD_DEFINERS, amdShape, requireCallName, requiredModule } from "./module-calls.js";
import { bindAlias, bindDestructured, hoistDeclarations, patternNames, Scope } from "./scope.js";

interface Context {
  scope: Scope;
  /** Qualified name of the function or class we are in. */
  enclosing: string | undefined;
  /** `callee#index` of every call we sit in as an argument, innermost first. */
  within: readonly string[];
  classExtends: string | undefined;
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

export function extractJsFacts(path: string, text: string, lines: LineIndex): FileFacts {
  const parsed = parseJs(path, text);
  const comments = parsed.ast?.comments ?? [];
  const walker = new JsFactWalker(lines);
  if (parsed.ast) walker.program(parsed.ast.program);
  return {
    facts: [...walker.facts, ...commentTags(comments, lines)],
    problems: parsed.problems,
    comments: comments.map((c) => [c.start!, c.end!] as [number, number]),
  };
}

class JsFactWalker {
  readonly facts: Fact[] = [];

  constructor(private readonly lines: LineIndex) {}

  program(program: t.Program): void {
    const scope = new Scope(undefined);
    hoistDeclarations(program.body, scope, true);
    const ctx: Context = { scope, enclosing: undefined, within: [], classExtends: undefined };
    for (const s of program.body) this.visit(s, ctx);
  }

  // ── fact emission ────────────────────────────────────────────────────────────────────────────

  private emit(kind: Fact["kind"], key: string, node: t.Node, ctx: Context, detail?: FactDetail): void {
    const d: FactDetail = { ...detail };
    if (ctx.within.length > 0) d.within = [...ctx.within];
    if (ctx.classExtends) d.classExtends = ctx.classExtends;
    const fact: Fact = { kind, key, span: this.lines.span(node.start!, node.end!) };
    if (ctx.enclosing) fact.enclosing = ctx.enclosing;
    if (Object.keys(d).length > 0) fact.detail = d;
    this.facts.push(fact);
  }

  // ── paths ───────────────────────────────────────────────────────────────────────────────────

  /**
   * The dotted path an expression stands for after alias resolution: module bindings become their
   * specifier, free names stay as they are, locals are marked `~name`, call results end in `()`.
   */
  private pathOf(node: t.Node | null | undefined, ctx: Context): string | undefined {
    if (!node) return undefined;
    switch (node.type) {
      case "Identifier": {
        const b = ctx.scope.lookup(node.name);
        if (!b) return node.name;
        return b.path ?? `~${node.name}`;
      }
      case "ThisExpression":
        return "this";
      case "Super":
        return "super";
      case "MemberExpression":
      case "OptionalMemberExpression": {
        const prop = propertyName(node);
        if (prop === undefined) return undefined;
        const obj = node.object;
        if (obj.type === "Identifier" && GLOBAL_OBJECTS.has(obj.name) && !ctx.scope.lookup(obj.name)) return prop;
        const base = this.pathOf(obj, ctx) ?? "?";
        return `${base}.${prop}`;
      }
      case "CallExpression":
      case "OptionalCallExpression": {
        const required = requiredModule(node);
        if (required !== undefined) return required;
        const callee = this.pathOf(node.callee, ctx);
        return callee === undefined ? undefined : `${callee}()`;
      }
      case "NewExpression": {
        const callee = this.pathOf(node.callee, ctx);
        return callee === undefined ? undefined : `${callee}()`;
      }
      case "TSAsExpression":
      case "TSNonNullExpression":
      case "TSSatisfiesExpression":
      case "TSTypeAssertion":
      case "ParenthesizedExpression":
        return this.pathOf(node.expression, ctx);
      default:
        return undefined;
    }
  }

  /** An alias is taken from paths that name something outside the file's own locals. */
  private aliasOf(node: t.Node | null | undefined, ctx: Context): string | undefined {
    const p = this.pathOf(node, ctx);
    // What a global or a module returns keeps its path (`var gc = Xrm.Utility.getGlobalContext()`
    // makes `gc.userSettings` Xrm.Utility.getGlobalContext().userSettings); a local's does not.
    if (p === undefined || p.startsWith("~") || p.startsWith("this") || p.startsWith("?")) return undefined;
    if (p.startsWith("new ")) return undefined;
    return p;
  }

  // ── the walk ────────────────────────────────────────────────────────────────────────────────

  private visit(node: t.Node | null | undefined, ctx: Context): void {
    if (!node || typeof node !== "object") return;
    if (TYPE_ONLY.test(node.type)) return;
    switch (node.type) {
      case "ImportDeclaration":
        return this.importDeclaration(node, ctx);
      case "ExportNamedDeclaration":
      case "ExportAllDeclaration":
        if (node.source) {
          this.emit("module", node.source.value, node.source, ctx);
          if (node.type === "ExportNamedDeclaration") {
            for (const spec of node.specifiers) {
              if (spec.type === "ExportSpecifier") {
                this.emit("member", `${node.source.value}.${nameOf(spec.local)}`, spec, ctx);
              }
            }
          }
          return;
        }
        if (node.type === "ExportNamedDeclaration") {
          this.visit(node.declaration, ctx);
          for (const spec of node.specifiers) if (spec.type === "ExportSpecifier") this.visit(spec.local, ctx);
        }
        return;
      case "VariableDeclaration":
        for (const d of node.declarations) this.declarator(d, ctx);
        return;
      case "FunctionDeclaration":
        return this.functionNode(node, ctx, node.id ? qualify(ctx, node.id.name) : undefined, true);
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
        if (node.source.type === "StringLiteral") this.emit("module", node.source.value, node.source, ctx);
        else this.visit(node.source, ctx);
        return;
      case "MemberExpression":
      case "OptionalMemberExpression":
        return this.member(node, ctx);
      case "Identifier":
        if (!ctx.scope.lookup(node.name) && node.name !== "undefined" && node.name !== "arguments")
          this.emit("global", node.name, node, ctx);
        return;
      case "BlockStatement":
      case "StaticBlock": {
        const scope = new Scope(ctx.scope);
        hoistDeclarations(node.body, scope, false);
        const inner = { ...ctx, scope };
        for (const s of node.body) this.visit(s, inner);
        return;
      }
      case "ForStatement":
      case "ForInStatement":
      case "ForOfStatement": {
        const scope = new Scope(ctx.scope);
        const init = node.type === "ForStatement" ? node.init : node.left;
        if (init?.type === "VariableDeclaration" && init.kind !== "var") {
          for (const d of init.declarations) for (const n of patternNames(d.id)) scope.declare(n);
        }
        return this.children(node, { ...ctx, scope });
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
        return;
      case "JSXMemberExpression":
        return;
      default:
        return this.children(node, ctx);
    }
  }

  private children(node: t.Node, ctx: Context): void {
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
  private pattern(node: t.Node | null | undefined, ctx: Context): void {
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

  private importDeclaration(node: t.ImportDeclaration, ctx: Context): void {
    const source = node.source.value;
    this.emit("module", source, node.source, ctx);
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

  private declarator(d: t.VariableDeclarator, ctx: Context): void {
    const alias = this.aliasOf(d.init, ctx);
    if (d.id.type === "Identifier") {
      if (alias !== undefined) bindAlias(ctx.scope, d.id.name, alias);
      const name = qualify(ctx, d.id.name);
      if (isFunction(d.init)) {
        this.emit("definition", name, d, ctx);
        return this.functionNode(d.init, ctx, name, false);
      }
      if (d.init?.type === "ClassExpression") return this.classNode(d.init, ctx, d.id.name);
      if (d.init?.type === "ObjectExpression") return this.object(d.init, ctx, name);
      if (d.init?.type === "LogicalExpression" && d.init.right.type === "ObjectExpression") {
        // `var NS = NS || { … }`
        this.visit(d.init.left, ctx);
        return this.object(d.init.right, ctx, name);
      }
    } else if (alias !== undefined) {
      // `const { hooks } = owl` reads owl.hooks; from `= owl.hooks` the member expression already says so.
      const reads = d.init?.type === "Identifier" || d.init?.type === "CallExpression";
      bindDestructured(ctx.scope, d.id, alias, (path, node) => {
        if (reads) this.emit("member", path, node, ctx);
      });
    }
    this.pattern(d.id, ctx);
    this.visit(d.init, ctx);
  }

  private assignment(node: t.AssignmentExpression, ctx: Context): void {
    const target = node.left;
    if (target.type === "Identifier") {
      const alias = this.aliasOf(node.right, ctx);
      if (alias !== undefined && ctx.scope.lookup(target.name)) bindAlias(ctx.scope, target.name, alias);
    }
    const name = dottedName(target);
    if (name !== undefined && isFunction(node.right)) {
      this.emit("definition", name, node, ctx);
      this.pattern(target, ctx);
      return this.functionNode(node.right, ctx, name, false);
    }
    if (name !== undefined && node.right.type === "ObjectExpression") {
      this.pattern(target, ctx);
      return this.object(node.right, ctx, name);
    }
    if (name !== undefined && node.right.type === "ClassExpression") {
      this.pattern(target, ctx);
      return this.classNode(node.right, ctx, name);
    }
    this.pattern(target, ctx);
    this.visit(node.right, ctx);
  }

  /** Object literals name their methods after the variable or property they are assigned to. */
  private object(node: t.ObjectExpression, ctx: Context, name: string | undefined): void {
    for (const p of node.properties) {
      if (p.type === "SpreadElement") {
        this.visit(p.argument, ctx);
        continue;
      }
      if (p.computed) this.visit(p.key, ctx);
      const key = p.computed ? undefined : keyName(p.key);
      const qualified = key === undefined ? undefined : name ? `${name}.${key}` : ctx.enclosing ? `${ctx.enclosing}.${key}` : key;
      if (p.type === "ObjectMethod") {
        if (name && qualified) this.emit("definition", qualified, p, ctx);
        this.functionNode(p, ctx, qualified, false);
      } else if (isFunction(p.value)) {
        if (name && qualified) this.emit("definition", qualified, p, ctx);
        this.functionNode(p.value, ctx, qualified, false);
      } else if (p.value.type === "ObjectExpression" && name && qualified) {
        this.object(p.value, ctx, qualified);
      } else {
        this.visit(p.value, ctx);
      }
    }
  }

  private functionNode(
    node: t.Function,
    ctx: Context,
    name: string | undefined,
    emitDefinition: boolean,
    boundParams?: ReadonlyArray<string | undefined>,
  ): void {
    if (emitDefinition && name) this.emit("definition", name, node, ctx);
    const scope = new Scope(ctx.scope);
    if ((node.type === "FunctionExpression" || node.type === "ClassMethod") && "id" in node && node.id) {
      scope.declare(node.id.name);
    }
    node.params.forEach((param, i) => {
      const names = patternNames(param);
      const bound = boundParams?.[i];
      for (const n of names) scope.declare(n, param.type === "Identifier" ? bound : undefined);
    });
    const inner: Context = { ...ctx, scope, enclosing: name ?? ctx.enclosing };
    for (const param of node.params) this.pattern(param, inner);
    if (node.body.type === "BlockStatement") {
      hoistDeclarations(node.body.body, scope, true);
      for (const s of node.body.body) this.visit(s, inner);
    } else {
      this.visit(node.body, inner);
    }
  }

  private classNode(node: t.Class, ctx: Context, name: string | undefined): void {
    this.visit(node.superClass, ctx);
    for (const d of node.decorators ?? []) this.visit(d, ctx);
    const classExtends = node.superClass ? this.pathOf(node.superClass, ctx) : undefined;
    const qualifiedClass = name ? qualify(ctx, name) : undefined;
    const inner: Context = { ...ctx, classExtends, enclosing: qualifiedClass ?? ctx.enclosing };
    for (const member of node.body.body) {
      const computed = "computed" in member && member.computed === true;
      if (computed && "key" in member) this.visit(member.key, inner);
      for (const d of ("decorators" in member ? member.decorators : undefined) ?? []) this.visit(d, inner);
      const key = "key" in member && !computed ? keyName(member.key) : undefined;
      const qualified = key !== undefined && qualifiedClass ? `${qualifiedClass}.${key}` : key;
      if (member.type === "ClassMethod" || member.type === "ClassPrivateMethod") {
        if (qualified && qualifiedClass) this.emit("definition", qualified, member, inner);
        this.functionNode(member, inner, qualified, false);
      } else if (member.type === "ClassProperty" || member.type === "ClassPrivateProperty") {
        if (isFunction(member.value)) {
          if (qualified && qualifiedClass) this.emit("definition", qualified, member, inner);
          this.functionNode(member.value, inner, qualified, false);
        } else {
          this.visit(member.value, { ...inner, enclosing: qualified ?? inner.enclosing });
        }
      } else {
        this.visit(member, inner);
      }
    }
  }

  private member(node: t.MemberExpression | t.OptionalMemberExpression, ctx: Context): void {
    const path = this.pathOf(node, ctx);
    if (path !== undefined && path.includes(".")) this.emit("member", path, node, ctx);
    const obj = node.object;
    const viaGlobalObject = obj.type === "Identifier" && GLOBAL_OBJECTS.has(obj.name) && !ctx.scope.lookup(obj.name);
    if (!viaGlobalObject) this.visit(obj, ctx);
    else if (path !== undefined && !path.includes(".")) this.emit("global", path, node, ctx);
    if (node.computed) this.visit(node.property, ctx);
  }

  private call(node: t.CallExpression | t.OptionalCallExpression | t.NewExpression, ctx: Context): void {
    const callee = node.callee;
    const args = node.arguments;
    const calleePath = callee.type === "V8IntrinsicIdentifier" ? undefined : this.pathOf(callee, ctx);
    const shapes = args.map((a) => this.shapeOf(a, ctx));
    const detail: FactDetail = { arity: args.length, args: shapes };
    const firstLiteral = shapes.find((s) => s.type === "string" || s.type === "number" || s.type === "boolean");
    if (firstLiteral?.value !== undefined) detail.value = firstLiteral.value;
    const key = node.type === "NewExpression" ? (calleePath === undefined ? undefined : `new ${calleePath}`) : calleePath;
    if (key !== undefined) this.emit("call", key, node, ctx, detail);
    if (callee.type !== "V8IntrinsicIdentifier") this.visit(callee, ctx);

    const moduleCall = requireCallName(node);
    if (moduleCall) {
      const first = args[0];
      if (first?.type === "StringLiteral") this.emit("module", first.value, first, ctx);
    }
    const amd = calleePath !== undefined && AMD_DEFINERS.has(calleePath) ? amdShape(args) : undefined;
    if (amd) {
      for (const dep of amd.deps) if (dep) this.emit("module", dep.value, dep, ctx);
    }
    args.forEach((arg, i) => {
      const inner: Context = { ...ctx, within: [`${calleePath ?? "?"}#${i}`, ...ctx.within] };
      if (amd && arg === amd.factory) {
        const bound = amd.deps.map((d) => d?.value);
        return this.functionNode(amd.factory, inner, undefined, false, bound);
      }
      if (amd && arg.type === "ArrayExpression") {
        for (const e of arg.elements) if (e && e.type !== "StringLiteral") this.visit(e, inner);
        return;
      }
      if (moduleCall && i === 0 && arg.type === "StringLiteral") return;
      this.visit(arg, inner);
    });
  }

  private shapeOf(arg: t.Node, ctx: Context): ArgumentShape {
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
        return { type: "function" };
      case "Identifier":
      case "MemberExpression":
      case "OptionalMemberExpression": {
        const path = this.pathOf(arg, ctx);
        return path === undefined ? { type: "identifier" } : { type: "identifier", path };
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
