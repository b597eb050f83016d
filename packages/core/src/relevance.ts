import type { FactKind } from "./facts.js";
import { baseName, extensionOf } from "./languages.js";
import type { Language } from "./source-file.js";

// Which files matter for an upgrade. A report that counts a logo or a translation as "not
// analysed" cries wolf; one that counts an unread model as "analysed" lies. This is the one list
// of what does not matter (docs/report.md, "Coverage"); everything else is relevant, and a
// relevant file that no rule checked keeps the verdict from reading "Go".

/** Why a file is irrelevant to an upgrade. */
export type IrrelevantKind = "image" | "font" | "translation" | "documentation" | "media" | "repository";

const BY_EXTENSION: Readonly<Record<string, IrrelevantKind>> = {
  ...kinds("image", "png jpg jpeg gif bmp ico webp svg svgz tif tiff psd xcf"),
  ...kinds("font", "woff woff2 ttf otf eot"),
  ...kinds("translation", "po pot mo"),
  ...kinds("documentation", "md markdown rst txt adoc pdf doc docx odt rtf xls xlsx ods ppt pptx odp"),
  ...kinds("media", "mp3 mp4 wav ogg webm avi mov"),
  ...kinds("repository", "pyc pyo map lock"),
};

/** Names that are documentation or licensing whatever their extension (README, LICENSE, …). */
const DOCUMENT_NAMES = /^(readme|license|licence|copying|changelog|changes|history|contributors|authors|notice)(\.|$)/i;

/**
 * Resource bundles of UI texts (UI5's `i18n/i18n_de.properties`, `messagebundle.properties`) and
 * a Frappe app's `translations/de.csv`: translations.
 */
const TEXT_BUNDLES = /(^|\/)((i18n\/[^/]+|i18n(_[\w-]+)?|messagebundle(_[\w-]+)?)\.properties|translations\/[\w-]+\.csv)$/i;

/** Folders whose files are documentation: the module's description page in an app store, docs. */
const DOCUMENT_FOLDERS = /(^|\/)(docs?|readme|static\/description)\//i;

function kinds(kind: IrrelevantKind, extensions: string): Record<string, IrrelevantKind> {
  return Object.fromEntries(extensions.split(" ").map((e) => [e, kind]));
}

/**
 * The kind of an irrelevant file, or undefined for a file that matters to an upgrade. Repository
 * and editor settings (dotfiles and dot-folders such as `.github/`) are tooling, not the
 * customisation.
 */
export function irrelevantKind(path: string): IrrelevantKind | undefined {
  const inner = path.includes("!/") ? path.slice(path.lastIndexOf("!/") + 2) : path;
  const base = baseName(inner);
  if (base.startsWith(".") || /(^|\/)\.[^/]+\//.test(inner)) return "repository";
  const byExtension = BY_EXTENSION[extensionOf(inner)];
  if (byExtension) return byExtension;
  if (TEXT_BUNDLES.test(inner)) return "translation";
  if (DOCUMENT_NAMES.test(base) || DOCUMENT_FOLDERS.test(inner)) return "documentation";
  return undefined;
}

/**
 * The fact kinds a file of each language can hold: what its adapter produces, and the `ref` facts
 * an ERP derives from them (names in XML, JS, CSV and manifests). A rule whose match uses none of
 * a language's kinds (and no text pattern) can never find anything in a file of that language; a
 * file for which no active rule can, and that no linker reads, was not checked. A test extracts
 * every fixture and every rule example and fails if an adapter produces a kind missing here.
 */
export const LANGUAGE_FACT_KINDS: Readonly<Record<Language, readonly FactKind[]>> = {
  javascript: ["module", "member", "call", "global", "tag", "definition", "ref"],
  typescript: ["module", "member", "call", "global", "tag", "definition", "ref"],
  html: ["module", "member", "call", "global", "tag", "definition", "ref", "element", "attribute"],
  vue: ["module", "member", "call", "global", "tag", "definition", "ref"],
  xml: ["element", "attribute", "link", "ref"],
  json: ["json", "ref"],
  yaml: ["json"],
  toml: ["json"],
  "python-literal": ["json", "ref"],
  python: ["module", "member", "call", "global", "definition", "ref", "json"],
  abap: ["call", "ref"],
  cds: ["definition", "tag", "ref"],
  csv: ["json", "ref"],
};

/** Reasons discovery gives, so that results can tell what kind of gap each entry is. */
export const UNANALYSED_REASONS = {
  noAdapterPrefix: "no adapter for ",
  vendored: "third-party library, not scanned (use --include-vendored to scan it)",
  symbolicLink: "symbolic link, not followed",
  dependencies: "installed dependencies (node_modules), not scanned",
} as const;
