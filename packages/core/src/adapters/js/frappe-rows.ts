import type * as t from "@babel/types";
import { childDoctype, hasTables } from "../frappe/erpnext-tables.js";
import { isFunction, keyName, propertyName } from "./js-names.js";
import { resolve, type ResolveContext } from "./js-resolve.js";

/**
 * What Frappe hands a form script, as far as bindings establish it: the form of a DocType (a
 * `frappe.ui.form.on` handler's first parameter), a DocType's name (its second, `cdt`), a document
 * or row of a DocType (`locals[cdt][cdn]`, `frappe.get_doc(cdt, cdn)`, an element of a table), and
 * the rows of a document's table (`frm.doc.items`, whose rows' DocType ERPNext's schema names).
 * `via` says how the value was reached, for the facts' detail.
 */
export type FrappeValue =
  | { kind: "form"; doctype: string }
  | { kind: "doctype-name"; doctype: string }
  | { kind: "doc"; doctype: string; via: string }
  | { kind: "table"; doctype: string; via: string };

/** The form's own document (`frm.doc`): its fields are already read by the form's field refs. */
export const FORM_DOC = "frm.doc";

/**
 * Where a handler's parameters say which form is open: Frappe's global `cur_frm` inside a handler of
 * `frappe.ui.form.on("<Parent>")` is the form of that DocType. Not a parameter index: the map of a
 * handler's values keeps it under this key, and the handler's scope under {@link CURRENT_FORM}.
 */
export const CURRENT_FORM_INDEX = -1;
/** The name the open form is kept under in a handler's scope; no JavaScript name can be spelt so. */
export const CURRENT_FORM = "#cur_frm";

const DOC_GETTERS = new Set(["frappe.get_doc", "frappe.model.get_doc"]);
/** Array methods whose callback gets one row as its first parameter; `reduce` gets it second. */
const ROW_CALLBACKS: Readonly<Record<string, number>> = {
  forEach: 0,
  map: 0,
  filter: 0,
  find: 0,
  findIndex: 0,
  findLast: 0,
  some: 0,
  every: 0,
  flatMap: 0,
  reduce: 1,
};
const EACH = new Set(["$.each", "jQuery.each"]);
/** Array methods that give some of the same rows (`find`: one of them). */
const ROWS_OF_ROWS = new Set(["filter", "slice", "reverse", "sort", "toSorted", "toReversed", "find", "findLast"]);

/** What the expression is, when it is one of Frappe's values; the names' bindings carry theirs. */
export function frappeValueOf(node: t.Node | null | undefined, ctx: ResolveContext, depth = 0): FrappeValue | undefined {
  if (!node || depth > 16) return undefined;
  switch (node.type) {
    case "Identifier": {
      const own = ctx.scope.lookup(node.name);
      // `cur_frm` is Frappe's global only when the script declares no name of its own so spelt.
      if (node.name === "cur_frm" && !own) return ctx.scope.lookup(CURRENT_FORM)?.frappe;
      return own?.frappe;
    }
    case "ParenthesizedExpression":
    case "TSAsExpression":
    case "TSNonNullExpression":
    case "TSSatisfiesExpression":
      return frappeValueOf(node.expression, ctx, depth + 1);
    case "LogicalExpression":
      // `frm.doc.items || []`: the rows, or nothing.
      return node.operator === "&&" ? undefined : frappeValueOf(node.left, ctx, depth + 1);
    case "MemberExpression":
    case "OptionalMemberExpression":
      return memberValue(node, ctx, depth);
    case "CallExpression":
    case "OptionalCallExpression":
      return callValue(node, ctx, depth);
    default:
      return undefined;
  }
}

