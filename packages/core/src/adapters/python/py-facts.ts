import type { Fact, FactDetail, FileFacts, LiteralValue, Span } from "../../facts.js";
import { pointer } from "../json-pointer.js";
import type { LineIndex } from "../../source-file.js";
import { dataFacts, readLiteral } from "./data-facts.js";
import { bindModuleImports, importFacts } from "./imports.js";
import { field, literalOf, stringValue } from "./literals.js";
import { OdooModels, type ClassInfo, type InheritedRecordsets } from "./odoo-models.js";
import { OdooNames } from "./odoo-names.js";
import { parsePython, type PyNode } from "./parser.js";
import { boundNames, Scope } from "./scope.js";
import { callFacts } from "./calls.js";
import { frappeAppCheck } from "./frappe-names.js";
import { comparisonFacts, comprehensionFacts, forFacts, lambdaFacts } from "./bindings.js";
import { classFacts, decoratedFacts, functionFacts } from "./definitions.js";

/** Free names that are Python's own: not worth a `global` fact each. */
const BUILTINS = new Set(
  "True False None self cls super print len str int float bool list dict set tuple range enumerate zip map filter sorted reversed min max sum any all abs round isinstance issubclass getattr setattr hasattr delattr type object repr format open iter next id hash vars dir callable Exception ValueError TypeError KeyError IndexError AttributeError RuntimeError NotImplementedError StopIteration ImportError OSError IOError AssertionError UserWarning DeprecationWarning staticmethod classmethod property __name__ __file__ __doc__ bytes bytearray frozenset divmod pow chr ord bin hex oct slice globals locals NotImplemented Ellipsis".split(
    " ",
  ),
);

export interface Context {
  scope: Scope;
  /** Qualified name of the function or class we are in. */
  enclosing: string | undefined;
  /** `callee#index` (or `callee#keyword`) of every call we sit in as an argument, innermost first. */
  within: readonly string[];
  /** The class whose body or methods we are in. */
  cls: ClassInfo | undefined;
}

/**
 * Python read as code: imports, calls with their keyword arguments, attribute reads, definitions,
 * class attributes and, for Odoo, the models and the names Odoo reads from strings. Docstrings and
 * comments never make code facts; they are reported as comment ranges, so text rules skip them too.
 */
export function extractPythonFacts(text: string, lines: LineIndex, data: boolean, inherited?: InheritedRecordsets): FileFacts {
  const { root, problems } = parsePython(text, lines);
  const walker = new PyFactWalker(text, lines, inherited);
  walker.module(root, data);
  return { facts: walker.facts, problems, comments: walker.comments };
}

/** Python files that are data (no Python runs): the manifest, read as literals only. */
export function extractPythonDataFacts(text: string, lines: LineIndex): FileFacts {
  const { root, problems } = parsePython(text, lines);
  const walker = new PyFactWalker(text, lines);
  walker.collectComments(root);
  return { facts: dataFacts(root, text, lines), problems, comments: walker.comments };
}

export class PyFactWalker {
  readonly facts: Fact[] = [];
  readonly comments: Array<[number, number]> = [];
  /** Dictionaries already read as part of an enclosing literal. */
  readonly covered = new Set<PyNode>();
  readonly models: OdooModels;
  readonly odoo: OdooNames;

  constructor(
    readonly text: string,
    readonly lines: LineIndex,
    inherited?: InheritedRecordsets,
  ) {
    this.models = new OdooModels(this, inherited);
    this.odoo = new OdooNames(this, this.models);
  }

  module(root: PyNode, data: boolean): void {
    const scope = new Scope(undefined, "module");
    for (const name of boundNames(root, this.text)) scope.bind(name);
    bindModuleImports(root, scope, this.text);
    const ctx: Context = { scope, enclosing: undefined, within: [], cls: undefined };
    // hooks.py: module-level literals are also read as data, as a manifest's are.
    if (data) this.facts.push(...dataFacts(root, this.text, this.lines, this.covered));
    this.block(root, ctx);
  }

  collectComments(node: PyNode): void {
    if (node.type === "comment") this.comments.push([node.start, node.end]);
    else if (isDocstring(node)) this.comments.push([node.start, node.end]);
    else for (const c of node.children) this.collectComments(c);
  }

  // ── fact emission ────────────────────────────────────────────────────────────────────────────

