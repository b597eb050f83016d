import type { ExtractedFile, Fact, SourceFile } from "@uplift/core";
import type { Project } from "../projects.js";
import type { Artefact, Finding } from "../result.js";
import { snippetAt } from "../match-file.js";
import { ownFinding, type OwnCheck } from "../own-finding.js";
import { lookupPattern, type Linker } from "./linker.js";
import { releasedObjects, type ReleasedEntry, type ReleasedObjects } from "./sap-released.js";

export const NOT_RELEASED_RULE = "sap/clean-core/not-released";
export const DEPRECATED_RULE = "sap/clean-core/deprecated";
const DATA_REFERENCE = "https://github.com/SAP/abap-atc-cr-cv-s4hc";

const OBJECT_TYPES: Record<string, string> = {
  PROG: "program",
  CLAS: "class",
  INTF: "interface",
  FUGR: "function group",
  FUNC: "function module",
  ENHO: "enhancement",
  DDLS: "CDS view",
  DDLX: "metadata extension",
  DCLS: "access control",
  SRVD: "service definition",
  BDEF: "behaviour definition",
};

/**
 * Which lists of SAP's released objects a fact's key can be found in. `behaviour`: the name is a
 * behaviour definition's (the interface a BO extension goes through), which the lists give a state
 * of its own, apart from its root entity's.
 */
function lookupTypes(fact: Fact): { name: string; types: string[]; behaviour?: boolean } | undefined {
  if (fact.kind === "call") {
    if (fact.detail?.via === "function") return { name: fact.key, types: ["FUNC"] };
    const owner = fact.key.split(/=>|->/)[0];
    return owner ? { name: owner, types: ["CLAS", "INTF"] } : undefined;
  }
  if (fact.kind !== "ref") return undefined;
  const colon = fact.key.indexOf(":");
  const prefix = fact.key.slice(0, colon);
  const name = fact.key.slice(colon + 1);
  switch (prefix) {
    case "table":
      if (fact.detail?.value === "bdef-interface") return { name, types: ["TABL", "VIEW", "DDLS"], behaviour: true };
      return { name, types: ["TABL", "VIEW", "DDLS"] };
    case "struct":
      return { name, types: ["TABL"] };
    case "dtel":
    case "type":
    case "ttyp":
      return { name, types: ["DTEL", "TABL", "TTYP"] };
    case "class":
    case "intf":
      return { name, types: ["CLAS", "INTF"] };
    default:
      return undefined;
  }
}

interface Use {
  fact: Fact;
  file: string;
  snippet: string;
}

/**
 * SAP: every object (program, class, function module) is an artefact, with the transactions that
 * start it; the table, function module or transaction a finding is about names the business
 * process. Uses of SAP objects are checked against SAP's released-object lists (clean core).
 */
export class SapLinker implements Linker {
  /** file → "line:column" → facts there. */
  readonly #facts = new Map<string, Map<string, Fact[]>>();
  /** object (`PROG ZSD_X`) → the business records it touches. */
  readonly #records = new Map<string, Set<string>>();
  /** program → transaction codes that start it. */
  readonly #transactions = new Map<string, string[]>();
  readonly #uses: Use[] = [];
  #cloud = false;
  readonly #data: ReleasedObjects | undefined;

  constructor(
    project: Project,
    private readonly options: { rulesDir: string; cleanCore?: boolean },
  ) {
    this.#data = releasedObjects(options.rulesDir);
    void project;
  }

  /**
   * A data definition's `.ddls.baseinfo` is what the system derived from its source on activation
   * (the data sources): read with the source, it is checked when the source is.
   */
  wants(file: SourceFile): boolean {
    return (
      file.language === "abap" ||
      file.language === "cds" ||
      /\.ddls\.baseinfo$/i.test(file.path) ||
      /\.tran\.xml$/i.test(file.path) ||
      /(^|\/|!\/)\.abapgit\.xml$/.test(file.path)
    );
  }

  collect(file: SourceFile, extracted: ExtractedFile, project: Project): void {
    if (file.language === "xml") {
      if (/\.abapgit\.xml$/.test(file.path)) {
        this.#cloud ||= /<ABAP_LANGUAGE_VERSION>(cloudDevelopment|keyUser)<\/ABAP_LANGUAGE_VERSION>/i.test(file.text);
        return;
      }
      const value = (key: string): string | undefined => {
        const f = extracted.facts.find((x) => x.kind === "element" && x.key === key && typeof x.detail?.value === "string");
        return f ? String(f.detail!.value).toUpperCase() : undefined;
      };
      const tcode = value("TCODE");
      const program = value("PGMNA");
      if (tcode && program) this.#transactions.set(program, [...(this.#transactions.get(program) ?? []), tcode].sort());
      return;
    }
    if (file.language !== "abap" && file.language !== "cds") return;
    const byPlace = new Map<string, Fact[]>();
    for (const f of extracted.facts) {
      const at = `${f.span.line}:${f.span.column}`;
      byPlace.set(at, [...(byPlace.get(at) ?? []), f]);
      const record = recordOf(f);
      const object = String(f.detail?.object ?? f.enclosing ?? "");
      if (record && lookupPattern(project.profile.artefacts, record).length > 0) {
        const set = this.#records.get(object) ?? new Set();
        set.add(record);
        this.#records.set(object, set);
      }
      if (lookupTypes(f)) this.#uses.push({ fact: f, file: file.path, snippet: snippetAt(extracted.lines, f.span.line) });
    }
    this.#facts.set(file.path, byPlace);
  }

