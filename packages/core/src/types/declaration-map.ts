import { parseTypeRef, substitute, type TypeRef } from "./type-ref.js";

/**
 * What a vendor's declaration package declares, compactly: the global values, the modules and
 * their exports, and every type with its own members. `uplift rules derive` writes it from the
 * package (the same reading the type pass does), and the scan walks resolved paths through it, so
 * plain JavaScript gets declared symbols without building a TypeScript program.
 *
 * Types are named by their fully qualified declared name (`Xrm.GlobalContext`); a class that is
 * the default export of a module is named by the module (`sap/m/Button`), as an import of it is.
 */
export interface DeclarationMap {
  package: string;
  version: string;
  /** Global values by name: `Xrm` (a variable), `GetGlobalContext` (a function). */
  globals: Record<string, DeclaredMember>;
  /** Module declarations by specifier: their exports (`default` for the default export). */
  modules: Record<string, Record<string, DeclaredMember>>;
  types: Record<string, DeclaredType>;
}

export interface DeclaredType {
  /** Type parameters, in order. */
  params?: string[];
  /** Base types, as type references. */
  extends?: string[];
  /** Instance members (for namespaces and enums: their values). */
  members: Record<string, DeclaredMember>;
  /** A class's static members. */
  statics?: Record<string, DeclaredMember>;
}

/**
 * One member: a property has a type `t`; a method has a return type `r` and its number of
 * arguments `n` (min, max); `cb` gives, per argument index, the parameter types of a callback
 * passed there; `new` is the instance type a class constructs. Types not worth walking
 * (primitives, anonymous object types) are left out.
 */
export interface DeclaredMember {
  t?: string;
  r?: string;
  n?: [number, number];
  cb?: Record<string, string[]>;
  new?: string;
}

/** A place in the walk: the type a value has, with its type arguments bound. */
export interface Typed {
  ref: TypeRef;
}

/** The result of reading one member of a typed value. */
export interface MemberHit {
  /** The declared symbol (`Xrm.GlobalContext.getUserName`); undeclared members of a known type get `<type>.<name>`. */
  symbol: string;
  member: DeclaredMember | undefined;
  /** The type that declares the member, with its parameters bound. */
  owner: TypeRef;
  bound: ReadonlyMap<string, TypeRef>;
}

const MAX_BASES = 64;

/** Lookups over one or more declaration maps; the maps are data, never code. */
export class Declarations {
  readonly #maps: DeclarationMap[];
  /** Method name → every return type it is declared with, for results of calls on unknown values. */
  #returnsByName: Map<string, Array<{ r: string | undefined; n: [number, number] | undefined }>> | undefined;

  constructor(maps: readonly DeclarationMap[]) {
    this.#maps = [...maps];
    this.hasModules = this.#maps.some((m) => Object.keys(m.modules).length > 0);
  }

  get empty(): boolean {
    return this.#maps.length === 0;
  }

  /** Whether any map declares modules (without, a key needs no module lookup at all). */
  readonly hasModules: boolean;

  #roots: Set<string> | undefined;
  /** The first names the declarations use (`Xrm`, `XrmEnum`, `sap`, `N`): a file without any cannot reach them. */
  get roots(): ReadonlySet<string> {
    if (!this.#roots) {
      this.#roots = new Set();
      for (const m of this.#maps) {
        for (const name of [...Object.keys(m.globals), ...Object.keys(m.types), ...Object.keys(m.modules)]) {
          const first = /^[A-Za-z_$][\w$]*/.exec(name)?.[0];
          if (first) this.#roots.add(first);
        }
      }
    }
    return this.#roots;
  }

  type(name: string): DeclaredType | undefined {
    for (const m of this.#maps) {
      const t = m.types[name];
      if (t) return t;
    }
    return undefined;
  }

  global(name: string): DeclaredMember | undefined {
    for (const m of this.#maps) {
      const g = m.globals[name];
      if (g) return g;
    }
    return undefined;
  }

  module(specifier: string): Record<string, DeclaredMember> | undefined {
    for (const m of this.#maps) {
      const mod = m.modules[specifier];
      if (mod) return mod;
    }
    return undefined;
  }

