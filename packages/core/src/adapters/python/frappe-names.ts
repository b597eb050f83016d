import type { FactDetail } from "../../facts.js";
import { field, stringValue } from "./literals.js";
import type { PyNode } from "./parser.js";
import type { Context, PyFactWalker } from "./py-facts.js";

/**
 * The `ref` facts for the strings Frappe reads as names of DocTypes and fields: the DocType
 * argument of `frappe.get_doc`, `frappe.get_all`, `frappe.db.get_value`…, the `fields`, `pluck`
 * and `filters` of list queries. A field written as SQL (`"sum(grand_total) as total"`) is
 * `sql:<DocType>`, the text in `value`, as in client code.
 */
interface NameSlots {
  /** A list query: positional fields and filters are told apart by shape. */
  list?: true;
  /** Position of the DocType argument (-1: none). */
  doctype: number;
  /** Position of the field argument(s) and their keyword names. */
  field?: number;
  fieldKeywords?: readonly string[];
  /** Position of the filters and their keyword names. */
  filters?: number;
  filterKeywords?: readonly string[];
}

/** get_all/get_list take fields and filters positionally in either order: told apart by their shape. */
const LIST: NameSlots & { list: true } = {
  doctype: 0,
  list: true,
  fieldKeywords: ["fields", "pluck", "group_by"],
  filterKeywords: ["filters", "or_filters"],
};
const CALLS: Readonly<Record<string, NameSlots>> = {
  "frappe.get_doc": { doctype: 0 },
  "frappe.get_cached_doc": { doctype: 0 },
  "frappe.get_last_doc": { doctype: 0, filterKeywords: ["filters"] },
  "frappe.new_doc": { doctype: 0 },
  "frappe.delete_doc": { doctype: 0 },
  "frappe.get_meta": { doctype: 0 },
  "frappe.get_all": { ...LIST },
  "frappe.get_list": { ...LIST },
  "frappe.db.get_all": { ...LIST },
  "frappe.db.get_list": { ...LIST },
  "frappe.db.get_value": { doctype: 0, filters: 1, field: 2, fieldKeywords: ["fieldname"], filterKeywords: ["filters"] },
  "frappe.db.get_values": { doctype: 0, filters: 1, field: 2, fieldKeywords: ["fieldname"], filterKeywords: ["filters"] },
  "frappe.db.get_cached_value": { doctype: 0, field: 2, fieldKeywords: ["fieldname"] },
  "frappe.db.set_value": { doctype: 0, field: 2, fieldKeywords: ["fieldname"] },
  "frappe.db.get_single_value": { doctype: 0, field: 1, fieldKeywords: ["fieldname"] },
  "frappe.db.set_single_value": { doctype: 0, field: 1, fieldKeywords: ["fieldname"] },
  "frappe.db.exists": { doctype: 0 },
  "frappe.db.count": { doctype: 0, filters: 1, filterKeywords: ["filters"] },
  "frappe.db.delete": { doctype: 0, filters: 1, filterKeywords: ["filters"] },
  "frappe.qb.DocType": { doctype: 0 },
  "frappe.qb.get_query": { doctype: 0, fieldKeywords: ["fields"], filterKeywords: ["filters"] },
};

