import type * as t from "@babel/types";
import { parseJs, type ExtractedFile, type Fact, type SourceFile } from "@uplift/core";
import { memberName, type FlowGraph } from "./flow-graph.js";
import { symbolOf, TypeFlow } from "./flow-types.js";
import { walkProgram } from "./flow-walk.js";
import { JsDocIndex } from "./jsdoc.js";
import type { RefineHints } from "./index.js";
import { contextTypeOf, ENTRY_POINT_PARAMETERS, jsdocType } from "./suitescript-types.js";
import { hasMethod } from "./suitescript-members.js";
import { reservedNameFacts, syntaxFacts } from "./syntax.js";

/** Words without which a file holds nothing this refiner can resolve. */
const WORTH_READING = /nlapi|nlobj|define|require|@NApiVersion|\blog\b|\butil\b/;

/**
 * SuiteScript: what each value is. A 1.0 record from nlapiLoadRecord, a search result from
 * nlapiSearchRecord, a Suitelet's request, a 2.x entry point's context… is followed through the
 * file, and every call of one of its methods gets `detail.symbol` (`nlobjRecord.setFieldValue`),
 * which `symbol:` rules match. Files tagged 2.0 or 2.x also get `ref syntax:<form>` facts for the
 * syntax only 2.1 accepts, and every file `ref declares:log|util` where it declares those names.
 */
export function refineSuiteScript(file: SourceFile, extracted: ExtractedFile, hints?: RefineHints): ExtractedFile {
  if (file.language !== "javascript" && file.language !== "typescript") return extracted;
  if (!WORTH_READING.test(file.text) && !hints?.entryPoints?.length && !hints?.globalReturns?.size) return extracted;
  try {
    const parsed = parseJs(file.path, file.text);
    if (!parsed.ast) return extracted;
    return refineProgram(parsed.ast.program, parsed.ast.comments ?? [], file.text, extracted, hints);
  } catch (error) {
    // A file nested past what the walk can hold keeps the facts the adapter gave it.
    if (error instanceof RangeError) return extracted;
    throw error;
  }
}

function refineProgram(
  program: t.Program,
  comments: readonly t.Comment[],
  text: string,
  extracted: ExtractedFile,
  hints: RefineHints | undefined,
): ExtractedFile {
  const graph = walkProgram(program);
  const tags = new Map<string, string>();
  for (const f of extracted.facts) {
    if (f.kind === "tag" && !tags.has(f.key)) tags.set(f.key, String(f.detail?.value ?? ""));
  }
  declareTypes(graph, new JsDocIndex(comments, text), hints, tags.get("@NScriptType"));
  const flow = new TypeFlow(graph, graph.amd ? undefined : hints?.globalReturns);
  flow.solve();

  // A resolved method call is placed at the method's name, so that a finding in a chain
  // (`nlapiLoadSearch(…)\n  .runSearch()`) points at its own line.
  const resolved = new Map<string, { symbol: string; span: Fact["span"] }>();
  const key = (kind: string, node: t.Node): string => {
    const s = extracted.lines.span(node.start!, node.end!);
    return `${kind}\0${s.line}\0${s.column}\0${s.endLine}\0${s.endColumn}`;
  };
  for (const { node, call } of graph.members) {
    const name = memberName(node);
    // SuiteScript's objects are used through their methods: a call, by a name written as one.
    if (!call || name === undefined || !/^[A-Za-z_$][\w$]*$/.test(name)) continue;
    const found = symbolFor(flow.typeOf(node.object), name);
    if (found.length !== 1) continue;
    const span = extracted.lines.span(node.property.start!, call.end!);
    resolved.set(key("call", call), { symbol: found[0]!, span });
  }
  const facts: Fact[] = extracted.facts.map((f) => {
    if (f.kind !== "call") return f;
    const r = resolved.get(`${f.kind}\0${f.span.line}\0${f.span.column}\0${f.span.endLine}\0${f.span.endColumn}`);
    return r === undefined ? f : { ...f, span: r.span, detail: { ...f.detail, symbol: r.symbol, resolvedBy: "bindings" } };
  });
  const version = tags.get("@NApiVersion")?.toLowerCase();
  if (version === "2.0" || version === "2.x") facts.push(...syntaxFacts(program, extracted.lines));
  const moduleParams = new Set<t.Node>(graph.amd ? graph.amd.factory.node.params : []);
  facts.push(...reservedNameFacts(program, extracted.lines, moduleParams));
  return { ...extracted, facts };
}

