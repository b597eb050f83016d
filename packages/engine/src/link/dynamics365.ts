import type { ExtractedFile, Fact, SourceFile, Span, XmlStep } from "@uplift/core";
import { snippetAt } from "../match-file.js";
import type { Project } from "../projects.js";
import type { Artefact, Finding } from "../result.js";
import { compileGlobs } from "../conditions.js";
import type { TypeSeed } from "../bind/bind.js";
import type { Linker } from "./linker.js";
import { ownFinding, type OwnCheck } from "../own-finding.js";

export const MISSING_HANDLER_RULE = "dynamics365/link/handler-function-missing";
export const UNVERIFIED_HANDLER_RULE = "dynamics365/link/handler-function-unverified";
export const EXECUTION_CONTEXT_RULE = "dynamics365/link/pass-execution-context";

/** A place where configuration calls code: a form event handler, a ribbon command or rule. */
interface EntryPoint {
  functionName: string;
  /** The web resource name of the library (`new_/scripts/account.js`). */
  library: string;
  artefact: Artefact;
  passExecutionContext: boolean | undefined;
  /** The declared type configuration gives each parameter, by index. */
  params: Array<string | undefined>;
  file: string;
  span: Span;
  snippet: string;
}

/** What a library file defines, as far as it can be read. */
interface LibraryDefinitions {
  names: Set<string>;
  /** Another name → the name it stands for (`Contoso.Form.onLoad` → `onLoad`). */
  aliases: Map<string, string>;
  /** Names whose members cannot be listed statically. */
  opaque: Set<string>;
  /** The file did not parse cleanly: what it defines is not fully known. */
  broken: boolean;
}

/**
 * What one file gave the linker, as plain data: `collect` fills it, `#apply` adds it to what the
 * project has, in the order it was found, so that a file replayed from the cache gives the same.
 */
interface DynamicsFileLinks {
  /** A library's definitions: names, other names (in the order written: alias, target), opaque names. */
  definitions?: { names: string[]; aliases: Array<[string, string]>; opaque: string[]; broken: boolean };
  /** Calls between functions: callee, caller. */
  calls?: Array<[string, string]>;
  entries?: EntryPoint[];
  /** Web resources customizations.xml declares: file name in the export, name. */
  webResources?: Array<[string, string]>;
  /** HTML web resources placed on forms: URL, artefact. */
  controls?: Array<[string, Artefact]>;
}

/** Form events whose execution context is of a more specific declared type. */
const EVENT_CONTEXT_TYPES: Record<string, string> = {
  onsave: "Xrm.Events.SaveEventContext",
  onload: "Xrm.Events.LoadEventContext",
};
/** Ribbon CrmParameter values the Client API documents as objects, by where the command runs. */
const CRM_PARAMETER_TYPES: Record<string, { form?: string; grid?: string }> = {
  PrimaryControl: { form: "Xrm.FormContext", grid: "Xrm.Controls.GridControl" },
  SelectedControl: { form: "Xrm.Controls.GridControl", grid: "Xrm.Controls.GridControl" },
};
const RIBBON_PARAMETERS = new Set(["CrmParameter", "StringParameter", "BoolParameter", "IntParameter", "DecimalParameter"]);

const EVENT_LABELS: Record<string, string> = {
  onload: "OnLoad",
  onsave: "OnSave",
  onchange: "OnChange",
  tabstatechange: "TabStateChange",
  onreadystatecomplete: "OnReadyStateComplete",
  onresultopened: "OnResultOpened",
  onselection: "OnSelection",
  onrecordselect: "OnRecordSelect",
  onprocessstatuschange: "OnProcessStatusChange",
  onstagechange: "OnStageChange",
  onstageselected: "OnStageSelected",
};
const WEB_RESOURCE_CONTROL = "{9fdf5f91-88b1-47f4-ad53-c11efc01a01d}";

/**
 * Dynamics 365: solution exports say which forms, events and ribbon buttons call which function
 * of which web resource. A finding in a function is traced through the calls between functions
 * to those entry points, so it can say "Account — Account form — OnLoad".
 */