function memberValue(node: t.MemberExpression | t.OptionalMemberExpression, ctx: ResolveContext, depth: number): FrappeValue | undefined {
  if (node.computed && !isStringLiteral(node.property)) {
    // `locals[cdt][cdn]`, `locals["Sales Invoice Item"][name]`: Frappe's store of loaded documents.
    const store = node.object;
    if ((store.type === "MemberExpression" || store.type === "OptionalMemberExpression") && store.object.type === "Identifier") {
      if (store.object.name === "locals" && !ctx.scope.lookup("locals")) {
        const doctype = doctypeNameOf(store.computed ? store.property : undefined, ctx, depth);
        return doctype === undefined ? undefined : { kind: "doc", doctype, via: "locals" };
      }
    }
    // `frm.doc.items[i]`: one of the table's rows.
    const rows = frappeValueOf(node.object, ctx, depth + 1);
    return rows?.kind === "table" ? { kind: "doc", doctype: rows.doctype, via: rows.via } : undefined;
  }
  const prop = propertyName(node);
  if (prop === undefined) return undefined;
  const base = frappeValueOf(node.object, ctx, depth + 1);
  if (base?.kind === "form" && prop === "doc") return { kind: "doc", doctype: base.doctype, via: FORM_DOC };
  if (base?.kind === "doc") {
    // `frappe.model.set_value(row.doctype, row.name, …)`: a document knows its DocType.
    if (prop === "doctype") return { kind: "doctype-name", doctype: base.doctype };
    const child = childDoctype(base.doctype, prop);
    if (child !== undefined) return { kind: "table", doctype: child, via: `${base.doctype}.${prop}` };
  }
  return undefined;
}

function callValue(node: t.CallExpression | t.OptionalCallExpression, ctx: ResolveContext, depth: number): FrappeValue | undefined {
  const callee = node.callee;
  if (callee.type === "MemberExpression" || callee.type === "OptionalMemberExpression") {
    const method = propertyName(callee);
    if (method === "add_child") {
      // `frm.add_child("items")`: a new row of the form's table.
      const form = frappeValueOf(callee.object, ctx, depth + 1);
      const table = node.arguments[0];
      if (form?.kind === "form" && table?.type === "StringLiteral") {
        const child = childDoctype(form.doctype, table.value);
        if (child !== undefined) return { kind: "doc", doctype: child, via: `${form.doctype}.${table.value}` };
      }
    }
    if (method !== undefined && ROWS_OF_ROWS.has(method)) {
      const rows = frappeValueOf(callee.object, ctx, depth + 1);
      if (rows?.kind !== "table") return undefined;
      return method === "find" || method === "findLast" ? { kind: "doc", doctype: rows.doctype, via: rows.via } : rows;
    }
  }
  const key = resolve(callee, ctx).key;
  if (key === "frappe.model.add_child") {
    // `frappe.model.add_child(doc, "Sales Taxes and Charges", "taxes")`: a new row of the DocType named.
    const doctype = node.arguments.length === 3 ? doctypeNameOf(node.arguments[1], ctx, depth) : undefined;
    return doctype === undefined ? undefined : { kind: "doc", doctype, via: key };
  }
  if (key === undefined || !DOC_GETTERS.has(key) || node.arguments.length !== 2) return undefined;
  const doctype = doctypeNameOf(node.arguments[0], ctx, depth);
  return doctype === undefined ? undefined : { kind: "doc", doctype, via: key };
}

/** A DocType's name: a string, a handler's `cdt`, a document's `doctype`. */
export function doctypeNameOf(node: t.Node | null | undefined, ctx: ResolveContext, depth = 0): string | undefined {
  if (!node) return undefined;
  if (node.type === "StringLiteral") return node.value === "" ? undefined : node.value;
  if (node.type === "TemplateLiteral" && node.expressions.length === 0) return node.quasis[0]?.value.cooked || undefined;
  const v = frappeValueOf(node, ctx, depth + 1);
  return v?.kind === "doctype-name" ? v.doctype : undefined;
}

/**
 * The parameters a call gives Frappe's values to, per function argument: a form handler's
 * `(frm, cdt, cdn)`, a row to the callback of a table's `forEach`/`map`/… or `$.each`.
 */
