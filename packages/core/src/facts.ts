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
   * Resolved values: the fully qualified declared name the bindings or types give this value
   * (`Xrm.GlobalContext.getUserName`), which `symbol:` matches; absent when nothing resolved it.
   */
  symbol?: string;
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
}

/** What one adapter read from one file. */
export interface FileFacts {
  facts: Fact[];
  /** Syntax errors; what error recovery still read is in `facts`. */
  problems: ParseProblem[];
  /** Comment ranges as [start, end) offsets, so text rules can skip them. */
  comments: Array<[number, number]>;
}
