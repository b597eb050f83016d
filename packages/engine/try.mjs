import { extractFacts, languageOf } from "@uplift/core";
import { readFileSync } from "node:fs";
const { refinerFor } = await import("/work/wt/netsuite13/packages/engine/dist/refine/index.js");
const path = process.argv[2];
const file = { path, language: languageOf(path), text: readFileSync(path, "utf8") };
const ex = refinerFor("netsuite")(file, extractFacts(file), process.argv[3] ? { entryPoints: JSON.parse(process.argv[3]) } : undefined);
for (const f of ex.facts) if (f.detail?.symbol || f.kind === "ref") console.log(`${f.span.line}:${f.span.column} ${f.kind} ${f.key} ${f.detail?.symbol ?? ""}`);
