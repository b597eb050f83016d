import {
  parseSteps,
  walkKey,
  walkSteps,
  type ArgumentShape,
  type Declarations,
  type Fact,
  type JsValue,
  type LocalValue,
  type WalkState,
  type Walked,
} from "@uplift/core";
import type { BoundFile, ModuleGraph } from "./module-graph.js";

/** A parameter that configuration types: a form handler's execution context, a ribbon PrimaryControl. */
export interface TypeSeed {
  /** Path of the library file in the scan. */
  file: string;
  functionName: string;
  param: number;
  /** A declared type name (`Xrm.Events.EventContext`). */
  type: string;
}

type By = "bindings" | "types";
interface RootState {
  state: WalkState;
  by: By;
}

const MAX_PASSES = 4;

/**
 * Gives member and call facts the declared symbol their value has, by walking resolved paths
 * through the vendor's declarations from what is known to be typed: globals and modules the vendor
 * declares, parameters that configuration types, annotated parameters, fields and locals (TypeScript
 * and JSDoc), callback parameters of declared methods (`rows.forEach(function (row) …)`), and
 * parameters of project functions whose call sites pass a typed value.
 */
export class Typer {
  readonly #roots = new Map<string, RootState>();
  /** Per file: definition name → function id. */
  readonly #functionsByName = new Map<BoundFile, Map<string, string>>();
  /** Qualified function names across the scan, for calls through namespaces (`Contoso.Util.f(x)`). */
  readonly #projectFunctions = new Map<string, Array<{ file: BoundFile; id: string }>>();
  #changed = false;

  constructor(
    private readonly files: readonly BoundFile[],
    private readonly graph: ModuleGraph,
    private readonly declarationsOf: (file: BoundFile) => Declarations,
  ) {
    for (const f of files) {
      const byName = new Map<string, string>();
      const aliases: Array<[string, string]> = [];
      for (const fact of f.extracted.facts) {
        if (fact.kind !== "definition") continue;
        if (fact.detail?.fn) byName.set(fact.key, fact.detail.fn);
        else if (fact.detail?.aliasOf) aliases.push([fact.key, fact.detail.aliasOf]);
      }
      for (const [name, target] of aliases) {
        const fn = byName.get(target);
        if (fn && !byName.has(name)) byName.set(name, fn);
      }
      this.#functionsByName.set(f, byName);
      for (const [name, id] of byName) {
        const list = this.#projectFunctions.get(name) ?? [];
        list.push({ file: f, id });
        this.#projectFunctions.set(name, list);
      }
    }
  }

  seed(seeds: readonly TypeSeed[]): void {
    const byPath = new Map(this.files.map((f) => [f.file.path, f]));
    for (const s of seeds) {
      const file = byPath.get(s.file);
      if (!file) continue;
      const fn = this.#functionsByName.get(file)?.get(s.functionName);
      const decl = this.declarationsOf(file);
      const ref = decl.resolve(s.type, new Map(), { name: "", args: [] });
      if (fn && ref) this.#setRoot(file, `${fn}#${s.param}`, { state: { kind: "instance", ref }, by: "bindings" });
    }
  }

  run(): void {
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      this.#changed = false;
      for (const f of this.files) {
        const decl = this.declarationsOf(f);
        if (decl.empty || !f.extracted.bindings) continue;
        for (const fact of f.extracted.facts) {
          if (fact.kind !== "member" && fact.kind !== "call") continue;
          // A path from a global or module is typed once; only what hangs on local roots can gain
          // from roots typed in a later pass (callbacks, call sites).
          if (pass > 0 && fact.detail?.root === undefined && !(fact.kind === "call" && fact.detail?.args?.some((a) => a.fn || a.root)))
            continue;
          this.#type(f, decl, fact);
        }
      }
      if (!this.#changed) break;
    }
  }

