import type { EmbeddedSource } from "./embedded.js";
import type { FileFacts } from "./facts.js";
import type { InheritedRecordsets } from "./adapters/python/odoo-models.js";
import { isPythonDataFile, languageOf } from "./languages.js";
import { LineIndex, type Language, type SourceFile } from "./source-file.js";

export interface ExtractedFile extends FileFacts {
  lines: LineIndex;
  /** Code stored inside this file (a fixture's Client Script), read by its own adapter. */
  embedded?: EmbeddedSource[];
}

/** Raised when a file is nested past what a recursive parser can hold; the scan goes on. */
export class TooDeepError extends Error {
  constructor(readonly path: string) {
    super(`${path}: nested too deeply to analyse`);
  }
}

/**
 * Loads what an adapter needs before its first file: each language's adapter is loaded with the
 * first file of that language (a rerun that replays every file loads none, and abaplint is large),
 * and the Python parser is WebAssembly, loaded asynchronously once per process. A no-op once
 * loaded. Extraction itself is synchronous.
 */
export async function prepareLanguage(language: Language, text?: string): Promise<void> {
  // JSON too: a Frappe fixture's Server Script is Python, read while the JSON is. Given the text,
  // only JSON that may hold Frappe records (a "doctype" key, perhaps escaped) pays for the parser.
  const records = language === "json" && (text === undefined || text.includes("doctype") || text.includes("\\u"));
  if (language === "python" || language === "python-literal" || records) {
    python ??= await import("./adapters/python/py-facts.js");
    await (await import("./adapters/python/parser.js")).preparePython();
  }
  // The records' code is read by its own adapter: Python above, pages and scripts here.
  if (records) frappe ??= await import("./adapters/frappe/documents.js");
  if (language === "javascript" || language === "typescript" || language === "html" || language === "vue" || records) {
    js ??= await import("./adapters/js/js-facts.js");
    fields ??= await import("./adapters/frappe/field-refs.js");
  }
  if (language === "html" || records) html ??= await import("./adapters/html.js");
  if (language === "html") tags ??= await import("./adapters/html-tags.js");
  if (language === "vue") vue ??= await import("./adapters/vue.js");
  if (language === "json") json ??= await import("./adapters/json.js");
  if (language === "xml") xml ??= await import("./adapters/xml.js");
  if (language === "yaml") yaml ??= await import("./adapters/yaml.js");
  if (language === "csv") csv ??= await import("./adapters/csv.js");
  if (language === "toml") toml ??= await import("./adapters/toml.js");
  if (language === "abap") abap ??= await import("./adapters/abap/abap-file.js");
  if (language === "cds") cds ??= await import("./adapters/abap/cds.js");
}

let python: typeof import("./adapters/python/py-facts.js") | undefined;
let frappe: typeof import("./adapters/frappe/documents.js") | undefined;
let js: typeof import("./adapters/js/js-facts.js") | undefined;
let fields: typeof import("./adapters/frappe/field-refs.js") | undefined;
let html: typeof import("./adapters/html.js") | undefined;
let tags: typeof import("./adapters/html-tags.js") | undefined;
let vue: typeof import("./adapters/vue.js") | undefined;
let json: typeof import("./adapters/json.js") | undefined;
let xml: typeof import("./adapters/xml.js") | undefined;
let yaml: typeof import("./adapters/yaml.js") | undefined;
let csv: typeof import("./adapters/csv.js") | undefined;
let toml: typeof import("./adapters/toml.js") | undefined;
let abap: typeof import("./adapters/abap/abap-file.js") | undefined;
let cds: typeof import("./adapters/abap/cds.js") | undefined;

/**
 * A Python file read again with what other files say of the classes its classes derive from
 * (`InheritedRecordsets`): `self.picking` in a test whose base class, in another file, sets
 * `cls.picking = env["stock.picking"]…` then carries its model. Only after the file was read once.
 */
export function extractPythonWithBases(file: SourceFile, inherited: InheritedRecordsets): ExtractedFile {
  const lines = new LineIndex(file.text);
  try {
    return { ...loaded(python, "python").extractPythonFacts(file.text, lines, isPythonDataFile(file.path), inherited), lines };
  } catch (error) {
    if (error instanceof RangeError) throw new TooDeepError(file.path);
    throw error;
  }
}

