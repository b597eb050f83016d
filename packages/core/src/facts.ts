import type { JsBindings } from "./js-bindings.js";

/** 1-based, inclusive start, exclusive end column (as editors and SARIF count). */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type FactKind = "module" | "member" | "call" | "global" | "tag" | "element" | "attribute" | "json" | "definition" | "link" | "ref";

export const FACT_KINDS: readonly FactKind[] = [
  "module",
  "member",
  "call",
  "global",
  "tag",
  "element",
  "attribute",
  "json",
  "definition",
  "link",
  "ref",
];

export type LiteralValue = string | number | boolean | null;

/** What a rule may know about one argument of a call without running anything. */
export interface ArgumentShape {
  type: "string" | "number" | "boolean" | "null" | "object" | "array" | "function" | "identifier" | "other";
  value?: LiteralValue;
  /** For identifiers and member expressions: the resolved path. */
  path?: string;
  /** For object literals: the properties whose value is a literal (`{ async: false }`). */
  properties?: Record<string, LiteralValue>;
  /** For object literals: where each named property stands, whatever its value (`{ tap: this.onTap }`). */
  propertySpans?: Record<string, Span>;
  /** Python: for a list, tuple or set literal whose every item is a literal, the items (`["amount:sum"]`). */
  items?: LiteralValue[];
  /** For values derived from a parameter, `this` or an annotated local: see `FactDetail.root`. */
  root?: string;
  rootPath?: string;
  rootType?: string;
  /** For a function written as the argument: its id, so its parameters can be typed from the call. */
  fn?: string;
}

export interface FactDetail {
  /** A literal value: an XML attribute's value, a JSON value, a tag's value, a string argument. */
  value?: LiteralValue;
  /** Calls: the number of arguments. */
  arity?: number;
  /** Calls: the shape of each argument. */
  args?: ArgumentShape[];
  /**
   * JS: the calls this node sits inside as an argument, innermost first, as `callee#index`
   * (`@web/core/utils/patch.patch#1`).
   */
  within?: string[];
  /** JS and Python: the resolved superclass of the enclosing class, if any. */
  classExtends?: string;
  /** XML: the ancestor path with attributes, outermost first. */
  ancestors?: readonly XmlStep[];
  /** XML: the attributes of the element (for attribute facts: of the element that carries it). */
  attributes?: Record<string, string>;
  /**
   * XML elements: where the element ends, after its closing tag; absent when it closes itself or
   * is never closed (the fact's span is its start tag either way).
   */
  elementEnd?: { line: number; column: number };
  /** XML attributes: where the start tag that carries the attribute ends. */
  tagEnd?: { line: number; column: number };
  /**
   * Resolved values: the fully qualified declared name the bindings or types give this value
   * (`Xrm.GlobalContext.getUserName`), which `symbol:` matches; absent when nothing resolved it.
   */
  symbol?: string;
  /**
   * JS: a value derived from something only the binding stage can type (a parameter, `this`, an
   * annotated local): the root's id, the path read from it and the root's declared type, if written.
   */
  root?: string;
  rootPath?: string;
  rootType?: string;
  /** JS definitions: the id of the function; calls: the id of the local function they call. */
  fn?: string;
  /** JS definitions: the name is another name for this one (`return { onLoad: init }`). */
  aliasOf?: string;
  /** JS definitions: something is assigned here whose members cannot be known statically. */
  opaque?: boolean;
  /** JS: every resolved superclass of the enclosing class, nearest first (from the binding stage). */
  classChain?: string[];
  /** JS: the key names a function or namespace the project defines itself, so never the vendor's. */
  own?: boolean;
  /** How the symbol was established: `bindings` (paths, configuration, call sites) or `types` (declared types). */
  resolvedBy?: "bindings" | "types";
  /**
   * JS: the value this path starts from is a local holding one call's result (`var oList =
   * this.byId("list")`): where that call is written, so its arguments can be read.
   */
  resultOf?: { line: number; column: number };
  /** Links: what kind of configuration points at code (`form-event`, `ribbon-command`, …). */
  via?: string;
  /** Python calls: the keyword arguments by name, with the span of each (`states=…`). */
  keywords?: Record<string, ArgumentShape & { span?: Span }>;
  /** Python calls: the call is a decorator (`@api.depends(…)`, or `@api.model` applied). */
  decorator?: boolean;
  /** Python definitions: the resolved paths of their decorators, outermost first. */
  decorators?: string[];
  /** Python: the model (`_name`, else `_inherit`) of the model class the fact stands in. */
  model?: string;
  /** Python: the model of the recordset a method or attribute is used on, when it is evident. */
  receiverModel?: string;
  /** Free-form extra context a rule or the linker may read. */
  [extra: string]: unknown;
}

export interface XmlStep {
  name: string;
  attributes: Record<string, string>;
}

export interface Fact {
  kind: FactKind;
  key: string;
  span: Span;
  /** The qualified name of the function, class or XML record the fact stands in. */
  enclosing?: string;
  detail?: FactDetail;
}

export interface ParseProblem {
  message: string;
  line: number;
  column: number;
  /**
   * The parser does not know this construct in code taken to be valid (ABAP exported from a system
   * whose compiler accepted it): the place is unread, not wrong. The file counts as unchecked, and
   * no finding says its syntax is broken.
   */
  parserGap?: true;
  /** The parser read nothing of the file (a CDS source is parsed whole or not at all). */
  wholeFile?: true;
}

/** What one adapter read from one file. */
export interface FileFacts {
  facts: Fact[];
  /** Syntax errors; what error recovery still read is in `facts`. */
  problems: ParseProblem[];
  /** Problems past the ones listed (adapters list a bounded number), counted. */
  moreProblems?: number;
  /** Comment ranges as [start, end) offsets, so text rules can skip them. */
  comments: Array<[number, number]>;
  /**
   * String and template literal ranges (and, in HTML, markup outside scripts), so that text rules
   * tell code from text; absent when the adapter cannot tell.
   */
  strings?: Array<[number, number]>;
  /** JS: exports, imports, functions, classes and fields, for the project-wide binding stage. */
  bindings?: JsBindings;
}