  #type(file: BoundFile, decl: Declarations, fact: Fact): void {
    const detail = fact.detail;
    let walked: Walked | undefined;
    let by: By = "bindings";
    if (detail?.root !== undefined && detail.rootPath !== undefined) {
      const r = this.#walkLocal(file, decl, {
        root: detail.root,
        path: detail.rootPath,
        ...(detail.rootType ? { type: detail.rootType } : {}),
      });
      walked = r?.walked;
      by = r?.by ?? by;
    } else if (!detail?.own && !fact.key.startsWith("~") && !fact.key.startsWith("this") && !fact.key.startsWith("?")) {
      walked = walkKey(decl, fact.key);
    }
    if (walked?.symbol !== undefined) {
      fact.detail = { ...fact.detail, symbol: walked.symbol, resolvedBy: by };
    }
    if (fact.kind !== "call" || !fact.detail?.args) return;
    // Callbacks of declared methods get their parameters' declared types.
    if (walked?.hit) {
      const self = walked.hit.owner;
      fact.detail.args.forEach((arg, i) => {
        if (!arg.fn) return;
        decl.callbackParams(walked!.hit!, i, self).forEach((ref, j) => {
          if (ref) this.#setRoot(file, `${arg.fn}#${j}`, { state: { kind: "instance", ref }, by });
        });
      });
    }
    // Parameters of the project's own functions get what their call sites pass.
    const callee = this.#calleeFunction(file, fact);
    if (!callee) return;
    fact.detail.args.forEach((arg, i) => {
      const state = this.#stateOfArgument(file, decl, arg);
      if (state) this.#setRoot(callee.file, `${callee.id}#${i}`, state);
    });
  }

  #calleeFunction(file: BoundFile, fact: Fact): { file: BoundFile; id: string } | undefined {
    if (fact.detail?.fn) return { file, id: fact.detail.fn };
    const followed = this.graph.follow(file, fact.key);
    if (followed?.fn) return followed.fn;
    const name = fact.key.startsWith("~") ? fact.key.slice(1) : fact.key;
    const local = this.#functionsByName.get(file)?.get(name);
    if (local) return { file, id: local };
    const across = this.#projectFunctions.get(name);
    return across?.length === 1 ? across[0] : undefined;
  }

  #stateOfArgument(file: BoundFile, decl: Declarations, arg: ArgumentShape): RootState | undefined {
    if (arg.root !== undefined && arg.rootPath !== undefined) {
      const r = this.#walkLocal(file, decl, { root: arg.root, path: arg.rootPath, ...(arg.rootType ? { type: arg.rootType } : {}) });
      return r?.walked?.state ? { state: r.walked.state, by: r.by } : undefined;
    }
    if (arg.path !== undefined && !arg.path.startsWith("~") && !arg.path.startsWith("this")) {
      const state = walkKey(decl, arg.path)?.state;
      return state ? { state, by: "bindings" } : undefined;
    }
    return undefined;
  }

  /** A value derived from a local root: the root's state, then the path read from it. */
  #walkLocal(file: BoundFile, decl: Declarations, local: LocalValue, depth = 0): { walked: Walked | undefined; by: By } | undefined {
    let steps = parseSteps(local.path);
    let root = this.#rootState(file, decl, local);
    if (!root && !local.root.includes("#") && steps.length > 0 && depth < 4) {
      // `this.field…` in a class: the field's declared type or what was assigned to it.
      const field = file.extracted.bindings?.fields[`${local.root}.${steps[0]!.name}`];
      if (field && !steps[0]!.call) {
        root = this.#stateOfValue(file, decl, field, depth + 1);
        steps = steps.slice(1);
        if (root && steps.length === 0) return { walked: { symbol: undefined, hit: undefined, state: root.state }, by: root.by };
      }
    }
    if (!root) {
      // Nothing says what the root is: a method only the vendor declares, called with a number of
      // arguments it accepts, tells what its result is (`executionContext.getContext()`), never
      // what the receiver is.
      const first = steps[0];
      if (!first?.call || first.arity === undefined || this.#projectFunctions.has(first.name) || this.#ownMethod(first.name))
        return undefined;
      const ref = decl.returnOfAny(first.name, first.arity);
      if (!ref) return undefined;
      root = { state: { kind: "instance", ref }, by: "bindings" };
      steps = steps.slice(1);
      if (steps.length === 0) return { walked: { symbol: undefined, hit: undefined, state: root.state }, by: root.by };
    }
    return { walked: walkSteps(decl, root.state, steps), by: root.by };
  }

  #ownMethodNames: Set<string> | undefined;
  /** Method names the project defines itself (`Contoso.Util.getContext`): never read as the vendor's. */
  #ownMethod(name: string): boolean {
    if (!this.#ownMethodNames) {
      this.#ownMethodNames = new Set();
      for (const key of this.#projectFunctions.keys()) this.#ownMethodNames.add(key.slice(key.lastIndexOf(".") + 1));
    }
    return this.#ownMethodNames.has(name);
  }

  #rootState(file: BoundFile, decl: Declarations, local: LocalValue): RootState | undefined {
    const known = this.#roots.get(`${file.file.path}\0${local.root}`);
    if (known) return known;
    if (local.type !== undefined) {
      const ref = decl.resolve(local.type, new Map(), { name: "", args: [] });
      if (ref) {
        const state: RootState = { state: { kind: "instance", ref }, by: "types" };
        this.#roots.set(`${file.file.path}\0${local.root}`, state);
        return state;
      }
    }
    return undefined;
  }

  #stateOfValue(file: BoundFile, decl: Declarations, value: JsValue, depth: number): RootState | undefined {
    if (value.type !== undefined) {
      const ref = decl.resolve(value.type, new Map(), { name: "", args: [] });
      if (ref) return { state: { kind: "instance", ref }, by: "types" };
    }
    if (value.key !== undefined) {
      const key = this.graph.follow(file, value.key)?.key ?? value.key;
      const state = walkKey(decl, key)?.state;
      if (state) return { state, by: "bindings" };
    }
    if (value.local) {
      const r = this.#walkLocal(file, decl, value.local, depth + 1);
      if (r?.walked?.state) return { state: r.walked.state, by: r.by };
    }
    return undefined;
  }

  #setRoot(file: BoundFile, root: string, state: RootState): void {
    const key = `${file.file.path}\0${root}`;
    if (this.#roots.has(key)) return;
    this.#roots.set(key, state);
    this.#changed = true;
  }
}
