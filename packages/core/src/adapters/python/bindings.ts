import { field, literalOf } from "./literals.js";
import type { PyNode } from "./parser.js";
import type { Context, PyFactWalker } from "./py-facts.js";
import { boundNames, parameterNames, Scope } from "./scope.js";

// What names hold where Python binds them without an assignment: loop variables, comprehension
// variables, lambda parameters; and the literal a field read is compared with.

/** `for rec in self:` gives `rec` the model of what it iterates over. */
export function forFacts(w: PyFactWalker, node: PyNode, ctx: Context): void {
  const left = field(node, "left");
  const right = field(node, "right");
  if (right) w.visit(right, ctx);
  const model = right ? w.models.modelOf(right, ctx) : undefined;
  if (left?.type === "identifier" && ctx.scope.kind !== "class") {
    const binding = ctx.scope.names.get(w.nameOf(left));
    if (binding && !binding.receiver) ctx.scope.bind(w.nameOf(left), model ? { model } : {});
  }
  for (const c of node.children) if (c !== left && c !== right) w.visit(c, ctx);
}

/** A lambda given to `recs.filtered()`, `sorted()` or `mapped()` of a known model: its parameter holds records of it. */
export function lambdaFacts(w: PyFactWalker, node: PyNode, ctx: Context): void {
  const scope = new Scope(ctx.scope, "function");
  const params = parameterNames(field(node, "parameters"), w.text);
  const model = w.models.lambdaModels.get(node);
  params.forEach((p, i) => scope.bind(p, i === 0 && params.length === 1 && model ? { model } : {}));
  const body = field(node, "body");
  if (body) w.visit(body, { ...ctx, scope });
}

/** `[x.qty for x in picking.move_line_ids]`: a loop variable over a recordset holds its model, as in a for loop. */
export function comprehensionFacts(w: PyFactWalker, node: PyNode, ctx: Context): void {
  const scope = new Scope(ctx.scope, "function");
  for (const n of boundNames(node, w.text)) scope.bind(n);
  const inner = { ...ctx, scope };
  for (const clause of node.children) {
    if (clause.type !== "for_in_clause") continue;
    const left = field(clause, "left");
    const right = field(clause, "right");
    const model = right ? w.models.modelOf(right, inner) : undefined;
    if (left?.type === "identifier" && model) scope.bind(w.nameOf(left), { model });
  }
  w.block(node, inner);
}

/**
 * `rec.state == "done"`, `rec.state in ("sale", "done")`: the field read of a known model also
 * carries the literal it is compared with, as a domain leaf does.
 */
export function comparisonFacts(w: PyFactWalker, node: PyNode, ctx: Context): void {
  const operands = node.children.filter((c) => c.field !== "operators" && c.type !== "comment");
  const [left, right] = operands;
  if (operands.length === 2 && left!.type === "attribute") {
    const value = literalOf(right, w.text);
    const values =
      value === undefined && (right!.type === "tuple" || right!.type === "list" || right!.type === "set")
        ? right!.children.map((c) => literalOf(c, w.text)).filter((v) => v !== undefined)
        : [];
    if (value !== undefined || values.length > 0) {
      w.attribute(left!, ctx, "read", value !== undefined ? { value } : { values });
      w.visit(right!, ctx);
      return;
    }
  }
  w.block(node, ctx);
}
