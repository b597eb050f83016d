import { hostSpan, LineIndex, type ExtractedFile, type Fact, type SourceFile, type Span } from "@uplift/core";
import { snippetAt } from "../match-file.js";
import type { Project } from "../projects.js";
import type { Artefact } from "../result.js";

/** A has_permission entry of hooks.py. */
export interface PermissionHook {
  doctype: string;
  target: string;
  file: string;
  span: Span;
  snippet: string;
}

/** A Python function of the app, by module path and name. */
export interface PythonFunction {
  file: string;
  span: Span;
  snippet: string;
  returnsNone: boolean;
}

/** A region of a file that belongs to one DocType (a record of a fixture, a form handler). */
export interface Region {
  span: Span;
  artefact: Artefact;
}

/** What hooks.py attaches to a DocType: a script file, by its path in the app package. */
export interface HookedFile {
  artefact: Artefact;
}

/** Script hooks: the artefact type, and what the DocType's artefact is called (`Sales Order form`). */
export const HOOKED_SCRIPTS: Record<string, [string, string]> = {
  doctype_js: ["form script", "form"],
  doctype_list_js: ["list view script", "list"],
  doctype_tree_js: ["tree view script", "tree"],
  doctype_calendar_js: ["calendar view script", "calendar"],
};
export const HOOKED_PYTHON: Record<string, string> = {
  doc_events: "document event",
  has_permission: "permission hook",
  permission_query_conditions: "permission query",
  override_doctype_class: "controller override",
};

/**
 * What one file gave the linker, as plain data: `collect` fills it, `#apply` adds it to what the
 * project has, in the order it was found, so that a file replayed from the cache gives the same.
 */
export interface FileLinks {
  regions?: Region[];
  hooked?: Array<[string, HookedFile]>;
  handlers?: Array<[string, Artefact]>;
  doctypeFolders?: Array<[string, string]>;
  requiredApps?: string[];
  appName?: string;
  appNameAt?: { file: string; span: Span; snippet: string };
  appsScreen?: boolean;
  permissionHooks?: PermissionHook[];
  workspaces?: number;
  declared?: string[];
  imports?: Array<[string, string]>;
  checkedApps?: string[];
  functions?: Array<[string, PythonFunction]>;
  ownDoctypes?: string[];
  doctypeRefs?: Array<[string, string[]]>;
  desk?: string[];
}

