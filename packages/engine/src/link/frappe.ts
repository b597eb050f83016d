import type { ExtractedFile, SourceFile, Span } from "@uplift/core";
import type { Project } from "../projects.js";
import type { Artefact, Finding } from "../result.js";
import { ownFinding, type OwnCheck } from "../own-finding.js";
import {
  baseName,
  dirOf,
  distribution,
  linksOf,
  moduleOf,
  relative,
  spanKey,
  type FileLinks,
  type HookedFile,
  type PermissionHook,
  type PythonFunction,
  type Region,
} from "./frappe-links.js";
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
  /** What each file gave, until its result is kept (`collected`). */
  readonly #byFile = new Map<string, FileLinks>();

  wants(file: SourceFile): boolean {
    return (
      file.language === "json" ||
      file.language === "python" ||
      file.language === "javascript" ||
      file.language === "vue" ||
      file.language === "toml"
    );
  }

  collect(file: SourceFile, extracted: ExtractedFile, project: Project): void {
    const links = linksOf(file, extracted, project);
    this.#byFile.set(file.path, links);
    this.#apply(file.path, links);
  }

  collected(file: SourceFile): unknown {
    const links = this.#byFile.get(file.path);
    this.#byFile.delete(file.path);
    return links;
  }

  restore(file: SourceFile, data: unknown): void {
    this.#apply(file.path, data as FileLinks);
  }

  #apply(path: string, links: FileLinks): void {
    if (links.regions) this.#regions.set(path, links.regions);
    for (const [rel, hooked] of links.hooked ?? []) push(this.#hooked, rel, hooked);
    for (const [target, artefact] of links.handlers ?? []) push(this.#handlers, target, artefact);
    for (const [folder, doctype] of links.doctypeFolders ?? []) this.#doctypeFolders.set(folder, doctype);
    for (const app of links.requiredApps ?? []) this.#requiredApps.add(app);
    if (links.appName !== undefined) this.#appName = links.appName;
    if (links.appNameAt) this.#appNameAt = links.appNameAt;
    if (links.appsScreen) this.#appsScreen = true;
    if (links.permissionHooks) this.#permissionHooks.push(...links.permissionHooks);
    this.#workspaces += links.workspaces ?? 0;
    for (const d of links.declared ?? []) this.#declared.add(d);
    if (links.imports) this.#imports.set(path, new Map(links.imports));
    for (const app of links.checkedApps ?? []) this.#checkedApps.add(app);
    for (const [name, fn] of links.functions ?? []) this.#functions.set(name, fn);
    for (const doctype of links.ownDoctypes ?? []) this.#ownDoctypes.add(doctype);
    if (links.doctypeRefs) this.#doctypeRefs.set(path, new Map(links.doctypeRefs));
    for (const asset of links.desk ?? []) this.#desk.add(asset);
  }

  answers(finding: Finding, project: Project): boolean {
    const app = /\/moved-to-([a-z0-9-]+)$/.exec(finding.ruleId)?.[1]?.replace(/-/g, "_");
    if (app && (this.#requiredApps.has(app) || this.#checkedApps.has(app))) return true;
    if (finding.ruleId === DROPPED_DEPENDENCIES_RULE) {
      const module = this.#imports.get(finding.file)?.get(spanKey(finding));
      return module !== undefined && this.#declared.has(distribution(DISTRIBUTIONS[module] ?? module));
    }
    const names = this.#doctypeRefs.get(finding.file)?.get(spanKey(finding));
    if (names !== undefined && names.every((n) => this.#ownDoctypes.has(n))) return true;
    // A field of ERPNext's stock and tax rows, read in the form or controller of a DocType the app
    // defines, is a field of the app's own rows (a clinic's batch_no), which ERPNext did not change.
    if (ROW_FIELD_RULES.has(finding.ruleId)) {
      const records = this.artefacts(finding, project).map((a) => a.record);
      return records.length > 0 && records.every((r) => r !== undefined && this.#ownDoctypes.has(r));
    }
    return false;
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
/** Rules keyed on the name of a field of ERPNext's own rows (`*.batch_no`), not on a DocType. */
const ROW_FIELD_RULES = new Set([
  "frappe/15/serial-batch-bundle",
  "frappe/16/item-wise-tax-detail",
  "frappe/16/item-wise-tax-detail-unbound",
]);
/** The distribution an import name comes from, where they differ. */
const DISTRIBUTIONS: Record<string, string> = { Crypto: "pycryptodome", png: "pypng", google_auth_httplib2: "google-auth-httplib2" };

function fileKind(rel: string): string {
  if (rel.endsWith(".html")) return "web template";
  if (rel.endsWith(".json")) return "data file";
  if (rel.endsWith(".py")) return "python module";
  return "script";
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

/** `sales_order` → `Sales Order`, as Frappe names a DocType's folder. */
function unscrub(folder: string): string {
  return folder
    .split("_")
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(" ");
}
