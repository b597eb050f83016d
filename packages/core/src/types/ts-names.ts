import type { ts as TS } from "ts-morph";

/**
 * Declared names as Uplift writes symbols: the checker's fully qualified name, with an ambient
 * module written bare (`N/record.Record.getValue`) and a module's default export named by the
 * module (`sap/m/Button.setType`), as an import of it is named in facts.
 */
export class SymbolNames {
  readonly #defaults = new Map<string, string | undefined>();

  constructor(
    private readonly ts: typeof TS,
    private readonly checker: TS.TypeChecker,
  ) {}

  of(symbol: TS.Symbol): string {
    const s = symbol.flags & this.ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(symbol) : symbol;
    const fqn = this.checker.getFullyQualifiedName(s);
    if (!fqn.startsWith('"')) return fqn;
    const close = fqn.indexOf('"', 1);
    const spec = fqn.slice(1, close);
    const rest = fqn.slice(close + 2);
    if (rest === "") return spec;
    const dot = rest.indexOf(".");
    const first = dot < 0 ? rest : rest.slice(0, dot);
    if (first === "default" || first === this.#defaultName(spec)) return dot < 0 ? spec : `${spec}.${rest.slice(dot + 1)}`;
    return `${spec}.${rest}`;
  }

  /** The declared name of a module's default export (`Button` in `export default class Button`). */
  #defaultName(spec: string): string | undefined {
    if (this.#defaults.has(spec)) return this.#defaults.get(spec);
    let name: string | undefined;
    const module = this.checker.getAmbientModules().find((m) => m.name === `"${spec}"`);
    const exported = module ? this.checker.getExportsOfModule(module).find((e) => e.name === "default") : undefined;
    if (exported) {
      const target = exported.flags & this.ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(exported) : exported;
      const decl = target.declarations?.[0] as (TS.Declaration & { name?: TS.Node }) | undefined;
      name = decl?.name && this.ts.isIdentifier(decl.name) ? decl.name.text : target.name;
    }
    this.#defaults.set(spec, name);
    return name;
  }
}

/** ts-morph ships its own TypeScript; loading it takes about a second, so it is loaded only when needed. */
export async function loadTsMorph(): Promise<typeof import("ts-morph")> {
  return import("ts-morph");
}
