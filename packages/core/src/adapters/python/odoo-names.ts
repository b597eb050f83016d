import type { FactDetail, LiteralValue } from "../../facts.js";
import { field, literalOf, shapeOf, stringValue } from "./literals.js";
import type { PyNode } from "./parser.js";
import { isEnv, isFieldsCall, type OdooModels, stringsOf } from "./odoo-models.js";
import type { Context, PyFactWalker } from "./py-facts.js";

/** Methods whose first argument (or `domain=`/`args=`) is a domain on the receiver's model. */
const DOMAIN_METHODS = new Set([
  "search",
  "search_count",
  "search_read",
  "search_fetch",
  "read_group",
  "_read_group",
  "_search",
  "filtered_domain",
  "name_search",
]);
/** Attributes of every recordset that are not fields. */
const NOT_FIELDS = new Set(["env", "ids", "id", "pool"]);
const FIELD_DECORATORS = new Set(["depends", "onchange", "constrains"].flatMap((d) => [`odoo.api.${d}`, `openerp.api.${d}`]));

/**
 * The `ref` facts for the strings Odoo reads as names of models, fields and external ids
 * (`_inherit`, `env["res.users"]`, domains, `create`/`write` keys, `related=`, `@api.depends`,
 * `env.ref`, `has_group`).
 */
export class OdooNames {
  /** Domain literals already read for a model: a domain held in a variable may be passed twice. */
  private readonly domainsRead = new Set<string>();
  /** Qualified names of the methods a model's fields name in `search=`: Odoo reads what they return as a domain. */
  private readonly searchMethods = new Set<string>();

  constructor(
    private readonly w: PyFactWalker,
    private readonly models: OdooModels,
  ) {}

  /** A class-level assignment: a definition fact, and for models the names it declares. */
  classAttribute(name: string, assignment: PyNode, left: PyNode, right: PyNode | undefined, ctx: Context): void {
    const cls = ctx.cls;
    const detail: FactDetail = {};
    if (right) {
      const shape = shapeOf(right, this.w.text, (n) => this.w.pathOf(n, ctx));
      detail.type = shape.type;
      if (shape.value !== undefined) detail.value = shape.value;
    }
    this.w.emit("definition", `${cls?.name ?? "?"}.${name}`, this.w.span(left, assignment), ctx, detail);
    if (!cls?.model || !right) return;
    if (name === "_name" || name === "_inherit") {
      for (const s of stringsOf(right)) {
        const v = stringValue(s, this.w.text);
        if (v) this.ref(`model:${v}`, s, ctx, name === "_name" ? "define" : "inherit");
      }
    } else if (name === "_inherits" && right.type === "dictionary") {
      for (const pair of right.children) {
        const key = pair.type === "pair" ? field(pair, "key") : undefined;
        const v = key ? stringValue(key, this.w.text) : undefined;
        if (v && key) this.ref(`model:${v}`, key, ctx, "inherit");
      }
    } else if (right.type === "call" && isFieldsCall(this.w.pathOf(field(right, "function"), ctx))) {
      this.ref(`field:${cls.model}.${name}`, left, ctx, "define");
    }
  }

  /**
   * Before a model's body is walked: the methods its fields name in `search="_search_x"`, whose
   * returned value Odoo reads as a domain on the model (wherever in the class they are defined).
   */
  noteSearchMethods(qualified: string, body: PyNode, ctx: Context): void {
    for (const statement of body.children) {
      const assignment = statement.type === "expression_statement" ? statement.children[0] : undefined;
      const right = assignment?.type === "assignment" ? field(assignment, "right") : undefined;
      if (right?.type !== "call" || !isFieldsCall(this.w.pathOf(field(right, "function"), ctx))) continue;
      for (const arg of field(right, "arguments")?.children ?? []) {
        const name = arg.type === "keyword_argument" ? field(arg, "name") : undefined;
        const value = name && this.w.nameOf(name) === "search" ? field(arg, "value") : undefined;
        const method = value ? stringValue(value, this.w.text) : undefined;
        if (method) this.searchMethods.add(`${qualified}.${method}`);
      }
    }
  }

  /** `return …` in a method a field names in `search=`: a domain on the class's model. */
  returned(value: PyNode, ctx: Context): void {
    const model = ctx.cls?.model;
    if (model && ctx.enclosing !== undefined && this.searchMethods.has(ctx.enclosing)) this.domain(value, model, ctx);
  }

