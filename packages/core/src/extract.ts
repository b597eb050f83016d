import type { EmbeddedSource } from "./embedded.js";
import type { FileFacts } from "./facts.js";
import type { InheritedRecordsets } from "./adapters/python/odoo-models.js";
import { formFieldRefs } from "./adapters/frappe/field-refs.js";
import { extractCsvFacts } from "./adapters/csv.js";
import { extractHtmlFacts } from "./adapters/html.js";
import { extractHtmlTagFacts } from "./adapters/html-tags.js";
import { extractJsFacts } from "./adapters/js/js-facts.js";
import { extractJsonFacts } from "./adapters/json.js";
import { extractXmlFacts } from "./adapters/xml.js";
import { extractTomlFacts } from "./adapters/toml.js";
import { extractVueFacts } from "./adapters/vue.js";
import { extractYamlFacts } from "./adapters/yaml.js";
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
 * Loads what an adapter needs before its first file: the adapters of the languages a scan may
 * never meet (Python, the Frappe records, ABAP) are loaded with their first file,
 * and the Python parser is WebAssembly, loaded asynchronously once per process. A no-op for the
 * other languages and once loaded. Extraction itself is synchronous.
 */
export async function prepareLanguage(language: Language, text?: string): Promise<void> {
  // JSON too: a Frappe fixture's Server Script is Python, read while the JSON is. Given the text,
  // only JSON that may hold Frappe records (a "doctype" key, perhaps escaped) pays for the parser.
  const records = language === "json" && (text === undefined || text.includes("doctype") || text.includes("\\u"));
  if (language === "python" || language === "python-literal" || records) {
    python ??= await import("./adapters/python/py-facts.js");
    await (await import("./adapters/python/parser.js")).preparePython();
  }
  if (records) frappe ??= await import("./adapters/frappe/documents.js");
  // abaplint is large: only a scan that meets ABAP pays for loading it.
  if (language === "abap") abap ??= await import("./adapters/abap/abap-file.js");
  if (language === "cds") cds ??= await import("./adapters/abap/cds.js");
}

let python: typeof import("./adapters/python/py-facts.js") | undefined;
let frappe: typeof import("./adapters/frappe/documents.js") | undefined;
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
      return withFormFields(extractJsFacts(file.path, file.text, lines));
    case "html": {
      const page = extractHtmlFacts(file.path, file.text, lines);
      return withFormFields({ ...page, facts: [...page.facts, ...extractHtmlTagFacts(file.text, lines)] });
    }
    case "vue":
      return withFormFields(extractVueFacts(file.path, file.text, lines));
    case "xml":
      return extractXmlFacts(file.text, lines);
    case "json":
      return extractJson(file, lines);
    case "yaml":
      return extractYamlFacts(file.text, lines);
    case "csv":
      return extractCsvFacts(file.text, lines);
    case "toml":
      return extractTomlFacts(file.text, lines);
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

function loaded<T>(adapter: T | undefined, language: Language): T {
  if (!adapter) throw new Error(`the ${language} adapter is not loaded: await prepareLanguage('${language}') before extracting its facts`);
  return adapter;
}

function withFormFields(facts: FileFacts): FileFacts {
  const fields = formFieldRefs(facts.facts);
  return fields.length === 0 ? facts : { ...facts, facts: [...facts.facts, ...fields] };
}

/** JSON, and in it the Frappe records and the code they hold. */
function extractJson(file: SourceFile, lines: LineIndex): FileFacts & { embedded?: EmbeddedSource[] } {
  const json = extractJsonFacts(file.text, lines);
  if (!json.facts.some((f) => f.key.endsWith("/doctype"))) return json;
  const documents = loaded(frappe, "json").readFrappeDocuments(file.path, file.text, lines, json.facts, extractEmbedded);
  const result: FileFacts & { embedded?: EmbeddedSource[] } = { ...json, facts: [...json.facts, ...documents.facts] };
  if (documents.embedded.length > 0) result.embedded = documents.embedded;
  return result;
}

/** Code found inside a data file, read under its own path (`x.json#/0/script.js`). */
function extractEmbedded(path: string, text: string): FileFacts {
  const lines = new LineIndex(text);
  try {
    const language = languageOf(path);
    if (language === "html") return extractHtmlFacts(path, text, lines, { jinja: true });
    if (language === "javascript") return extractJsFacts(path, text, lines);
    if (language === "python") return loaded(python, "python").extractPythonFacts(text, lines, false);
    return { facts: [], problems: [], comments: [] };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return { facts: [], problems: [{ message: "nested too deeply to analyse", line: 1, column: 1 }], comments: [] };
  }
}
