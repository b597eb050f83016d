import type { ExtractedFile, Fact, SourceFile } from "@uplift/core";
import type { Project } from "../projects.js";
import type { Artefact, Finding } from "../result.js";
import { lookupPattern, type Linker } from "./linker.js";
import { OdooOwnChecks, type CheckedFile } from "./odoo-checks.js";

const RECORD_TYPES: Record<string, string> = {
  "ir.ui.view": "view",
  "ir.ui.menu": "menu",
  "ir.cron": "scheduled action",
  "ir.actions.act_window": "window action",
  "ir.actions.server": "server action",
  "ir.actions.report": "report",
  "ir.rule": "record rule",
};

interface XmlRecord {
  type: string;
  id: string;
  /** The business model the record is for (`sale.order`). */
  model?: string;
  /** The view it inherits (`sale.view_order_form`). */
  inherits?: string;
}

/**
 * Odoo: each XML record is an artefact (a view of `sale.order`, a scheduled action…), each QWeb
 * template and each JavaScript module too; a record's model names the business document.
 */
export class OdooLinker implements Linker {
  /** file → record id → record. */
  readonly #records = new Map<string, Map<string, XmlRecord>>();
  /** The modules each addon depends on, from its manifest. */
  readonly #depends = new Map<string, string[]>();
  /** Python file → model class (qualified name) → the model it defines or extends. */
  readonly #modelClasses = new Map<string, Map<string, string>>();
  readonly #checks = new OdooOwnChecks();

  /** Every view and every Python file: a field's states= and the views showing it are in different files. */
  wants(file: SourceFile): boolean {
    return file.language === "xml" || file.language === "python";
  }

  collect(file: SourceFile, extracted: ExtractedFile, project: Project): void {
    if (file.language === "python-literal" && project.marker === file.path) {
      const depends = extracted.facts
        .filter((f) => f.kind === "json" && /^\/depends\/\d+$/.test(f.key))
        .map((f) => String(f.detail?.value));
      this.#depends.set(project.path, depends);
      this.#checks.collectManifest(extracted, project);
      return;
    }
    if (file.language === "python") {
      const classes = new Map<string, string>();
      for (const f of extracted.facts) {
        if (f.kind === "definition" && f.detail?.bases && typeof f.detail.model === "string") classes.set(f.key, f.detail.model);
      }
      if (classes.size > 0) this.#modelClasses.set(file.path, classes);
      this.#checks.collectPython(file.path, extracted, project);
      return;
    }
    if (file.language !== "xml") return;
    this.#checks.collectXml(file, extracted, project);
    const records = new Map<string, XmlRecord>();
    const fieldOf = (f: Fact, name: string): boolean =>
      f.kind === "element" &&
      f.key === "field" &&
      f.detail?.attributes?.name === name &&
      f.detail.ancestors?.[f.detail.ancestors.length - 1]?.name === "record";
    for (const f of extracted.facts) {
      if (f.kind === "element" && (f.key === "record" || f.key === "template")) {
        const attrs = f.detail?.attributes ?? {};
        if (!attrs.id) continue;
        const type = f.key === "template" ? "template" : (RECORD_TYPES[attrs.model ?? ""] ?? attrs.model ?? "record");
        const record: XmlRecord = { type, id: attrs.id };
        if (f.key === "record" && attrs.model && !RECORD_TYPES[attrs.model]) record.model = attrs.model;
        if (attrs.inherit_id) record.inherits = attrs.inherit_id;
        records.set(attrs.id, record);
      }
    }
    for (const f of extracted.facts) {
      const record = f.enclosing ? records.get(f.enclosing) : undefined;
      if (!record) continue;
      if (fieldOf(f, "model") && typeof f.detail?.value === "string") record.model = f.detail.value;
      else if (fieldOf(f, "model_id") && f.detail?.attributes?.ref) record.model ??= modelFromRef(f.detail.attributes.ref);
      else if (fieldOf(f, "inherit_id") && f.detail?.attributes?.ref) record.inherits = f.detail.attributes.ref;
    }
    this.#records.set(file.path, records);
  }

