import path from "node:path";
import { extractPythonWithBases, type ExtractedFile, type Fact, type InheritedRecordsets, type SourceFile } from "@uplift/core";
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
  /** Python file → class that is not a model → its bases and the recordsets its attributes hold. */
  readonly #testClasses = new Map<string, Map<string, TestClass>>();

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
      const tests = testClassesOf(extracted);
      if (tests.size > 0) this.#testClasses.set(file.path, tests);
      else this.#testClasses.delete(file.path);
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
    const tests = this.#testClasses.get(file.path);
    return { classes: classes && [...classes], records: records && [...records], tests: tests && [...tests], checks };
  }

  restore(file: SourceFile, data: unknown, project: Project): void {
    const d = data as {
      depends?: string[];
      classes?: Array<[string, string]>;
      records?: Array<[string, XmlRecord]>;
      tests?: Array<[string, TestClass]>;
      checks?: CheckedFile;
    };
    if (d.depends) this.#depends.set(project.path, d.depends);
    if (d.classes) this.#modelClasses.set(file.path, new Map(d.classes));
    if (d.tests) this.#testClasses.set(file.path, new Map(d.tests));
    if (d.records) this.#records.set(file.path, new Map(d.records));
    if (d.checks) this.#checks.restore(d.checks, project);
  }

  /**
   * A Python file with a class that is not a model (a test case) deriving from a class of another
   * file of the addon, by a relative import or `odoo.addons.<addon>.…`: what that class keeps in its
   * attributes (`cls.picking = cls.env["stock.picking"]…`) is only known once that file is read.
   */
  defers(file: SourceFile, extracted: ExtractedFile, project: Project): boolean {
    if (file.language !== "python") return false;
    return extracted.facts.some((f) => isTestClass(f) && basesOf(f).some((b) => baseFile(b, file.path, project) !== undefined));
  }

  /** The file read again, knowing what the classes of other files its classes derive from keep in their attributes. */
  refine(file: SourceFile, extracted: ExtractedFile, project: Project): ExtractedFile | undefined {
    if (!this.defers(file, extracted, project)) return undefined;
    const inherited = this.#inherited(file, extracted, project);
    if (inherited.size === 0) return undefined;
    try {
      return extractPythonWithBases(file, inherited as InheritedRecordsets);
    } catch {
      // The file was read once already; should a second reading fail, its first facts stand.
      return undefined;
    }
  }

  /** What the base classes in other files keep in their attributes, in a stable order: a deferred file's result depends on it alone. */
  deferredInputs(file: SourceFile, extracted: ExtractedFile, project: Project): string {
    const inherited = [...this.#inherited(file, extracted, project)].map(([base, recordsets]) => [
      base,
      Object.entries(recordsets).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    ]);
    return JSON.stringify(inherited.sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0)));
  }

  /** For each base class of the file's test classes defined in another file: what it keeps in its attributes. */
  #inherited(file: SourceFile, extracted: ExtractedFile, project: Project): Map<string, Readonly<Record<string, string>>> {
    const inherited = new Map<string, Readonly<Record<string, string>>>();
    for (const f of extracted.facts) {
      if (!isTestClass(f)) continue;
      for (const base of basesOf(f)) {
        const recordsets = this.#recordsetsOf(base, file.path, project, 0);
        if (recordsets && Object.keys(recordsets).length > 0) inherited.set(base, recordsets);
      }
    }
    return inherited;
  }

  /** What a base class, as a file writes it, keeps in its attributes: its own, then its bases' in other files. */
  #recordsetsOf(base: string, from: string, project: Project, depth: number): Record<string, string> | undefined {
    const target = depth < 8 ? baseFile(base, from, project) : undefined;
    if (!target) return undefined;
    for (const candidate of target.files) {
      const cls = this.#testClasses.get(candidate)?.get(target.name);
      if (!cls) continue;
      const out: Record<string, string> = { ...cls.recordsets };
      for (const b of cls.bases) {
        for (const [attr, model] of Object.entries(this.#recordsetsOf(b, candidate, project, depth + 1) ?? {})) {
          if (!Object.hasOwn(out, attr)) out[attr] = model;
        }
      }
      return out;
    }
    return undefined;
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

/** A Python class that is not a model, as the linker keeps it. */
interface TestClass {
  /** Its bases as the file writes them (`.common.TestCommon`, `~Local`, `odoo.tests.TransactionCase`). */
  bases: string[];
  /** Attribute → the model of the recordset it holds, where every assignment agrees. */
  recordsets?: Record<string, string>;
}

/** The definition fact of a top-level class that is not a model. */
function isTestClass(f: Fact): boolean {
  return f.kind === "definition" && Array.isArray(f.detail?.bases) && f.detail.model === undefined && f.enclosing === undefined;
}

function basesOf(f: Fact): string[] {
  return (f.detail?.bases as string[] | undefined) ?? [];
}

function testClassesOf(extracted: ExtractedFile): Map<string, TestClass> {
  const out = new Map<string, TestClass>();
  for (const f of extracted.facts) {
    if (!isTestClass(f)) continue;
    const cls: TestClass = { bases: basesOf(f) };
    const recordsets = f.detail!.recordsets as Record<string, string> | undefined;
    if (recordsets) cls.recordsets = recordsets;
    if (recordsets || cls.bases.some((b) => b.startsWith(".") || b.startsWith("odoo.addons."))) out.set(f.key, cls);
  }
  return out;
}

/**
 * The files a base class may be defined in, and its name there: `.common.TestCommon` from
 * `addon/tests/test_x.py` is `TestCommon` of `addon/tests/common.py` (or `common/__init__.py`);
 * `odoo.addons.<addon>.tests.common.TestCommon` likewise, for the project's own addon only.
 */
function baseFile(base: string, from: string, project: Project): { files: string[]; name: string } | undefined {
  let dir: string;
  let parts: string[];
  const dots = /^\.+/.exec(base)?.[0].length ?? 0;
  if (dots > 0) {
    dir = path.posix.dirname(from);
    for (let i = 1; i < dots; i++) dir = path.posix.dirname(dir);
    parts = base.slice(dots).split(".");
  } else {
    const addon = project.path === "." ? undefined : project.path.slice(project.path.lastIndexOf("/") + 1);
    if (!addon || !base.startsWith(`odoo.addons.${addon}.`)) return undefined;
    dir = project.path;
    parts = base.slice(`odoo.addons.${addon}.`.length).split(".");
  }
  if (parts.length < 2 || parts.some((p) => !/^\w+$/.test(p))) return undefined;
  const name = parts.pop()!;
  const module = path.posix.join(dir, ...parts);
  return { files: [`${module}.py`, `${module}/__init__.py`], name };
}

/** `sale.model_sale_order` → `sale.order` (Odoo's model xml ids are `model_` + the dotted name). */
function modelFromRef(ref: string): string | undefined {
  const id = ref.slice(ref.lastIndexOf(".") + 1);
  return id.startsWith("model_") ? id.slice(6).replace(/_/g, ".") : undefined;
}

function relativeTo(project: Project, file: string): string {
  return project.path === "." ? file : file.slice(project.path.length + 1);
}
