import type { ExtractedFile, Fact, SourceFile, Span } from "@uplift/core";
import type { Project } from "../projects.js";
import type { Finding } from "../result.js";
import { snippetAt } from "../match-file.js";
import { ownFinding, type OwnCheck } from "../own-finding.js";
import { deriveRefs } from "../refs/index.js";

export const STATES_IN_VIEW_RULE = "odoo/17.0/field-states-shown-in-view";
export const HOOK_NAMED_IN_MANIFEST_RULE = "odoo/17.0/init-hook-named-in-manifest";

const CHECKS: Record<string, OwnCheck> = {
  [STATES_IN_VIEW_RULE]: {
    ruleId: STATES_IN_VIEW_RULE,
    title: "A view shows a field whose states= 17.0 ignores",
    severity: "medium",
    change: "behaviour",
    effortMinutes: 5,
    effortMaxMinutes: 15,
    references: ["https://github.com/odoo/odoo/pull/104741", "https://github.com/odoo/odoo/pull/140694"],
  },
  [HOOK_NAMED_IN_MANIFEST_RULE]: {
    ruleId: HOOK_NAMED_IN_MANIFEST_RULE,
    title: "A hook the manifest names still takes cr",
    severity: "high",
    change: "signature",
    effortMinutes: 5,
    effortMaxMinutes: 15,
    references: [
      "https://github.com/odoo/odoo/pull/108254",
      "https://github.com/odoo/odoo/commit/b4a7996e967621aa090dc80346e6c3ef1d032dcf",
    ],
  },
};

/** The manifest keys that name a hook function, which 17.0 calls with env alone. */
const HOOK_KEYS = ["pre_init_hook", "post_init_hook", "uninstall_hook"];

interface Place {
  file: string;
  span: Span;
  snippet: string;
}

interface ViewField extends Place {
  /** `field:sale.order.warehouse_id` */
  key: string;
  /** The view record it stands in. */
  enclosing: string | undefined;
}

/** What one file gave the checks, kept with its result so that a rerun need not read the file. */
export interface CheckedFile {
  path: string;
  hooks?: Array<[string, string]>;
  states?: Array<[string, Place]>;
  cursor?: Array<[string, Place]>;
  views?: ViewField[];
}

/**
 * Checks that need two files of one addon: a field whose Python declaration gives states= and the
 * views that show it (17.0 ignores states=, so each view must carry the readonly condition), and a
 * hook the manifest names otherwise than the standard names (the pack's rules see hooks by name).
 */
export class OdooOwnChecks {
  /** Per project: `field:model.name` declared with states= → where. */
  readonly #statesFields = new Map<string, Map<string, Place>>();
  /** Per project: fields shown in views without a readonly or attrs of their own. */
  readonly #viewFields = new Map<string, ViewField[]>();
  /** Per project: manifest key → the hook function it names. */
  readonly #hooks = new Map<string, Map<string, string>>();
  /** Per project: module-level function name → its definition, for those whose first parameter is cr. */
  readonly #cursorFunctions = new Map<string, Map<string, Place>>();
  /** What the file collected last gave. */
  #last: CheckedFile | undefined;

  /** What the file just collected gave, if it is the one named. */
  collected(path: string): CheckedFile | undefined {
    return this.#last?.path === path ? this.#last : undefined;
  }

