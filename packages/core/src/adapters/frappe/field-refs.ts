import type { Fact, Span } from "../../facts.js";
import { childDoctype } from "./erpnext-tables.js";

/** Form methods whose first argument is a field of the form's DocType. */
const FIELD_METHODS = new Set([
  "set_value",
  "set_df_property",
  "toggle_display",
  "toggle_reqd",
  "toggle_enable",
  "refresh_field",
  "get_field",
  "set_query",
  "add_fetch",
]);
/** What a form is called in client code: the handler's `frm`, the global `cur_frm`, a class's `this.frm`. */
const FORM = /^(~frm|cur_frm|this\.frm)$/;
const DOC_FIELD = /^(~[A-Za-z_$][\w$]*|cur_frm|this\.frm)\.doc\.([A-Za-z_]\w*)$/;
const FIELDS_DICT = /^(~frm|cur_frm|this\.frm)\.fields_dict\.([A-Za-z_]\w*)$/;
const JINJA_DOC_FIELD = /^doc\.([A-Za-z_]\w*)$/;
const WORD = /^[A-Za-z_]\w*$/;

/**
 * Fields of a known DocType that code reads or sets, as `ref field:<DocType>.<field>` facts at
 * the same place: `frm.doc.customer`, `frm.set_value("customer", …)` in client code, `doc.customer`
 * in a Print Format's Jinja.
 */
export function fieldRefsOfCode(facts: readonly Fact[], doctype: string, ext: string): Fact[] {
  const out: Fact[] = [];
  // `doc.get_formatted(…)` is a method of the document, not one of its fields.
  const called = new Set(facts.filter((f) => f.kind === "call").map((f) => `${f.key}@${f.span.line}:${f.span.column}`));
  for (const f of facts) {
    if (called.has(`${f.key}@${f.span.line}:${f.span.column}`)) continue;
    const field = ext === "html" ? jinjaField(f) : ext === "js" ? clientField(f) : undefined;
    if (field) out.push(fieldRef(doctype, field, f.span, f.key));
  }
  return out;
}

/**
 * The same for client code of an app, where the DocType is the first argument of the
 * `frappe.ui.form.on("Sales Order", {…})` that the handlers sit in.
 */
export function formFieldRefs(facts: readonly Fact[]): Fact[] {
  const forms = facts.filter((f) => f.kind === "call" && f.key === "frappe.ui.form.on" && typeof f.detail?.args?.[0]?.value === "string");
  if (forms.length === 0) return [];
  const out: Fact[] = [];
  for (const f of facts) {
    if (!f.detail?.within?.some((w) => w === "frappe.ui.form.on#1")) continue;
    const field = clientField(f);
    if (!field) continue;
    const form = innermost(forms, f.span);
    const doctype = form?.detail?.args?.[0]?.value;
    if (typeof doctype !== "string") continue;
    // `frm.set_query("batch_no", "items", …)` names a field of the table's rows, not of the form.
    const table = tableArgument(f);
    const owner = table === undefined ? doctype : childDoctype(doctype, table);
    if (owner !== undefined) out.push(fieldRef(owner, field, f.span, f.key));
  }
  return out;
}

function tableArgument(f: Fact): string | undefined {
  if (f.kind !== "call" || !f.key.endsWith(".set_query")) return undefined;
  const second = f.detail?.args?.[1];
  return second?.type === "string" && typeof second.value === "string" ? second.value : undefined;
}

function clientField(f: Fact): string | undefined {
  if (f.kind === "member") return DOC_FIELD.exec(f.key)?.[2] ?? FIELDS_DICT.exec(f.key)?.[2];
  if (f.kind !== "call") return undefined;
  const dot = f.key.lastIndexOf(".");
  if (dot < 0 || !FIELD_METHODS.has(f.key.slice(dot + 1)) || !FORM.test(f.key.slice(0, dot))) return undefined;
  const first = f.detail?.args?.[0];
  return first?.type === "string" && typeof first.value === "string" && WORD.test(first.value) ? first.value : undefined;
}

function jinjaField(f: Fact): string | undefined {
  return f.kind === "member" ? JINJA_DOC_FIELD.exec(f.key)?.[1] : undefined;
}

function fieldRef(doctype: string, field: string, span: Span, via: string): Fact {
  return { kind: "ref", key: `field:${doctype}.${field}`, span, detail: { value: field, via } };
}

function innermost(forms: readonly Fact[], span: Span): Fact | undefined {
  let best: Fact | undefined;
  for (const form of forms) {
    if (!contains(form.span, span)) continue;
    if (!best || contains(best.span, form.span)) best = form;
  }
  return best;
}

function contains(outer: Span, inner: Span): boolean {
  const before = (l1: number, c1: number, l2: number, c2: number): boolean => l1 < l2 || (l1 === l2 && c1 <= c2);
  return (
    before(outer.line, outer.column, inner.line, inner.column) && before(inner.endLine, inner.endColumn, outer.endLine, outer.endColumn)
  );
}
