import type { ArgumentShape, FactDetail, Span } from "../../facts.js";
import { frappeCallRefs } from "./frappe-names.js";
import { field, literalOf, shapeOf } from "./literals.js";
import type { PyNode } from "./parser.js";
import type { Context, PyFactWalker } from "./py-facts.js";

/**
 * A call: its callee path, positional arguments' shapes, keyword arguments with their literal
 * values and spans, the receiver's model; then the names Odoo reads from its arguments, and the
 * code inside them, each argument knowing the call it sits in.
 */
export function callFacts(w: PyFactWalker, node: PyNode, ctx: Context, decorator: boolean): void {
  const fn = field(node, "function");
  const argList = field(node, "arguments");
  const calleePath = w.pathOf(fn, ctx);
  const positional: PyNode[] = [];
  const keywords: Array<{ name: string; node: PyNode; value: PyNode | undefined }> = [];
  for (const a of argList?.type === "argument_list" ? argList.children : argList ? [argList] : []) {
    if (a.type === "comment") continue;
    if (a.type === "keyword_argument") {
      const n = field(a, "name");
      if (n) keywords.push({ name: w.nameOf(n), node: a, value: field(a, "value") });
    } else if (a.type !== "dictionary_splat") positional.push(a);
  }
  const pathFor = (n: PyNode): string | undefined => w.aliasOf(n, ctx);
  const args = positional.map((a) => shapeOf(a, w.text, pathFor));
  const detail: FactDetail = { arity: positional.length + keywords.length, args };
  if (keywords.length > 0) {
    const shapes: Record<string, ArgumentShape & { span?: Span }> = {};
    for (const k of keywords)
      shapes[k.name] = { ...(k.value ? shapeOf(k.value, w.text, pathFor) : { type: "other" }), span: w.span(k.node) };
    detail.keywords = shapes;
  }
  const first = literalOf(positional[0], w.text);
  if (first !== undefined && first !== null) detail.value = first;
  if (decorator) detail.decorator = true;
  const receiver = fn?.type === "attribute" ? field(fn, "object") : undefined;
  const receiverModel = receiver ? w.models.modelOf(receiver, ctx) : undefined;
  if (receiverModel) detail.receiverModel = receiverModel;
  const method = fn?.type === "attribute" ? field(fn, "attribute") : undefined;
  w.models.noteRecordLambdas(method ? w.nameOf(method) : undefined, receiverModel, [
    ...positional,
    ...keywords.flatMap((k) => (k.value ? [k.value] : [])),
  ]);
  if (calleePath !== undefined) w.emit("call", calleePath, node, ctx, detail);
  w.odoo.call(node, calleePath, receiver, receiverModel, positional, keywords, ctx);
  frappeCallRefs(w, calleePath, positional, keywords, ctx);
  if (fn?.type === "attribute") w.attribute(fn, ctx, "callee");
  else if (fn) w.visit(fn, ctx);
  const where = calleePath ?? "?";
  positional.forEach((a, i) => w.visit(a, { ...ctx, within: [`${where}#${i}`, ...ctx.within] }));
  for (const k of keywords) if (k.value) w.visit(k.value, { ...ctx, within: [`${where}#${k.name}`, ...ctx.within] });
  for (const a of argList?.children ?? []) if (a.type === "dictionary_splat" || a.type === "comment") w.visit(a, ctx);
}
