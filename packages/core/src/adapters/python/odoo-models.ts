import { field, stringValue } from "./literals.js";
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

  constructor(private readonly w: PyFactWalker) {}

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
        return value && index && isEnv(value, this.w.text) ? stringValue(index, this.w.text) : undefined;
      }
      case "attribute": {
        const object = field(node, "object");
        const attr = field(node, "attribute");
        if (!object || !attr) return undefined;
        const name = this.w.nameOf(attr);
        if (isEnv(object, this.w.text)) return ENV_MODELS[name];
        const model = this.modelOf(object, ctx);
        return model ? this.#comodels.get(model)?.get(name) : undefined;
      }
      case "call": {
        const fn = field(node, "function");
        const attr = fn?.type === "attribute" ? field(fn, "attribute") : undefined;
        const object = fn ? field(fn, "object") : undefined;
        return attr && object && SAME_MODEL.has(this.w.nameOf(attr)) ? this.modelOf(object, ctx) : undefined;
      }
      default:
        return undefined;
    }
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