export class DynamicsLinker implements Linker {
  readonly #entries: EntryPoint[] = [];
  /** Web resource name by the path of its file in the scan. */
  readonly #webResourceByFile = new Map<string, string>();
  /** Archive member path (inner) → web resource name, from customizations.xml. */
  readonly #webResourceByInner = new Map<string, string>();
  /** Function → the functions that call it. */
  readonly #callers = new Map<string, Set<string>>();
  /** Functions defined, by web resource file. */
  readonly #definitions = new Map<string, LibraryDefinitions>();
  /** Function name → the other names it is defined under. */
  readonly #aliasesOf = new Map<string, Set<string>>();
  /** HTML web resources placed on forms. */
  readonly #controls = new Map<string, Artefact[]>();
  readonly #needsContext: (ruleId: string) => boolean;

  constructor(project: Project) {
    const patterns = project.profile.executionContextRules ?? [];
    const match = patterns.length > 0 ? compileGlobs(patterns) : undefined;
    this.#needsContext = (id) => match?.(id) ?? false;
  }

  wants(file: SourceFile): boolean {
    return file.language !== "json" && file.language !== "yaml";
  }

  /** What each file gave, until its result is kept (`collected`). */
  readonly #byFile = new Map<string, DynamicsFileLinks>();

  collect(file: SourceFile, extracted: ExtractedFile): void {
    let links: DynamicsFileLinks | undefined;
    if (file.language === "javascript" || file.language === "typescript" || file.language === "html") links = codeLinks(extracted);
    else if (file.language === "xml") links = configLinks(file, extracted);
    if (!links) return;
    this.#byFile.set(file.path, links);
    this.#apply(file.path, links);
  }

  collected(file: SourceFile): unknown {
    const links = this.#byFile.get(file.path);
    this.#byFile.delete(file.path);
    return links ?? {};
  }

  restore(file: SourceFile, data: unknown): void {
    this.#apply(file.path, data as DynamicsFileLinks);
  }

