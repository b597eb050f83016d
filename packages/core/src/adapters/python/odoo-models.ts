import { field, literalOf, stringValue } from "./literals.js";
import { ODOO_RELATIONS } from "./odoo-relations.js";
import type { PyNode } from "./parser.js";
import type { Context, PyFactWalker } from "./py-facts.js";

/** A class as facts see it: its qualified name, resolved bases and, for an Odoo model, its model. */
export interface ClassInfo {
  name: string;
  bases: string[];
  /** `_name`, else the (first) `_inherit`; `?` for a model class that names neither. */
  model: string | undefined;
}

const FIELD_MODULES = ["odoo.fields.", "openerp.fields."];
const MODEL_BASES = new Set(
  ["Model", "TransientModel", "AbstractModel", "BaseModel"].flatMap((b) => [`odoo.models.${b}`, `openerp.models.${b}`]),
);
const RELATIONAL = new Set(["Many2one", "One2many", "Many2many"]);
/**
 * What other files say of the classes a file's classes derive from: a base as the file writes it
 * (`.common.TestCommon`, `odoo.addons.x.tests.common.TestCommon`) → attribute → the model of the
 * recordset every assignment of `cls.x`/`self.x` in that class (or its own bases) gives.
 */
export type InheritedRecordsets = ReadonlyMap<string, Readonly<Record<string, string>>>;

/** Methods that return a recordset of the receiver's model. */
const SAME_MODEL = new Set([
  "sudo",
  "with_context",
  "with_user",
  "with_company",
  "with_env",
  "with_prefetch",
  "exists",
  "filtered",
  "filtered_domain",
  "sorted",
  "browse",
  "search",
  "create",
  "new",
  "copy",
  "ensure_one",
]);
const ENV_MODELS: Record<string, string> = { user: "res.users", company: "res.company", companies: "res.company" };
/** The test helper whose `save()` returns the record it edited. */
const FORMS = new Set(["odoo.tests.Form", "odoo.tests.common.Form", "odoo.tests.form.Form"]);
/** Methods whose one-parameter lambda argument receives records of the receiver's model. */
const RECORD_LAMBDAS = new Set(["filtered", "sorted", "mapped", "grouped"]);
/**
 * Which classes of a file are Odoo models, and which model a recordset holds where the code makes
 * it evident: `self` in a model, `env["x"]`, `env.user`, what `sudo()` or `search()` return, and
 * the relational fields the file declares.
 */
export class OdooModels {
  /** model → field → comodel, from the relational fields this file defines. */
  readonly #comodels = new Map<string, Map<string, string>>();
  /** Paths of this file's own model classes (`~SaleOrder`), so their subclasses are models too. */
  readonly #modelClasses = new Set<string>();
  /**
   * Non-model class (a test case) → attribute → the model of every recordset assigned to
   * `self.x`/`cls.x` in its methods; `null` once two assignments disagree or one is not evident.
   */
  readonly #classAttributes = new Map<string, Map<string, string | null>>();
  /** Lambdas passed to `filtered`/`sorted`/`mapped` of a known model: their parameter's model. */
  readonly lambdaModels = new Map<PyNode, string>();

  constructor(
    private readonly w: PyFactWalker,
    private readonly inherited?: InheritedRecordsets,
  ) {}

  /** Decides whether a class is a model and reads its model name and relational fields. */
  classInfo(name: string, path: string, bases: string[], body: PyNode | undefined, ctx: Context): ClassInfo {
    const attrs = new Map<string, PyNode>();
    for (const s of body?.children ?? []) {
      const a = s.type === "expression_statement" ? s.children[0] : undefined;
      const left = a?.type === "assignment" ? field(a, "left") : undefined;
      const right = a ? field(a, "right") : undefined;
      if (left?.type === "identifier" && right) attrs.set(this.w.nameOf(left), right);
    }
    const named = attrs.has("_name") || attrs.has("_inherit");
    const isModel = bases.some(
      (b) =>
        MODEL_BASES.has(b) || this.#modelClasses.has(b) || (named && (b.startsWith("odoo.addons.") || b.startsWith("openerp.addons."))),
    );
    if (!isModel) return { name, bases, model: undefined };
    this.#modelClasses.add(path);
    const model = modelName(attrs.get("_name"), this.w.text) ?? modelName(attrs.get("_inherit"), this.w.text) ?? "?";
    const comodels = this.#comodels.get(model) ?? new Map<string, string>();
    for (const [attr, value] of attrs) {
      const comodel = value.type === "call" ? this.comodelOf(value, ctx) : undefined;
      if (comodel) comodels.set(attr, comodel.value);
    }
    this.#comodels.set(model, comodels);
    return { name, bases, model };
  }

