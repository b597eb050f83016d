import type { Language } from "./source-file.js";

const BY_EXTENSION: Record<string, Language> = {
  js: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  jsx: "javascript",
  ts: "typescript",
  mts: "typescript",
  cts: "typescript",
  tsx: "typescript",
  xml: "xml",
  json: "json",
  yaml: "yaml",
  yml: "yaml",
  toml: "toml",
  html: "html",
  htm: "html",
  // Vue single-file components: their <script> blocks are JavaScript or TypeScript.
  vue: "vue",
  csv: "csv",
  py: "python",
  abap: "abap",
  // ABAP CDS: data definitions and metadata extensions (abapGit names them name.ddls.asddls, name.ddlx.asddlxs).
  asddls: "cds",
  asddlxs: "cds",
  // Access controls and service definitions: only the entities they name are read.
  asdcls: "cds",
  srvdsrv: "cds",
  // Behaviour definitions (RAP): the entities, tables, types and classes they name are read.
  asbdef: "cds",
  // What the system generated from a data definition on activation (its data sources), as JSON.
  baseinfo: "json",
};

/** Python files that are only data (no Python runs): Odoo manifests. */
const PYTHON_LITERAL_FILES = new Set(["__manifest__.py", "__openerp__.py"]);
/** Python files that are code whose module-level literals are also read as data: Frappe's hooks. */
const PYTHON_DATA_FILES = new Set(["hooks.py"]);

const BINARY_EXTENSIONS = new Set(
  "png jpg jpeg gif bmp ico webp svgz tif tiff woff woff2 ttf otf eot pdf doc docx xls xlsx ppt pptx odt ods mo pyc so dll exe bin gz tgz bz2 xz 7z rar jar war mp3 mp4 wav ogg avi mov".split(
    " ",
  ),
);

export function extensionOf(path: string): string {
  const base = path.slice(path.lastIndexOf("/") + 1);
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

export function languageOf(path: string): Language | undefined {
  if (PYTHON_LITERAL_FILES.has(baseName(path))) return "python-literal";
  if (path.endsWith(".d.ts")) return undefined;
  return BY_EXTENSION[extensionOf(path)];
}

/** Whether a Python file's module-level literals are read as data besides its code. */
export function isPythonDataFile(path: string): boolean {
  return PYTHON_DATA_FILES.has(baseName(path));
}

export function isKnownBinary(path: string): boolean {
  return BINARY_EXTENSIONS.has(extensionOf(path));
}