/** What one file of a Frappe app says about the app: hooks, DocTypes, functions, regions, imports. */
export function linksOf(file: SourceFile, extracted: ExtractedFile, project: Project): FileLinks {
  const links: FileLinks = {};
  const rel = relative(project, file.path);
  if (file.language === "python" && baseName(file.path) === "hooks.py") {
    hooksOf(links, file.path, rel, extracted);
    return links;
  }
  if (file.language === "python") functionsOf(links, file.path, rel, extracted);
  if (file.language === "toml" && baseName(file.path) === "pyproject.toml") {
    for (const f of extracted.facts) {
      if (f.kind === "json" && /^\/project\/dependencies\/\d+$/.test(f.key) && typeof f.detail?.value === "string") {
        (links.declared ??= []).push(distribution(f.detail.value));
      }
    }
    return links;
  }
  const regions: Region[] = [];
  const records = extracted.facts.filter((f) => f.kind === "ref" && f.key.startsWith("document:"));
  // A child row exported with its parent (a Workspace Link in a Workspace) belongs to the parent.
  const pointers = records.map((f) => f.detail?.pointer).filter((p): p is string => typeof p === "string");
  const isChild = (p: unknown): boolean => typeof p === "string" && pointers.some((q) => q !== p && p.startsWith(`${q}/`));
  for (const f of extracted.facts) {
    if (f.kind === "ref" && f.key.startsWith("document:")) {
      if (isChild(f.detail?.pointer)) continue;
      const region = recordRegion(f, extracted.facts);
      if (region) regions.push(region);
      const doctype = f.key.slice("document:".length);
      const name = f.detail?.value;
      if (doctype === "Workspace" && !f.detail?.pointer && /(?:^|\/)workspace\//.test(rel)) links.workspaces = (links.workspaces ?? 0) + 1;
      if (doctype === "DocType" && typeof name === "string" && name && !f.detail?.pointer) {
        (links.doctypeFolders ??= []).push([dirOf(rel), name]);
      }
    } else if (f.kind === "call" && f.key === "frappe.ui.form.on") {
      const doctype = f.detail?.args?.[0]?.value;
      if (typeof doctype === "string")
        regions.push({ span: f.span, artefact: { type: "form script", name: `${doctype} form`, record: doctype } });
    } else if (f.kind === "ref" && f.key.startsWith("doctype:") && /^frappe\.(listview|treeview)_settings$/.test(String(f.detail?.via))) {
      const doctype = f.key.slice("doctype:".length);
      regions.push({
        span: statementSpan(f, extracted),
        artefact: { type: "list view script", name: `${doctype} list`, record: doctype },
      });
    }
  }
  if (regions.length > 0) links.regions = regions;
  refsOf(links, extracted);
  return links;
}

/** Where DocTypes are named, in host positions (code inside the file included). */
function refsOf(links: FileLinks, extracted: ExtractedFile): void {
  const at = new Map<string, string[]>();
  // DocTypes named at a place: `doctype:X` names X, `field:X.f` a field of X.
  const add = (f: Fact, span: Span): void => {
    if (f.kind !== "ref") return;
    const doctype = f.key.startsWith("doctype:")
      ? f.key.slice("doctype:".length)
      : f.key.startsWith("field:")
        ? f.key.slice("field:".length, f.key.lastIndexOf("."))
        : undefined;
    if (doctype === undefined) return;
    const key = spanKey(span);
    at.set(key, [...(at.get(key) ?? []), doctype]);
  };
  for (const f of extracted.facts) {
    add(f, f.span);
    // `"lending" in frappe.get_installed_apps()`: the app treats lending as optional.
    if (f.kind === "ref" && f.key.startsWith("app:")) (links.checkedApps ??= []).push(f.key.slice("app:".length));
    if (f.kind === "ref" && f.key === "document:DocType" && f.detail?.pointer === "" && typeof f.detail.value === "string") {
      (links.ownDoctypes ??= []).push(f.detail.value);
    }
  }
  for (const source of extracted.embedded ?? []) {
    const code = new LineIndex(source.text);
    for (const f of source.facts)
      if (f.kind === "ref" && f.key.startsWith("doctype:")) add(f, hostSpan(source, code, extracted.lines, f.span));
  }
  if (at.size > 0) links.doctypeRefs = [...at];
}

function functionsOf(links: FileLinks, path: string, rel: string, extracted: ExtractedFile): void {
  const imports = new Map<string, string>();
  for (const f of extracted.facts) if (f.kind === "module") imports.set(spanKey(f.span), f.key.split(".")[0]!);
  if (imports.size > 0) links.imports = [...imports];
  const module = moduleOf(rel);
  for (const f of extracted.facts) {
    if (f.kind !== "definition" || f.key.includes(".")) continue;
    (links.functions ??= []).push([
      `${module}.${f.key}`,
      { file: path, span: f.span, snippet: snippetAt(extracted.lines, f.span.line), returnsNone: f.detail?.returnsNone === true },
    ]);
  }
}

function hooksOf(links: FileLinks, path: string, rel: string, extracted: ExtractedFile): void {
  const app = dirOf(rel);
  const regions: Region[] = [];
  for (const f of extracted.facts) {
    if (f.kind !== "json") continue;
    const [hook, key] = f.key.split("/").slice(1).map(unescapePointer);
    const value = f.detail?.value;
    if (hook === undefined) continue;
    if (hook === "required_apps" && typeof value === "string")
      (links.requiredApps ??= []).push(value.replace(/^.*\//, "").replace(/@.*$/, ""));
    // The app is what it requires: ecommerce_integrations answers what moved to ecommerce_integrations.
    if (hook === "add_to_apps_screen") links.appsScreen = true;
    if (hook === "app_name" && typeof value === "string") {
      links.appNameAt = { file: path, span: f.span, snippet: snippetAt(extracted.lines, f.span.line) };
      (links.requiredApps ??= []).push(value);
      links.appName = value;
    }
    if ((hook === "app_include_js" || hook === "app_include_css") && typeof value === "string")
      (links.desk ??= []).push(assetPath(app, value));
    if (key === undefined) continue;
    if (hook === "scheduler_events" && typeof value === "string") {
      (links.handlers ??= []).push([value, { type: "scheduled job", name: `${key}: ${value}` }]);
      continue;
    }
    const script = HOOKED_SCRIPTS[hook];
    const python = HOOKED_PYTHON[hook];
    if (!script && !python) continue;
    if (f.key.split("/").length === 3) regions.push({ span: f.span, artefact: { type: "hook", name: `${hook} of ${key}`, record: key } });
    if (typeof value !== "string") continue;
    if (hook === "has_permission") {
      (links.permissionHooks ??= []).push({
        doctype: key,
        target: value,
        file: path,
        span: f.span,
        snippet: snippetAt(extracted.lines, f.span.line),
      });
    }
    if (script)
      (links.hooked ??= []).push([joinPath(app, value), { artefact: { type: script[0], name: `${key} ${script[1]}`, record: key } }]);
    else (links.handlers ??= []).push([value, { type: python!, name: `${key} ${python}`, record: key }]);
  }
  links.regions = regions;
}

/** `PyCryptodome~=3.19` → `pycryptodome`: a requirement's name as pip compares it. */
export function distribution(requirement: string): string {
  return (/^[A-Za-z0-9._-]+/.exec(requirement.trim())?.[0] ?? requirement).toLowerCase().replace(/[._-]+/g, "-");
}

/** `acme/events.py` → `acme.events`; a package's `__init__.py` is the package. */
export function moduleOf(rel: string): string {
  return rel
    .replace(/\.py$/, "")
    .replace(/\/__init__$/, "")
    .split("/")
    .join(".");
}

/** A whole span, so that only a finding on exactly that name is answered by it. */
export function spanKey(s: { line: number; column: number; endLine: number; endColumn: number }): string {
  return `${s.line}:${s.column}-${s.endLine}:${s.endColumn}`;
}

export function recordRegion(document: Fact, facts: readonly Fact[]): Region | undefined {
  const pointer = document.detail?.pointer;
  const attributes = document.detail?.attributes ?? {};
  const doctype = document.key.slice("document:".length);
  const name = typeof document.detail?.value === "string" ? document.detail.value : "";
  const record =
    doctype === "DocType"
      ? name
      : (attributes.dt ?? attributes.doc_type ?? attributes.reference_doctype ?? attributes.ref_doctype ?? attributes.document_type);
  const artefact: Artefact = { type: doctype.toLowerCase(), name: name || doctype };
  if (record) artefact.record = record;
  if (pointer === "" || typeof pointer !== "string")
    return { span: { line: 1, column: 1, endLine: Number.MAX_SAFE_INTEGER, endColumn: 1 }, artefact };
  const container = facts.find((f) => f.kind === "json" && f.key === pointer);
  return container ? { span: container.span, artefact } : undefined;
}

/** The lines an assignment like `frappe.listview_settings["X"] = {…}` covers: the enclosing facts sharing its start. */
export function statementSpan(ref: Fact, extracted: ExtractedFile): Span {
  let end = { line: ref.span.endLine, column: ref.span.endColumn };
  const prefix = `frappe.listview_settings.${ref.key.slice("doctype:".length)}`;
  for (const f of extracted.facts) {
    if (f.enclosing?.startsWith(prefix) || f.enclosing?.startsWith(prefix.replace("listview", "treeview"))) {
      if (f.span.endLine > end.line || (f.span.endLine === end.line && f.span.endColumn > end.column))
        end = { line: f.span.endLine, column: f.span.endColumn };
    }
  }
  return { line: ref.span.line, column: 1, endLine: end.line, endColumn: end.column };
}

export function relative(project: Project, file: string): string {
  return project.path === "." ? file : file.startsWith(`${project.path}/`) ? file.slice(project.path.length + 1) : file;
}

export function dirOf(p: string): string {
  const i = p.lastIndexOf("/");
  return i < 0 ? "" : p.slice(0, i);
}

export function baseName(p: string): string {
  return p.slice(p.lastIndexOf("/") + 1);
}

export function joinPath(dir: string, rel: string): string {
  return dir ? `${dir}/${rel.replace(/^\.?\//, "")}` : rel;
}

/** `/assets/acme/js/desk.js` and `acme.bundle.js` both name a file of the app's public folder. */
export function assetPath(app: string, value: string): string {
  const m = /^\/?assets\/[^/]+\/(.+)$/.exec(value);
  return joinPath(app, m ? `public/${m[1]}` : `public/js/${value}`);
}

export function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}
