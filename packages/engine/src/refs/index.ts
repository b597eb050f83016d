import type { ExtractedFile, Fact, SourceFile } from "@uplift/core";
import { odooJsRefs } from "./odoo-js.js";
import { odooXmlRefs } from "./odoo-xml.js";

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
  switch (file.language) {
    case "xml":
      return odooXmlRefs(file, extracted, context.module);
    case "javascript":
    case "typescript":
      return odooJsRefs(extracted);
    default:
      return [];
  }
}