  collected(file: SourceFile, project: Project): unknown {
    if (file.language === "python-literal" && project.marker === file.path)
      return { depends: this.#depends.get(project.path) ?? [], checks: this.#checks.collected(file.path) };
    const checks = this.#checks.collected(file.path);
    // Without what the own checks took from the file, the file's facts are given again.
    if (!checks && (file.language === "python" || file.language === "xml")) return undefined;
    const classes = this.#modelClasses.get(file.path);
    const records = this.#records.get(file.path);
    return { classes: classes && [...classes], records: records && [...records], checks };
  }

  restore(file: SourceFile, data: unknown, project: Project): void {
    const d = data as { depends?: string[]; classes?: Array<[string, string]>; records?: Array<[string, XmlRecord]>; checks?: CheckedFile };
    if (d.depends) this.#depends.set(project.path, d.depends);
    if (d.classes) this.#modelClasses.set(file.path, new Map(d.classes));
    if (d.records) this.#records.set(file.path, new Map(d.records));
    if (d.checks) this.#checks.restore(d.checks, project);
  }

  findings(_code: readonly Finding[], project: Project): Finding[] {
    return this.#checks.findings(project);
  }

  fallbackProcesses(project: Project): string[] {
    const processes = new Set<string>();
    for (const module of this.#depends.get(project.path) ?? []) {
      for (const p of lookupPattern(project.profile.modules, module)) processes.add(p);
    }
    return [...processes];
  }

  artefacts(finding: Finding, project: Project): Artefact[] {
    const addon = project.path === "." ? "" : project.path.slice(project.path.lastIndexOf("/") + 1);
    const qualify = (id: string): string => (id.includes(".") || !addon ? id : `${addon}.${id}`);
    const record = finding.enclosing ? this.#records.get(finding.file)?.get(finding.enclosing) : undefined;
    if (record) {
      const artefact: Artefact = { type: record.type, name: qualify(record.id) };
      if (record.model) artefact.record = record.model;
      // An extension is tested on the screen it extends.
      if (record.inherits) artefact.screen = record.inherits;
      const list = [artefact];
      if (record.inherits) {
        const base: Artefact = { type: "inherited view", name: record.inherits };
        if (record.model) base.record = record.model;
        list.push(base);
      }
      return list;
    }
    const model = finding.enclosing ? this.#modelOf(finding.file, finding.enclosing) : undefined;
    if (model) return [{ type: "model", name: model, record: model }];
    const base = finding.file.slice(finding.file.lastIndexOf("/") + 1);
    if (base === "__manifest__.py" || base === "__openerp__.py") return [{ type: "module", name: addon || base }];
    if (finding.file.endsWith(".xml") && finding.enclosing) return [{ type: "template", name: finding.enclosing }];
    return [{ type: finding.file.endsWith(".xml") ? "template file" : "script", name: relativeTo(project, finding.file) }];
  }

  /** The model of the class a Python finding stands in (`SaleOrder.action_confirm` → `sale.order`). */
  #modelOf(file: string, enclosing: string): string | undefined {
    const classes = this.#modelClasses.get(file);
    for (let name = enclosing; classes && name; name = name.slice(0, Math.max(0, name.lastIndexOf(".")))) {
      const model = classes.get(name);
      if (model && model !== "?") return model;
    }
    return undefined;
  }
}

/** `sale.model_sale_order` → `sale.order` (Odoo's model xml ids are `model_` + the dotted name). */
function modelFromRef(ref: string): string | undefined {
  const id = ref.slice(ref.lastIndexOf(".") + 1);
  return id.startsWith("model_") ? id.slice(6).replace(/_/g, ".") : undefined;
}

function relativeTo(project: Project, file: string): string {
  return project.path === "." ? file : file.slice(project.path.length + 1);
}
