import type { Fact, LiteralValue } from "../../facts.js";
import type { LineIndex } from "../../source-file.js";
import { pointer } from "../json-pointer.js";
import { field, literalOf } from "./literals.js";
import type { PyNode } from "./parser.js";

/** One entry of a literal: where it stands, its pointer and its value when it is a literal. */
export type LiteralEntry = (path: ReadonlyArray<string | number>, start: number, end: number, value?: LiteralValue) => void;

/**
 * Reads a Python literal as data, the way a manifest is read: dictionaries and sequences become
 * one entry per item, keyed by its JSON pointer; a part that is not a literal (a call, an
 * operation, a comprehension) is an entry without a value, and nothing below it is guessed.
 */
export function readLiteral(
  node: PyNode,
  path: ReadonlyArray<string | number>,
  start: number,
  text: string,
  entry: LiteralEntry,
  covered?: Set<PyNode>,
): void {
  const value = literalOf(node, text) ?? translated(node, text);
  if (value !== undefined) {
    if (path.length > 0) entry(path, start, node.end, value);
    return;
  }
  if (node.type === "dictionary") {
    covered?.add(node);
    if (path.length > 0) entry(path, start, node.end);
    for (const pair of node.children) {
      if (pair.type !== "pair") continue;
      const keyNode = field(pair, "key");
      const valueNode = field(pair, "value");
      const key = literalOf(keyNode, text);
      if (!keyNode || !valueNode || (typeof key !== "string" && typeof key !== "number")) continue;
      readLiteral(valueNode, [...path, String(key)], keyNode.start, text, entry, covered);
    }
    return;
  }
  if (node.type === "list" || node.type === "tuple" || node.type === "set") {
    if (path.length > 0) entry(path, start, node.end);
    let index = 0;
    for (const item of node.children) {
      if (item.type === "comment") continue;
      readLiteral(item, [...path, index++], item.start, text, entry, covered);
    }
    return;
  }
  if (node.type === "parenthesized_expression" && node.children.length === 1) {
    return readLiteral(node.children[0]!, path, start, text, entry, covered);
  }
  if (path.length > 0) entry(path, start, node.end);
}

/** `_("Sales")` in a manifest or a dictionary is the text it translates. */
function translated(node: PyNode, text: string): string | undefined {
  if (node.type !== "call") return undefined;
  const fn = field(node, "function");
  const args = field(node, "arguments");
  if (!fn || fn.type !== "identifier" || !args) return undefined;
  const name = text.slice(fn.start, fn.end);
  if (name !== "_" && name !== "_lt") return undefined;
  const only = args.children.filter((c) => c.type !== "comment");
  const v = only.length === 1 ? literalOf(only[0], text) : undefined;
  return typeof v === "string" ? v : undefined;
}

/**
 * A data file's facts: a top-level dictionary (a manifest) under `/`, and each module-level
 * `name = literal` under `/name` (Frappe's hooks.py).
 */
export function dataFacts(root: PyNode, text: string, lines: LineIndex, covered?: Set<PyNode>): Fact[] {
  const facts: Fact[] = [];
  const entry: LiteralEntry = (path, start, end, value) => {
    const fact: Fact = { kind: "json", key: pointer(path), span: lines.span(start, end) };
    if (value !== undefined) fact.detail = { value };
    facts.push(fact);
  };
  for (const statement of root.children) {
    if (statement.type !== "expression_statement") continue;
    const expr = statement.children[0];
    if (!expr) continue;
    if (expr.type === "dictionary") readLiteral(expr, [], expr.start, text, entry, covered);
    else if (expr.type === "assignment") {
      const left = field(expr, "left");
      const right = field(expr, "right");
      if (left?.type === "identifier" && right) readLiteral(right, [text.slice(left.start, left.end)], left.start, text, entry, covered);
    }
  }
  return facts;
}
