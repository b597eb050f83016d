import { ODOO_RELATIONS, type ExtractedFile, type Fact, type SourceFile, type XmlStep } from "@uplift/core";
import { RefSink } from "./ref-sink.js";

/** A record's fields that name a model in their text. */
const MODEL_FIELDS = new Set(["model", "res_model", "binding_model", "src_model", "model_name"]);
const MODEL_NAME = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;
/** Elements that open a view of another model inside a field (one2many, many2many sub-views). */
const SUB_VIEWS = /\/(tree|list|form|kanban|graph|pivot|calendar|search|activity)\b/;

interface RecordInfo {
  /** The model a view is for (`<field name="model">`). */
  viewModel?: string;
  /** An act_window's res_model. */
  resModel?: string;
}

/**
 * The names an Odoo XML file points at, as `ref` facts: records and their fields
 * (`model:ir.cron`, `field:ir.cron.numbercall`), XML ids (`ref=`, `eval="ref(…)"`, `inherit_id`,
 * `groups=`, menus), templates (`t-call`, `t-inherit`) and the fields a view of a model names
 * (`<field name>`, xpath anchors, filter domains). A field of an x2many sub-view (the order lines'
 * list inside an order's form) belongs to the relation's comodel: known for Odoo's core relations
 * (the generated table of docs/odoo-relations.md), left out otherwise.
 */
