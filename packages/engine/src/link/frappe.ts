import { hostSpan, LineIndex, type ExtractedFile, type Fact, type SourceFile, type Span } from "@uplift/core";
import type { Project } from "../projects.js";
import type { Artefact, Finding } from "../result.js";
import { snippetAt } from "../match-file.js";
import { ownFinding, type OwnCheck } from "../own-finding.js";
import { lookupPattern, type Linker } from "./linker.js";

export const HAS_PERMISSION_NONE_RULE = "frappe/16/has-permission-returns-none";
export const HAS_PERMISSION_UNSEEN_RULE = "frappe/16/has-permission-unseen";
export const APPS_SCREEN_RULE = "frappe/16/add-to-apps-screen";

const PERMISSION_CHECKS: Record<string, OwnCheck> = {
  [APPS_SCREEN_RULE]: {
    ruleId: APPS_SCREEN_RULE,
    title: "App has workspaces but no add_to_apps_screen hook",
    severity: "low",
    change: "behaviour",
    effortMinutes: 10,
    effortMaxMinutes: 15,
    references: [
      "https://github.com/frappe/frappe/wiki/Migrating-to-version-16",
      "https://docs.frappe.io/framework/user/en/apps-page#how-can-we-show-our-custom-apps-on-apps-page",
    ],
  },
  [HAS_PERMISSION_NONE_RULE]: {
    ruleId: HAS_PERMISSION_NONE_RULE,
    title: "has_permission hook can return None, which now denies",
    severity: "high",
    change: "behaviour",
    effortMinutes: 15,
    effortMaxMinutes: 30,
    references: ["https://github.com/frappe/frappe/pull/24253"],
  },
  [HAS_PERMISSION_UNSEEN_RULE]: {
    ruleId: HAS_PERMISSION_UNSEEN_RULE,
    title: "has_permission hook to check: None now denies",
    severity: "medium",
    change: "behaviour",
    effortMinutes: 15,
    effortMaxMinutes: 30,
    references: ["https://github.com/frappe/frappe/pull/24253"],
  },
};

/** A has_permission entry of hooks.py. */
interface PermissionHook {
  doctype: string;
  target: string;
  file: string;
  span: Span;
  snippet: string;
}

/** A Python function of the app, by module path and name. */
interface PythonFunction {
  file: string;
  span: Span;
  snippet: string;
  returnsNone: boolean;
}

/** A region of a file that belongs to one DocType (a record of a fixture, a form handler). */
interface Region {
  span: Span;
  artefact: Artefact;
}

/** What hooks.py attaches to a DocType: a script file, by its path in the app package. */
interface HookedFile {
  artefact: Artefact;
}

/** Script hooks: the artefact type, and what the DocType's artefact is called (`Sales Order form`). */
const HOOKED_SCRIPTS: Record<string, [string, string]> = {
  doctype_js: ["form script", "form"],
  doctype_list_js: ["list view script", "list"],
  doctype_tree_js: ["tree view script", "tree"],
  doctype_calendar_js: ["calendar view script", "calendar"],
};
const HOOKED_PYTHON: Record<string, string> = {
  doc_events: "document event",
  has_permission: "permission hook",
  permission_query_conditions: "permission query",
  override_doctype_class: "controller override",
};

/**
 * Frappe: every finding is placed on the DocType it acts on — the record a fixture holds (a Client
 * Script's `dt`, a Custom Field's `dt`), the `frappe.ui.form.on("Sales Order", …)` it sits in, the
 * `doctype_js` entry of hooks.py that loads its file, the `<doctype>/<doctype>.py` controller it
 * is in — and the profile maps DocTypes to processes.
 */
export class FrappeLinker implements Linker {
  /** file → regions owned by a DocType or a record. */
  readonly #regions = new Map<string, Region[]>();
  /** Script files hooks.py attaches to DocTypes, by path from the project root. */
  readonly #hooked = new Map<string, HookedFile[]>();
  /** Python dotted paths hooks.py calls, by the artefact calling them. */
  readonly #handlers = new Map<string, Artefact[]>();
  /** DocType names by the folder of their definition (`selling/doctype/sales_order`). */
  readonly #doctypeFolders = new Map<string, string>();
  readonly #requiredApps = new Set<string>();
  #appName = "";
  readonly #permissionHooks: PermissionHook[] = [];
  /** hooks.py's app_name, where it is written; whether it declares add_to_apps_screen. */
  #appNameAt: { file: string; span: Span; snippet: string } | undefined;
  #appsScreen = false;
  /** Workspaces the app ships as standard records. */
  #workspaces = 0;
  /** Python distributions the app declares (pyproject.toml), normalised. */
  readonly #declared = new Set<string>();
  /** Imported module, by where the import is: file → span → top-level module. */
  readonly #imports = new Map<string, Map<string, string>>();
  /** Apps the code checks for before using them. */
  readonly #checkedApps = new Set<string>();
  /** "module.function" → where it is defined. */
  readonly #functions = new Map<string, PythonFunction>();
  /** DocTypes the app defines itself (their definitions' JSON). */
  readonly #ownDoctypes = new Set<string>();
  /** DocType names written at a place: file → span → names. */
  readonly #doctypeRefs = new Map<string, Map<string, string[]>>();
  readonly #desk = new Set<string>();