  emit(kind: Fact["kind"], key: string, span: Span | PyNode, ctx: Context, detail?: FactDetail): Fact {
    const d: FactDetail = { ...detail };
    if (ctx.within.length > 0) d.within = [...ctx.within];
    if (ctx.cls?.bases[0]) d.classExtends = ctx.cls.bases[0];
    if (ctx.cls?.model !== undefined && d.model === undefined) d.model = ctx.cls.model;
    const fact: Fact = { kind, key, span: "type" in span ? this.span(span) : span };
    if (ctx.enclosing) fact.enclosing = ctx.enclosing;
    if (Object.keys(d).length > 0) fact.detail = d;
    this.facts.push(fact);
    return fact;
  }

  span(node: PyNode, end: PyNode = node): Span {
    return this.lines.span(node.start, end.end);
  }

  nameOf(node: PyNode): string {
    return this.text.slice(node.start, node.end);
  }

  // ── paths and models ─────────────────────────────────────────────────────────────────────────

  /**
   * The dotted path an expression stands for: imported names become their module path, locals
   * are marked `~name`, a method's receiver stays `self`, call results end in `()`, string
   * subscripts are kept (`self.env[res.users]`), an unknown receiver is `?`.
   */
  pathOf(node: PyNode | undefined, ctx: Context): string | undefined {
    if (!node) return undefined;
    switch (node.type) {
      case "identifier": {
        const name = this.nameOf(node);
        const b = ctx.scope.lookup(name);
        if (!b) return name;
        if (b.path !== undefined) return b.path;
        return b.receiver ? name : `~${name}`;
      }
      case "attribute": {
        const attr = field(node, "attribute");
        if (!attr) return undefined;
        return `${this.pathOf(field(node, "object"), ctx) ?? "?"}.${this.nameOf(attr)}`;
      }
      case "call": {
        const callee = this.pathOf(field(node, "function"), ctx);
        return callee === undefined ? undefined : `${callee}()`;
      }
      case "subscript": {
        const index = field(node, "subscript");
        const literal = index ? stringValue(index, this.text) : undefined;
        return `${this.pathOf(field(node, "value"), ctx) ?? "?"}[${literal ?? ""}]`;
      }
      case "parenthesized_expression":
        return node.children.length === 1 ? this.pathOf(node.children[0], ctx) : undefined;
      default:
        return undefined;
    }
  }

  /** A path another name may stand for: not the file's own locals or unknowns. */
  aliasOf(node: PyNode | undefined, ctx: Context): string | undefined {
    const p = this.pathOf(node, ctx);
    if (p === undefined || p.startsWith("~") || p.startsWith("?")) return undefined;
    return p;
  }

  // ── the walk ────────────────────────────────────────────────────────────────────────────────

  block(node: PyNode, ctx: Context): void {
    for (const c of node.children) this.visit(c, ctx);
  }

  visit(node: PyNode, ctx: Context): void {
    switch (node.type) {
      case "comment":
        this.comments.push([node.start, node.end]);
        return;
      case "expression_statement":
        if (isDocstring(node)) {
          this.comments.push([node.start, node.end]);
          return;
        }
        return this.block(node, ctx);
      case "import_statement":
      case "import_from_statement":
        return importFacts(this, node, ctx);
      case "decorated_definition":
        return decoratedFacts(this, node, ctx);
      case "function_definition":
        return functionFacts(this, node, ctx, []);
      case "class_definition":
        return classFacts(this, node, ctx, []);
      case "assignment":
        return this.assignment(node, ctx);
      case "augmented_assignment":
        this.extendList(node, ctx);
        return this.block(node, ctx);
      case "call":
        return this.call(node, ctx, false);
      case "attribute":
        return this.attribute(node, ctx, "read");
      case "subscript":
        this.odoo.subscript(node, ctx);
        return this.block(node, ctx);
      case "identifier": {
        const name = this.nameOf(node);
        if (!ctx.scope.lookup(name) && !BUILTINS.has(name)) this.emit("global", name, node, ctx);
        return;
      }
      case "dictionary":
        if (!this.covered.has(node)) this.literal(node, [], node.start, ctx);
        this.odoo.dictionary(node, ctx);
        return this.block(node, ctx);
      case "lambda":
        return lambdaFacts(this, node, ctx);
      case "list_comprehension":
      case "set_comprehension":
      case "dictionary_comprehension":
      case "generator_expression":
        return comprehensionFacts(this, node, ctx);
      case "for_statement":
        return forFacts(this, node, ctx);
      case "comparison_operator":
        frappeAppCheck(this, node, ctx);
        return comparisonFacts(this, node, ctx);
      case "keyword_argument":
        // Outside a call (class keywords): only the value is code.
        for (const c of node.children) if (c.field !== "name") this.visit(c, ctx);
        return;
      default:
        return this.block(node, ctx);
    }
  }

