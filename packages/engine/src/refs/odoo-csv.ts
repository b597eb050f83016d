import type { ExtractedFile, Fact, SourceFile } from "@uplift/core";
import { RefSink } from "./ref-sink.js";

const MODEL_NAME = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;

/**
 * An Odoo data CSV is named after its model (`ir.model.access.csv`, `res.partner.csv`): its columns
 * are that model's fields (named once, at the first row), and `x:id`/`x/id` cells hold XML ids,
 * several in one cell separated by commas.
 */
export function odooCsvRefs(file: SourceFile, extracted: ExtractedFile, addon: string | undefined): Fact[] {
  const sink = new RefSink(extracted.lines);
  const base = file.path.slice(file.path.lastIndexOf("/") + 1).replace(/\.csv$/i, "");
  const model = MODEL_NAME.test(base) ? base : undefined;
  const lines = extracted.lines;
  for (const f of extracted.facts) {
    const m = /^\/(\d+)\/(.+)$/.exec(f.key);
    if (f.kind !== "json" || !m || typeof f.detail?.value !== "string") continue;
    const column = m[2]!.replace(/~1/g, "/").replace(/~0/g, "~");
    const field = column.replace(/[:/]id$|\.id$/, "");
    const start = lines.offset(f.span.line, f.span.column);
    const raw = f.detail.value;
    if (model && m[1] === "0" && column === "id")
      sink.add(`model:${model}`, start, start + Math.max(raw.length, 1), f, { value: model, verb: "record" });
    if (model && m[1] === "0" && /^\w+$/.test(field) && field !== "id") {
      sink.add(`field:${model}.${field}`, start, start + Math.max(raw.length, 1), f, { value: field, verb: "record" });
    }
    if (!/[:/]id$/.test(column)) continue;
    const offsetInCell = file.text.slice(start, start + raw.length + 2).indexOf(raw);
    for (const id of raw.matchAll(/[^,\s]+/g)) {
      const xmlid = id[0].includes(".") || !addon ? id[0] : `${addon}.${id[0]}`;
      const at = start + Math.max(offsetInCell, 0) + id.index;
      sink.add(`xmlid:${xmlid}`, at, at + id[0].length, f, { value: xmlid, verb: "ref" });
      const local = xmlid.slice(xmlid.lastIndexOf(".") + 1);
      if (local.startsWith("model_") && local.length > 6)
        sink.add(`irmodel:${local.slice(6)}`, at, at + id[0].length, f, { value: xmlid, verb: "ref" });
    }
  }
  return sink.facts;
}
