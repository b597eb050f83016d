import * as built from "@uplift/core";
import * as source from "../packages/core/src/extract.js";

// A scan loads each language's adapter with the first file of that language (`prepareLanguage`);
// tests that call `extractFacts` directly (from the sources or the built package) find the adapters
// of the languages that need no parser loaded. Python, the Frappe records, ABAP and CDS are still
// prepared by the tests that read them.
for (const core of [built, source]) {
  for (const language of ["javascript", "html", "vue", "xml", "yaml", "csv", "toml"] as const) await core.prepareLanguage(language);
  await core.prepareLanguage("json", "{}");
}
