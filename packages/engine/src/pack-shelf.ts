import type { RulePack } from "./rule-types.js";

/**
 * The packs of every ERP, each ERP's read when it is first asked for: a scan of a UI5 app reads
 * the UI5 packs only, not the megabytes of the other ERPs'. Iterating reads them all, in the
 * catalogue's order, so that listings do not depend on what was asked for first.
 */
export class PackShelf extends Map<string, RulePack[]> {
  readonly #order: readonly string[];
  readonly #pending = new Set<string>();
  readonly #read: (erp: string) => RulePack[];

  constructor(order: readonly string[], read: (erp: string) => RulePack[]) {
    super();
    this.#order = order;
    this.#read = read;
    for (const erp of order) this.#pending.add(erp);
  }

  override get(erp: string): RulePack[] | undefined {
    if (this.#pending.delete(erp)) super.set(erp, this.#read(erp));
    return super.get(erp);
  }

  override set(erp: string, packs: RulePack[]): this {
    this.#pending.delete(erp);
    return super.set(erp, packs);
  }

  override delete(erp: string): boolean {
    const pending = this.#pending.delete(erp);
    return super.delete(erp) || pending;
  }

  override has(erp: string): boolean {
    return this.#pending.has(erp) || super.has(erp);
  }

  override get size(): number {
    return this.#pending.size + super.size;
  }

  override entries(): MapIterator<[string, RulePack[]]> {
    this.#readAll();
    return super.entries();
  }

  override keys(): MapIterator<string> {
    this.#readAll();
    return super.keys();
  }

  override values(): MapIterator<RulePack[]> {
    this.#readAll();
    return super.values();
  }

  override forEach(callback: (value: RulePack[], key: string, map: Map<string, RulePack[]>) => void, thisArg?: unknown): void {
    this.#readAll();
    super.forEach(callback, thisArg);
  }

  override [Symbol.iterator](): MapIterator<[string, RulePack[]]> {
    return this.entries();
  }

  #readAll(): void {
    if (this.#pending.size === 0) return;
    for (const erp of this.#order) this.get(erp);
    const all = new Map(super.entries());
    super.clear();
    for (const erp of [...this.#order, ...all.keys()]) {
      const packs = all.get(erp);
      if (packs && !super.has(erp)) super.set(erp, packs);
    }
  }
}