/**
 * What the top-level functions of a 1.0 file return, by written name (`loadOrder`,
 * `Acme.util.loadOrder`): 1.0 scripts share one global scope with their libraries, so a script may
 * call a function another file defines. Only functions that return a 1.0 object are listed; a
 * module (`define`) shares nothing.
 */
export function globalReturnsOf(file: SourceFile, hints?: RefineHints): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (file.language !== "javascript" || !/nlapi|nlobj/.test(file.text)) return out;
  try {
    const parsed = parseJs(file.path, file.text);
    if (!parsed.ast) return out;
    const graph = walkProgram(parsed.ast.program);
    if (graph.amd) return out;
    declareTypes(graph, new JsDocIndex(parsed.ast.comments ?? [], file.text), hints, undefined);
    new TypeFlow(graph).solve();
    for (const fn of graph.functions) {
      if (!fn.topLevel || fn.name === undefined || out.has(fn.name)) continue;
      const types = [...fn.returnTypes].filter((x) => x.startsWith("nlobj")).sort();
      if (types.length > 0) out.set(fn.name, types);
    }
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  return out;
}

/** What every JavaScript object has: never a SuiteScript method. */
const OBJECT_MEMBERS = new Set([
  "toString",
  "toLocaleString",
  "valueOf",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "constructor",
]);

/**
 * The symbol of a member of a value: `nlobjRecord.setFieldValue`. When a value may hold several
 * types, the one that has the method is meant.
 */
function symbolFor(types: readonly string[], name: string): string[] {
  if (OBJECT_MEMBERS.has(name)) return [];
  const all = [...new Set(types.map((type) => symbolOf(type, name)))].filter((s) => s !== undefined);
  if (all.length <= 1) return all;
  const fitting = types.filter((type) => hasMethod(type, name) === true);
  return [...new Set(fitting.map((type) => symbolOf(type, name)))].filter((s) => s !== undefined);
}

/** What declarations say: JSDoc types, the entry points a script record names, 2.x entry points. */
function declareTypes(graph: FlowGraph, docs: JsDocIndex, hints: RefineHints | undefined, scriptType: string | undefined): void {
  for (const fn of graph.functions) {
    const doc = docs.at(fn.docAnchor);
    if (!doc) continue;
    fn.node.params.forEach((p, i) => {
      const declared = p.type === "Identifier" ? doc.params.get(p.name) : undefined;
      const type = declared === undefined ? undefined : jsdocType(declared);
      if (type) fn.params[i]?.types.add(type);
    });
    const returns = doc.returns === undefined ? undefined : jsdocType(doc.returns);
    if (returns) fn.returnTypes.add(returns);
  }
  for (const entry of hints?.entryPoints ?? []) {
    const fn = graph.byName.get(entry.name);
    const types = ENTRY_POINT_PARAMETERS[entry.role];
    if (!fn || !types) continue;
    types.forEach((type, i) => type && fn.params[i]?.types.add(type));
  }
  if (graph.amd && scriptType) {
    for (const r of graph.amd.factory.returns) {
      if (r.type !== "ObjectExpression") continue;
      for (const p of r.properties) {
        if (p.type === "SpreadElement" || p.computed) continue;
        const entry = p.key.type === "Identifier" ? p.key.name : p.key.type === "StringLiteral" ? p.key.value : undefined;
        const context = entry === undefined ? undefined : contextTypeOf(scriptType, entry);
        if (!context) continue;
        const value = p.type === "ObjectMethod" ? p : p.value;
        const fn =
          value.type === "Identifier" ? (graph.refs.get(value)?.fn ?? graph.implicit.get(value.name)?.fn) : graph.byNode.get(value);
        fn?.params[0]?.types.add(context);
      }
    }
  }
}