  /** The names a call passes to Odoo as strings. */
  call(
    node: PyNode,
    calleePath: string | undefined,
    receiver: PyNode | undefined,
    receiverModel: string | undefined,
    positional: PyNode[],
    keywords: Array<{ name: string; value: PyNode | undefined }>,
    ctx: Context,
  ): void {
    const kw = (name: string): PyNode | undefined => keywords.find((k) => k.name === name)?.value;
    const method = calleePath?.slice(calleePath.lastIndexOf(".") + 1);
    const own = ctx.cls?.model;
    if (isFieldsCall(calleePath)) {
      const comodel = this.models.comodelOf(node, ctx);
      if (comodel) {
        this.ref(`model:${comodel.value}`, comodel.node, ctx, "relate");
        const inverse = calleePath!.endsWith(".One2many") ? (kw("inverse_name") ?? positional[1]) : undefined;
        const inverseName = inverse ? stringValue(inverse, this.w.text) : undefined;
        if (inverse && inverseName) this.ref(`field:${comodel.value}.${inverseName}`, inverse, ctx, "relate");
        const domain = kw("domain");
        if (domain) this.domain(domain, comodel.value, ctx);
      }
      const related = kw("related");
      if (related && own) this.fieldPath(related, own, ctx, "relate");
      const groups = kw("groups");
      if (groups) this.xmlids(groups, ctx);
      return;
    }
    if (calleePath !== undefined && FIELD_DECORATORS.has(calleePath) && own) {
      for (const p of positional) this.fieldPath(p, own, ctx, "depend");
      return;
    }
    if (!receiver || method === undefined) return;
    const model = receiverModel ?? "?";
    if (DOMAIN_METHODS.has(method)) {
      const domain = positional[0] ?? kw("domain") ?? kw("args");
      if (domain) this.domain(domain, model, ctx);
      if (receiverModel && method === "read_group") {
        this.groupSpecs(positional[1] ?? kw("fields"), receiverModel, ctx);
        this.groupSpecs(positional[2] ?? kw("groupby"), receiverModel, ctx);
      } else if (receiverModel && method === "_read_group") {
        this.groupSpecs(positional[1] ?? kw("groupby"), receiverModel, ctx);
        this.groupSpecs(positional[2] ?? kw("aggregates"), receiverModel, ctx);
      }
    } else if (method === "create" || method === "write") {
      const vals = positional[0] ?? kw("vals") ?? kw("vals_list");
      const dicts = vals?.type === "list" ? vals.children.filter((c) => c.type === "dictionary") : vals ? [vals] : [];
      for (const d of dicts) this.valsKeys(d, model, method, ctx);
    } else if (method === "ref" && isEnv(receiver, this.w.text)) {
      const id = positional[0] ? stringValue(positional[0], this.w.text) : undefined;
      if (id && positional[0]) this.ref(`xmlid:${id}`, positional[0], ctx, "ref");
    } else if (method === "has_group" || method === "has_groups" || method === "user_has_groups") {
      if (positional[0]) this.xmlids(positional[0], ctx);
    } else if ((method === "mapped" || method === "filtered" || method === "sorted") && receiverModel && positional[0]) {
      this.fieldPath(positional[0], receiverModel, ctx, "read");
    }
  }

  /** `env["res.users"]`: the model named. */
  subscript(node: PyNode, ctx: Context): void {
    const value = field(node, "value");
    const index = field(node, "subscript");
    const name = index ? stringValue(index, this.w.text) : undefined;
    if (value && index && name && isEnv(value, this.w.text)) this.ref(`model:${name}`, index, ctx, "env");
  }

  /** An action dictionary names its model, and its domain is on that model. */
  dictionary(node: PyNode, ctx: Context): void {
    let model: string | undefined;
    let domain: PyNode | undefined;
    for (const pair of node.children) {
      if (pair.type !== "pair") continue;
      const key = literalOf(field(pair, "key"), this.w.text);
      const value = field(pair, "value");
      if (!value) continue;
      if (key === "res_model") {
        model = stringValue(value, this.w.text);
        if (model) this.ref(`model:${model}`, value, ctx, "action");
      } else if (key === "domain") domain = value;
    }
    if (model && domain) this.domain(domain, model, ctx);
  }

  /** `action["view_mode"] = "tree,form"` is a mapping entry, read as data like a dictionary's. */
  subscriptAssignment(left: PyNode, right: PyNode | undefined, ctx: Context): void {
    const index = field(left, "subscript");
    const key = index ? literalOf(index, this.w.text) : undefined;
    if (!right || (typeof key !== "string" && typeof key !== "number")) return;
    this.w.literal(right, [String(key)], left.start, ctx);
  }

  /** `rec.partner_id` on a recordset of a known model reads (or writes) that model's field. */
  /** `rec.x` on a known model; `extra` is the literal it is assigned or compared with (`value`, `values`). */
  attributeRead(node: PyNode, receiverModel: string | undefined, ctx: Context, write: boolean, extra?: FactDetail): void {
    const attr = field(node, "attribute");
    if (!receiverModel || !attr) return;
    const name = this.w.nameOf(attr);
    if (name.startsWith("_") || NOT_FIELDS.has(name)) return;
    this.ref(`field:${receiverModel}.${name}`, attr, ctx, write ? "write" : "read", extra);
  }