  wants(file: SourceFile): boolean {
    return file.language === "json" || file.language === "python" || file.language === "javascript" || file.language === "toml";
  }

  collect(file: SourceFile, extracted: ExtractedFile, project: Project): void {
    const rel = relative(project, file.path);
    if (file.language === "python" && baseName(file.path) === "hooks.py") return this.#collectHooks(file.path, rel, extracted);
    if (file.language === "python") this.#collectFunctions(file.path, rel, extracted);
    if (file.language === "toml" && baseName(file.path) === "pyproject.toml") {
      for (const f of extracted.facts) {
        if (f.kind === "json" && /^\/project\/dependencies\/\d+$/.test(f.key) && typeof f.detail?.value === "string") {
          this.#declared.add(distribution(f.detail.value));
        }
      }
      return;
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
        if (doctype === "Workspace" && !f.detail?.pointer && /(?:^|\/)workspace\//.test(rel)) this.#workspaces++;
        if (doctype === "DocType" && typeof name === "string" && name && !f.detail?.pointer) {
          this.#doctypeFolders.set(dirOf(rel), name);
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
    if (regions.length > 0) this.#regions.set(file.path, regions);
    this.#collectRefs(file.path, extracted);
  }

  /** Where DocTypes are named, in host positions (code inside the file included). */
  #collectRefs(path: string, extracted: ExtractedFile): void {
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
      if (f.kind === "ref" && f.key.startsWith("app:")) this.#checkedApps.add(f.key.slice("app:".length));
      if (f.kind === "ref" && f.key === "document:DocType" && f.detail?.pointer === "" && typeof f.detail.value === "string") {
        this.#ownDoctypes.add(f.detail.value);
      }
    }
    for (const source of extracted.embedded ?? []) {
      const code = new LineIndex(source.text);
      for (const f of source.facts)
        if (f.kind === "ref" && f.key.startsWith("doctype:")) add(f, hostSpan(source, code, extracted.lines, f.span));
    }
    if (at.size > 0) this.#doctypeRefs.set(path, at);
  }

  answers(finding: Finding): boolean {
    const app = /\/moved-to-([a-z0-9-]+)$/.exec(finding.ruleId)?.[1]?.replace(/-/g, "_");
    if (app && (this.#requiredApps.has(app) || this.#checkedApps.has(app))) return true;
    if (finding.ruleId === DROPPED_DEPENDENCIES_RULE) {
      const module = this.#imports.get(finding.file)?.get(spanKey(finding));
      return module !== undefined && this.#declared.has(distribution(DISTRIBUTIONS[module] ?? module));
    }
    const names = this.#doctypeRefs.get(finding.file)?.get(spanKey(finding));
    return names !== undefined && names.every((n) => this.#ownDoctypes.has(n));
  }

  #collectFunctions(path: string, rel: string, extracted: ExtractedFile): void {
    const imports = new Map<string, string>();
    for (const f of extracted.facts) if (f.kind === "module") imports.set(spanKey(f.span), f.key.split(".")[0]!);
    if (imports.size > 0) this.#imports.set(path, imports);
    const module = moduleOf(rel);
    for (const f of extracted.facts) {
      if (f.kind !== "definition" || f.key.includes(".")) continue;
      this.#functions.set(`${module}.${f.key}`, {
        file: path,
        span: f.span,
        snippet: snippetAt(extracted.lines, f.span.line),
        returnsNone: f.detail?.returnsNone === true,
      });
    }
  }

  #collectHooks(path: string, rel: string, extracted: ExtractedFile): void {
    const app = dirOf(rel);
    const regions: Region[] = [];
    for (const f of extracted.facts) {
      if (f.kind !== "json") continue;
      const [hook, key] = f.key.split("/").slice(1).map(unescapePointer);
      const value = f.detail?.value;
      if (hook === undefined) continue;
      if (hook === "required_apps" && typeof value === "string") this.#requiredApps.add(value.replace(/^.*\//, "").replace(/@.*$/, ""));
      // The app is what it requires: ecommerce_integrations answers what moved to ecommerce_integrations.
      if (hook === "add_to_apps_screen") this.#appsScreen = true;
      if (hook === "app_name" && typeof value === "string") {
        this.#appNameAt = { file: path, span: f.span, snippet: snippetAt(extracted.lines, f.span.line) };
        this.#requiredApps.add(value);
        this.#appName = value;
      }
      if ((hook === "app_include_js" || hook === "app_include_css") && typeof value === "string") this.#desk.add(assetPath(app, value));
      if (key === undefined) continue;
      if (hook === "scheduler_events" && typeof value === "string") {
        push(this.#handlers, value, { type: "scheduled job", name: `${key}: ${value}` });
        continue;
      }
      const script = HOOKED_SCRIPTS[hook];
      const python = HOOKED_PYTHON[hook];
      if (!script && !python) continue;
      if (f.key.split("/").length === 3) regions.push({ span: f.span, artefact: { type: "hook", name: `${hook} of ${key}`, record: key } });
      if (typeof value !== "string") continue;
      if (hook === "has_permission") {
        this.#permissionHooks.push({
          doctype: key,
          target: value,
          file: path,
          span: f.span,
          snippet: snippetAt(extracted.lines, f.span.line),
        });
      }
      if (script) push(this.#hooked, joinPath(app, value), { artefact: { type: script[0], name: `${key} ${script[1]}`, record: key } });
      else push(this.#handlers, value, { type: python!, name: `${key} ${python}`, record: key });
    }
    this.#regions.set(path, regions);
  }

  /**
   * From v16 a has_permission hook denies when it returns None: each hook's function is read, and
   * one that can end without a value is reported where it is defined; one the app does not define
   * in a file Uplift read is reported at the hook, to be checked.
   */
  findings(_code: readonly Finding[], project: Project): Finding[] {
    const hop = [...project.pastHops, ...project.hops].find((h) => h.to === "16");
    if (!hop) return [];
    const already = project.pastHops.includes(hop) ? "Already broken: changed in 16, before this project's version. " : "";
    const out: Finding[] = [];
    if (this.#workspaces > 0 && !this.#appsScreen && this.#appNameAt) {
      const f = ownFinding(
        PERMISSION_CHECKS[APPS_SCREEN_RULE]!,
        { project: project.path, ...this.#appNameAt },
        `${already}The app ships ${this.#workspaces === 1 ? "a workspace" : `${this.#workspaces} workspaces`} but hooks.py has no add_to_apps_screen: v16's desktop builds its icons from that hook, so the app gets none.`,
        'Declare add_to_apps_screen = [{"name": …, "logo": …, "title": …, "route": …}] in hooks.py.',
        [{ type: "app hooks", name: this.#appName || "hooks.py" }],
      );
      out.push({ ...f, hop: hop.label });
    }
    for (const hook of this.#permissionHooks) {
      const fn = this.#functions.get(hook.target) ?? this.#functions.get(`${this.#appName}.${hook.target}`);
      const artefacts: Artefact[] = [{ type: "permission hook", name: `${hook.doctype} permission hook`, record: hook.doctype }];
      if (fn && !fn.returnsNone) continue;
      const f = fn
        ? ownFinding(
            PERMISSION_CHECKS[HAS_PERMISSION_NONE_RULE]!,
            { project: project.path, file: fn.file, span: fn.span, snippet: fn.snippet },
            `${already}This has_permission hook of ${hook.doctype} can end without returning a value; from v16 None denies access, where it used to allow it.`,
            "End every path with return True (allow) or return False (deny).",
            artefacts,
          )
        : ownFinding(
            PERMISSION_CHECKS[HAS_PERMISSION_UNSEEN_RULE]!,
            { project: project.path, file: hook.file, span: hook.span, snippet: hook.snippet },
            `${already}From v16 a has_permission hook that returns None denies access; ${hook.target} is not defined in a file Uplift read, so check that every path of it returns True or False.`,
            "End every path of the hook with return True or return False.",
            artefacts,
          );
      out.push({ ...f, hop: hop.label });
    }
    return out;
  }

  fallbackProcesses(project: Project): string[] {
    const processes = new Set<string>();
    // Every app runs on Frappe: what names no DocType touches the platform.
    for (const app of ["frappe", ...this.#requiredApps]) for (const p of lookupPattern(project.profile.modules, app)) processes.add(p);
    return [...processes];
  }

  artefacts(finding: Finding, project: Project): Artefact[] {
    const rel = relative(project, finding.file);
    const regions = this.#regions.get(finding.file) ?? [];
    const inside = regions.filter((r) => contains(r.span, finding)).sort((a, b) => (contains(a.span, b.span) ? 1 : -1));
    if (inside.length > 0) return [inside[0]!.artefact];
    const hooked = this.#hooked.get(rel);
    if (hooked) return hooked.map((h) => h.artefact);
    const controller = this.#controller(rel);
    if (controller) return [controller];
    const handler = finding.enclosing ? this.#handlerArtefacts(rel, finding.enclosing) : [];
    if (handler.length > 0) return handler;
    if (this.#desk.has(rel)) return [{ type: "desk script", name: rel }];
    return [{ type: baseName(rel) === "hooks.py" ? "app hooks" : fileKind(rel), name: rel }];
  }

  /** `selling/doctype/sales_order/sales_order.js` belongs to Sales Order. */
  #controller(rel: string): Artefact | undefined {
    const m = /(?:^|\/)doctype\/([a-z0-9_]+)\/([a-z0-9_]+?)(_list|_tree|_calendar|_dashboard)?\.(js|py)$/.exec(rel);
    if (!m || m[1] !== m[2]) return undefined;
    const doctype = this.#doctypeFolders.get(dirOf(rel)) ?? unscrub(m[1]!);
    const kind = m[3] === "_list" ? "list view script" : m[4] === "py" ? "doctype controller" : "form script";
    return { type: kind, name: `${doctype} ${kind}`, record: doctype };
  }

  /** Python functions hooks.py names (doc_events, has_permission), by module path and function. */
  #handlerArtefacts(rel: string, enclosing: string): Artefact[] {
    const module = moduleOf(rel);
    return this.#handlers.get(`${module}.${enclosing}`) ?? this.#handlers.get(`${this.#appName}.${module}.${enclosing}`) ?? [];
  }
}

const DROPPED_DEPENDENCIES_RULE = "frappe/15/dropped-python-dependencies";
/** The distribution an import name comes from, where they differ. */
const DISTRIBUTIONS: Record<string, string> = { Crypto: "pycryptodome", png: "pypng", google_auth_httplib2: "google-auth-httplib2" };

/** `PyCryptodome~=3.19` → `pycryptodome`: a requirement's name as pip compares it. */
function distribution(requirement: string): string {
  return (/^[A-Za-z0-9._-]+/.exec(requirement.trim())?.[0] ?? requirement).toLowerCase().replace(/[._-]+/g, "-");
}

/** `acme/events.py` → `acme.events`; a package's `__init__.py` is the package. */
function moduleOf(rel: string): string {
  return rel
    .replace(/\.py$/, "")
    .replace(/\/__init__$/, "")
    .split("/")
    .join(".");
}

/** A whole span, so that only a finding on exactly that name is answered by it. */
function spanKey(s: { line: number; column: number; endLine: number; endColumn: number }): string {
  return `${s.line}:${s.column}-${s.endLine}:${s.endColumn}`;
}

function fileKind(rel: string): string {
  if (rel.endsWith(".html")) return "web template";
  if (rel.endsWith(".json")) return "data file";
  if (rel.endsWith(".py")) return "python module";
  return "script";
}

function recordRegion(document: Fact, facts: readonly Fact[]): Region | undefined {
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
function statementSpan(ref: Fact, extracted: ExtractedFile): Span {
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

function contains(outer: Span, inner: { line: number; column: number; endLine: number; endColumn: number }): boolean {
  const before = (l1: number, c1: number, l2: number, c2: number): boolean => l1 < l2 || (l1 === l2 && c1 <= c2);
  return (
    before(outer.line, outer.column, inner.line, inner.column) && before(inner.endLine, inner.endColumn, outer.endLine, outer.endColumn)
  );
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function relative(project: Project, file: string): string {
  return project.path === "." ? file : file.startsWith(`${project.path}/`) ? file.slice(project.path.length + 1) : file;
}

function dirOf(p: string): string {
  const i = p.lastIndexOf("/");
  return i < 0 ? "" : p.slice(0, i);
}

function baseName(p: string): string {
  return p.slice(p.lastIndexOf("/") + 1);
}

function joinPath(dir: string, rel: string): string {
  return dir ? `${dir}/${rel.replace(/^\.?\//, "")}` : rel;
}

/** `/assets/acme/js/desk.js` and `acme.bundle.js` both name a file of the app's public folder. */
function assetPath(app: string, value: string): string {
  const m = /^\/?assets\/[^/]+\/(.+)$/.exec(value);
  return joinPath(app, m ? `public/${m[1]}` : `public/js/${value}`);
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** `sales_order` → `Sales Order`, as Frappe names a DocType's folder. */
function unscrub(folder: string): string {
  return folder
    .split("_")
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(" ");
}