  #apply(path: string, links: DynamicsFileLinks): void {
    if (links.definitions) {
      const d = links.definitions;
      const defs: LibraryDefinitions = { names: new Set(d.names), aliases: new Map(), opaque: new Set(d.opaque), broken: d.broken };
      for (const [alias, target] of d.aliases) {
        defs.aliases.set(alias, target);
        let set = this.#aliasesOf.get(target);
        if (!set) this.#aliasesOf.set(target, (set = new Set()));
        set.add(alias);
      }
      this.#definitions.set(path, defs);
    }
    for (const [callee, caller] of links.calls ?? []) {
      let set = this.#callers.get(callee);
      if (!set) this.#callers.set(callee, (set = new Set()));
      set.add(caller);
    }
    for (const [inner, name] of links.webResources ?? []) this.#webResourceByInner.set(inner, name);
    if (links.entries) this.#entries.push(...links.entries);
    for (const [url, artefact] of links.controls ?? []) {
      const list = this.#controls.get(url) ?? [];
      list.push(artefact);
      this.#controls.set(url, list);
    }
  }

  /** The web resource name of a file: from customizations.xml in an export, from the folder when unpacked. */
  #webResourceOf(file: string): string | undefined {
    const bang = file.indexOf("!/");
    if (bang >= 0) {
      const inner = file.slice(bang + 2);
      return this.#webResourceByInner.get(inner) ?? this.#webResourceByFile.get(file);
    }
    const m = /(?:^|\/)WebResources\/(.+)$/.exec(file);
    return m?.[1];
  }

  /** Every function from which `name` can be reached through calls, itself included. */
  #reaching(name: string): Set<string> {
    const seen = new Set<string>();
    const queue = [name];
    while (queue.length > 0 && seen.size < 10_000) {
      const n = queue.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      // A nested function is reached through the one it sits in, and under every other name it has.
      const dot = n.lastIndexOf(".");
      if (dot > 0) queue.push(n.slice(0, dot));
      for (const caller of this.#callers.get(n) ?? []) queue.push(caller);
      for (const alias of this.#aliasesOf.get(n) ?? []) queue.push(alias);
    }
    return seen;
  }

  #entriesFor(finding: Finding): EntryPoint[] {
    const library = this.#webResourceOf(finding.file);
    if (!finding.enclosing) return [];
    const reaching = this.#reaching(finding.enclosing);
    return this.#entries.filter((e) => reaching.has(e.functionName) && (!library || !e.library || sameLibrary(e.library, library)));
  }

  artefacts(finding: Finding): Artefact[] {
    const entries = this.#entriesFor(finding);
    if (entries.length > 0) return uniqueArtefacts(entries.map((e) => e.artefact));
    const library = this.#webResourceOf(finding.file);
    const controls = library ? this.#controls.get(library) : undefined;
    if (controls) return uniqueArtefacts(controls);
    return [{ type: "web resource", name: library ?? finding.file }];
  }

  /**
   * What only the configuration shows: a handler that names a function its library does not
   * define, and a handler whose code must move to formContext but gets no execution context.
   */
  findings(code: readonly Finding[], project: Project): Finding[] {
    const out: Finding[] = [];
    const definedIn = this.#librariesByName();
    const needing = new Set<string>();
    for (const f of code) {
      if (!this.#needsContext(f.ruleId)) continue;
      for (const e of this.#entriesFor(f)) needing.add(`${e.file}\0${e.span.line}\0${e.span.column}`);
    }
    for (const e of this.#entries) {
      const verdict = this.#verdict(definedIn, e);
      if (verdict === "missing") {
        out.push(
          linkFinding(
            project,
            e,
            MISSING_HANDLER_RULE,
            `${e.artefact.name} calls ${e.functionName}, which ${e.library} does not define: the form shows a script error.`,
            "Point the handler at a function the library defines, or add the function.",
          ),
        );
      } else if (verdict === "unknown") {
        out.push(
          linkFinding(
            project,
            e,
            UNVERIFIED_HANDLER_RULE,
            `${e.artefact.name} calls ${e.functionName}; ${e.library} builds its functions in a way that cannot be read without running it, so whether it defines this one is not known.`,
            "Check that the library defines the function (open the form and trigger the event), or define it plainly (Namespace.fn = function …).",
          ),
        );
      }
      if (e.passExecutionContext === false && needing.has(`${e.file}\0${e.span.line}\0${e.span.column}`)) {
        out.push(
          linkFinding(
            project,
            e,
            EXECUTION_CONTEXT_RULE,
            `${e.artefact.name} runs code that must move from Xrm.Page to formContext, but the handler does not pass the execution context.`,
            "Tick 'Pass execution context as first parameter' (passExecutionContext=\"true\") and read executionContext.getFormContext().",
          ),
        );
      }
    }
    return out;
  }

  /** Parameters the configuration types: a handler's execution context, a ribbon command's PrimaryControl. */
  seeds(): TypeSeed[] {
    const libraries = this.#librariesByName();
    const out: TypeSeed[] = [];
    for (const e of this.#entries) {
      const file = libraries.get(e.library.toLowerCase())?.file;
      if (!file) continue;
      e.params.forEach((type, param) => {
        if (type) out.push({ file, functionName: e.functionName, param, type });
      });
    }
    return out;
  }

  /**
   * What the seeds are made of besides the library files' paths (which the binding stage keys by):
   * the typed parameters of each entry point, and the web resource names an export gives its files.
   */
  bindingKey(): unknown {
    const typed = this.#entries.filter((e) => e.params.some(Boolean)).map((e) => [e.library, e.functionName, e.params]);
    return { typed, webResources: [...this.#webResourceByInner] };
  }

  /**
   * Whether a handler's function exists: its own library first; functions are global once the
   * form has loaded its libraries, so another library of the solution defining it counts too.
   */
  #verdict(libraries: Map<string, { file: string; defs: LibraryDefinitions }>, e: EntryPoint): "defined" | "missing" | "unknown" {
    const own = libraries.get(e.library.toLowerCase())?.defs;
    if (!own) return "defined";
    let verdict = definedBy(own, e.functionName);
    if (verdict === "defined") return verdict;
    for (const { defs } of libraries.values()) {
      if (defs === own) continue;
      const other = definedBy(defs, e.functionName, 0, false);
      if (other === "defined") return "defined";
      if (other === "unknown") verdict = "unknown";
    }
    return verdict;
  }

  /** Library files by their web resource name (lower case). */
  #librariesByName(): Map<string, { file: string; defs: LibraryDefinitions }> {
    const out = new Map<string, { file: string; defs: LibraryDefinitions }>();
    for (const [file, defs] of this.#definitions) {
      const name = this.#webResourceOf(file);
      if (name) out.set(name.toLowerCase(), { file, defs });
    }
    return out;
  }
}

/** What a configuration file (a solution's XML) says: handlers, ribbon commands, web resources, form controls. */
function configLinks(file: SourceFile, extracted: ExtractedFile): DynamicsFileLinks {
  const links: DynamicsFileLinks = {};
  const entityFromPath = /(?:^|\/)Entities\/([^/]+)\//.exec(file.path)?.[1];
  const entityNames = new Map<XmlStep, string>();
  const formNames = new Map<XmlStep, string>();
  const buttons = new Map<string, string>();
  /** Command → where its buttons are (form, grid). */
  const placed = new Map<string, Set<"form" | "grid">>();
  const facts = extracted.facts.filter((f) => f.kind === "element");
  const parentOf = (f: Fact): XmlStep | undefined => f.detail?.ancestors?.[f.detail.ancestors.length - 1];
  const ancestor = (f: Fact, name: string): XmlStep | undefined => [...(f.detail?.ancestors ?? [])].reverse().find((s) => s.name === name);
  for (const f of facts) {
    const parent = parentOf(f);
    const a = f.detail?.attributes ?? {};
    if (f.key === "Name" && parent?.name === "Entity" && typeof f.detail?.value === "string") entityNames.set(parent, f.detail.value);
    else if (f.key === "LocalizedName" && a.description) {
      const form = ancestor(f, "systemform");
      if (form && !formNames.has(form) && parentOf(f)?.name === "LocalizedNames") formNames.set(form, a.description);
    } else if (f.key === "Button" && a.Command) {
      buttons.set(a.Command, a.LabelText && !a.LabelText.startsWith("$") ? a.LabelText : (a.Id ?? a.Command));
      const location = ancestor(f, "CustomAction")?.attributes.Location ?? "";
      const where = /\.Form\./.test(location) ? "form" : /\.(HomepageGrid|SubGrid)\./.test(location) ? "grid" : undefined;
      if (where) {
        let set = placed.get(a.Command);
        if (!set) placed.set(a.Command, (set = new Set()));
        set.add(where);
      }
    } else if (f.key === "WebResource") continue;
  }
  // Web resources declared in customizations.xml: their file name in the export and their name.
  let pending: { name?: string; fileName?: string } | undefined;
  for (const f of facts) {
    const parent = parentOf(f);
    if (f.key === "WebResource") pending = {};
    else if (pending && parent?.name === "WebResource" && typeof f.detail?.value === "string") {
      if (f.key === "Name") pending.name = f.detail.value;
      if (f.key === "FileName") pending.fileName = f.detail.value.replace(/^[\\/]+/, "");
      if (pending.name && pending.fileName) {
        (links.webResources ??= []).push([pending.fileName, pending.name]);
        pending = undefined;
      }
    }
  }
  const entityOf = (f: Fact): string => {
    const step = ancestor(f, "Entity");
    return (step && entityNames.get(step)) ?? entityFromPath ?? "";
  };
  let ribbonEntry: EntryPoint | undefined;
  let ribbonCommand: string | undefined;
  for (const f of facts) {
    const a = f.detail?.attributes ?? {};
    if (RIBBON_PARAMETERS.has(f.key) && parentOf(f)?.name === "JavaScriptFunction" && ribbonEntry) {
      // Parameters are passed in the order they are written.
      const where = ribbonCommand ? placed.get(ribbonCommand) : undefined;
      const types = f.key === "CrmParameter" ? CRM_PARAMETER_TYPES[a.Value ?? ""] : undefined;
      const only = where?.size === 1 ? [...where][0] : undefined;
      ribbonEntry.params.push(types && only ? types[only] : undefined);
      continue;
    }
    const entity = entityOf(f);
    const entityLabel = entity || "Application";
    const record = entity ? entity.toLowerCase() : undefined;
    const base = { file: f.key, span: f.span, snippet: snippetAt(extracted.lines, f.span.line) };
    if (f.key === "Handler" && a.functionName) {
      const form = ancestor(f, "systemform");
      const formName = (form && formNames.get(form)) ?? "Main";
      const event = ancestor(f, "event");
      const eventName = event?.attributes.name?.toLowerCase() ?? "event";
      const label = EVENT_LABELS[eventName] ?? event?.attributes.name ?? "event";
      const on = event?.attributes.attribute ?? event?.attributes.control;
      const artefact: Artefact = {
        type: "form event",
        name: `${entityLabel} — ${formName} form — ${label}${on ? ` of ${on}` : ""}`,
        screen: `${entityLabel} — ${formName} form`,
      };
      if (record) artefact.record = record;
      (links.entries ??= []).push({
        ...base,
        file: file.path,
        functionName: stripWindow(a.functionName),
        library: a.libraryName ?? "",
        artefact,
        passExecutionContext: a.passExecutionContext === undefined ? undefined : a.passExecutionContext.toLowerCase() === "true",
        params: a.passExecutionContext?.toLowerCase() === "true" ? [EVENT_CONTEXT_TYPES[eventName] ?? "Xrm.Events.EventContext"] : [],
      });
    } else if ((f.key === "JavaScriptFunction" || f.key === "CustomRule") && a.FunctionName) {
      const command = ancestor(f, "CommandDefinition")?.attributes.Id;
      const rule = ancestor(f, "EnableRule") ?? ancestor(f, "DisplayRule");
      const what = command ? `${buttons.get(command) ?? command} button` : `${rule?.attributes.Id ?? "custom"} rule`;
      const artefact: Artefact = {
        type: f.key === "CustomRule" ? "ribbon rule" : "ribbon command",
        name: `${entityLabel} ribbon — ${what}`,
        screen: `${entityLabel} ribbon`,
      };
      if (record) artefact.record = record;
      const library = (a.Library ?? "").replace(/^\$webresource:/i, "");
      const entry: EntryPoint = {
        ...base,
        file: file.path,
        functionName: stripWindow(a.FunctionName),
        library,
        artefact,
        passExecutionContext: undefined,
        params: [],
      };
      (links.entries ??= []).push(entry);
      ribbonEntry = f.key === "JavaScriptFunction" ? entry : undefined;
      ribbonCommand = command;
    } else if (f.key === "control" && a.classid?.toLowerCase() === WEB_RESOURCE_CONTROL) {
      const url = findControlUrl(extracted.facts, f);
      if (!url) continue;
      const form = ancestor(f, "systemform");
      const formLabel = `${entityLabel} — ${(form && formNames.get(form)) ?? "Main"} form`;
      const artefact: Artefact = { type: "form web resource", name: `${formLabel} — ${a.id ?? url}`, screen: formLabel };
      if (record) artefact.record = record;
      (links.controls ??= []).push([url, artefact]);
    }
  }
  return links;
}

/** What a library file (JavaScript, TypeScript, HTML) defines and which of its functions call which. */
function codeLinks(extracted: ExtractedFile): DynamicsFileLinks {
  const definitions = { names: new Set<string>(), aliases: [] as Array<[string, string]>, opaque: new Set<string>() };
  const calls = new Map<string, [string, string]>();
  for (const f of extracted.facts) {
    if (f.kind === "definition") {
      definitions.names.add(f.key);
      if (f.detail?.opaque) definitions.opaque.add(f.key);
      const target = f.detail?.aliasOf;
      if (target !== undefined) definitions.aliases.push([f.key, target]);
    } else if (f.kind === "call" && f.enclosing) {
      const callee = calleeName(f.key, f.enclosing);
      if (callee) calls.set(`${callee}\0${f.enclosing}`, [callee, f.enclosing]);
    }
  }
  const links: DynamicsFileLinks = {
    definitions: {
      names: [...definitions.names],
      aliases: definitions.aliases,
      opaque: [...definitions.opaque],
      broken: extracted.problems.length > 0,
    },
  };
  if (calls.size > 0) links.calls = [...calls.values()];
  return links;
}

/**
 * Whether a library defines a function: under its own name or another name for it (aliases,
 * followed a few steps), or possibly (a name under something opaque, or a file that did not
 * parse), or provably not.
 */
function definedBy(defs: LibraryDefinitions, name: string, depth = 0, brokenCounts = true): "defined" | "missing" | "unknown" {
  if (defs.names.has(name) && !defs.opaque.has(name)) return "defined";
  if (depth < 4) {
    for (const [alias, target] of defs.aliases) {
      if (name !== alias && !name.startsWith(`${alias}.`)) continue;
      const verdict = definedBy(defs, target + name.slice(alias.length), depth + 1, brokenCounts);
      if (verdict !== "missing") return verdict;
    }
  }
  if (defs.opaque.has(name)) return "defined";
  if (defs.broken && brokenCounts) return "unknown";
  for (const prefix of defs.opaque) if (name.startsWith(`${prefix}.`)) return "unknown";
  return "missing";
}

const LINK_CHECKS: Record<string, OwnCheck> = {
  [UNVERIFIED_HANDLER_RULE]: {
    ruleId: UNVERIFIED_HANDLER_RULE,
    title: "Handler function could not be verified",
    severity: "low",
    change: "unanalysable",
    effortMinutes: 5,
    effortMaxMinutes: 15,
    references: ["https://learn.microsoft.com/en-us/power-apps/developer/model-driven-apps/clientapi/events-forms-grids"],
  },
  [MISSING_HANDLER_RULE]: {
    ruleId: MISSING_HANDLER_RULE,
    title: "Handler names a missing function",
    severity: "high",
    change: "behaviour",
    effortMinutes: 10,
    effortMaxMinutes: 30,
    references: ["https://learn.microsoft.com/en-us/power-apps/developer/model-driven-apps/clientapi/events-forms-grids"],
  },
  [EXECUTION_CONTEXT_RULE]: {
    ruleId: EXECUTION_CONTEXT_RULE,
    title: "Handler does not pass the execution context",
    severity: "medium",
    change: "behaviour",
    effortMinutes: 10,
    effortMaxMinutes: 30,
    references: ["https://learn.microsoft.com/en-us/power-apps/developer/model-driven-apps/clientapi/clientapi-execution-context"],
  },
};

function linkFinding(project: Project, e: EntryPoint, ruleId: string, message: string, replacement: string): Finding {
  return ownFinding(LINK_CHECKS[ruleId]!, { project: project.path, file: e.file, span: e.span, snippet: e.snippet }, message, replacement, [
    e.artefact,
  ]);
}

function stripWindow(name: string): string {
  return name.trim().replace(/^(window|globalThis|self)\./, "");
}

function sameLibrary(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The name a call reaches, as definitions are named: locals lose `~`, `this.x` is a sibling method. */
function calleeName(key: string, enclosing: string): string | undefined {
  if (key.includes("()") || key.startsWith("?")) return undefined;
  if (key.startsWith("~")) return key.slice(1);
  if (key.startsWith("this.")) {
    const owner = enclosing.slice(0, enclosing.lastIndexOf("."));
    return owner ? `${owner}.${key.slice(5)}` : key.slice(5);
  }
  return key;
}

function findControlUrl(facts: readonly Fact[], control: Fact): string | undefined {
  for (const f of facts) {
    if (f.kind !== "element" || f.key !== "Url" || typeof f.detail?.value !== "string") continue;
    const own = control.detail?.attributes ?? {};
    const inside = f.detail.ancestors?.some(
      (s) => s.name === "control" && s.attributes.id === own.id && s.attributes.classid === own.classid,
    );
    if (inside) return f.detail.value.replace(/^\$webresource:/i, "");
  }
  return undefined;
}

function uniqueArtefacts(list: readonly Artefact[]): Artefact[] {
  const seen = new Map<string, Artefact>();
  for (const a of list) seen.set(`${a.type}\0${a.name}`, a);
  return [...seen.values()].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
}
