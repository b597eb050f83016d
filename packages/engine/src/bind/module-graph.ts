import path from "node:path";
import type { ExtractedFile, JsBindings, JsValue, SourceFile } from "@uplift/core";

/** One file of the scan as the binding stage sees it. */
export interface BoundFile {
  file: SourceFile;
  extracted: ExtractedFile;
}

/** What a key written in one file turns out to be after following project modules. */
export interface Target {
  /** The key with project modules replaced by what they export (a vendor path), if it changed. */
  key?: string;
  /** A function of the project the key names. */
  fn?: { file: BoundFile; id: string };
  /** A class of the project the key names. */
  cls?: { file: BoundFile; id: string };
}

const EXTENSIONS = ["", ".js", ".ts", ".mjs", ".cjs", ".jsx", ".tsx", "/index.js", "/index.ts"];
const MAX_HOPS = 8;

/**
 * The modules of a scan and how they import each other: ESM and CommonJS (relative paths), AMD,
 * `sap.ui.define` and `odoo.define` (declared names, and path suffixes for UI5-style names), and
 * Odoo's `@addon/path` aliases for `addon/static/src/path`. A specifier the vendor declares is
 * never taken for a project file.
 */
export class ModuleGraph {
  readonly #byPath = new Map<string, BoundFile>();
  readonly #byName = new Map<string, BoundFile>();
  /** Path without extension, for suffix matches. */
  readonly #stems: Array<[string, BoundFile]> = [];
  readonly #specCache = new Map<string, BoundFile | undefined>();
  readonly #followCache = new Map<BoundFile, Map<string, Target | undefined>>();

  constructor(
    files: readonly BoundFile[],
    private readonly isVendorModule: (spec: string) => boolean,
  ) {
    for (const f of files) {
      if (!f.extracted.bindings) continue;
      this.#byPath.set(f.file.path, f);
      this.#stems.push([f.file.path.replace(/\.[cm]?[jt]sx?$/i, ""), f]);
      for (const n of f.extracted.bindings.names) if (!this.#byName.has(n)) this.#byName.set(n, f);
    }
  }

  /** The project file a specifier written in `from` refers to. */
  resolve(from: BoundFile, spec: string): BoundFile | undefined {
    const cacheKey = `${from.file.path}\0${spec}`;
    if (this.#specCache.has(cacheKey)) return this.#specCache.get(cacheKey);
    const found = this.#resolve(from, spec);
    this.#specCache.set(cacheKey, found);
    return found;
  }

  #resolve(from: BoundFile, spec: string): BoundFile | undefined {
    const named = this.#byName.get(spec);
    if (named) return named;
    if (this.isVendorModule(spec)) return undefined;
    if (spec.startsWith("./") || spec.startsWith("../")) {
      const dir = path.posix.dirname(from.file.path);
      const base = path.posix.normalize(path.posix.join(dir, spec));
      for (const ext of EXTENSIONS) {
        const f = this.#byPath.get(base + ext);
        if (f) return f;
      }
      return undefined;
    }
    const odoo = /^@([\w-]+)\/(.+)$/.exec(spec);
    if (odoo) return this.#suffix(`${odoo[1]}/static/src/${odoo[2]}`, 3);
    if (spec.includes("/") && !spec.startsWith("/")) return this.#suffix(spec.replace(/\.[cm]?[jt]sx?$/i, ""), 2);
    return undefined;
  }

  /** The one file whose path ends with the specifier, trying shorter tails down to `min` segments. */
  #suffix(spec: string, min: number): BoundFile | undefined {
    const segments = spec.split("/");
    for (let drop = 0; segments.length - drop >= min; drop++) {
      const tail = segments.slice(drop).join("/");
      const hits = this.#stems.filter(([stem]) => stem === tail || stem.endsWith(`/${tail}`));
      if (hits.length === 1) return hits[0]![1];
      if (hits.length > 1) return undefined;
    }
    return undefined;
  }

  /**
   * A key as written in `file` (`./utils.applyPatch`, `my.module.helper()`), followed through the
   * project modules it starts with to what they export.
   */
  follow(file: BoundFile, key: string, hops = 0): Target | undefined {
    const bindings = file.extracted.bindings;
    if (!bindings || hops > MAX_HOPS || bindings.imports.length === 0) return undefined;
    if (hops > 0) return this.#follow(file, bindings, key, hops);
    let cache = this.#followCache.get(file);
    if (!cache) this.#followCache.set(file, (cache = new Map()));
    if (cache.has(key)) return cache.get(key);
    const target = this.#follow(file, bindings, key, hops);
    cache.set(key, target);
    return target;
  }

  #follow(file: BoundFile, bindings: JsBindings, key: string, hops: number): Target | undefined {
    const spec = longestSpec(bindings, key);
    if (spec === undefined) return undefined;
    const target = this.resolve(file, spec);
    if (!target?.extracted.bindings) return undefined;
    const rest = key.slice(spec.length);
    let name = "default";
    let remaining = rest;
    const m = /^\.([^.(]+)(.*)$/.exec(rest);
    if (m && (target.extracted.bindings.exports[m[1]!] !== undefined || this.#reexported(target, m[1]!, hops))) {
      name = m[1]!;
      remaining = m[2]!;
    }
    return this.#value(target, name, remaining, hops);
  }

  #reexported(file: BoundFile, name: string, hops: number): boolean {
    return (file.extracted.bindings?.reexports ?? []).some((r) => {
      const t = this.resolve(file, r);
      return (
        t !== undefined && hops < MAX_HOPS && (t.extracted.bindings?.exports[name] !== undefined || this.#reexported(t, name, hops + 1))
      );
    });
  }

  /** An export of a file, read further by `remaining` (`.x.y()`). */
  #value(file: BoundFile, name: string, remaining: string, hops: number): Target | undefined {
    const bindings = file.extracted.bindings!;
    let value: JsValue | undefined = bindings.exports[name];
    if (value === undefined) {
      for (const r of bindings.reexports) {
        const t = this.resolve(file, r);
        if (t?.extracted.bindings?.exports[name] !== undefined) return this.#value(t, name, remaining, hops + 1);
      }
      return undefined;
    }
    let rest = remaining;
    while (value?.props) {
      const m = /^\.([^.(]+)(.*)$/.exec(rest);
      if (!m) break;
      value = value.props[m[1]!];
      rest = m[2]!;
    }
    if (!value) return undefined;
    if (value.key !== undefined) {
      const key = value.key + rest;
      const further = this.follow(file, key, hops + 1);
      return further ?? { key };
    }
    if (value.fn && (rest === "" || rest === "()")) return { fn: { file, id: value.fn } };
    if (value.cls && rest === "") return { cls: { file, id: value.cls } };
    return undefined;
  }
}

/** The longest module specifier the file imports that the key starts with. */
export function longestSpec(bindings: JsBindings, key: string): string | undefined {
  let best: string | undefined;
  for (const spec of bindings.imports) {
    if (best !== undefined && spec.length <= best.length) continue;
    if (key === spec || key.startsWith(`${spec}.`) || key.startsWith(`${spec}(`)) best = spec;
  }
  return best;
}