export function frappeParameters(
  calleePath: string | undefined,
  callee: t.Node,
  args: readonly t.Node[],
  ctx: ResolveContext,
): Map<t.Node, Map<number, FrappeValue>> | undefined {
  const out = new Map<t.Node, Map<number, FrappeValue>>();
  if (calleePath === "frappe.ui.form.on") {
    const doctype = doctypeNameOf(args[0], ctx);
    if (doctype === undefined || !isStringLiteral(args[0])) return undefined;
    const params = new Map<number, FrappeValue>([
      [0, { kind: "form", doctype }],
      [1, { kind: "doctype-name", doctype }],
    ]);
    // A parent DocType's handlers run in its form; a child table's DocType has no form of its own.
    if (hasTables(doctype)) params.set(CURRENT_FORM_INDEX, { kind: "form", doctype });
    const handlers = args[1];
    if (handlers?.type === "ObjectExpression") {
      for (const p of handlers.properties) {
        if (p.type === "ObjectMethod") out.set(p, params);
        else if (p.type === "ObjectProperty" && isFunction(p.value)) out.set(p.value, params);
      }
    } else if (isStringLiteral(handlers) && isFunction(args[2])) {
      // The older form `frappe.ui.form.on("Sales Invoice Item", "qty", function (frm, cdt, cdn) { … })`.
      out.set(args[2], params);
    }
    return out.size > 0 ? out : undefined;
  }
  if (calleePath !== undefined && EACH.has(calleePath)) {
    const rows = frappeValueOf(args[0], ctx);
    if (rows?.kind === "table" && isFunction(args[1])) out.set(args[1], new Map([[1, rowOf(rows)]]));
    return out.size > 0 ? out : undefined;
  }
  if (callee.type !== "MemberExpression" && callee.type !== "OptionalMemberExpression") return undefined;
  const method = propertyName(callee);
  if (method === "set_query" && isFunction(args[2])) {
    // `frm.set_query("batch_no", "items", (doc, cdt, cdn) => …)`: the query of a table's field gets the row.
    const form = frappeValueOf(callee.object, ctx);
    const table = args[1]?.type === "StringLiteral" ? args[1].value : undefined;
    const child = form?.kind === "form" && table !== undefined ? childDoctype(form.doctype, table) : undefined;
    if (form?.kind !== "form" || child === undefined) return undefined;
    out.set(
      args[2],
      new Map<number, FrappeValue>([
        [0, { kind: "doc", doctype: form.doctype, via: FORM_DOC }],
        [1, { kind: "doctype-name", doctype: child }],
      ]),
    );
    return out;
  }
  const index = method === undefined || callee.computed ? undefined : ROW_CALLBACKS[method];
  if (index === undefined || !isFunction(args[0])) return undefined;
  const rows = frappeValueOf(callee.object, ctx);
  if (rows?.kind !== "table") return undefined;
  out.set(args[0], new Map([[index, rowOf(rows)]]));
  return out;
}

/** One row of a table. */
export function rowOf(rows: FrappeValue & { kind: "table" }): FrappeValue {
  return { kind: "doc", doctype: rows.doctype, via: rows.via };
}

/** `const { serial_no, batch_no: b } = row`: each key read from the row, with its node. */
export function destructuredFields(pattern: t.Node): Array<{ field: string; node: t.Node }> {
  const target = pattern.type === "AssignmentPattern" ? pattern.left : pattern;
  if (target.type !== "ObjectPattern") return [];
  const out: Array<{ field: string; node: t.Node }> = [];
  for (const p of target.properties) {
    if (p.type === "RestElement" || p.computed) continue;
    const field = keyName(p.key);
    if (field !== undefined) out.push({ field, node: p.key });
  }
  return out;
}

function isStringLiteral(node: t.Node | undefined): boolean {
  return node?.type === "StringLiteral" || (node?.type === "TemplateLiteral" && node.expressions.length === 0);
}