const PLAIN_FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function frappeCallRefs(
  w: PyFactWalker,
  callee: string | undefined,
  positional: readonly PyNode[],
  keywords: ReadonlyArray<{ name: string; value: PyNode | undefined }>,
  ctx: Context,
): void {
  if (callee === undefined || !callee.startsWith("frappe.")) return;
  const slots = CALLS[callee];
  if (!slots) return;
  const emit = (key: string, node: PyNode, value: string): void => {
    const detail: FactDetail = { via: callee, value };
    w.emit("ref", key, node, ctx, detail);
  };
  const kw = (names: readonly string[] | undefined): PyNode[] =>
    keywords.filter((k) => names?.includes(k.name) && k.value).map((k) => k.value!);
  const first = positional[slots.doctype];
  // frappe.get_doc({"doctype": "ToDo", …}) names its DocType inside the dictionary.
  const docNode = first?.type === "dictionary" ? dictValue(first, "doctype", w.text) : first;
  const doctype = docNode ? stringValue(docNode, w.text) : undefined;
  if (!doctype || !docNode) return;
  emit(`doctype:${doctype}`, docNode, doctype);
  const name = (s: PyNode): void => {
    const v = stringValue(s, w.text);
    if (!v) return;
    if (PLAIN_FIELD.test(v)) emit(`field:${doctype}.${v}`, s, v);
    else if (v.includes("(")) emit(`sql:${doctype}`, s, v);
  };
  const positionalFields: PyNode[] = [];
  const positionalFilters: PyNode[] = [];
  if (slots.list) {
    for (const n of positional.slice(1, 3)) (isFilters(n) ? positionalFilters : positionalFields).push(n);
  } else {
    if (slots.field !== undefined && positional[slots.field]) positionalFields.push(positional[slots.field]!);
    if (slots.filters !== undefined && positional[slots.filters]) positionalFilters.push(positional[slots.filters]!);
  }
  const fieldNodes = [...positionalFields, ...kw(slots.fieldKeywords)];
  for (const n of fieldNodes) for (const s of strings(n)) name(s);
  const filterNodes = [...positionalFilters, ...kw(slots.filterKeywords)];
  for (const n of filterNodes) {
    if (n.type === "dictionary") {
      for (const pair of n.children)
        if (pair.type === "pair") {
          const key = field(pair, "key");
          if (key) name(key);
        }
    } else if (n.type === "list" || n.type === "tuple") {
      // [["status", "=", "Open"]] or [["Sales Order", "status", "=", "Open"]]
      for (const row of n.children) {
        if (row.type !== "list" && row.type !== "tuple") continue;
        const items = row.children.filter((c) => c.type !== "comment");
        const target = items.length >= 4 ? items[1] : items[0];
        if (target) name(target);
      }
    }
  }
}

/** A dictionary, or a list of lists, is a filter; a string or a list of strings names fields. */
function isFilters(node: PyNode): boolean {
  if (node.type === "dictionary") return true;
  if (node.type !== "list" && node.type !== "tuple") return false;
  const first = node.children.find((c) => c.type !== "comment");
  return first?.type === "list" || first?.type === "tuple";
}

/** The strings of a string, list or tuple node. */
function strings(node: PyNode): PyNode[] {
  if (node.type === "string" || node.type === "concatenated_string") return [node];
  if (node.type === "list" || node.type === "tuple")
    return node.children.filter((c) => c.type === "string" || c.type === "concatenated_string");
  return [];
}

function dictValue(dict: PyNode, key: string, text: string): PyNode | undefined {
  for (const pair of dict.children) {
    if (pair.type !== "pair") continue;
    const k = field(pair, "key");
    if (k && stringValue(k, text) === key) return field(pair, "value");
  }
  return undefined;
}

/** Where code asks which apps are installed: `"hrms" in frappe.get_installed_apps()`. */
const INSTALLED_APPS = new Set(["frappe.get_installed_apps", "frappe.get_all_apps"]);

/**
 * `"lending" in frappe.get_installed_apps()` (or `not in`) is code written for an app that may be
 * missing: a `ref app:lending` fact, so what moved to that app is known to be optional here.
 */
export function frappeAppCheck(w: PyFactWalker, node: PyNode, ctx: Context): void {
  const parts = node.children.filter((c) => c.type !== "comment");
  const [left, , right] = parts;
  const operator = parts[1];
  if (!left || !right || !operator || (operator.type !== "in" && operator.type !== "not in")) return;
  if (right.type !== "call" || !INSTALLED_APPS.has(w.pathOf(field(right, "function"), ctx) ?? "")) return;
  const app = stringValue(left, w.text);
  if (app) w.emit("ref", `app:${app}`, left, ctx, { value: app, via: "installed apps" });
}
