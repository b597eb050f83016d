import type { ExtractedFile, SourceFile } from "@uplift/core";
import type { CallResultSeed } from "../bind/bind.js";
import type { Artefact } from "../result.js";
import type { Linker } from "./linker.js";

/** How a controller reaches a control of its view by id: on itself, or on the view it gets. */
const BY_ID_CALLS = ["this.byId", "this.getView().byId"];

/** Elements of sap.ui.core that a view may give an id but that byId does not return as themselves. */
const NOT_CONTROLS = new Set(["Fragment", "ExtensionPoint"]);

/** A control an XML view declares with an id, for the controller the view names. */
interface ViewControl {
  controller: string;
  id: string;
  /** Its class as a module path (`sap/m/List`). */
  module: string;
}

/**
 * Reads the XML views of a UI5 app: each names its controller (`controllerName`) and declares
 * controls with ids, so `this.byId("list")` in that controller is the control the view declares
 * (`<List id="list">` in the `sap.m` namespace: `sap/m/List`). Views are read whether or not a
 * rule could match them.
 */
export class Ui5Linker implements Linker {
  readonly #controls = new Map<string, ViewControl[]>();
  #seeds: CallResultSeed[] | undefined;

  wants(file: SourceFile): boolean {
    return file.language === "xml" && /\.view\.xml$/i.test(file.path);
  }

  collect(file: SourceFile, extracted: ExtractedFile): void {
    if (!this.wants(file)) return;
    const controls = viewControls(extracted);
    if (controls.length > 0) this.#controls.set(file.path, controls);
    else this.#controls.delete(file.path);
    this.#seeds = undefined;
  }

  collected(file: SourceFile): unknown {
    return this.#controls.get(file.path) ?? [];
  }

  restore(file: SourceFile, data: unknown): void {
    if (Array.isArray(data) && data.length > 0) this.#controls.set(file.path, data as ViewControl[]);
    this.#seeds = undefined;
  }

  /** The same array until another view is read: the binding stage asks once per file. */
  callResults(): CallResultSeed[] {
    if (this.#seeds) return this.#seeds;
    const views = [...this.#controls].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    this.#seeds = views.flatMap(([, controls]) =>
      controls.map((c) => ({ className: c.controller, calls: BY_ID_CALLS, argument: c.id, type: c.module })),
    );
    return this.#seeds;
  }

  artefacts(): Artefact[] {
    return [];
  }
}

/**
 * The controls of one view with a literal id, for the controller its root names. An id that is a
 * binding (`{…}`) or declared twice in the view is left out: which control it reaches is unsure.
 */
function viewControls(extracted: ExtractedFile): ViewControl[] {
  let controller: string | undefined;
  const found = new Map<string, string | undefined>();
  for (const fact of extracted.facts) {
    if (fact.kind !== "element") continue;
    const attributes = fact.detail?.attributes ?? {};
    const depth = fact.detail?.ancestors?.length ?? 0;
    if (depth === 0) {
      const name = attributes.controllerName;
      if (typeof name === "string" && /^[\w$.]+$/.test(name)) controller = name;
      continue;
    }
    const id = attributes.id;
    const namespace = fact.detail?.namespace;
    if (typeof id !== "string" || !/^[\w$.-]+$/.test(id) || typeof namespace !== "string" || !/^[\w$.]+$/.test(namespace)) continue;
    const local = fact.key.slice(fact.key.indexOf(":") + 1);
    // A fragment or an extension point in a view is not a control: byId does not return it.
    if (!/^[A-Z][\w$]*$/.test(local) || (namespace === "sap.ui.core" && NOT_CONTROLS.has(local))) continue;
    found.set(id, found.has(id) ? undefined : `${namespace.replace(/\./g, "/")}/${local}`);
  }
  if (controller === undefined) return [];
  return [...found].flatMap(([id, module]) => (module === undefined ? [] : [{ controller: controller!, id, module }]));
}
