import type { ExtractedFile, Fact, SourceFile, Span } from "@uplift/core";
import { snippetAt } from "../match-file.js";
import { ownFinding, type OwnCheck } from "../own-finding.js";
import { relativeToProject, type Project } from "../projects.js";
import type { RefineHints } from "../refine/index.js";
import { globalReturnsOf } from "../refine/suitescript.js";
import type { Artefact, Finding } from "../result.js";
import type { Linker } from "./linker.js";

export const UNUSED_SCRIPT_RULE = "netsuite/link/unused-script";
export const ENTRY_FUNCTIONS_RULE = "netsuite/link/entry-point-functions";

/** SDF script objects (the root element of Objects/<scriptid>.xml) and how a report names them. */
const SCRIPT_TYPES: Record<string, string> = {
  usereventscript: "user event script",
  clientscript: "client script",
  scheduledscript: "scheduled script",
  mapreducescript: "map/reduce script",
  suitelet: "Suitelet",
  restlet: "RESTlet",
  portlet: "portlet",
  massupdatescript: "mass update script",
  workflowactionscript: "workflow action script",
  bundleinstallationscript: "bundle installation script",
  sdfinstallationscript: "SDF installation script",
  customrecordactionscript: "custom record action script",
};

/** The role of a 1.0 entry point by the element of the script object that names it. */
function roleOf(scriptType: string, element: string): string | undefined {
  if (element === "defaultfunction") {
    return { suitelet: "suitelet", portlet: "portlet" }[scriptType] ?? scriptType.replace(/script$/, "");
  }
  const event = element.replace(/function$/, "");
  const prefix = { usereventscript: "userevent", clientscript: "client", restlet: "restlet", bundleinstallationscript: "bundle" }[
    scriptType
  ];
  if (!prefix) return undefined;
  const named: Record<string, string> = { beforeload: "beforeLoad", beforesubmit: "beforeSubmit", aftersubmit: "afterSubmit" };
  return `${prefix}.${named[event] ?? event}`;
}

interface Deployment {
  id: string;
  recordType: string | undefined;
  deployed: boolean;
}

interface ScriptRecord {
  type: string;
  id: string;
  name: string | undefined;
  /** The object's file and where its root element stands. */
  file: string;
  span: Span;
  snippet: string;
  /** Project paths of its script file and its libraries (FileCabinet/SuiteScripts/…). */
  scriptFile: string | undefined;
  libraries: string[];
  /** 1.0 entry points: function name → role (`userevent.beforeLoad`), and where the object names it. */
  entryPoints: Array<{ name: string; role: string; element: string; span: Span; snippet: string }>;
  deployments: Deployment[];
}

/** `[/SuiteScripts/acme/so_ue.js]` → `FileCabinet/SuiteScripts/acme/so_ue.js`. */
function fileCabinetPath(value: string | undefined): string | undefined {
  const path = value
    ?.trim()
    .replace(/^\[|\]$/g, "")
    .trim();
  return path && path.startsWith("/") ? `FileCabinet${path}` : undefined;
}

/**
 * NetSuite: SDF script objects say which file is which script, which functions are its 1.0 entry
 * points and on which record types it is deployed. A finding in a script file names the script
 * record and each deployment with its record type (hence the business process); a script that no
 * deployment uses is said to be unused: a candidate to retire rather than convert.
 */
export class NetSuiteLinker implements Linker {
  readonly #scripts: ScriptRecord[] = [];
  /** Script records by the project path of a file they run (script file or library). */
  readonly #byFile = new Map<string, ScriptRecord[]>();
  /** Per JavaScript file (project path): the top-level functions it defines, and what those that return 1.0 objects return. */
  readonly #globals = new Map<string, { defined: ReadonlySet<string>; returns: ReadonlyMap<string, string[]> }>();
  /** Every function name some file returns a 1.0 object from, and the files that define it; built when first asked. */
  #definitions: Map<string, string[]> | undefined;

  constructor(private readonly project: Project) {}

  /** Script objects, and the files they run (their entry points type the values of a 1.0 script). */
  wants(file: SourceFile): boolean {
    return file.language === "xml" || this.#byFile.has(relativeToProject(this.project, file.path));
  }

  hintsFor(file: SourceFile, project: Project): RefineHints | undefined {
    const records = this.#byFile.get(relativeToProject(project, file.path)) ?? [];
    const path = relativeToProject(project, file.path);
    const entryPoints = records
      .filter((r) => r.scriptFile === path)
      .flatMap((r) => r.entryPoints.map(({ name, role }) => ({ name, role })));
    const hints: RefineHints = {};
    if (entryPoints.length > 0) hints.entryPoints = entryPoints;
    // A script shares its global scope with the libraries its records list; without a record, with any file of the project.
    const scope = records.length > 0 ? new Set(records.flatMap((r) => [r.scriptFile, ...r.libraries])) : undefined;
    const globalReturns = this.#globalReturns(path, scope);
    if (globalReturns.size > 0) hints.globalReturns = globalReturns;
    return Object.keys(hints).length > 0 ? hints : undefined;
  }

