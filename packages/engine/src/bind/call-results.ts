import type { Fact } from "@uplift/core";
import type { BoundFile } from "./module-graph.js";

/**
 * What configuration says a call returns inside one class: a UI5 XML view declares
 * `<List id="list">` for the controller it names, so `this.byId("list")` in that controller is a
 * `sap.m.List`. The class is named as the code defines it (`Controller.extend("my.app.Main", …)`).
 */
export interface CallResultSeed {
  /** The name the class is defined with: the string the enclosing `….extend(name, {…})` call passes. */
  className: string;
  /** The call as the adapter keys it (`this.byId`, `this.getView().byId`). */
  calls: readonly string[];
  /** Its literal first argument. */
  argument: string;
  /** The key of what it returns, as constructing it is keyed without `new ` (`sap/m/List`). */
  type: string;
}

/**
 * Member and call facts on a seeded call's result (`this.byId("list").attachSelect`) take the
 * key of the type it returns (`sap/m/List().attachSelect`), so rules keyed on that class find
 * them. The call fact where the path starts gives the argument: in the same expression, or where
 * the local the path starts from was given the call's result (`var oList = this.byId("list")`,
 * which the adapter records as `resultOf`; a local assigned again is not followed).
 */
export function typeCallResults(files: readonly BoundFile[], seedsOf: (file: BoundFile) => readonly CallResultSeed[]): void {
  const lookups = new Map<readonly CallResultSeed[], SeedLookup>();
  for (const f of files) {
    const seeds = seedsOf(f);
    if (seeds.length === 0) continue;
    let lookup = lookups.get(seeds);
    if (!lookup) lookups.set(seeds, (lookup = lookupOf(seeds)));
    const { typed, calls } = lookup;
    const facts = f.extracted.facts;
    const classes = classNames(facts);
    const esClass = esClassName(f);
    if (classes.size === 0 && esClass === undefined) continue;
    const argumentAt = new Map<string, string>();
    for (const fact of facts) {
      if (fact.kind === "call" && calls.has(fact.key) && typeof fact.detail?.value === "string")
        argumentAt.set(`${fact.span.line}:${fact.span.column}:${fact.key}`, fact.detail.value);
    }
    if (argumentAt.size === 0) continue;
    for (const fact of facts) {
      if (fact.kind !== "member" && fact.kind !== "call") continue;
      const call = [...calls].find((c) => fact.key.startsWith(`${c}().`));
      if (call === undefined) continue;
      const open = call.length;
      // The call in the same expression first (`oView.byId("list").x`, oView holding getView()'s result), then the local's.
      const made = fact.detail?.resultOf;
      const argument =
        argumentAt.get(`${fact.span.line}:${fact.span.column}:${call}`) ??
        (made === undefined ? undefined : argumentAt.get(`${made.line}:${made.column}:${call}`));
      if (argument === undefined) continue;
      const className =
        (fact.detail?.within ?? []).map((w) => classes.get(w)).find((n) => n !== undefined) ??
        (esClass !== undefined && fact.detail?.classExtends !== undefined && fact.enclosing?.split(".")[0] === esClass.local
          ? esClass.name
          : undefined);
      const type = className === undefined ? undefined : typed.get(`${className}\0${call}\0${argument}`);
      if (type !== undefined) fact.key = `${type}${fact.key.slice(open)}`;
    }
  }
}

interface SeedLookup {
  /** By class name, call and argument: the type's key. */
  typed: Map<string, string>;
  calls: Set<string>;
}

function lookupOf(seeds: readonly CallResultSeed[]): SeedLookup {
  const typed = new Map<string, string>();
  const calls = new Set<string>();
  for (const s of seeds) {
    for (const call of s.calls) {
      typed.set(`${s.className}\0${call}\0${s.argument}`, s.type);
      calls.add(call);
    }
  }
  return { typed, calls };
}

/** The classes a file defines with `….extend("name", {…})`, by the `within` entry of their body. */
function classNames(facts: readonly Fact[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const fact of facts) {
    if (fact.kind !== "call" || !fact.key.endsWith(".extend")) continue;
    const name = fact.detail?.args?.[0]?.value;
    if (typeof name === "string" && fact.detail?.args?.[1]?.type === "object") out.set(`${fact.key}#1`, name);
  }
  return out;
}

/** A controller file's controller module ending (`App.controller.ts`): what a view's `controllerName` loads. */
const CONTROLLER_FILE = /(?:^|\/)([A-Za-z_$][\w$]*)\.controller\.[cm]?[jt]s$/;

/**
 * The UI5 name of the class a TypeScript (or ES) controller file defines: `export default class
 * App extends Controller` under a `@namespace ui5.walkthrough.controller` tag is
 * `ui5.walkthrough.controller.App`, as UI5's class transformer names it. Only when the file says
 * one namespace and the class is named as its file is (`App.controller.ts`), so that the name a
 * view's `controllerName` gives leads to this file whichever way it is read.
 */
function esClassName(f: BoundFile): { name: string; local: string } | undefined {
  const local = CONTROLLER_FILE.exec(f.file.path)?.[1];
  if (local === undefined) return undefined;
  const namespaces = new Set<string>();
  let defined = false;
  for (const fact of f.extracted.facts) {
    if (fact.kind === "tag" && fact.key === "@namespace" && typeof fact.detail?.value === "string")
      namespaces.add(fact.detail.value.trim());
    else if (!defined && fact.detail?.classExtends !== undefined && fact.enclosing?.split(".")[0] === local) defined = true;
  }
  const [namespace] = namespaces;
  if (!defined || namespaces.size !== 1 || namespace === undefined || !/^[\w$]+(\.[\w$]+)*$/.test(namespace)) return undefined;
  return { name: `${namespace}.${local}`, local };
}
