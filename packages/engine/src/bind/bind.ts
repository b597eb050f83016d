import type { Declarations, Fact, JsClass } from "@uplift/core";
import { typeCallResults, type CallResultSeed } from "./call-results.js";
import { ModuleGraph, type BoundFile } from "./module-graph.js";
import { Typer, type TypeSeed } from "./typing.js";

export type { CallResultSeed } from "./call-results.js";
export type { BoundFile } from "./module-graph.js";
export type { TypeSeed } from "./typing.js";

export interface BindOptions {
  /** The vendor declarations that apply to a file (those of its project's ERP). */
  declarationsOf: (file: BoundFile) => Declarations;
  /** Whether a module specifier is the vendor's (declared), so never a project file. */
  isVendorModule: (spec: string) => boolean;
  seeds: readonly TypeSeed[];
  /** Calls whose result the configuration of a file's project types (a control a UI5 view declares, reached with `byId`). */
  callResultsOf?: (file: BoundFile) => readonly CallResultSeed[];
}

const MAX_CHAIN = 16;

/**
 * The binding stage: joins the JavaScript files of a scan before rules are matched. Keys that
 * start at a project module become what that module exports (`./utils.applyPatch` →
 * `@web/core/utils/patch.patch`), facts in classes learn every superclass across files, keys that
 * name the project's own functions are marked as such, calls whose result configuration types
 * take that type's key, and member and call facts get the declared symbol of their value. Facts are updated in place.
 */
export function bindFiles(files: readonly BoundFile[], options: BindOptions): void {
  const js = files.filter((f) => f.extracted.bindings);
  if (js.length === 0) return;
  const graph = new ModuleGraph(js, options.isVendorModule);
  for (const f of js) rewriteKeys(f, graph);
  if (options.callResultsOf) typeCallResults(js, options.callResultsOf);
  const chains = new ClassChains(graph, options.declarationsOf);
  for (const f of js) {
    for (const fact of f.extracted.facts) {
      const ext = fact.detail?.classExtends;
      if (!ext) continue;
      const chain = chains.of(f, ext);
      if (chain.length > 0 && (chain.length > 1 || chain[0] !== ext)) fact.detail = { ...fact.detail, classChain: chain };
    }
  }
  markOwn(js, options.declarationsOf);
  markOwnFields(js);
  const typer = new Typer(js, graph, options.declarationsOf);
  typer.seed(options.seeds);
  typer.run();
}

/** Keys, `within` callees and argument paths that start at a project module, followed to what it exports. */
function rewriteKeys(file: BoundFile, graph: ModuleGraph): void {
  const bindings = file.extracted.bindings!;
  if (bindings.imports.length === 0) return;
  const follow = (key: string): string | undefined => {
    const isNew = key.startsWith("new ");
    const t = graph.follow(file, isNew ? key.slice(4) : key);
    if (!t) return undefined;
    if (t.fn || t.cls) return undefined;
    return t.key === undefined ? undefined : isNew ? `new ${t.key}` : t.key;
  };
  for (const fact of file.extracted.facts) {
    if (fact.kind === "member" || fact.kind === "call") {
      const k = follow(fact.key);
      if (k !== undefined) fact.key = k;
      else if (graph.follow(file, fact.key.replace(/^new /, ""))?.fn) fact.detail = { ...fact.detail, own: true };
    }
    const d = fact.detail;
    if (!d) continue;
    if (d.within) {
      d.within = d.within.map((w) => {
        const hash = w.lastIndexOf("#");
        const k = follow(w.slice(0, hash));
        return k === undefined ? w : `${k}${w.slice(hash)}`;
      });
    }
    if (d.args) {
      for (const a of d.args) {
        if (a.path === undefined) continue;
        const k = follow(a.path);
        if (k !== undefined) a.path = k;
      }
    }
    if (d.classExtends) {
      const k = follow(d.classExtends);
      if (k !== undefined) d.classExtends = k;
    }
  }
}

/** Every superclass of a class, across files: project classes are followed, the first foreign one ends the chain. */
class ClassChains {
  readonly #cache = new Map<string, string[]>();

  constructor(
    private readonly graph: ModuleGraph,
    private readonly declarationsOf: (file: BoundFile) => Declarations,
  ) {}

