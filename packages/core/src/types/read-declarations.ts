import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ts as TS } from "ts-morph";
import type { DeclarationMap, DeclaredMember, DeclaredType } from "./declaration-map.js";
import { loadTsMorph, SymbolNames } from "./ts-names.js";

/** A declaration marked `@deprecated`, with what its doc comment says. */
export interface DeprecatedDeclaration {
  symbol: string;
  kind: "global" | "type" | "member" | "static" | "export";
  /** The `@deprecated` text, links written as their target. */
  text: string;
  /** `{@link …}` targets in the text that are declared names, not web pages. */
  links: string[];
  /** A vendor version the text names ("Deprecated in v9.1" → 9.1; "As of version 1.56" → 1.56). */
  version?: string;
  /** The `@since` tag, if any. */
  since?: string;
}

/** What one declaration package says: its map, its deprecations and a signature per declared symbol. */
export interface DeclarationReading {
  map: DeclarationMap;
  deprecated: DeprecatedDeclaration[];
  /** Symbol → its declared signature text, to tell removed and changed members between versions. */
  signatures: Record<string, string>;
}

const NO_WALK_NAMES = new Set(["prototype", "__constructor", "__call", "__index", "__new"]);
const MAX_ARGS = 99;

/**
 * Reads a vendor declaration package (a folder with package.json and .d.ts files): global
 * namespaces such as `Xrm`, module declarations such as `sap/m/Button`. Nothing in it runs.
 */
export async function readDeclarationPackage(dir: string): Promise<DeclarationReading> {
  const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as {
    name: string;
    version: string;
    types?: string;
    typings?: string;
  };
  const entry = path.resolve(dir, pkg.types ?? pkg.typings ?? "index.d.ts");
  if (!existsSync(entry)) throw new Error(`${pkg.name}: no declaration entry file (${path.relative(dir, entry)})`);
  const { Project, ts } = await loadTsMorph();
  const project = new Project({
    compilerOptions: { lib: ["lib.es5.d.ts"], types: [], noEmit: true, skipLibCheck: true },
    skipAddingFilesFromTsConfig: true,
  });
  project.addSourceFileAtPath(entry);
  project.resolveSourceFileDependencies();
  const root = path.resolve(dir) + path.sep;
  const files = project
    .getSourceFiles()
    .map((f) => f.compilerNode)
    .filter((f) => path.resolve(f.fileName).startsWith(root))
    .sort((a, b) => (a.fileName < b.fileName ? -1 : 1));
  const checker = project.getTypeChecker().compilerObject;
  const reader = new PackageReader(ts, checker, root);
  for (const file of files) reader.file(file);
  return reader.result(pkg.name, pkg.version);
}

class PackageReader {
  readonly #names: SymbolNames;
  readonly #map: Omit<DeclarationMap, "package" | "version"> = { globals: {}, modules: {}, types: {} };
  readonly #deprecated = new Map<string, DeprecatedDeclaration>();
  readonly #signatures: Record<string, string> = {};
  readonly #visited = new Set<TS.Symbol>();

  constructor(
    private readonly ts: typeof TS,
    private readonly checker: TS.TypeChecker,
    private readonly root: string,
  ) {
    this.#names = new SymbolNames(ts, checker);
  }

