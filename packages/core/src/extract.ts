import type { FileFacts } from "./facts.js";
import { extractAbapFacts } from "./adapters/abap/abap-file.js";
import { extractCsvFacts } from "./adapters/csv.js";
import { extractHtmlFacts } from "./adapters/html.js";
import { extractJsFacts } from "./adapters/js/js-facts.js";
import { extractJsonFacts } from "./adapters/json.js";
import { preparePython } from "./adapters/python/parser.js";
import { extractPythonDataFacts, extractPythonFacts } from "./adapters/python/py-facts.js";
import { extractXmlFacts } from "./adapters/xml.js";
import { extractYamlFacts } from "./adapters/yaml.js";
import { isPythonDataFile } from "./languages.js";
import { LineIndex, type Language, type SourceFile } from "./source-file.js";

export interface ExtractedFile extends FileFacts {
  lines: LineIndex;
}

/** Raised when a file is nested past what a recursive parser can hold; the scan goes on. */
export class TooDeepError extends Error {
  constructor(readonly path: string) {
    super(`${path}: nested too deeply to analyse`);
  }
}

/**
 * Loads what an adapter needs before its first file (the Python parser is WebAssembly, loaded
 * asynchronously once per process); a no-op for the others and once loaded. Extraction itself is
 * synchronous.
 */
export async function prepareLanguage(language: Language): Promise<void> {
  if (language === "python" || language === "python-literal") await preparePython();
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

function extractByLanguage(file: SourceFile, lines: LineIndex): FileFacts {
  switch (file.language) {
    case "javascript":
    case "typescript":
      return extractJsFacts(file.path, file.text, lines);
    case "html":
      return extractHtmlFacts(file.path, file.text, lines);
    case "xml":
      return extractXmlFacts(file.text, lines);
    case "json":
      return extractJsonFacts(file.text, lines);
    case "yaml":
      return extractYamlFacts(file.text, lines);
    case "csv":
      return extractCsvFacts(file.text, lines);
    case "python":
      return extractPythonFacts(file.text, lines, isPythonDataFile(file.path));
    case "python-literal":
      return extractPythonDataFacts(file.text, lines);
    case "abap":
      return extractAbapFacts(file.path, file.text);
  }
}