  // ── helpers ─────────────────────────────────────────────────────────────────────────────────

  private ref(key: string, node: PyNode, ctx: Context, verb: string, extra?: FactDetail): void {
    this.w.emit("ref", key, node, ctx, { verb, ...extra });
  }

  /**
   * A domain: a list literal, a sum of domains (`domain + [...]`), or a local name that holds
   * list literals assigned or added to it before this point (`domain = [...]`).
   */
  private domain(node: PyNode, model: string, ctx: Context, depth = 0): void {
    if (depth > 8) return;
    if (node.type === "identifier") {
      const binding = ctx.scope.names.get(this.w.nameOf(node));
      for (const list of binding?.lists ?? []) this.domain(list, model, ctx, depth + 1);
      return;
    }
    if (node.type === "binary_operator") {
      const operator = node.children.find((c) => c.field === "operator");
      if (!operator || this.w.text.slice(operator.start, operator.end) !== "+") return;
      for (const side of [field(node, "left"), field(node, "right")]) if (side) this.domain(side, model, ctx, depth + 1);
      return;
    }
    if (node.type === "parenthesized_expression") {
      const inner = node.children.find((c) => c.type !== "comment");
      if (inner) this.domain(inner, model, ctx, depth + 1);
      return;
    }
    if (node.type !== "list" && node.type !== "tuple") return;
    const seen = `${node.start}:${model}`;
    if (this.domainsRead.has(seen)) return;
    this.domainsRead.add(seen);
    for (const leaf of node.children) {
      if (leaf.type !== "tuple" && leaf.type !== "list") continue;
      const parts = leaf.children.filter((c) => c.type !== "comment");
      if (parts.length !== 3) continue;
      const name = stringValue(parts[0]!, this.w.text);
      const operator = literalOf(parts[1], this.w.text);
      if (!name || typeof operator !== "string") continue;
      const extra: FactDetail = { operator };
      const value: LiteralValue | undefined = literalOf(parts[2], this.w.text);
      if (value !== undefined) extra.value = value;
      else if (parts[2]!.type === "list" || parts[2]!.type === "tuple") {
        // `("state", "in", ["sale", "done"])`: the literal items, so a rule can test each.
        const values = parts[2]!.children.map((c) => literalOf(c, this.w.text)).filter((v) => v !== undefined);
        if (values.length > 0) extra.values = values;
      }
      this.fieldPath(parts[0]!, model, ctx, "domain", extra);
    }
  }

  /**
   * The field specs of `read_group`/`_read_group` on a known model: `"qty:sum"`, `"ids:array_agg(id)"`,
   * `"date:month"`, `"partner_id"`; each names a field (the one in parentheses when there is one).
   */
  private groupSpecs(node: PyNode | undefined, model: string, ctx: Context): void {
    const specs = node?.type === "list" || node?.type === "tuple" ? node.children : node ? [node] : [];
    for (const spec of specs) {
      const text = stringValue(spec, this.w.text);
      const m = text ? /^([A-Za-z_]\w*)(?::\w+(?:\(([A-Za-z_]\w*)\))?)?$/.exec(text) : null;
      if (!m) continue;
      const name = m[2] ?? m[1]!;
      if (name === "__count") continue;
      this.ref(`field:${model}.${name}`, spec, ctx, "read");
    }
  }

  private valsKeys(dict: PyNode, model: string, verb: string, ctx: Context): void {
    if (dict.type !== "dictionary") return;
    for (const pair of dict.children) {
      const key = pair.type === "pair" ? field(pair, "key") : undefined;
      const name = key ? stringValue(key, this.w.text) : undefined;
      if (!key || !name) continue;
      const extra: FactDetail = {};
      const value = literalOf(field(pair, "value"), this.w.text);
      if (value !== undefined) extra.value = value;
      this.ref(`field:${model}.${name}`, key, ctx, verb, extra);
    }
  }

  /** `"partner_id.country_id"` on a model: a ref to its first field, with the whole path. */
  private fieldPath(node: PyNode, model: string, ctx: Context, verb: string, extra?: FactDetail): void {
    const path = stringValue(node, this.w.text);
    if (!path || !/^[A-Za-z_][\w.]*$/.test(path)) return;
    const first = path.split(".")[0]!;
    this.ref(`field:${model}.${first}`, node, ctx, verb, path === first ? extra : { path, ...extra });
  }

  private xmlids(node: PyNode, ctx: Context): void {
    const list = stringValue(node, this.w.text);
    if (!list) return;
    for (const part of list.split(",")) {
      const id = part.trim().replace(/^!/, "");
      if (/^[\w.]+$/.test(id)) this.ref(`xmlid:${id}`, node, ctx, "group");
    }
  }
}
