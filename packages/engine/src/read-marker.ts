import {
  extractFacts,
  languageOf,
  mayHoldAttributeValue,
  prepareLanguage,
  type Candidate,
  type ExtractedFile,
  type Fact,
  type FactCache,
  type LoadedSource,
  type SourceFile,
} from "@uplift/core";
import type { MarkerVerdicts } from "./marker-verdicts.js";

export interface ParsedMarker {
  file: SourceFile;
  extracted: ExtractedFile;
}

/** Reads a candidate: from disk, or (for fixes being settled) from text held in memory. */
export type SourceLoader = (candidate: Candidate) => Promise<LoadedSource>;

/** A file with a common name that does not hold what its rule requires: it marks no project. */
export const LACKS_REQUIRED = { lacks: true } as const;

export type MarkerReading = ParsedMarker | { unreadable: string } | typeof LACKS_REQUIRED;

/** Where markers are read from and what is kept of them between scans. */
export interface MarkerSources {
  load: SourceLoader;
  /** Where the facts of marker files are kept by content (`--cache`). */
  cache?: FactCache;
  /** Whether files with a common name held what their rule requires, by content (`--cache`, no text given for files). */
  verdicts?: MarkerVerdicts;
}

const MAX_KEPT_MARKER = 64 * 1024;

/**
 * The marker, read and parsed once (it is scanned with its project later), or why it cannot be.
 * With `required` (a page must bootstrap UI5 to mark a project): a file whose kept verdict says it
 * lacks it is not read, and one whose text cannot hold it is not parsed.
 */
export async function readMarker(
  c: Candidate,
  parsed: Map<string, ParsedMarker>,
  sources: MarkerSources,
  required?: string,
): Promise<MarkerReading> {
  const known = parsed.get(c.path);
  if (known) return known;
  const named = c.language ?? languageOf(c.path.slice(c.path.lastIndexOf("!/") + 1));
  if (required !== undefined && named !== undefined && sources.verdicts?.known(c, named, required) === false) return LACKS_REQUIRED;
  const loaded = await sources.load(c);
  if (!loaded.ok) return { unreadable: loaded.unanalysed.reason };
  const { file } = loaded;
  if (required !== undefined && !textMayHold(file, required)) {
    sources.verdicts?.record(c, file, file.language, required, false);
    return LACKS_REQUIRED;
  }
  let extracted: ExtractedFile;
  try {
    const kept = sources.cache?.get(file);
    // Facts kept by content need no parser: a rerun loads none for its markers.
    if (!kept) await prepareLanguage(file.language, file.text);
    extracted = kept ?? extractFacts(file);
    if (!kept) sources.cache?.set(file, extracted);
  } catch {
    return { unreadable: "nested too deeply to parse" };
  }
  if (required !== undefined) sources.verdicts?.record(c, file, file.language, required, holdsRequired(extracted.facts, required));
  const marker = { file, extracted };
  // Small markers are kept for their scan; a large one is read again then, so that a thousand of them are never held at once.
  if (file.text.length <= MAX_KEPT_MARKER) parsed.set(c.path, marker);
  return marker;
}

/**
 * Whether a page's text can hold the element's attribute value the rule requires (the parser
 * decides when it can): a value is written out or made of character references, and
 * `mayHoldAttributeValue` allows every way of writing it. Other files and requirements are parsed.
 */
function textMayHold(file: SourceFile, required: string): boolean {
  const eq = required.indexOf("=");
  if (file.language !== "html" || required.startsWith("/") || eq < 0) return true;
  return mayHoldAttributeValue(file.text, required.slice(eq + 1));
}

/**
 * What a marker must hold to mark a project: a JSON pointer (`/sap.app`, `/app_name`), or an
 * element's attribute with its value (`script@id=sap-ui-bootstrap`).
 */
export function holdsRequired(facts: readonly Fact[], required: string): boolean {
  if (required.startsWith("/")) return facts.some((f) => f.kind === "json" && f.key === required);
  const eq = required.indexOf("=");
  const key = eq < 0 ? required : required.slice(0, eq);
  const value = eq < 0 ? undefined : required.slice(eq + 1);
  return facts.some((f) => f.kind === "attribute" && f.key === key && (value === undefined || f.detail?.value === value));
}