  /** A member of a typed value, searched on the type and then on its bases, breadth first. */
  member(ref: TypeRef, name: string, statics = false): MemberHit | undefined {
    const queue: Array<{ ref: TypeRef; bound: Map<string, TypeRef> }> = [{ ref, bound: this.#bind(ref) }];
    const seen = new Set<string>();
    while (queue.length > 0 && seen.size < MAX_BASES) {
      const { ref: current, bound } = queue.shift()!;
      if (seen.has(current.name)) continue;
      seen.add(current.name);
      const type = this.type(current.name);
      if (!type) continue;
      const own = (statics ? type.statics : type.members)?.[name];
      if (own && Object.prototype.hasOwnProperty.call(statics ? type.statics : type.members, name)) {
        return { symbol: `${current.name}.${name}`, member: own, owner: current, bound };
      }
      for (const base of type.extends ?? []) {
        const parsed = parseTypeRef(base);
        if (!parsed) continue;
        const baseRef = substitute(parsed, bound);
        queue.push({ ref: baseRef, bound: this.#bind(baseRef) });
      }
    }
    // A member the declarations do not have (removed from them, or never declared) is still a
    // member of this type: its symbol says so, and the walk stops there.
    return this.type(ref.name) ? { symbol: `${ref.name}.${name}`, member: undefined, owner: ref, bound: new Map() } : undefined;
  }

  /** The type parameters of a reference bound to its arguments. */
  #bind(ref: TypeRef): Map<string, TypeRef> {
    const bound = new Map<string, TypeRef>();
    const params = this.type(ref.name)?.params ?? [];
    params.forEach((p, i) => {
      const arg = ref.args[i];
      if (arg) bound.set(p, arg);
    });
    return bound;
  }

  /** A member's type (a property) or return type (a method), resolved against its owner. */
  resultOf(hit: MemberHit, called: boolean, self: TypeRef): TypeRef | undefined {
    const m = hit.member;
    if (!m) return undefined;
    return this.resolve(called ? m.r : m.t, hit.bound, self);
  }

  /** The parameter types of a callback passed as argument `index` of a method. */
  callbackParams(hit: MemberHit, index: number, self: TypeRef): Array<TypeRef | undefined> {
    const list = hit.member?.cb?.[String(index)] ?? [];
    return list.map((t) => this.resolve(t, hit.bound, self));
  }

  resolve(text: string | undefined, bound: ReadonlyMap<string, TypeRef>, self: TypeRef): TypeRef | undefined {
    if (!text) return undefined;
    if (text === "this") return self;
    const parsed = parseTypeRef(text);
    if (!parsed) return undefined;
    const ref = substitute(parsed, bound);
    // An unbound type parameter says nothing about the value.
    return this.type(ref.name) ? ref : undefined;
  }

  /**
   * What calling a method of this name returns when the receiver is not known: the declared
   * return type if every declaration of the name agrees on it and accepts this many arguments.
   */
  returnOfAny(name: string, arity: number): TypeRef | undefined {
    if (!this.#returnsByName) {
      this.#returnsByName = new Map();
      for (const map of this.#maps) {
        for (const type of Object.values(map.types)) {
          for (const [member, m] of [...Object.entries(type.members), ...Object.entries(type.statics ?? {})]) {
            let list = this.#returnsByName.get(member);
            if (!list) this.#returnsByName.set(member, (list = []));
            list.push({ r: m.r, n: m.n });
          }
        }
      }
    }
    const list = this.#returnsByName.get(name);
    if (!list || list.length === 0) return undefined;
    const first = list[0]!.r;
    if (!first || first === "this" || list.some((d) => d.r !== first)) return undefined;
    if (list.some((d) => !d.n || arity < d.n[0] || arity > d.n[1])) return undefined;
    const ref = parseTypeRef(first);
    // Generic results depend on the receiver, which is not known.
    if (!ref || ref.args.length > 0 || !this.type(ref.name)) return undefined;
    return ref;
  }
}