  /**
   * What functions of other files in a file's global scope return: a name counts when every other
   * file that defines it returns the same 1.0 types from it.
   */
  #globalReturns(path: string, scope: ReadonlySet<string | undefined> | undefined): Map<string, readonly string[]> {
    if (!this.#definitions) {
      this.#definitions = new Map();
      for (const g of this.#globals.values()) for (const name of g.returns.keys()) this.#definitions.set(name, []);
      for (const [file, g] of this.#globals) for (const name of g.defined) this.#definitions.get(name)?.push(file);
    }
    const out = new Map<string, readonly string[]>();
    for (const [name, files] of this.#definitions) {
      const others = files.filter((f) => f !== path && (!scope || scope.has(f)));
      const types = others.map((f) => this.#globals.get(f)!.returns.get(name)?.join("|"));
      if (types.length === 0 || types.some((x) => x === undefined || x !== types[0])) continue;
      out.set(name, types[0]!.split("|"));
    }
    return out;
  }

  collect(file: SourceFile, extracted: ExtractedFile, project: Project): void {
    const path = relativeToProject(project, file.path);
    if (file.language === "javascript") {
      const returns = globalReturnsOf(file);
      this.#globals.set(path, { defined: new Set([...definedFunctions(file.text), ...returns.keys()]), returns });
      this.#definitions = undefined;
      return;
    }
    if (file.language !== "xml" || !isObjectFile(path)) return;
    const elements = extracted.facts.filter((f) => f.kind === "element");
    const root = elements.find((f) => (f.detail?.ancestors?.length ?? 0) === 0);
    const type = root?.key;
    if (!root || !type || !SCRIPT_TYPES[type]) return;
    const childText = (name: string): string | undefined => {
      const f = elements.find((e) => e.key === name && e.detail?.ancestors?.length === 1);
      return typeof f?.detail?.value === "string" ? f.detail.value : undefined;
    };
    const record: ScriptRecord = {
      type,
      id: root.detail?.attributes?.scriptid ?? path.slice(path.lastIndexOf("/") + 1, -4),
      name: childText("name"),
      file: file.path,
      span: root.span,
      snippet: snippetAt(extracted.lines, root.span.line),
      scriptFile: fileCabinetPath(childText("scriptfile")),
      libraries: [],
      entryPoints: [],
      deployments: [],
    };
    const deployments = new Map<string, Deployment>();
    const deploymentOf = (f: Fact): Deployment | undefined => {
      const id =
        f.key === "scriptdeployment"
          ? f.detail?.attributes?.scriptid
          : f.detail?.ancestors?.find((s) => s.name === "scriptdeployment")?.attributes.scriptid;
      if (!id) return undefined;
      let d = deployments.get(id);
      if (!d) deployments.set(id, (d = { id, recordType: undefined, deployed: true }));
      return d;
    };
    for (const f of elements) {
      const depth = f.detail?.ancestors?.length ?? 0;
      const value = typeof f.detail?.value === "string" ? f.detail.value.trim() : undefined;
      if (depth === 1 && f.key.endsWith("function") && value) {
        const role = roleOf(type, f.key);
        if (role)
          record.entryPoints.push({ name: value, role, element: f.key, span: f.span, snippet: snippetAt(extracted.lines, f.span.line) });
      } else if (f.key === "scriptfile" && f.detail?.ancestors?.some((s) => s.name === "library")) {
        const lib = fileCabinetPath(value);
        if (lib) record.libraries.push(lib);
      } else if (f.key === "scriptdeployment") deploymentOf(f);
      else if (f.key === "recordtype" && value) {
        const d = deploymentOf(f);
        if (d) d.recordType = value.replace(/^\[scriptid=(.+)\]$/, "$1");
      } else if (f.key === "isdeployed" && value) {
        const d = deploymentOf(f);
        if (d) d.deployed = value.toUpperCase() !== "F";
      }
    }
    record.deployments = [...deployments.values()];
    this.#scripts.push(record);
    for (const p of [record.scriptFile, ...record.libraries]) {
      if (!p) continue;
      const list = this.#byFile.get(p) ?? [];
      list.push(record);
      this.#byFile.set(p, list);
    }
  }

  artefacts(finding: Finding, project: Project): Artefact[] {
    const path = relativeToProject(project, finding.file);
    const own = this.#scripts.find((s) => s.file === finding.file);
    const records = own ? [own] : (this.#byFile.get(path) ?? []);
    if (records.length === 0) return [{ type: path.endsWith(".xml") ? "object" : "script file", name: path }];
    const artefacts = records.flatMap((r) => artefactsOf(r));
    return [...new Map(artefacts.map((a) => [`${a.type}\0${a.name}`, a])).values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  /**
   * What only the objects show: a script record that names 1.0 entry-point functions (its file is
   * 1.0, and the elements go when it is converted), and a script no deployment runs whose code has
   * findings (retire it rather than convert it).
   */
  findings(code: readonly Finding[], project: Project): Finding[] {
    const out: Finding[] = [];
    const withFindings = new Set(code.filter((f) => f.ruleId.startsWith("netsuite/")).map((f) => relativeToProject(project, f.file)));
    for (const r of this.#scripts) {
      const at = { project: project.path, file: r.file, span: r.span, snippet: r.snippet };
      const label = `${SCRIPT_TYPES[r.type]} ${r.id}${r.name ? ` (${r.name})` : ""}`;
      const first = r.entryPoints[0];
      if (first) {
        const names = r.entryPoints.map((e) => e.name).join(", ");
        const elements = r.entryPoints.map((e) => `<${e.element}>`).join(", ");
        out.push(
          ownFinding(
            CHECKS[ENTRY_FUNCTIONS_RULE]!,
            { ...at, span: first.span, snippet: first.snippet },
            `${label} names its entry-point functions (${names}): its file is SuiteScript 1.0. A 2.x script's entry points are what its module returns, and the record no longer names them.`,
            `Convert the file to 2.1 (@NApiVersion 2.1, @NScriptType, define returning the entry points) and remove ${elements} from the object.`,
            artefactsOf(r),
          ),
        );
      }
      const files = [r.scriptFile, ...r.libraries].filter((p): p is string => p !== undefined);
      if (!r.deployments.some((d) => d.deployed) && files.some((p) => withFindings.has(p))) {
        out.push(
          ownFinding(
            CHECKS[UNUSED_SCRIPT_RULE]!,
            at,
            `${label} has no deployment that runs it, yet its code needs converting: nothing in the account uses it.`,
            "Confirm the script is unused and retire it (delete the object and its file) instead of converting it.",
            artefactsOf(r),
          ),
        );
      }
    }
    return out;
  }
}

/**
 * The names a file may define functions under (`function acmeLoad(`, `Acme.util.load = function`),
 * read from the text: a name written so anywhere counts, so that a library whose function returns
 * something else keeps another file's return type from being assumed.
 */
function definedFunctions(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/(?:^|[^\w$.])function\s+([A-Za-z_$][\w$]*)\s*\(/g)) names.add(m[1]!);
  for (const m of text.matchAll(/(?:^|[^\w$.])([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*=\s*function\b/g)) names.add(m[1]!);
  return names;
}

function isObjectFile(projectPath: string): boolean {
  return /^(?:.*\/)?Objects\/.+\.xml$/i.test(projectPath);
}

/** A script record's artefacts: one per deployment, with its record type; or the record, unused. */
function artefactsOf(r: ScriptRecord): Artefact[] {
  const label = `${r.id}${r.name ? ` (${r.name})` : ""}`;
  const type = SCRIPT_TYPES[r.type] ?? r.type;
  const live = r.deployments.filter((d) => d.deployed);
  if (live.length === 0) return [{ type, name: `${label} — no deployment: unused` }];
  return live.map((d) => {
    const a: Artefact = { type, name: `${label} — ${d.id}${d.recordType ? ` on ${d.recordType}` : ""}` };
    if (d.recordType) a.record = d.recordType;
    return a;
  });
}

const CHECKS: Record<string, OwnCheck> = {
  [ENTRY_FUNCTIONS_RULE]: {
    ruleId: ENTRY_FUNCTIONS_RULE,
    title: "Script record names SuiteScript 1.0 entry-point functions",
    severity: "medium",
    change: "removed",
    effortMinutes: 5,
    effortMaxMinutes: 10,
    references: [
      "https://github.com/oracle/netsuite-suitecloud-sdk/blob/b3ff2a960eb4e2f39d645ba10789d7d583fbf051/packages/agent-skills/netsuite-suitescript-upgrade/SKILL.md",
      "https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/article_7161922360.html",
    ],
  },
  [UNUSED_SCRIPT_RULE]: {
    ruleId: UNUSED_SCRIPT_RULE,
    title: "Script with no deployment: retire rather than convert",
    severity: "low",
    change: "deprecated",
    effortMinutes: 5,
    effortMaxMinutes: 15,
    references: ["https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_4724963992.html"],
  },
};