  /** The model of the recordset an expression holds, when the code makes it evident. */
  modelOf(node: PyNode, ctx: Context): string | undefined {
    switch (node.type) {
      case "identifier":
        return ctx.scope.lookup(this.w.nameOf(node))?.model;
      case "parenthesized_expression":
        return node.children.length === 1 ? this.modelOf(node.children[0]!, ctx) : undefined;
      case "subscript": {
        const value = field(node, "value");
        const index = field(node, "subscript");
        if (!value || !index) return undefined;
        if (isEnv(value, this.w.text)) return stringValue(index, this.w.text);
        // `recs[0]`, `recs[-1]`, `recs[:2]`: records of the same model.
        return index.type === "slice" || typeof literalOf(index, this.w.text) === "number" ? this.modelOf(value, ctx) : undefined;
      }
      case "attribute": {
        const object = field(node, "object");
        const attr = field(node, "attribute");
        if (!object || !attr) return undefined;
        const name = this.w.nameOf(attr);
        if (isEnv(object, this.w.text)) return ENV_MODELS[name];
        const attribute = this.#receiverAttribute(object, name, ctx);
        if (attribute !== undefined) return attribute ?? undefined;
        const model = this.modelOf(object, ctx);
        return model ? this.comodel(model, name) : undefined;
      }
      case "call": {
        const fn = field(node, "function");
        const attr = fn?.type === "attribute" ? field(fn, "attribute") : undefined;
        const object = fn ? field(fn, "object") : undefined;
        if (!attr || !object) return undefined;
        const method = this.w.nameOf(attr);
        if (SAME_MODEL.has(method)) return this.modelOf(object, ctx);
        if (method === "save") return this.formOf(object, ctx);
        return method === "mapped" ? this.#mappedModel(node, object, ctx) : undefined;
      }
      default:
        return undefined;
    }
  }

  /** The model of the recordset an `odoo.tests.Form` was opened on (`Form(env["x"])`, or a name bound to one). */
  formOf(node: PyNode, ctx: Context): string | undefined {
    if (node.type === "identifier") return ctx.scope.lookup(this.w.nameOf(node))?.form;
    if (node.type !== "call" || !FORMS.has(this.w.pathOf(field(node, "function"), ctx) ?? "")) return undefined;
    const first = (field(node, "arguments")?.children ?? []).find((a) => a.type !== "comment" && a.type !== "keyword_argument");
    return first ? this.modelOf(first, ctx) : undefined;
  }

  /**
   * The comodel of a relational field: one the file declares on that model, else one of Odoo's
   * core relations (scripts/odoo-relations.mjs); unknown otherwise.
   */
  comodel(model: string, field: string): string | undefined {
    return this.#comodels.get(model)?.get(field) ?? ODOO_RELATIONS[model]?.[field]?.comodel;
  }

  /**
   * Remembers `self.x = <recordset>` (or `cls.x`) in a method of a class that is not a model, so
   * `self.x` in the class's other methods carries the model; assignments that disagree, or whose
   * model is not evident, make it unknown.
   */
  noteReceiverAttribute(target: PyNode, value: PyNode | undefined, ctx: Context): void {
    if (!ctx.cls || ctx.cls.model !== undefined || target.type !== "attribute") return;
    const object = field(target, "object");
    const attr = field(target, "attribute");
    if (object?.type !== "identifier" || !attr || !ctx.scope.lookup(this.w.nameOf(object))?.receiver) return;
    const model = value ? this.modelOf(value, ctx) : undefined;
    const attrs = this.#classAttributes.get(ctx.cls.name) ?? new Map<string, string | null>();
    this.#classAttributes.set(ctx.cls.name, attrs);
    const name = this.w.nameOf(attr);
    const seen = attrs.get(name);
    attrs.set(name, model !== undefined && (seen === undefined || seen === model) ? model : null);
  }

