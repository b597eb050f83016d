import type * as t from "@babel/types";
import type { FactDetail } from "../../facts.js";
import { keyName } from "./js-names.js";

export type EmitRef = (key: string, node: t.Node, detail: FactDetail) => void;

/**
 * Frappe's client API names DocTypes and fields in string arguments: those strings are names the
 * ERP reads, so they become `ref` facts (`doctype:Sales Order`, `field:Sales Order.customer`).
 * A field written as SQL (`"sum(grand_total) as total"`) is `sql:<DocType>`, its text the value.
 * Where each name sits, by callee: the DocType's argument, the field argument (a string or a list),
 * an options object holding `fields` and `filters`, and filters given on their own.
 */
interface NameSlots {
  doctype: number;
  field?: number;
  options?: number;
  filters?: number;
}

const CALLS: Readonly<Record<string, NameSlots>> = {
  "frappe.ui.form.on": { doctype: 0 },
  "frappe.db.get_value": { doctype: 0, filters: 1, field: 2 },
  "frappe.db.get_list": { doctype: 0, options: 1 },
  "frappe.db.get_doc": { doctype: 0 },
  "frappe.db.exists": { doctype: 0 },
  "frappe.db.count": { doctype: 0, filters: 1 },
  "frappe.db.set_value": { doctype: 0, field: 2 },
  "frappe.db.delete_doc": { doctype: 0 },
  "frappe.db.get_single_value": { doctype: 0, field: 1 },
  "frappe.model.with_doctype": { doctype: 0 },
  "frappe.model.get_new_doc": { doctype: 0 },
  "frappe.model.get_value": { doctype: 0, filters: 1, field: 2 },
  "frappe.model.get_doc": { doctype: 0 },
  "frappe.new_doc": { doctype: 0 },
  "frappe.get_doc": { doctype: 0 },
  "frappe.get_list": { doctype: 0 },
  "frappe.get_meta": { doctype: 0 },
  "frappe.meta.get_docfield": { doctype: 0, field: 1 },
  "frappe.meta.has_field": { doctype: 0, field: 1 },
  "frappe.ui.form.make_quick_entry": { doctype: 0 },
};

/** Server methods called through frappe.call / frappe.xcall whose arguments name a DocType. */
const CLIENT_METHODS = new Set([
  "frappe.client.get_list",
  "frappe.client.get_value",
  "frappe.client.get_count",
  "frappe.client.get",
  "frappe.client.set_value",
  "frappe.client.delete",
  "frappe.client.get_single_value",
  "frappe.desk.reportview.get",
  "frappe.desk.reportview.get_list",
]);

const ROUTE_KINDS = new Set(["Form", "List", "Tree", "Report", "Kanban", "Calendar", "Gantt", "Dashboard", "Image", "Inbox", "Map"]);
const PLAIN_FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function frappeRefs(callee: string | undefined, args: readonly t.Node[], emit: EmitRef): void {
  if (callee === undefined || !callee.startsWith("frappe.")) return;
  const via = { via: callee };
  if (callee === "frappe.set_route") return routeRefs(args, emit, via);
  if (callee === "frappe.call" || callee === "frappe.xcall") return clientMethodRefs(callee, args, emit);
  const slots = CALLS[callee];
  if (!slots) return;
  const doctype = stringOf(args[slots.doctype]);
  if (doctype === undefined) return;
  emit(`doctype:${doctype.value}`, doctype.node, { ...via, value: doctype.value });
  if (slots.field !== undefined) fieldRefs(doctype.value, args[slots.field], emit, via);
  if (slots.filters !== undefined) filterRefs(doctype.value, args[slots.filters], emit, via);
  if (slots.options !== undefined) optionRefs(doctype.value, args[slots.options], emit, via);
}

function routeRefs(args: readonly t.Node[], emit: EmitRef, via: FactDetail): void {
  const first = args[0];
  const parts = first?.type === "ArrayExpression" ? first.elements : args;
  const kind = stringOf(parts[0] ?? undefined);
  const doctype = stringOf(parts[1] ?? undefined);
  if (kind && doctype && ROUTE_KINDS.has(kind.value)) emit(`doctype:${doctype.value}`, doctype.node, { ...via, value: doctype.value });
}

function clientMethodRefs(callee: string, args: readonly t.Node[], emit: EmitRef): void {
  const first = args[0];
  let method: string | undefined;
  let params: t.Node | undefined;
  if (first?.type === "ObjectExpression") {
    method = stringOf(property(first, "method"))?.value;
    params = property(first, "args");
  } else {
    method = stringOf(first)?.value;
    params = args[1];
  }
  if (!method || !CLIENT_METHODS.has(method) || params?.type !== "ObjectExpression") return;
  const via = { via: `${callee} ${method}` };
  const doctype = stringOf(property(params, "doctype"));
  if (!doctype) return;
  emit(`doctype:${doctype.value}`, doctype.node, { ...via, value: doctype.value });
  fieldRefs(doctype.value, property(params, "fieldname"), emit, via);
  optionRefs(doctype.value, params, emit, via);
}

function optionRefs(doctype: string, options: t.Node | undefined, emit: EmitRef, via: FactDetail): void {
  if (options?.type !== "ObjectExpression") return;
  fieldRefs(doctype, property(options, "fields"), emit, via);
  filterRefs(doctype, property(options, "filters"), emit, via);
  filterRefs(doctype, property(options, "or_filters"), emit, via);
}

function fieldRefs(doctype: string, node: t.Node | undefined, emit: EmitRef, via: FactDetail): void {
  const items = node?.type === "ArrayExpression" ? node.elements : [node];
  for (const item of items) {
    const s = stringOf(item ?? undefined);
    if (s) nameRef(doctype, s, emit, via);
  }
}

function filterRefs(doctype: string, node: t.Node | undefined, emit: EmitRef, via: FactDetail): void {
  if (node?.type === "ObjectExpression") {
    for (const p of node.properties) {
      if (p.type !== "ObjectProperty" || p.computed) continue;
      const key = keyName(p.key);
      if (key !== undefined) nameRef(doctype, { value: key, node: p.key }, emit, via);
    }
  } else if (node?.type === "ArrayExpression") {
    for (const row of node.elements) {
      if (row?.type !== "ArrayExpression") continue;
      // [field, op, value] or [doctype, field, op, value]
      const strings = row.elements.map((e) => stringOf(e ?? undefined));
      const own = row.elements.length >= 4 ? strings[0]?.value : doctype;
      const field = row.elements.length >= 4 ? strings[1] : strings[0];
      if (own && field) nameRef(own, field, emit, via);
    }
  }
}

function nameRef(doctype: string, s: { value: string; node: t.Node }, emit: EmitRef, via: FactDetail): void {
  if (PLAIN_FIELD.test(s.value)) emit(`field:${doctype}.${s.value}`, s.node, { ...via, value: s.value });
  else if (s.value.includes("(")) emit(`sql:${doctype}`, s.node, { ...via, value: s.value });
}

function property(object: t.ObjectExpression, name: string): t.Node | undefined {
  for (const p of object.properties) {
    if (p.type === "ObjectProperty" && !p.computed && keyName(p.key) === name) return p.value;
  }
  return undefined;
}

function stringOf(node: t.Node | undefined | null): { value: string; node: t.Node } | undefined {
  if (node?.type === "StringLiteral" && node.value !== "") return { value: node.value, node };
  if (node?.type === "TemplateLiteral" && node.expressions.length === 0) {
    const value = node.quasis.map((q) => q.value.cooked ?? q.value.raw).join("");
    return value === "" ? undefined : { value, node };
  }
  return undefined;
}
