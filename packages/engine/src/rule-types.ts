import type { FactKind, LiteralValue } from "@uplift/core";

export type Severity = "critical" | "high" | "medium" | "low";
export const SEVERITIES: readonly Severity[] = ["critical", "high", "medium", "low"];
export type Change = "removed" | "renamed" | "signature" | "behaviour" | "deprecated" | "unanalysable";

export type ValueTest =
  LiteralValue | { equals?: LiteralValue; in?: LiteralValue[]; matches?: string; notMatches?: string; present?: boolean };

/**
 * A Python keyword argument: a test of its literal value, or `text`, a test of its string's text
 * (the literal, or the literal a formatted string is built from: `"<p>%s</p>" % x`).
 */
export type KeywordTest = ValueTest | { text: ValueTest };

/** The kind of change a name index records for one name. */
export type IndexChange = "removed" | "renamed" | "merged";
export const INDEX_CHANGES: readonly IndexChange[] = ["removed", "renamed", "merged"];

/**
 * Matches a fact whose key the pack's name index lists: `change` picks the entries, `uncertain`
 * (default false) the ones from secondary sources; `present: false` matches keys it does not list.
 */
export interface IndexTest {
  change?: IndexChange | IndexChange[];
  uncertain?: boolean;
  exact?: boolean;
  present?: boolean;
}

export interface Where {
  /** The fact's own key, when a key pattern cannot say it (every `sap.*` path but `sap.ui.define`). */
  key?: ValueTest;
  value?: ValueTest;
  /** JS: the fact's value is read from parameter `param` of its function, along `path` (exact, or a prefix ending in `*`). */
  root?: { param?: number; path?: string };
  arity?: number | { min?: number; max?: number };
  argument?: {
    index: number;
    type?: string;
    value?: ValueTest;
    path?: ValueTest;
    properties?: Record<string, ValueTest>;
    /** Python: the items of a literal list argument; passes when one item does (every one, for notMatches). */
    items?: ValueTest;
    /** Point the finding at the first tested property the object literal writes, not at the call. */
    focus?: boolean;
  };
  attributes?: Record<string, ValueTest>;
  enclosing?: ValueTest;
  /** Python calls: keyword arguments by name; `present` asks whether it is passed at all. */
  keywords?: Record<string, KeywordTest>;
  /** Any field of the fact's detail (`model`, `receiverModel`, `decorators`, `operator`, `verb`…). */
  detail?: Record<string, ValueTest>;
  index?: IndexTest;
}

export type Inside = string | string[] | { call?: string | string[]; argument?: number; class?: string | string[] };

export interface KeyMatch {
  /** Keys as facts write them; at least one of `key` and `symbol`. */
  key?: string | string[];
  /** Declared symbols that bindings or types resolved the value to (`Xrm.GlobalContext.getUserName`); `prefix*` allowed. */
  symbol?: string | string[];
  where?: Where;
  inside?: Inside;
  notInside?: Inside;
  /** The fact counts only in a file that also holds a fact this (key) match finds: an import, a registration. */
  inFile?: Match;
  without?: string[];
  /** The words (or `prefix*`) the prefilter looks for, when the key is not written in the source (an ERP refiner's facts). */
  needle?: string | string[];
  files?: string[];
  notFiles?: string[];
}

/** Where in a file a text pattern may match: code, string literals (and HTML markup), comments. */
export type TextRegion = "code" | "strings" | "comments";

export interface TextMatch {
  pattern: string;
  flags?: string;
  needle?: string;
  comments?: boolean;
  /** Regions the pattern may match in; default code and strings (plus comments when `comments: true`). */
  in?: TextRegion[];
  files?: string[];
  notFiles?: string[];
}

export type Match = { [K in FactKind]?: string | KeyMatch } & { text?: TextMatch; any?: Match[] };

export interface Fix {
  replace?: { find: string; with: string };
  remove?: "span" | "attribute";
  /** The fix is offered only in a file with a fact like this (the import the fixed code needs). */
  requires?: Match;
}

export interface RuleExample {
  file: string;
  code: string;
  expect: Array<{ line: number; column?: number; endLine?: number; endColumn?: number }>;
  output?: string;
  suggested?: string;
}

/** Where a derived rule comes from: `uplift rules derive` over a vendor declaration package. */
export interface Derivation {
  package: string;
  version: string;
  symbol: string;
  /** `deprecated` (marked in the declarations) or `removed` / `signature` (between two versions). */
  from: "deprecated" | "removed" | "signature";
}