  /** Registers the lambda arguments of `recs.filtered(lambda r: …)` and the like: `r` is a record of recs' model. */
  noteRecordLambdas(method: string | undefined, receiverModel: string | undefined, args: readonly PyNode[]): void {
    if (!receiverModel || !method || !RECORD_LAMBDAS.has(method)) return;
    for (const a of args) if (a.type === "lambda") this.lambdaModels.set(a, receiverModel);
  }

  /** The model `self.x` holds in a non-model class (`null`: not one model), or undefined when it does not apply. */
  #receiverAttribute(object: PyNode, name: string, ctx: Context): string | null | undefined {
    if (!ctx.cls || ctx.cls.model !== undefined || object.type !== "identifier") return undefined;
    if (!ctx.scope.lookup(this.w.nameOf(object))?.receiver) return undefined;
    // The class's own assignments, else those of a base class of the same file (`~TestCommon`),
    // else those another file gives a base it imports.
    for (const cls of [ctx.cls.name, ...ctx.cls.bases.filter((b) => b.startsWith("~")).map((b) => b.slice(1))]) {
      const model = this.#classAttributes.get(cls)?.get(name);
      if (model !== undefined) return model;
    }
    const models = new Set<string>();
    for (const base of ctx.cls.bases) {
      const recordsets = this.inherited?.get(base);
      if (recordsets && Object.hasOwn(recordsets, name)) models.add(recordsets[name]!);
    }
    if (models.size === 0) return undefined;
    return models.size === 1 ? [...models][0]! : null;
  }

  /**
   * The recordsets a class that is not a model keeps in its attributes (`cls.picking = env[…]`),
   * attribute → model, with those of its bases in the same file; undefined when there are none.
   */
  recordsetsOf(cls: ClassInfo): Record<string, string> | undefined {
    if (cls.model !== undefined) return undefined;
    const out: Record<string, string> = {};
    const seen = new Set<string>();
    for (const name of [cls.name, ...cls.bases.filter((b) => b.startsWith("~")).map((b) => b.slice(1))]) {
      for (const [attr, model] of this.#classAttributes.get(name) ?? []) {
        if (seen.has(attr)) continue;
        seen.add(attr);
        if (model !== null) out[attr] = model;
      }
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }

  /** `recs.mapped("a.b")` of a known model: the comodel at the end of a path of relational fields. */
  #mappedModel(call: PyNode, object: PyNode, ctx: Context): string | undefined {
    const args = (field(call, "arguments")?.children ?? []).filter((a) => a.type !== "comment");
    const path = args.length === 1 ? stringValue(args[0]!, this.w.text) : undefined;
    let model = path ? this.modelOf(object, ctx) : undefined;
    for (const step of path?.split(".") ?? []) model = model ? this.comodel(model, step) : undefined;
    return model;
  }

  comodelOf(call: PyNode, ctx: Context): { value: string; node: PyNode } | undefined {
    const path = this.w.pathOf(field(call, "function"), ctx);
    if (!isFieldsCall(path) || !RELATIONAL.has(path!.slice(path!.lastIndexOf(".") + 1))) return undefined;
    const args = field(call, "arguments")?.children ?? [];
    const keyword = args.find((a) => a.type === "keyword_argument" && this.w.nameOf(field(a, "name") ?? a) === "comodel_name");
    const node = keyword ? field(keyword, "value") : args.find((a) => a.type !== "keyword_argument" && a.type !== "comment");
    const value = node ? stringValue(node, this.w.text) : undefined;
    return node && value ? { value, node } : undefined;
  }
}

export function isFieldsCall(path: string | undefined): boolean {
  return path !== undefined && FIELD_MODULES.some((m) => path.startsWith(m));
}

/** `self.env`, `request.env`, `cls.env`, or a name `env` (a hook's parameter). */
export function isEnv(node: PyNode, text: string): boolean {
  if (node.type === "identifier") return text.slice(node.start, node.end) === "env";
  if (node.type !== "attribute") return false;
  const attr = field(node, "attribute");
  return attr !== undefined && text.slice(attr.start, attr.end) === "env";
}

export function stringsOf(node: PyNode): PyNode[] {
  if (node.type === "string" || node.type === "concatenated_string") return [node];
  if (node.type === "list" || node.type === "tuple")
    return node.children.filter((c) => c.type === "string" || c.type === "concatenated_string");
  return [];
}

function modelName(node: PyNode | undefined, text: string): string | undefined {
  const first = node ? stringsOf(node)[0] : undefined;
  return first ? stringValue(first, text) : undefined;
}
