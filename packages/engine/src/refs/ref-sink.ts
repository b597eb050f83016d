import type { Fact, FactDetail, LineIndex } from "@uplift/core";

/** Collects `ref` facts at offsets of a file, once per key and place. */
export class RefSink {
  readonly facts: Fact[] = [];
  readonly #seen = new Set<string>();

  constructor(private readonly lines: LineIndex) {}

  add(key: string, start: number, end: number, from: Fact, detail: FactDetail): void {
    const id = `${key}\0${start}`;
    if (this.#seen.has(id)) return;
    this.#seen.add(id);
    const fact: Fact = { kind: "ref", key, span: this.lines.span(start, end), detail };
    if (from.enclosing) fact.enclosing = from.enclosing;
    this.facts.push(fact);
  }

  /** A ref at the span of the fact it comes from (a call whose arguments carry no positions). */
  addAt(key: string, from: Fact, detail: FactDetail): void {
    const id = `${key}\0${from.span.line}:${from.span.column}`;
    if (this.#seen.has(id)) return;
    this.#seen.add(id);
    const fact: Fact = { kind: "ref", key, span: from.span, detail };
    if (from.enclosing) fact.enclosing = from.enclosing;
    this.facts.push(fact);
  }
}
