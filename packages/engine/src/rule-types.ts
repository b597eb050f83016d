import type { FactKind, LiteralValue } from "@uplift/core";

export type Severity = "critical" | "high" | "medium" | "low";
export const SEVERITIES: readonly Severity[] = ["critical", "high", "medium", "low"];
export type Change = "removed" | "renamed" | "signature" | "behaviour" | "deprecated" | "unanalysable";

export type ValueTest =
  LiteralValue | { equals?: LiteralValue; in?: LiteralValue[]; matches?: string; notMatches?: string; present?: boolean };

export interface Where {
  value?: ValueTest;
  arity?: number | { min?: number; max?: number };
  argument?: { index: number; type?: string; value?: ValueTest; path?: ValueTest; properties?: Record<string, ValueTest> };
  attributes?: Record<string, ValueTest>;
  enclosing?: ValueTest;
}

export type Inside = string | string[] | { call?: string | string[]; argument?: number; class?: string | string[] };

export interface KeyMatch {
  key: string | string[];
  where?: Where;
  inside?: Inside;
  notInside?: Inside;
  without?: string[];
  /** The words (or `prefix*`) the prefilter looks for, when the key is not written in the source. */
  needle?: string | string[];
  files?: string[];
  notFiles?: string[];
}

export interface TextMatch {
  pattern: string;
  flags?: string;
  needle?: string;
  comments?: boolean;
  files?: string[];
  notFiles?: string[];
}

/** What a key matcher looks at: a fact's kind and key, or the symbol bindings resolved it to. */
export type MatchKind = FactKind | "symbol";

export type Match = { [K in MatchKind]?: string | KeyMatch } & { text?: TextMatch; any?: Match[] };

export interface Fix {
  replace?: { find: string; with: string };
  remove?: "span" | "attribute";
}

export interface RuleExample {
  file: string;
  code: string;
  expect: Array<{ line: number; column?: number; endLine?: number; endColumn?: number }>;
  output?: string;
  suggested?: string;
}

export interface Rule {
  id: string;
  title: string;
  change: Exclude<Change, "unanalysable">;
  severity: Severity;
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
  /** Reports a fact only when no other rule matched it: "any other 1.0 function". */
  fallback?: boolean;
  examples: RuleExample[];
}

export interface RulePack {
  erp: string;
  from: string;
  to: string;
  title: string;
  description?: string;
  notes?: string;
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

export interface Profile {
  erp: string;
  name: string;
  versions: string[];
  defaultFrom?: string;
  defaultTo?: string;
  detect: Array<{
    file: string;
    root?: string;
    version?: { json?: string; attribute?: string; tag?: string; pattern?: string };
  }>;
  /** Per-file versions: the first entry whose key a file's facts hold gives the file's version. */
  fileVersion?: FileVersionRule[];
  processes?: Record<string, ProcessInfo>;
  artefacts?: Record<string, string[]>;
  modules?: Record<string, string[]>;
  /** Rules (globs) whose findings mean a form handler needs the execution context. */
  executionContextRules?: string[];
  source: string;
}
