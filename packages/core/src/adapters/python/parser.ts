import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Node, Parser, Tree } from "web-tree-sitter";
import type { ParseProblem } from "../../facts.js";
import type { LineIndex } from "../../source-file.js";

/**
 * Python is parsed by tree-sitter's Python grammar compiled to WebAssembly (docs/python.md says
 * why). Loading the runtime and the grammar is asynchronous and happens once per process, before
 * the first Python file is read (`preparePython`); parsing itself is synchronous.
 */
const GRAMMAR = new URL("../../../vendor/tree-sitter-python/tree-sitter-python.wasm", import.meta.url);

/** tree-sitter's id for `ERROR` nodes (`ts_builtin_sym_error`). */
const ERROR_TYPE_ID = 65535;
/** Deeper than this, a file is reported as nested too deeply (no legitimate Python gets close). */
const MAX_DEPTH = 1000;
const MAX_PROBLEMS = 20;

/** A syntax tree node copied out of WebAssembly memory, so the walk costs no further calls. */
export interface PyNode {
  type: string;
  /** UTF-16 offsets into the text, like every offset in Uplift. */
  start: number;
  end: number;
  /** The field this node fills in its parent (`function`, `arguments`, `name`…). */
  field: string | undefined;
  /** Named children, and anonymous ones that fill a field (an operator). */
  children: PyNode[];
}

interface Grammar {
  parser: Parser;
  types: string[];
  fields: Array<string | null>;
  named: boolean[];
  stringId: number;
}

let grammar: Grammar | undefined;
let loading: Promise<void> | undefined;

/** Loads the Python parser once; later calls return at once. */
export function preparePython(): Promise<void> {
  loading ??= (async () => {
    // The runtime is loaded with the first Python file, not at start-up.
    const { Language, Parser } = await import("web-tree-sitter");
    await Parser.init();
    const language = await Language.load(new Uint8Array(readFileSync(fileURLToPath(GRAMMAR))));
    const parser = new Parser();
    parser.setLanguage(language);
    const named: boolean[] = [];
    for (let i = 0; i < language.nodeTypeCount; i++) named.push(language.nodeTypeIsNamed(i));
    grammar = {
      parser,
      types: language.types,
      fields: language.fields,
      named,
      stringId: language.idForNodeType("string", true) ?? -1,
    };
  })();
  return loading;
}

export function isPythonReady(): boolean {
  return grammar !== undefined;
}

export class PythonNotReadyError extends Error {
  constructor() {
    super("the Python parser is not loaded: await prepareLanguage('python') before extracting Python facts");
  }
}

export interface ParsedPython {
  root: PyNode;
  problems: ParseProblem[];
}

/** Parses a file, copies the tree out and frees it; syntax errors become problems. */
export function parsePython(text: string, lines: LineIndex): ParsedPython {
  if (!grammar) throw new PythonNotReadyError();
  const tree = grammar.parser.parse(text);
  if (!tree) throw new Error("tree-sitter returned no tree");
  try {
    const problems = tree.rootNode.hasError ? syntaxProblems(tree, text, lines) : [];
    return { root: copyTree(tree, text, grammar), problems };
  } finally {
    tree.delete();
  }
}

function copyTree(tree: Tree, text: string, g: Grammar): PyNode {
  const cursor = tree.walk();
  const copy = (typeId: number, fieldId: number, depth: number): PyNode => {
    if (depth > MAX_DEPTH) throw new RangeError("nested too deeply");
    const node: PyNode = {
      type: typeId === ERROR_TYPE_ID ? "ERROR" : (g.types[typeId] ?? "ERROR"),
      start: cursor.startIndex,
      end: cursor.endIndex,
      field: fieldId ? (g.fields[fieldId] ?? undefined) : undefined,
      children: [],
    };
    // A string's parts are read from the text; only f-strings hold code worth walking.
    if (typeId === g.stringId && !isFormatString(text, node.start)) return node;
    if (cursor.gotoFirstChild()) {
      do {
        const childType = cursor.nodeTypeId;
        const childField = cursor.currentFieldId;
        if (g.named[childType] || childType === ERROR_TYPE_ID || childField) {
          node.children.push(copy(childType, childField, depth + 1));
        }
      } while (cursor.gotoNextSibling());
      cursor.gotoParent();
    }
    return node;
  };
  try {
    return copy(cursor.nodeTypeId, 0, 0);
  } finally {
    cursor.delete();
  }
}

function isFormatString(text: string, start: number): boolean {
  for (let i = start; i < start + 3 && i < text.length; i++) {
    const c = text[i]!;
    if (c === "f" || c === "F") return true;
    if (c === '"' || c === "'") return false;
  }
  return false;
}

/** The syntax errors of a tree, in document order: ERROR nodes and tokens the parser had to invent. */
function syntaxProblems(tree: Tree, text: string, lines: LineIndex): ParseProblem[] {
  const problems: ParseProblem[] = [];
  const visit = (node: Node): void => {
    if (problems.length >= MAX_PROBLEMS) return;
    if (node.isMissing) {
      problems.push({ message: `missing ${describe(node.type)}`, ...lines.position(node.startIndex) });
      return;
    }
    if (node.isError) {
      const token = firstToken(node, text);
      problems.push({ message: token ? `unexpected '${token}'` : "invalid syntax", ...lines.position(node.startIndex) });
      return;
    }
    if (!node.hasError) return;
    for (const child of node.children) if (child) visit(child);
  };
  visit(tree.rootNode);
  if (problems.length === 0) problems.push({ message: "invalid syntax", line: 1, column: 1 });
  return problems;
}

function describe(type: string): string {
  return /^[a-z_]+$/.test(type) ? type.replace(/_/g, " ") : `'${type}'`;
}

function firstToken(node: Node, text: string): string | undefined {
  let n: Node | null = node;
  while (n && n.childCount > 0) n = n.child(0);
  const token = n ? text.slice(n.startIndex, n.endIndex).split(/\r?\n/)[0]!.trim() : "";
  return token.length === 0 ? undefined : token.length > 30 ? `${token.slice(0, 29)}…` : token;
}