/** One parse and one walk: every fact the file holds, whatever rules are active. */
export function extractFacts(file: SourceFile): ExtractedFile {
  const lines = new LineIndex(file.text);
  try {
    return { ...extractByLanguage(file, lines), lines };
  } catch (error) {
    if (error instanceof RangeError) throw new TooDeepError(file.path);
    throw error;
  }
}

function extractByLanguage(file: SourceFile, lines: LineIndex): FileFacts & { embedded?: EmbeddedSource[] } {
  switch (file.language) {
    case "javascript":
    case "typescript":
      return withFormFields(loaded(js, file.language).extractJsFacts(file.path, file.text, lines));
    case "html": {
      const page = loaded(html, "html").extractHtmlFacts(file.path, file.text, lines);
      return withFormFields({ ...page, facts: [...page.facts, ...loaded(tags, "html").extractHtmlTagFacts(file.text, lines)] });
    }
    case "vue":
      return withFormFields(loaded(vue, "vue").extractVueFacts(file.path, file.text, lines));
    case "xml":
      return loaded(xml, "xml").extractXmlFacts(file.text, lines);
    case "json":
      return extractJson(file, lines);
    case "yaml":
      return loaded(yaml, "yaml").extractYamlFacts(file.text, lines);
    case "csv":
      return loaded(csv, "csv").extractCsvFacts(file.text, lines);
    case "toml":
      return loaded(toml, "toml").extractTomlFacts(file.text, lines);
    case "python":
      return loaded(python, "python").extractPythonFacts(file.text, lines, isPythonDataFile(file.path));
    case "python-literal":
      return loaded(python, "python-literal").extractPythonDataFacts(file.text, lines);
    case "abap":
      return loaded(abap, "abap").extractAbapFacts(file.path, file.text);
    case "cds":
      return loaded(cds, "cds").extractCdsFacts(file.path, file.text, lines);
  }
}

/**
 * Where a Vue component's `<script>` blocks are (offsets), the only code in it a fix may write;
 * after `prepareLanguage("vue")`, as its facts are.
 */
export function vueScriptRanges(text: string): Array<[number, number]> {
  return loaded(vue, "vue").vueScriptRanges(text);
}

function loaded<T>(adapter: T | undefined, language: Language): T {
  if (!adapter) throw new Error(`the ${language} adapter is not loaded: await prepareLanguage('${language}') before extracting its facts`);
  return adapter;
}

function withFormFields(facts: FileFacts): FileFacts {
  const refs = loaded(fields, "javascript").formFieldRefs(facts.facts);
  return refs.length === 0 ? facts : { ...facts, facts: [...facts.facts, ...refs] };
}

/** JSON, and in it the Frappe records and the code they hold. */
function extractJson(file: SourceFile, lines: LineIndex): FileFacts & { embedded?: EmbeddedSource[] } {
  const plain = loaded(json, "json").extractJsonFacts(file.text, lines);
  if (!plain.facts.some((f) => f.key.endsWith("/doctype"))) return plain;
  const documents = loaded(frappe, "json").readFrappeDocuments(file.path, file.text, lines, plain.facts, extractEmbedded);
  const result: FileFacts & { embedded?: EmbeddedSource[] } = { ...plain, facts: [...plain.facts, ...documents.facts] };
  if (documents.embedded.length > 0) result.embedded = documents.embedded;
  return result;
}

/** Code found inside a data file, read under its own path (`x.json#/0/script.js`). */
function extractEmbedded(path: string, text: string): FileFacts {
  const lines = new LineIndex(text);
  try {
    const language = languageOf(path);
    if (language === "html") return loaded(html, "html").extractHtmlFacts(path, text, lines, { jinja: true });
    if (language === "javascript") return loaded(js, "javascript").extractJsFacts(path, text, lines);
    if (language === "python") return loaded(python, "python").extractPythonFacts(text, lines, false);
    return { facts: [], problems: [], comments: [] };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return { facts: [], problems: [{ message: "nested too deeply to analyse", line: 1, column: 1 }], comments: [] };
  }
}