export function odooXmlRefs(file: SourceFile, extracted: ExtractedFile, addon: string | undefined): Fact[] {
  const sink = new RefSink(extracted.lines);
  const owl = /(^|\/)static\//.test(file.path);
  const records = new Map<XmlStep, RecordInfo>();
  const recordOf = (f: Fact): XmlStep | undefined => {
    const a = f.detail?.ancestors ?? [];
    for (let i = a.length - 1; i >= 0; i--) if (a[i]!.name === "record") return a[i];
    return undefined;
  };
  const parentOf = (f: Fact): XmlStep | undefined => f.detail?.ancestors?.[f.detail.ancestors.length - 1];
  const qualify = (id: string): string => (id.includes(".") || !addon ? id : `${addon}.${id}`);
  const xmlid = (raw: string, start: number, f: Fact, use: string): void => {
    const id = raw.trim();
    if (!/^[\w.-]+$/.test(id)) return;
    const at = start + raw.indexOf(id);
    const full = qualify(id);
    sink.add(`xmlid:${full}`, at, at + id.length, f, { value: full, verb: use });
    const local = full.slice(full.lastIndexOf(".") + 1);
    if (local.startsWith("model_") && local.length > 6)
      sink.add(`irmodel:${local.slice(6)}`, at, at + id.length, f, { value: full, verb: use });
  };

  // First pass: what each record says of itself (its model, a view's model).
  for (const f of extracted.facts) {
    if (f.kind !== "element" || f.key !== "field") continue;
    const parent = parentOf(f);
    if (parent?.name !== "record") continue;
    const name = f.detail?.attributes?.name;
    const value = typeof f.detail?.value === "string" ? f.detail.value : undefined;
    if (!name || !value) continue;
    const info = records.get(parent) ?? {};
    if (name === "model" && parent.attributes.model === "ir.ui.view") info.viewModel = value;
    if (name === "res_model") info.resModel = value;
    records.set(parent, info);
  }

  for (const f of extracted.facts) {
    if (f.kind === "element") {
      elementRefs(f);
      continue;
    }
    if (f.kind !== "attribute") continue;
    const value = String(f.detail?.value ?? "");
    const start = Number(f.detail?.valueOffset ?? 0);
    const element = f.key.slice(0, f.key.lastIndexOf("@"));
    const attribute = f.key.slice(f.key.lastIndexOf("@") + 1);
    const record = recordOf(f);
    switch (attribute) {
      case "model":
        if ((element === "record" || element === "function" || element === "delete") && MODEL_NAME.test(value)) {
          sink.add(`model:${value}`, start, start + value.length, f, { value, verb: element });
        }
        break;
      case "ref":
        if (element === "field") xmlid(value, start, f, "ref");
        break;
      case "eval":
        for (const m of value.matchAll(/\bref\(\s*(['"])([\w.-]+)\1/g)) xmlid(m[2]!, start + m.index + m[0].indexOf(m[2]!), f, "eval");
        break;
      case "groups":
        for (const m of value.matchAll(/[^,\s!]+/g)) xmlid(m[0], start + m.index, f, "groups");
        break;
      case "parent":
      case "action":
        if (element === "menuitem") xmlid(value, start, f, attribute);
        break;
      case "inherit_id":
        if (element === "template") xmlid(value, start, f, "inherit");
        break;
      case "t-call":
      case "t-inherit":
        if (owl) {
          if (/^[\w.-]+$/.test(value)) sink.add(`template:${value}`, start, start + value.length, f, { value, verb: attribute });
        } else if (!value.includes("{")) xmlid(value, start, f, attribute);
        break;
      case "name":
        if (element === "field") fieldName(f, value, start, record);
        break;
      case "expr":
        if (element === "xpath") xpathField(f, value, start, record);
        break;
      case "domain":
      case "context":
        if (element === "filter") domainFields(f, value, start, viewModelOf(f, record));
        break;
      case "date":
        if (element === "filter" && /^\w+$/.test(value)) {
          const model = viewModelOf(f, record);
          if (model) sink.add(`field:${model}.${value}`, start, start + value.length, f, { value, verb: "view" });
        }
        break;
    }
  }
  return sink.facts;

  /** `<field name="model">res.partner</field>` and an act_window's domain. */
  function elementRefs(f: Fact): void {
    if (f.key !== "field") return;
    const parent = parentOf(f);
    const name = f.detail?.attributes?.name;
    const value = typeof f.detail?.value === "string" ? f.detail.value : undefined;
    if (parent?.name !== "record" || !name || !value) return;
    const at = textOffset(f, value);
    if (at === undefined) return;
    if (MODEL_FIELDS.has(name) && MODEL_NAME.test(value)) sink.add(`model:${value}`, at, at + value.length, f, { value, verb: name });
    if (name === "domain") domainFields(f, value, at, records.get(parent)?.resModel);
    // A word as a field's value may be one of its selection's keys (`<field name="target">inline</field>`).
    const model = parent.attributes.model;
    if (model && MODEL_NAME.test(model) && /^[\w-]{1,40}$/.test(value) && !f.detail?.attributes?.eval && !f.detail?.attributes?.ref) {
      sink.add(`selection:${model}.${name}=${value}`, at, at + value.length, f, { value, verb: "value" });
    }
  }

  /** Where an element's own text starts in the file (right after its start tag, blanks aside). */
  function textOffset(f: Fact, value: string): number | undefined {
    const lines = extracted.lines;
    let at = lines.offset(f.span.endLine, f.span.endColumn);
    while (at < file.text.length && /\s/.test(file.text[at]!)) at++;
    // Text with entities (&amp;) is not where the decoded value would be: no position for it.
    return file.text.startsWith(value, at) ? at : undefined;
  }

  /** The model of the view a fact stands in, if the record says it. */
  function viewModelOf(f: Fact, record: XmlStep | undefined): string | undefined {
    if (!record || record.attributes.model !== "ir.ui.view") return undefined;
    const a = f.detail?.ancestors ?? [];
    const inArch = a.some((s) => s.name === "field" && s.attributes.name === "arch");
    return inArch ? records.get(record)?.viewModel : undefined;
  }

  /** A field of a record (`<record model="ir.cron"><field name="numbercall">`) or of a view's model. */
  function fieldName(f: Fact, value: string, start: number, record: XmlStep | undefined): void {
    const parent = parentOf(f);
    if (parent?.name === "record") {
      const model = parent.attributes.model;
      if (model && MODEL_NAME.test(model) && /^\w+$/.test(value)) {
        sink.add(`field:${model}.${value}`, start, start + value.length, f, { value, verb: "record" });
      }
      return;
    }
    const viewModel = viewModelOf(f, record);
    const model = viewModel && inSubView(f) ? subViewModel(f, viewModel) : viewModel;
    if (!model || !/^\w+$/.test(value)) return;
    sink.add(`field:${model}.${value}`, start, start + value.length, f, { value, verb: "view" });
  }

  /**
   * The model of the sub-view a field stands in: each x2many field the path walks into (an
   * enclosing `<field>` that holds a view, an xpath's `field[@name=…]` followed by `/form`,
   * `/tree`, …) leads to its comodel, when the core relations table knows it.
   */
  function subViewModel(f: Fact, viewModel: string): string | undefined {
    const a = f.detail?.ancestors ?? [];
    const arch = a.findIndex((s) => s.name === "field" && s.attributes.name === "arch");
    let model: string | undefined = viewModel;
    for (const step of a.slice(arch + 1)) {
      if (step.name === "field" && (step.attributes.position === undefined || step.attributes.position === "inside")) {
        model = comodelOf(model, step.attributes.name);
      } else if (step.name === "xpath") {
        const fields = [...(step.attributes.expr ?? "").matchAll(/field\[@name=(['"])(\w+)\1\]/g)];
        fields.forEach((m, i) => {
          const after = (step.attributes.expr ?? "").slice(m.index + m[0].length, fields[i + 1]?.index);
          if (SUB_VIEWS.test(after)) model = comodelOf(model, m[2]);
        });
      }
      if (!model) return undefined;
    }
    return model;
  }

  /** Inside an x2many field's own list or form, or an xpath that walks into one. */
  function inSubView(f: Fact): boolean {
    const a = f.detail?.ancestors ?? [];
    const arch = a.findIndex((s) => s.name === "field" && s.attributes.name === "arch");
    for (const step of a.slice(arch + 1)) {
      if (step.name === "field" && (step.attributes.position === undefined || step.attributes.position === "inside")) return true;
      if (step.name === "xpath" && walksIntoSubView(step.attributes.expr ?? "")) return true;
    }
    return false;
  }

  /** `//field[@name='mobile']` names the view model's field; what follows a sub-view is another model's. */
  function xpathField(f: Fact, expr: string, start: number, record: XmlStep | undefined): void {
    const model = viewModelOf(f, record);
    if (!model || inSubView(f)) return;
    const m = /field\[@name=(['"])(\w+)\1\]/.exec(expr);
    if (!m) return;
    const at = start + m.index + m[0].indexOf(m[2]!, 6);
    sink.add(`field:${model}.${m[2]}`, at, at + m[2]!.length, f, { value: m[2]!, verb: "xpath" });
  }

  function walksIntoSubView(expr: string): boolean {
    const first = /field\[@name=(['"])\w+\1\]/.exec(expr);
    return first !== null && SUB_VIEWS.test(expr.slice(first.index));
  }

  /**
   * The first field of each `('field', op, value)` term of a domain, and `group_by` keys. A term
   * compared with string literals carries its operator and the literals (`values`, a one-item list
   * for a single one), as Python's domain leaves do; a value that is not all literals carries none.
   */
  function domainFields(f: Fact, text: string, start: number, model: string | undefined): void {
    if (!model) return;
    for (const m of text.matchAll(DOMAIN_LEAF)) {
      const at = start + m.index + m[0].indexOf(m[2]!);
      const values = leafLiterals(m[5], m[6] ?? m[7]);
      const compared = values ? { operator: m[4]!, values } : {};
      sink.add(`field:${model}.${m[2]}`, at, at + m[2]!.length, f, { value: m[2]!, verb: "domain", ...compared });
    }
    for (const m of text.matchAll(/(['"])group_by\1\s*:\s*(['"])(\w+)/g)) {
      const at = start + m.index + m[0].lastIndexOf(m[3]!);
      sink.add(`field:${model}.${m[3]}`, at, at + m[3]!.length, f, { value: m[3]!, verb: "group_by" });
    }
  }
}

/** `('field.path', 'op'` and, when it follows, the value: a quoted literal or a bracketed list. */
const DOMAIN_LEAF =
  /[([]\s*(['"])(\w+)(?:\.[\w.]+)?\1\s*,\s*(['"])([^'"]{1,12})\3(?:\s*,\s*(?:(?:'([^']{0,60})'|"([^"]{0,60})")\s*[)\]]|[[(]([^[\]()]{0,300})[\])]))?/g;

/** The string literals a domain term compares with; undefined when any part of the value is not one. */
function leafLiterals(single: string | undefined, list: string | undefined): string[] | undefined {
  if (single !== undefined) return [single];
  if (list === undefined) return undefined;
  const items = list
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const literals = items.map((s) => /^'([^']*)'$|^"([^"]*)"$/.exec(s)).map((m) => (m ? (m[1] ?? m[2]!) : undefined));
  return literals.length > 0 && literals.every((x) => x !== undefined) ? (literals as string[]) : undefined;
}

/** The comodel of a core relational field, from the generated table; unknown otherwise. */
function comodelOf(model: string | undefined, field: string | undefined): string | undefined {
  if (!model || !field) return undefined;
  return Object.hasOwn(ODOO_RELATIONS, model) && Object.hasOwn(ODOO_RELATIONS[model]!, field)
    ? ODOO_RELATIONS[model]![field]!.comodel
    : undefined;
}