  artefacts(finding: Finding): Artefact[] {
    const facts = this.#facts.get(finding.file)?.get(`${finding.line}:${finding.column}`) ?? [];
    const fact = facts[0];
    const object = String(fact?.detail?.object ?? finding.enclosing ?? "");
    const [type = "", name = ""] = object.split(" ");
    const records = new Set<string>();
    for (const f of facts) {
      const r = recordOf(f);
      if (r) records.add(r);
    }
    if (records.size === 0) for (const r of this.#records.get(object) ?? []) records.add(r);
    const list: Artefact[] = [];
    // A function module stands in its function group: both are named.
    const own = finding.enclosing && finding.enclosing !== object ? finding.enclosing.split(" ") : undefined;
    const ownType = own ? (OBJECT_TYPES[own[0]!] ?? "object") : (OBJECT_TYPES[type] ?? "object");
    const label = own ? `${own[1]} (${OBJECT_TYPES[type] ?? type} ${name})` : name;
    const push = (artefactType: string, artefactName: string): void => {
      if (records.size === 0) list.push({ type: artefactType, name: artefactName });
      for (const record of [...records].sort()) list.push({ type: artefactType, name: artefactName, record });
    };
    push(ownType, label);
    for (const tcode of this.#transactions.get(name) ?? []) push("transaction", `${tcode} (${name})`);
    return list;
  }

  /** Clean core: uses of SAP objects that SAP deprecated, or (for ABAP Cloud) has not released. */
  findings(_code: readonly Finding[], project: Project): Finding[] {
    const data = this.#data;
    if (!data) return [];
    const target = data.listIndexFor(project.to);
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const use of this.#uses) {
      const lookup = lookupTypes(use.fact)!;
      const entry = lookup.behaviour ? behaviourEntry(data, lookup.name, lookup.types, target) : data.find(lookup.name, lookup.types);
      const at = `${use.file}:${use.fact.span.line}:${use.fact.span.column}:${lookup.name}`;
      if (seen.has(at)) continue;
      const state = entry?.states[target] ?? "-";
      const successor = entry?.successors.length ? entry.successors.join(", ") : undefined;
      const place = { project: project.path, file: use.file, span: use.fact.span, snippet: use.snippet };
      if (state === "D") {
        seen.add(at);
        const since = data.deprecatedSince(entry!, target);
        const finding = ownFinding(
          this.#cloud ? { ...DEPRECATED, severity: "medium" } : DEPRECATED,
          place,
          `SAP marks ${lookup.name} as deprecated in the S/4HANA ${data.lists[target]!.release} list of released objects${successor ? `; its successor is ${successor}` : ""}.`,
          successor ? `Move to ${successor}.` : "Move to the released API SAP names for it.",
        );
        if (since) finding.hop = since;
        if (use.fact.enclosing) finding.enclosing = use.fact.enclosing;
        out.push(finding);
      } else if ((this.#cloud || this.options.cleanCore) && entry && state !== "R" && lookup.name.startsWith("Z") === false) {
        seen.add(at);
        const finding = ownFinding(
          this.#cloud ? NOT_RELEASED : { ...NOT_RELEASED, severity: "low" },
          place,
          `${lookup.name} is not released for ABAP Cloud (${state === "-" ? "not in" : "marked not to be released in"} SAP's ${data.lists[target]!.release} list)${successor ? `; SAP names ${successor} as its successor` : ""}.`,
          successor
            ? `Use ${successor}, or wrap the call in a released API of your own.`
            : "Use a released API, or wrap this use in a class of your own (clean-core level B).",
        );
        if (use.fact.enclosing) finding.enclosing = use.fact.enclosing;
        out.push(finding);
      }
    }
    return out;
  }
}

/**
 * A behaviour definition's state in the target list: its own row where the list has one (SAP's 2023
 * list releases the BDEF I_ENTERPRISEPROJECTTP_3 and leaves its entity out), else its root
 * entity's, whose name it shares (the 2023 list leaves out 17 BDEFs the 2022 list released whose
 * entities both lists release, such as I_PURCHASEORDERTP_2).
 */
function behaviourEntry(data: ReleasedObjects, name: string, entityTypes: readonly string[], target: number): ReleasedEntry | undefined {
  const own = data.find(name, ["BDEF"]);
  if (own && own.states[target] !== "-") return own;
  return data.find(name, entityTypes) ?? own;
}

/** The business record a fact is about: a table, data element, function module or transaction. */
function recordOf(f: Fact): string | undefined {
  if (f.kind === "call" && f.detail?.via === "function") return f.key;
  if (f.kind !== "ref") return undefined;
  const colon = f.key.indexOf(":");
  const prefix = f.key.slice(0, colon);
  if (!["table", "dtel", "tcode", "unsorted", "program"].includes(prefix)) return undefined;
  return f.key.slice(colon + 1);
}

const DEPRECATED: OwnCheck = {
  ruleId: DEPRECATED_RULE,
  title: "SAP object deprecated",
  severity: "low",
  change: "deprecated",
  effortMinutes: 30,
  effortMaxMinutes: 120,
  references: [DATA_REFERENCE],
};

const NOT_RELEASED: OwnCheck = {
  ruleId: NOT_RELEASED_RULE,
  title: "SAP object not released for ABAP Cloud",
  severity: "high",
  change: "removed",
  effortMinutes: 30,
  effortMaxMinutes: 240,
  references: [
    DATA_REFERENCE,
    "https://community.sap.com/t5/technology-blog-posts-by-sap/how-to-check-your-custom-code-for-abap-cloud/ba-p/13567124",
  ],
};
