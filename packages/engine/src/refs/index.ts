import type { ExtractedFile, Fact, SourceFile } from "@uplift/core";
import { odooCsvRefs } from "./odoo-csv.js";
import { odooJsRefs } from "./odoo-js.js";
import { odooXmlRefs } from "./odoo-xml.js";
import { RefSink } from "./ref-sink.js";

export interface RefContext {
  /** The module (addon) the file belongs to, which unqualified XML ids belong to. */
  module?: string;
}

/**
 * The `ref` facts an ERP reads from a file's facts: what its configuration and code name (models,
 * fields, XML ids, templates). ERP knowledge lives here, not in the language adapters; a language
 * adapter that emits `ref` facts itself (Python) needs nothing derived.
 */
export function deriveRefs(erp: string, file: SourceFile, extracted: ExtractedFile, context: RefContext = {}): Fact[] {
  if (erp !== "odoo") return [];
  if (/(^|\/)__(manifest|openerp)__\.py$/.test(file.path)) return odooManifestRefs(extracted);
  switch (file.language) {
    case "xml":
      return odooXmlRefs(file, extracted, context.module);
    case "javascript":
    case "typescript":
    case "vue":
      return odooJsRefs(extracted);
    case "csv":
      return odooCsvRefs(file, extracted, context.module);
    default:
      return [];
  }
}

/** The modules an addon depends on (`module:hr_contract`), from its manifest's literal `depends`. */
function odooManifestRefs(extracted: ExtractedFile): Fact[] {
  const sink = new RefSink(extracted.lines);
  for (const f of extracted.facts) {
    if (f.kind !== "json" || !/^\/depends\/\d+$/.test(f.key) || typeof f.detail?.value !== "string") continue;
    sink.addAt(`module:${f.detail.value}`, f, { value: f.detail.value, verb: "depend" });
  }
  return sink.facts;
}
