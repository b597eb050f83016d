import type * as t from "@babel/types";
import type { FactDetail } from "../../facts.js";
import { destructuredFields, doctypeNameOf, FORM_DOC, frappeParameters, frappeValueOf, rowOf, type FrappeValue } from "./frappe-rows.js";
import { propertyName } from "./js-names.js";
import type { ResolveContext } from "./js-resolve.js";

type EmitRef<C> = (key: string, node: t.Node, ctx: C, detail: FactDetail) => void;

/** How Frappe names fields; anything else read from a row is not one of its fields. */
const FIELD_NAME = /^[A-Za-z_]\w*$/;

/**
 * The walk's part in following Frappe's documents: names bound to a row, the parameters Frappe
 * hands its values to, and the `ref field:<DocType>.<field>` facts of what code reads and sets on
 * a row of a known DocType.
 */
export class FrappeRowFacts<C extends ResolveContext> {
  /** Parameters of functions about to be walked that Frappe hands its values to. */
  readonly #params = new Map<t.Node, Map<number, FrappeValue>>();

  constructor(private readonly emitRef: EmitRef<C>) {}

  /** What the function's parameters are given, once: the function is walked next. */
  handedTo(fn: t.Node): Map<number, FrappeValue> | undefined {
    const values = this.#params.get(fn);
    if (values) this.#params.delete(fn);
    return values;
  }

  /** `row.serial_no` where `row` is a document or row of a known DocType: a field of that DocType. */
  member(node: t.MemberExpression | t.OptionalMemberExpression, ctx: C): void {
    if (node.computed) return;
    const field = propertyName(node);
    const doc = field === undefined || !FIELD_NAME.test(field) ? undefined : frappeValueOf(node.object, ctx);
    if (doc?.kind !== "doc" || field === undefined) return;
    // `frm.doc.customer` itself is read by the form's field refs; an alias of `frm.doc` is not.
    if (doc.via === FORM_DOC && node.object.type !== "Identifier") return;
    this.emitRef(`field:${doc.doctype}.${field}`, node, ctx, { value: field, via: doc.via });
  }

  /** A name bound to one of Frappe's values (or to something else again); a pattern reading a document's fields reads them. */
  bind(target: t.Node | null | undefined, value: FrappeValue | undefined, ctx: C): void {
    if (!target) return;
    const id = target.type === "AssignmentPattern" ? target.left : target;
    if (id.type === "Identifier") {
      const b = ctx.scope.lookup(id.name);
      if (!b) return;
      if (value) b.frappe = value;
      else delete b.frappe;
    } else if (value?.kind === "doc") {
      for (const { field, node } of destructuredFields(id)) {
        if (FIELD_NAME.test(field)) this.emitRef(`field:${value.doctype}.${field}`, node, ctx, { value: field, via: value.via });
      }
    }
  }

  /** `for (const row of frm.doc.items)`: the loop's name is one row. */
  forOf(node: t.ForOfStatement, ctx: C): void {
    const rows = frappeValueOf(node.right, ctx);
    if (rows?.kind !== "table") return;
    if (node.left.type === "VariableDeclaration") {
      if (node.left.declarations.length === 1) this.bind(node.left.declarations[0]?.id, rowOf(rows), ctx);
    } else this.bind(node.left, rowOf(rows), ctx);
  }

  /** The parameters a call hands Frappe's values to; `frappe.model.set_value(cdt, cdn, "f", …)` sets a field of the row's DocType. */
  call(calleePath: string | undefined, callee: t.Node, args: readonly t.Node[], ctx: C): void {
    const params = frappeParameters(calleePath, callee, args, ctx);
    if (params) for (const [fn, values] of params) this.#params.set(fn, values);
    if (calleePath !== "frappe.model.set_value") return;
    const doctype = doctypeNameOf(args[0], ctx);
    const field = args[2];
    if (doctype === undefined || field?.type !== "StringLiteral" || !FIELD_NAME.test(field.value)) return;
    this.emitRef(`field:${doctype}.${field.value}`, field, ctx, { value: field.value, via: calleePath });
  }
}