  /** Takes back what a file gave, as `collected` returned it. */
  restore(file: CheckedFile, project: Project): void {
    if (file.hooks) this.#hooks.set(project.path, new Map(file.hooks));
    for (const [key, place] of file.states ?? []) mapOf(this.#statesFields, project.path).set(key, place);
    for (const [key, place] of file.cursor ?? []) mapOf(this.#cursorFunctions, project.path).set(key, place);
    if (file.views && file.views.length > 0)
      this.#viewFields.set(project.path, [...(this.#viewFields.get(project.path) ?? []), ...file.views]);
  }

  collectManifest(extracted: ExtractedFile, project: Project): void {
    const hooks = new Map<string, string>();
    for (const f of extracted.facts) {
      const key = f.kind === "json" ? f.key.slice(1) : "";
      if (HOOK_KEYS.includes(key) && typeof f.detail?.value === "string") hooks.set(key, f.detail.value);
    }
    this.#last = { path: project.marker ?? "" };
    if (hooks.size > 0) {
      this.#hooks.set(project.path, hooks);
      this.#last.hooks = [...hooks];
    }
  }

  collectPython(path: string, extracted: ExtractedFile, project: Project): void {
    const last: CheckedFile = (this.#last = { path, states: [], cursor: [] });
    const defines = extracted.facts.filter((f) => f.kind === "ref" && f.detail?.verb === "define" && f.key.startsWith("field:"));
    for (const call of extracted.facts) {
      if (call.kind !== "call" || !/^odoo\.fields\.\w+$/.test(call.key) || !call.detail?.keywords?.states) continue;
      // `name = fields.X(…, states=…)`: the field's name is defined on the line the call starts, before it.
      const name = defines.find((d) => d.span.line === call.span.line && d.span.column < call.span.column);
      if (!name || name.key.includes(".?.") || name.key.startsWith("field:?.")) continue;
      const place = { file: path, span: name.span, snippet: snippetAt(extracted.lines, name.span.line) };
      mapOf(this.#statesFields, project.path).set(name.key, place);
      last.states!.push([name.key, place]);
    }
    for (const f of extracted.facts) {
      const params = f.detail?.params;
      if (f.kind !== "definition" || f.key.includes(".") || f.enclosing || !Array.isArray(params) || params[0] !== "cr") continue;
      const place = { file: path, span: f.span, snippet: snippetAt(extracted.lines, f.span.line) };
      mapOf(this.#cursorFunctions, project.path).set(f.key, place);
      last.cursor!.push([f.key, place]);
    }
  }

  collectXml(file: SourceFile, extracted: ExtractedFile, project: Project): void {
    const path = file.path;
    const last: CheckedFile = (this.#last = { path, views: [] });
    const elements = extracted.facts
      .filter((f) => f.kind === "element" && f.key === "field")
      .sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
    const formRecords = recordsWithFormMarkup(extracted.facts);
    // The scan derives the view's ref facts after every file is read; the fields a view shows are derived here the same way.
    const module = project.path === "." ? undefined : project.path.slice(project.path.lastIndexOf("/") + 1);
    for (const ref of deriveRefs("odoo", file, extracted, { module })) {
      if (ref.kind !== "ref" || ref.detail?.verb !== "view" || !ref.key.startsWith("field:")) continue;
      const element = startTagAround(elements, ref.span);
      const attrs = element?.detail?.attributes ?? {};
      // A field used as an anchor, a hidden one, or one whose view already gives it conditions of its own.
      if (!element || OWN_CONDITIONS.some((a) => attrs[a] !== undefined)) continue;
      if (!editableView(element, formRecords)) continue;
      const list = this.#viewFields.get(project.path) ?? [];
      // The finding covers the element's start tag: the condition is an attribute to add to it.
      const span = element.span;
      const view: ViewField = { key: ref.key, enclosing: ref.enclosing, file: path, span, snippet: snippetAt(extracted.lines, span.line) };
      list.push(view);
      last.views!.push(view);
      this.#viewFields.set(project.path, list);
    }
  }

  findings(project: Project): Finding[] {
    // Like the packs' rules, a past hop reports only removals: neither check is one.
    const hop = project.hops.find((h) => h.to === "17.0");
    if (!hop) return [];
    const out: Finding[] = [];
    const states = this.#statesFields.get(project.path);
    for (const view of this.#viewFields.get(project.path) ?? []) {
      const declared = states?.get(view.key);
      if (!declared) continue;
      const field = view.key.slice("field:".length);
      const f = ownFinding(
        CHECKS[STATES_IN_VIEW_RULE]!,
        { project: project.path, ...view },
        `${field} takes its per-state readonly, required or invisible from states= in its declaration (${declared.file}:${declared.span.line}), which 17.0 ignores: this view shows the field without a condition of its own, so the field no longer changes with the state here.`,
        `Give the field here the condition states= gave it, e.g. readonly="state not in ('draft', 'sent')".`,
      );
      // Standing in its view record names the view (and the view it extends) as the artefact.
      out.push(view.enclosing ? { ...f, enclosing: view.enclosing, hop: hop.label } : { ...f, hop: hop.label });
    }
    const functions = this.#cursorFunctions.get(project.path);
    for (const [key, name] of this.#hooks.get(project.path) ?? []) {
      // A hook with one of the standard names is the pack's rule (odoo/17.0/init-hook-env).
      const fn = HOOK_KEYS.includes(name) ? undefined : functions?.get(name);
      if (!fn) continue;
      const f = ownFinding(
        CHECKS[HOOK_NAMED_IN_MANIFEST_RULE]!,
        { project: project.path, ...fn },
        `The manifest names ${name} as its ${key}, and 17.0 calls hooks with the environment alone: written as (cr, …), it fails with a TypeError when the module is installed or uninstalled.`,
        `Write it as def ${name}(env) and use env directly (env.cr for the cursor).`,
      );
      out.push({ ...f, hop: hop.label });
    }
    return out;
  }
}

function mapOf<V>(maps: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let m = maps.get(key);
  if (!m) maps.set(key, (m = new Map()));
  return m;
}

/**
 * The start tag a ref lies in. Start tags do not nest, so it is the last one (of those sorted by
 * position) that starts at or before the ref, if it reaches past it.
 */
function startTagAround(elements: readonly Fact[], span: Span): Fact | undefined {
  let lo = 0;
  let hi = elements.length - 1;
  let found: Fact | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const e = elements[mid]!;
    if (before(e.span, span)) {
      found = e;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found && contains(found.span, span) ? found : undefined;
}

function before(a: Span, b: Span): boolean {
  return a.line < b.line || (a.line === b.line && a.column <= b.column);
}

function contains(outer: Span, inner: Span): boolean {
  const after = inner.line > outer.line || (inner.line === outer.line && inner.column >= outer.column);
  const before = inner.endLine < outer.endLine || (inner.endLine === outer.endLine && inner.endColumn <= outer.endColumn);
  return after && before;
}

const OWN_CONDITIONS = ["position", "readonly", "required", "invisible", "column_invisible", "attrs", "states"];

/** View roots whose fields are never edited in place (a list is, only when it says editable). */
const READ_ONLY_VIEWS = new Set([
  "search",
  "kanban",
  "calendar",
  "pivot",
  "graph",
  "gantt",
  "cohort",
  "map",
  "activity",
  "hierarchy",
  "qweb",
]);
/** Markup that only a form has: an inherited view whose arch holds it, or aims an xpath at it, extends a form. */
const FORM_ONLY = new Set(["sheet", "notebook", "page", "header", "footer", "chatter"]);
const FORM_XPATH = /\/(form|sheet|notebook|page|header|footer)\b/;

/**
 * Where a field can be edited: in a form, or in a list that says editable. An inherited view
 * states no type; it counts as a form when its arch holds (or an xpath aims at) form-only markup
 * and no filter, which only a search view has.
 */
function editableView(element: Fact, formRecords: Set<string>): boolean {
  for (const step of [...(element.detail?.ancestors ?? [])].reverse()) {
    if (step.name === "form") return true;
    if (step.name === "tree" || step.name === "list") return step.attributes.editable !== undefined;
    if (READ_ONLY_VIEWS.has(step.name)) return false;
    // An xpath into a field's sub-view: its form is a form; whether its list is editable is the standard view's to say.
    const into =
      step.name === "xpath" ? /\/(form|tree|list|kanban)\b(?!.*\/(form|tree|list|kanban)\b)/.exec(step.attributes.expr ?? "") : null;
    if (into) return into[1] === "form";
  }
  return element.enclosing !== undefined && formRecords.has(element.enclosing);
}

/** The records (views) whose arch shows form-only markup and no search filter. */
function recordsWithFormMarkup(facts: readonly Fact[]): Set<string> {
  const form = new Set<string>();
  const search = new Set<string>();
  for (const f of facts) {
    if (f.kind !== "element" || !f.enclosing) continue;
    if (f.key === "filter" || f.key === "searchpanel") search.add(f.enclosing);
    else if (FORM_ONLY.has(f.key) || (f.key === "xpath" && FORM_XPATH.test(f.detail?.attributes?.expr ?? ""))) form.add(f.enclosing);
  }
  for (const r of search) form.delete(r);
  return form;
}