  file(file: TS.SourceFile): void {
    const ts = this.ts;
    const fileSymbol = this.checker.getSymbolAtLocation(file);
    if (fileSymbol) {
      // An external module file (export … at top level) is named by its path; it is not a global.
      return;
    }
    for (const statement of file.statements) {
      if (ts.isModuleDeclaration(statement) && ts.isStringLiteral(statement.name)) {
        const module = this.checker.getSymbolAtLocation(statement.name);
        if (module) this.#module(statement.name.text, module);
        continue;
      }
      if (ts.isModuleDeclaration(statement) && statement.name.text === "global") continue;
      for (const symbol of this.#declaredSymbols(statement)) this.#global(symbol);
    }
  }

  result(name: string, version: string): DeclarationReading {
    const sortKeys = <T>(o: Record<string, T>): Record<string, T> =>
      Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const modules: DeclarationMap["modules"] = {};
    for (const [spec, exports] of Object.entries(sortKeys(this.#map.modules))) modules[spec] = sortKeys(exports);
    const types: DeclarationMap["types"] = {};
    for (const [n, t] of Object.entries(sortKeys(this.#map.types))) {
      const type: DeclaredType = { ...t, members: sortKeys(t.members) };
      if (t.statics) type.statics = sortKeys(t.statics);
      types[n] = type;
    }
    return {
      map: { package: name, version, globals: sortKeys(this.#map.globals), modules, types },
      deprecated: [...this.#deprecated.values()].sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0)),
      signatures: sortKeys(this.#signatures),
    };
  }

  #declaredSymbols(statement: TS.Statement): TS.Symbol[] {
    const ts = this.ts;
    const out: TS.Symbol[] = [];
    const add = (name: TS.Node | undefined): void => {
      const s = name ? this.checker.getSymbolAtLocation(name) : undefined;
      if (s) out.push(s);
    };
    if (ts.isVariableStatement(statement)) for (const d of statement.declarationList.declarations) add(d.name);
    else if (
      ts.isFunctionDeclaration(statement) ||
      ts.isClassDeclaration(statement) ||
      ts.isInterfaceDeclaration(statement) ||
      ts.isEnumDeclaration(statement) ||
      ts.isModuleDeclaration(statement) ||
      ts.isTypeAliasDeclaration(statement)
    )
      add(statement.name);
    return out;
  }

  /** A top-level declaration of a script: a global value, and the types it holds. */
  #global(symbol: TS.Symbol): void {
    if (this.#visited.has(symbol)) return;
    this.#visited.add(symbol);
    const F = this.ts.SymbolFlags;
    const name = this.#names.of(symbol);
    if (symbol.flags & (F.Variable | F.Function | F.Class | F.Enum | F.ValueModule)) {
      const member = this.#valueMember(symbol);
      if (member) {
        this.#map.globals[symbol.name] = member;
        this.#note(symbol, name, "global");
      }
    }
    this.#container(symbol, name);
  }

  /** Namespaces, interfaces, classes and enums: a declared type with its members, and what they nest. */
  #container(symbol: TS.Symbol, name: string): void {
    const F = this.ts.SymbolFlags;
    if (symbol.flags & (F.Interface | F.Class | F.Enum | F.ValueModule)) this.#type(symbol, name);
    if (symbol.flags & (F.Namespace | F.ValueModule | F.NamespaceModule | F.Enum)) {
      for (const child of this.checker.getExportsOfModule(symbol)) {
        if (this.#visited.has(child) || !this.#inPackage(child)) continue;
        this.#visited.add(child);
        this.#container(child, this.#names.of(child));
      }
    }
  }

  #module(spec: string, module: TS.Symbol): void {
    const exports: Record<string, DeclaredMember> = {};
    for (const exported of this.checker.getExportsOfModule(module)) {
      const F = this.ts.SymbolFlags;
      const target = exported.flags & F.Alias ? this.checker.getAliasedSymbol(exported) : exported;
      if (!this.#inPackage(target)) continue;
      const member = this.#valueMember(target);
      if (member) {
        exports[exported.name] = member;
        this.#note(target, exported.name === "default" ? spec : `${spec}.${exported.name}`, "export");
      }
      if (!this.#visited.has(target)) {
        this.#visited.add(target);
        this.#container(target, this.#names.of(target));
      }
    }
    this.#map.modules[spec] = { ...this.#map.modules[spec], ...exports };
  }

  #type(symbol: TS.Symbol, name: string): void {
    const F = this.ts.SymbolFlags;
    const existing = this.#map.types[name];
    const type: DeclaredType = existing ?? { members: {} };
    this.#note(symbol, name, "type");
    const declared = this.checker.getDeclaredTypeOfSymbol(symbol);
    const params = (declared as TS.InterfaceType).typeParameters?.map((p) => p.symbol.name);
    if (params && params.length > 0) type.params = params;
    if (symbol.flags & (F.Interface | F.Class)) {
      const bases = this.checker.getBaseTypes(declared as TS.InterfaceType);
      const refs = bases.map((b) => this.#ref(b, params ?? [])).filter((r): r is string => r !== undefined);
      if (refs.length > 0) type.extends = refs;
    }
    const own = params ?? [];
    symbol.members?.forEach((m) => {
      if (NO_WALK_NAMES.has(m.name) || m.name.startsWith("__")) return;
      if (!(m.flags & (F.Property | F.Method | F.Accessor | F.EnumMember))) return;
      const member = this.#valueMember(m, own) ?? {};
      type.members[m.name] = member;
      this.#note(m, `${name}.${m.name}`, "member");
    });
    if (symbol.flags & (F.Class | F.ValueModule | F.Enum)) {
      const statics: Record<string, DeclaredMember> = {};
      const values: TS.Symbol[] = [];
      symbol.exports?.forEach((m) => values.push(m));
      for (const m of values) {
        if (NO_WALK_NAMES.has(m.name) || m.name.startsWith("__")) continue;
        if (!(m.flags & (F.Property | F.Method | F.Accessor | F.Variable | F.Function | F.EnumMember | F.Class | F.Enum | F.ValueModule)))
          continue;
        statics[m.name] = this.#valueMember(m) ?? {};
        this.#note(m, `${name}.${m.name}`, symbol.flags & F.Class ? "static" : "member");
      }
      if (symbol.flags & F.Class) {
        if (Object.keys(statics).length > 0) type.statics = statics;
      } else {
        // A namespace's or enum's values are read as its members: `Xrm.Utility`-like objects.
        Object.assign(type.members, statics);
      }
    }
    this.#map.types[name] = type;
  }

  /** How a value-level symbol is typed: a property's type, a function's result and arity, a class. */
  #valueMember(symbol: TS.Symbol, ownParams: readonly string[] = []): DeclaredMember | undefined {
    const F = this.ts.SymbolFlags;
    const decl = symbol.valueDeclaration ?? symbol.declarations?.[0];
    if (!decl) return undefined;
    if (symbol.flags & F.Class) return { new: this.#names.of(symbol) };
    if (symbol.flags & (F.Enum | F.ValueModule) && !(symbol.flags & (F.Variable | F.Function))) return { t: this.#names.of(symbol) };
    const type = this.checker.getTypeOfSymbolAtLocation(symbol, decl);
    const signatures = type.getCallSignatures();
    const member: DeclaredMember = {};
    if (symbol.flags & (F.Method | F.Function) && signatures.length > 0) {
      let min = MAX_ARGS;
      let max = 0;
      for (const sig of signatures) {
        const [a, b] = this.#arity(sig);
        min = Math.min(min, a);
        max = Math.max(max, b);
        if (member.r === undefined) {
          const r = this.#ref(sig.getReturnType(), ownParams);
          if (r !== undefined) member.r = r;
        }
      }
      member.n = [min, max];
      const first = signatures[0]!;
      first.getParameters().forEach((p, i) => {
        const pt = this.checker.getTypeOfSymbol(p);
        const cbSig = pt.getNonNullableType().getCallSignatures()[0];
        if (!cbSig) return;
        const params = cbSig.getParameters().map((q) => this.#ref(this.checker.getTypeOfSymbol(q), ownParams) ?? "");
        if (params.some((x) => x !== "")) (member.cb ??= {})[String(i)] = params;
      });
      this.#signatures[this.#names.of(symbol)] = signatures.map((s) => this.checker.signatureToString(s)).join(" | ");
    } else {
      const t = this.#ref(type, ownParams);
      if (t !== undefined) member.t = t;
      this.#signatures[this.#names.of(symbol)] = this.checker.typeToString(type);
    }
    return member;
  }

  #arity(sig: TS.Signature): [number, number] {
    let min = 0;
    let max = 0;
    let optionalSeen = false;
    for (const p of sig.getParameters()) {
      const d = p.valueDeclaration as TS.ParameterDeclaration | undefined;
      if (d && d.dotDotDotToken) return [min, MAX_ARGS];
      max++;
      const optional = !d || d.questionToken !== undefined || d.initializer !== undefined;
      if (!optional && !optionalSeen) min = max;
      if (optional) optionalSeen = true;
    }
    return [min, max];
  }

  /** A type as a reference the map can walk; primitives, literals and anonymous shapes give undefined. */
  #ref(type: TS.Type, ownParams: readonly string[], depth = 0): string | undefined {
    if (depth > 6) return undefined;
    const ts = this.ts;
    const T = ts.TypeFlags;
    if (type.flags & T.TypeParameter) {
      if ((type as TS.TypeParameter & { isThisType?: boolean }).isThisType) return "this";
      const name = type.symbol?.name;
      if (name && ownParams.includes(name)) return name;
      const constraint = this.checker.getBaseConstraintOfType(type);
      return constraint && constraint !== type ? this.#ref(constraint, ownParams, depth + 1) : undefined;
    }
    if (type.isUnion()) {
      const parts = type.types.filter((t) => !(t.flags & (T.Null | T.Undefined | T.Void)));
      return parts.length === 1 ? this.#ref(parts[0]!, ownParams, depth + 1) : undefined;
    }
    if (!(type.flags & T.Object)) return undefined;
    const objectFlags = (type as TS.ObjectType).objectFlags;
    let symbol: TS.Symbol | undefined;
    let args: readonly TS.Type[] = [];
    if (objectFlags & ts.ObjectFlags.Reference) {
      const ref = type as TS.TypeReference;
      symbol = ref.target.symbol;
      const count = ref.target.typeParameters?.length ?? 0;
      args = this.checker.getTypeArguments(ref).slice(0, count);
    } else if (objectFlags & (ts.ObjectFlags.Interface | ts.ObjectFlags.Class)) {
      symbol = type.symbol;
    }
    if (!symbol || !(symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.Class)) || !this.#inPackage(symbol)) return undefined;
    const name = this.#names.of(symbol);
    if (args.length === 0) return name;
    const argRefs = args.map((a) => this.#ref(a, ownParams, depth + 1) ?? "unknown");
    return `${name}<${argRefs.join(", ")}>`;
  }

  #inPackage(symbol: TS.Symbol): boolean {
    return (symbol.declarations ?? []).some((d) => path.resolve(d.getSourceFile().fileName).startsWith(this.root));
  }

  #note(symbol: TS.Symbol, name: string, kind: DeprecatedDeclaration["kind"]): void {
    if (this.#deprecated.has(name)) return;
    for (const decl of symbol.declarations ?? []) {
      const tag = this.ts.getJSDocDeprecatedTag(decl);
      if (!tag) continue;
      const text = this.#tagText(tag.comment).replace(/\s+/g, " ").trim();
      const item: DeprecatedDeclaration = { symbol: name, kind, text, links: linkTargets(tag.comment, this.ts) };
      const version = versionIn(text);
      if (version) item.version = version;
      const since = this.ts.getJSDocTags(decl).find((t) => t.tagName.text === "since");
      if (since) item.since = this.#tagText(since.comment).trim();
      this.#deprecated.set(name, item);
      return;
    }
  }

  #tagText(comment: string | TS.NodeArray<TS.JSDocComment> | undefined): string {
    if (comment === undefined) return "";
    if (typeof comment === "string") return comment;
    const ts = this.ts;
    return comment
      .map((part) => {
        if (ts.isJSDocLink(part) || ts.isJSDocLinkCode(part) || ts.isJSDocLinkPlain(part)) {
          const target = part.name ? part.name.getText() : "";
          const label = part.text.trim();
          return label && !/^https?:/.test(target) ? label : target || label;
        }
        return part.text;
      })
      .join("");
  }
}

function linkTargets(comment: string | TS.NodeArray<TS.JSDocComment> | undefined, ts: typeof TS): string[] {
  if (comment === undefined || typeof comment === "string") return [];
  const out: string[] = [];
  for (const part of comment) {
    if ((ts.isJSDocLink(part) || ts.isJSDocLinkCode(part) || ts.isJSDocLinkPlain(part)) && part.name) {
      const target = part.name.getText();
      if (!/^https?:/.test(target) && !out.includes(target)) out.push(target);
    }
  }
  return out;
}

/** The vendor version a deprecation note names, if it names one. */
export function versionIn(text: string): string | undefined {
  const m = /(?:\bv|\bversion\s+|\bas of\s+(?:version\s+)?|\bsince\s+(?:version\s+)?)(\d+(?:\.\d+)*)\b/i.exec(text);
  return m?.[1];
}
