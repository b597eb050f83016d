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

/** What a marker must hold: one requirement, or a list of which any one will do. */
export type Required = string | readonly string[];

/** The requirement as one string, for the verdicts kept by content. */
function requiredKey(required: Required): string {
  return typeof required === "string" ? required : required.join("\n");
}

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
  required?: Required,
): Promise<MarkerReading> {
  const known = parsed.get(c.path);
  if (known) return known;
  const named = c.language ?? languageOf(c.path.slice(c.path.lastIndexOf("!/") + 1));
  if (required !== undefined && named !== undefined && sources.verdicts?.known(c, named, requiredKey(required)) === false)
    return LACKS_REQUIRED;
  const loaded = await sources.load(c);
  if (!loaded.ok) return { unreadable: loaded.unanalysed.reason };
  const { file } = loaded;
  if (required !== undefined && !textMayHold(file, required)) {
    sources.verdicts?.record(c, file, file.language, requiredKey(required), false);
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
  if (required !== undefined)
    sources.verdicts?.record(c, file, file.language, requiredKey(required), holdsRequired(extracted.facts, required));
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
function textMayHold(file: SourceFile, required: Required): boolean {
  if (typeof required !== "string") return true;
  const eq = required.indexOf("=");
  if (file.language !== "html" || required.startsWith("/") || eq < 0) return true;
  return mayHoldAttributeValue(file.text, required.slice(eq + 1));
}

/**
 * What a marker must hold to mark a project: a JSON pointer (`/sap.app`, `/app_name`), an element's
 * attribute with its value (`script@id=sap-ui-bootstrap`), or a call to the vendor's function
 * (`sap/ui/core/Lib.init()`), keyed as the bindings resolved it: a call through a local of the same
 * name, a string or a comment is none. In a list, any one of them.
 */
export function holdsRequired(facts: readonly Fact[], required: Required): boolean {
  if (typeof required !== "string") return required.some((r) => holdsRequired(facts, r));
  const call = calledFunction(required);
  if (call !== undefined) return facts.some((f) => f.kind === "call" && f.key === call);
  if (required.startsWith("/")) return facts.some((f) => f.kind === "json" && f.key === required);
  const eq = required.indexOf("=");
  const key = eq < 0 ? required : required.slice(0, eq);
  const value = eq < 0 ? undefined : required.slice(eq + 1);
  return facts.some((f) => f.kind === "attribute" && f.key === key && (value === undefined || f.detail?.value === value));
}

/** `sap/ui/core/Lib.init` for a requirement written as a call, `sap/ui/core/Lib.init()`. */
function calledFunction(required: string): string | undefined {
  return required.endsWith("()") ? required.slice(0, -2) : undefined;
}

/**
 * Where a library's namespace starts, from the marker that declares it: the folder less the
 * namespace's own folders (`src` for `src/my/lib/library.js` declaring `name: "my.lib"`). A
 * namespace not written out as a literal, or not mapped to the folders (a build that maps it onto
 * `src` itself), gives the nearest `src` folder at or above the marker, else the marker's folder.
 */
export function namespaceRoot(facts: readonly Fact[], required: Required, property: string, dir: string): string {
  const calls = new Set([required].flat().map(calledFunction));
  const declared = facts.find((f) => f.kind === "call" && calls.has(f.key))?.detail?.args?.[0]?.properties?.[property];
  const folders = dir === "." ? [] : dir.split("/");
  if (typeof declared === "string" && /^[\w$-]+(\.[\w$-]+)*$/.test(declared)) {
    const parts = declared.split(".");
    const at = folders.length - parts.length;
    if (at >= 0 && parts.every((p, i) => folders[at + i] === p)) return at === 0 ? "." : folders.slice(0, at).join("/");
  }
  const src = folders.lastIndexOf("src");
  return src < 0 ? dir : folders.slice(0, src + 1).join("/");
}