export interface Rule {
  id: string;
  title: string;
  change: Exclude<Change, "unanalysable">;
  severity: Severity;
  /** The vendor version that announced the change (deprecated it); a target before it is not told. */
  since?: string;
  /** The vendor version the API is gone in; `change` and `severity` say what happens then, a target before it gets a low deprecation. */
  removedIn?: string;
  match: Match;
  message: string;
  replacement: string;
  fix?: Fix | null;
  /** Proposed code that is not safe to write unreviewed: in the dry-run diff only. */
  suggest?: Fix | Fix[];
  effort: string;
  references: string[];
  tests?: string[];
  docs?: string;
  doubt?: string;
  artefact?: string;
  /**
   * `element`: a finding on an XML element runs to the end of the element (its closing tag), for a
   * change that concerns what the element holds, not only its start tag (a chatter div and its
   * fields); a finding on an attribute runs to the end of the start tag that carries it (`attrs`
   * becomes other attributes of that tag).
   */
  covers?: "element";
  /** Reports a fact only when no other rule matched it: "any other 1.0 function". */
  fallback?: boolean;
  /**
   * Rules of the same pack whose finding at the same place (line and column) says all there is to
   * say: this rule's finding is dropped there (`Xrm.Page` where `Xrm.Page.context` has its own rule
   * and its own replacement).
   */
  yieldsTo?: string[];
  /** Set on rules written by `uplift rules derive`; a hand-written rule for the same symbol wins. */
  derived?: Derivation;
  examples: RuleExample[];
}

/** One name a version removed, renamed or merged (`model:hr.contract` → `model:hr.version`). */
export interface NameIndexEntry {
  key: string;
  change: IndexChange;
  /** What the name became, for renamed and merged names. */
  to?: string;
  /** How findings write the name, when the key is not how people write it. */
  name?: string;
  toName?: string;
  /** The module that held the name. */
  module?: string;
  note?: string;
  /** Only secondary sources say so. */
  uncertain?: boolean;
  /** A rename where only the name changed: rewriting the name is the whole change. */
  exact?: boolean;
  /** Indexes into the index's sources. */
  sources: number[];
}

export interface NameIndexSource {
  repository: string;
  commit: string;
  path: string;
  uncertain?: boolean;
}

/** The names one version removed, renamed or merged, generated from pinned sources (data only). */
export interface NameIndex {
  erp: string;
  version: string;
  sources: NameIndexSource[];
  entries: NameIndexEntry[];
  /** Where it was read from, for error messages. */
  file: string;
}

export interface RulePack {
  erp: string;
  from: string;
  to: string;
  title: string;
  description?: string;
  notes?: string;
  /** The pack's name index file, relative to the pack; loaded into `nameIndex`. */
  index?: string;
  nameIndex?: NameIndex;
  /** A pack written by `uplift rules derive`: the declaration package and version it was read from. */
  derivedFrom?: { package: string; version: string; previous?: string };
  rules: Rule[];
  /** Where the pack was read from, for error messages. */
  source: string;
  /** Line of each rule in its file, by rule id. */
  ruleLines: Record<string, number>;
}

export interface ProcessInfo {
  title: string;
  tests?: string[];
}

export interface FileVersionRule {
  tag?: string | string[];
  global?: string | string[];
  call?: string | string[];
  module?: string | string[];
  version?: string;
  pattern?: string;
}

/** Where a project states its version: the marker itself or a file near it. */
export interface VersionSource {
  file?: string;
  json?: string;
  attribute?: string;
  tag?: string;
  text?: string;
  flags?: string;
  pattern?: string;
}

/** How a project is recognised: a marker file, where its root is, where its version is stated. */
export interface DetectRule {
  file: string;
  root?: string;
  /** The marker stands in every folder of a project: only the outermost one starts a project. */
  outermost?: boolean;
  /**
   * What the marker must hold to mark a project: a JSON pointer (a UI5 descriptor's `/sap.app`, not
   * any manifest.json), an attribute with its value (`script@id=sap-ui-bootstrap`) or a call to the
   * vendor's function as its bindings resolve it (`sap/ui/core/Lib.init()`); in a list, any one.
   */
  requires?: string | string[];
  /**
   * The project root is the folder the library's namespace starts in: the marker's folder less the
   * namespace's own folders, the namespace read from this property of the required call's first
   * argument (`name` of `initLibrary({ name: "my.lib" })`: `src` for `src/my/lib/library.js`).
   */
  namespace?: string;
  /** The marker does not start a project; it only says the version of the project it is in. */
  versionOnly?: boolean;
  /**
   * The marker starts a project only where no other marker of the ERP found one, at, above or
   * below its folder (a UI5 page that bootstraps UI5, for an app older than its descriptor);
   * inside a project it only says the version, as `versionOnly`.
   */
  fallback?: boolean;
  version?: VersionSource | VersionSource[];
  hint?: string;
}

export interface Profile {
  erp: string;
  name: string;
  versions: string[];
  /** Versions hops start and end at, when an ERP has too many releases for a hop each (UI5). */
  milestones?: string[];
  defaultFrom?: string;
  defaultTo?: string;
  detect: DetectRule[];
  /** Per-file versions: the first entry whose key a file's facts hold gives the file's version. */
  fileVersion?: FileVersionRule[];
  processes?: Record<string, ProcessInfo>;
  artefacts?: Record<string, string[]>;
  modules?: Record<string, string[]>;
  /** Rules (globs) whose findings mean a form handler needs the execution context. */
  executionContextRules?: string[];
  /**
   * Vendor declarations: declaration maps written by `uplift rules derive` (paths relative to the
   * profile) that type plain JavaScript, and the declaration packages the type pass gives a
   * TypeScript project that has no typings of its own.
   */
  declarations?: { maps?: string[]; typings?: string[] };
  source: string;
}