  private assignment(node: PyNode, ctx: Context): void {
    const left = field(node, "left");
    const right = field(node, "right");
    const type = field(node, "type");
    if (right) this.visit(right, ctx);
    if (type) this.visit(type, ctx);
    if (!left) return;
    if (left.type === "identifier") {
      const name = this.nameOf(left);
      if (ctx.scope.kind === "class") {
        this.odoo.classAttribute(name, node, left, right, ctx);
        return;
      }
      const path = this.aliasOf(right, ctx);
      const model = right ? this.models.modelOf(right, ctx) : undefined;
      const form = right ? this.models.formOf(right, ctx) : undefined;
      const lists = right && isListLiteral(right) ? [right] : undefined;
      const binding = ctx.scope.names.get(name);
      if (binding && !binding.receiver)
        ctx.scope.bind(name, {
          ...(path !== undefined ? { path } : {}),
          ...(model ? { model } : {}),
          ...(form ? { form } : {}),
          ...(lists ? { lists } : {}),
        });
      return;
    }
    if (left.type === "subscript") this.odoo.subscriptAssignment(left, right, ctx);
    if (left.type === "attribute") {
      this.models.noteReceiverAttribute(left, right, ctx);
      const value = literalOf(right, this.text);
      this.attribute(left, ctx, "write", value !== undefined ? { value } : undefined);
    } else this.visit(left, ctx);
  }

  /** `domain += [...]` on a local holding a list literal: the list it holds grows by that literal; anything else makes it unknown. */
  private extendList(node: PyNode, ctx: Context): void {
    const left = field(node, "left");
    const right = field(node, "right");
    if (left?.type !== "identifier" || ctx.scope.kind === "class") return;
    const binding = ctx.scope.names.get(this.nameOf(left));
    if (!binding?.lists) return;
    const operator = node.children.find((c) => c.field === "operator");
    const adds = operator && this.text.slice(operator.start, operator.end) === "+=" && right && isListLiteral(right);
    ctx.scope.bind(this.nameOf(left), adds ? { ...binding, lists: [...binding.lists, right] } : { ...binding, lists: undefined });
  }

  call(node: PyNode, ctx: Context, decorator: boolean): void {
    callFacts(this, node, ctx, decorator);
  }

  attribute(node: PyNode, ctx: Context, use: "read" | "write" | "callee", compared?: FactDetail): void {
    const path = this.pathOf(node, ctx);
    const object = field(node, "object");
    const receiverModel = object ? this.models.modelOf(object, ctx) : undefined;
    const detail: FactDetail = {};
    if (receiverModel) detail.receiverModel = receiverModel;
    // `cr.execute` where cr is a parameter of the function: rules about a changed signature need
    // to tell the parameter from a local of the same name.
    const parameter = this.rootParameter(node, ctx);
    if (parameter !== undefined) detail.parameter = parameter;
    if (path !== undefined) this.emit("member", path, node, ctx, Object.keys(detail).length > 0 ? detail : undefined);
    if (use !== "callee") this.odoo.attributeRead(node, receiverModel, ctx, use === "write", compared);
    if (object) this.visit(object, ctx);
  }

  /** The parameter an attribute chain starts from (`cr` in `cr.connection.commit`), if any. */
  private rootParameter(node: PyNode, ctx: Context): string | undefined {
    let root: PyNode | undefined = node;
    while (root?.type === "attribute") root = field(root, "object");
    if (root?.type !== "identifier") return undefined;
    const name = this.nameOf(root);
    return ctx.scope.lookup(name)?.param ? name : undefined;
  }

  /** Emits a literal's entries as `json` facts, keyed by their pointer inside it. */
  literal(node: PyNode, path: Array<string | number>, start: number, ctx: Context): void {
    readLiteral(
      node,
      path,
      start,
      this.text,
      (p, from, to, value?: LiteralValue) =>
        this.emit("json", pointer(p), this.lines.span(from, to), ctx, value !== undefined ? { value } : undefined),
      this.covered,
    );
  }
}

function isListLiteral(node: PyNode): boolean {
  return node.type === "list" || node.type === "tuple";
}

/** A statement that is only a string: a docstring, or text left in the code, never code. */
function isDocstring(node: PyNode): boolean {
  return (
    node.type === "expression_statement" &&
    node.children.length === 1 &&
    (node.children[0]!.type === "string" || node.children[0]!.type === "concatenated_string")
  );
}