  of(file: BoundFile, written: string): string[] {
    const cacheKey = `${file.file.path}\0${written}`;
    const cached = this.#cache.get(cacheKey);
    if (cached) return cached;
    const chain: string[] = [];
    let current: BoundFile = file;
    let key: string | undefined = written;
    for (let i = 0; i < MAX_CHAIN && key !== undefined; i++) {
      if (key.startsWith("~")) {
        const local: string = key.slice(1);
        const cls: JsClass | undefined = Object.values(current.extracted.bindings?.classes ?? {}).find((c) => c.local === local);
        key = cls?.extends;
        continue;
      }
      const t = this.graph.follow(current, key);
      if (t?.cls) {
        key = t.cls.file.extracted.bindings?.classes[t.cls.id]?.extends;
        current = t.cls.file;
        continue;
      }
      const foreign = t?.key ?? key;
      chain.push(foreign);
      // A declared vendor class goes on through its declared bases.
      const decl = this.declarationsOf(current);
      let base = decl.type(foreign)?.extends?.[0];
      while (base !== undefined && chain.length < MAX_CHAIN && !chain.includes(base)) {
        const name = base.replace(/<.*$/, "");
        chain.push(name);
        base = decl.type(name)?.extends?.[0];
      }
      break;
    }
    this.#cache.set(cacheKey, chain);
    return chain;
  }
}

/**
 * Keys that name a function or namespace the project defines itself (`Contoso.Util.getServerUrl`,
 * `this.helper` in an object whose `helper` is defined) are the customer's, never the vendor's of
 * the same name. Definitions under a vendor global (`Xrm.Page.context.getServerUrl = …`, a
 * monkey-patch) and mere aliases (`var Xrm = parent.Xrm`) do not count.
 */
function markOwn(files: readonly BoundFile[], declarationsOf: (file: BoundFile) => Declarations): void {
  const own = new Set<string>();
  for (const f of files) {
    const decl = declarationsOf(f);
    for (const fact of f.extracted.facts) {
      if (fact.kind !== "definition" || fact.detail?.opaque || fact.detail?.aliasOf !== undefined) continue;
      const first = fact.key.split(".")[0]!;
      if (first === "this" || decl.global(first)) continue;
      own.add(fact.key);
    }
  }
  if (own.size === 0) return;
  for (const f of files) {
    // A call of the project's own function, and the callee member it is written with; an
    // assignment to it (`Widget.extractProps = …`) stays what it is.
    const callees = new Set<string>();
    for (const fact of f.extracted.facts) {
      if (fact.kind !== "call" || fact.detail?.own) continue;
      const name = ownName(fact);
      if (name === undefined || !own.has(name)) continue;
      fact.detail = { ...fact.detail, own: true };
      callees.add(`${fact.span.line}:${fact.span.column}:${fact.key}`);
    }
    if (callees.size === 0) continue;
    for (const fact of f.extracted.facts) {
      if (fact.kind === "member" && callees.has(`${fact.span.line}:${fact.span.column}:${fact.key}`))
        fact.detail = { ...fact.detail, own: true };
    }
  }
}

/** `this.field…` where the field holds what the file made itself (`this.context = new LocalContext()`). */
function markOwnFields(files: readonly BoundFile[]): void {
  for (const f of files) {
    const fields = f.extracted.bindings?.fields;
    if (!fields || Object.keys(fields).length === 0) continue;
    for (const fact of f.extracted.facts) {
      const d = fact.detail;
      if ((fact.kind !== "call" && fact.kind !== "member") || d?.root === undefined || d.root.includes("#") || d.rootPath === undefined)
        continue;
      const field = /^[^.(]+/.exec(d.rootPath)?.[0];
      if (field !== undefined && fields[`${d.root}.${field}`]?.own) fact.detail = { ...d, own: true };
    }
  }
}

function ownName(fact: Fact): string | undefined {
  let key = fact.key.replace(/^new /, "");
  if (key.startsWith("~")) key = key.slice(1);
  if (key.startsWith("this.") && fact.enclosing) {
    const dot = fact.enclosing.lastIndexOf(".");
    if (dot < 0) return undefined;
    key = `${fact.enclosing.slice(0, dot)}${key.slice(4)}`;
  }
  return key.includes("(") ? undefined : key;
}
