import type { ExtractedFile, Fact } from "@uplift/core";
import { RefSink } from "./ref-sink.js";

/** The ORM service's methods whose first argument is a model name (`@web/core/orm_service`). */
const ORM_METHODS = new Set([
  "call",
  "create",
  "nameGet",
  "read",
  "readGroup",
  "search",
  "searchCount",
  "searchRead",
  "unlink",
  "webRead",
  "webReadGroup",
  "webSave",
  "webSearchRead",
  "write",
]);
const MODEL_NAME = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;
/** Action and view properties that hold a model name. */
const MODEL_PROPERTIES = ["res_model", "resModel"];

/**
 * The models Odoo JavaScript names: the first argument of an ORM service call (`this.orm.call(
 * "res.partner", …)`, `useService("orm").searchRead(…)`, `env.services.orm.read(…)`), and the
 * `res_model`/`resModel` of an action or view literal. The service is known by the callee path the
 * JS adapter resolved; a local helper called `call` on some other object is not the ORM.
 */
export function odooJsRefs(extracted: ExtractedFile): Fact[] {
  const sink = new RefSink(extracted.lines);
  for (const f of extracted.facts) {
    if (f.kind !== "call") continue;
    const args = f.detail?.args ?? [];
    const dot = f.key.lastIndexOf(".");
    const method = f.key.slice(dot + 1);
    const receiver = f.key.slice(0, dot);
    const first = args[0];
    if (
      ORM_METHODS.has(method) &&
      /(^|\.)orm$|^@web\/core\/utils\/hooks\.useService\(\)$/.test(receiver) &&
      first?.type === "string" &&
      typeof first.value === "string" &&
      MODEL_NAME.test(first.value)
    ) {
      sink.addAt(`model:${first.value}`, f, { value: first.value, verb: `orm.${method}` });
    }
    for (const arg of args) {
      for (const p of MODEL_PROPERTIES) {
        const v = arg.properties?.[p];
        if (typeof v === "string" && MODEL_NAME.test(v)) sink.addAt(`model:${v}`, f, { value: v, verb: p });
      }
    }
  }
  return sink.facts;
}
