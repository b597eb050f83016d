import type * as t from "@babel/types";
import type { FactDetail } from "../../facts.js";
import {
  CURRENT_FORM,
  CURRENT_FORM_INDEX,
  destructuredFields,
  doctypeNameOf,
  FORM_DOC,
  frappeParameters,
  frappeValueOf,
  rowOf,
  type FrappeValue,
} from "./frappe-rows.js";
import { propertyName } from "./js-names.js";
import type { ResolveContext } from "./js-resolve.js";
import type { Binding } from "./scope.js";

type EmitRef<C> = (key: string, node: t.Node, ctx: C, detail: FactDetail) => void;

/** What Frappe's values the script's own functions are given, by the function's id (`@<offset>`), per parameter. */
export type HelperValues = ReadonlyMap<string, ReadonlyMap<number, FrappeValue>>;

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
  /**
   * What each call of one of the script's own functions passes, per argument, by the name's
   * binding (whose function a `const` declares only after the calls may be read) or, for a method
   * of the script's own object, its name (`name:ns.helper`): `undefined` where the argument is none
   * of Frappe's values or calls pass different ones.
   */
  readonly #given = new Map<Binding | string, Array<FrappeValue | undefined>>();
  /** Names read as values too (a callback, a handler, stored away): their functions are called from where nothing says. */
  readonly #escaped = new Set<Binding>();

  constructor(
    private readonly emitRef: EmitRef<C>,
    private readonly helpers: HelperValues = new Map(),
  ) {}

  /** What the function's parameters are given, once: the function is walked next. */
  handedTo(fn: t.Node): ReadonlyMap<number, FrappeValue> | undefined {
    const values = this.#params.get(fn);
    if (values) this.#params.delete(fn);
    return values ?? this.helpers.get(`@${fn.start}`);
  }

  /** A handler's parameters bound; inside a parent DocType's handler `cur_frm` is its form. */
  bindParameters(fn: t.Function, values: ReadonlyMap<number, FrappeValue>, ctx: C): void {
    values.forEach((value, i) => {
      if (i === CURRENT_FORM_INDEX) ctx.scope.declare(CURRENT_FORM).frappe = value;
      else this.bind(fn.params[i], value, ctx);
    });
  }

  /** A call through a name (`target`: its binding) or a method of the script's object (`name:<qualified name>`). */
  calledHelper(target: Binding | string, args: readonly t.Node[], ctx: C): void {
    const values = args.map((a) => (a.type === "SpreadElement" ? undefined : frappeValueOf(a, ctx)));
    const before = this.#given.get(target);
    if (!before) {
      this.#given.set(target, values);
      return;
    }
    // Context-insensitive: a parameter is bound only when every call passes the same value.
    for (let i = 0; i < Math.max(before.length, values.length); i++) {
      if (!sameValue(before[i], values[i])) before[i] = undefined;
    }
  }

  /** A name read other than to call it: its function, if it is one, may be called from anywhere. */
  escaped(name: Binding): void {
    this.#escaped.add(name);
  }

  /** What the script's own functions are given by all of their calls, for a walk to come. */
  helperValues(functions: Readonly<Record<string, { name?: string }>>): HelperValues {
    const byName = new Map<string, string | null>();
    for (const [id, f] of Object.entries(functions)) {
      if (f.name !== undefined) byName.set(f.name, byName.has(f.name) ? null : id);
    }
    const byId = new Map<string, Array<FrappeValue | undefined>>();
    for (const [target, values] of this.#given) {
      if (typeof target !== "string" && this.#escaped.has(target)) continue;
      const id = typeof target === "string" ? byName.get(target.slice(5)) : target.fn;
      if (!id) continue;
      const before = byId.get(id);
      if (!before) byId.set(id, [...values]);
      else for (let i = 0; i < Math.max(before.length, values.length); i++) if (!sameValue(before[i], values[i])) before[i] = undefined;
    }
    const out = new Map<string, Map<number, FrappeValue>>();
    for (const id of [...byId.keys()].sort()) {
      const params = new Map<number, FrappeValue>();
      byId.get(id)!.forEach((v, i) => {
        if (v) params.set(i, v);
      });
      if (params.size > 0) out.set(id, params);
    }
    return out;
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

function sameValue(a: FrappeValue | undefined, b: FrappeValue | undefined): boolean {
  return a !== undefined && b !== undefined && a.kind === b.kind && a.doctype === b.doctype;
}

/** Two walks' helper values are the same: nothing more to follow. */
export function sameHelperValues(a: HelperValues, b: HelperValues): boolean {
  const text = (m: HelperValues): string => JSON.stringify([...m].map(([id, v]) => [id, [...v]]));
  return text(a) === text(b);
}
