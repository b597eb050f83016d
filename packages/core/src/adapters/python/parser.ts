import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Node, Parser, Tree } from "web-tree-sitter";
import type { ParseProblem } from "../../facts.js";
import type { LineIndex } from "../../source-file.js";
import { copyTreeByCursor, copyTreeDirect, cursorBinding, type CursorBinding, type PyNode } from "./tree-copy.js";

export type { PyNode } from "./tree-copy.js";

/**
 * Python is parsed by tree-sitter's Python grammar compiled to WebAssembly (docs/python.md says
 * why). Loading the runtime and the grammar is asynchronous and happens once per process, before
 * the first Python file is read (`preparePython`); parsing itself is synchronous.
 */
const GRAMMAR = new URL("../../../vendor/tree-sitter-python/tree-sitter-python.wasm", import.meta.url);

const MAX_PROBLEMS = 20;

interface Grammar {
  parser: Parser;
  types: string[];
  fields: Array<string | null>;
  named: boolean[];
  stringId: number;
  /** The runtime's cursor functions, called without the wrapper's per-call copying (`tree-copy.ts`), when it exposes them. */
  binding: CursorBinding | undefined;
}

let grammar: Grammar | undefined;
let loading: Promise<void> | undefined;

/** Loads the Python parser once; later calls return at once. */
export function preparePython(): Promise<void> {
  loading ??= (async () => {
    // The runtime is loaded with the first Python file, not at start-up.
    const { Language, Parser } = await import("web-tree-sitter");
    // The object given to `init` becomes the runtime's module: its exports are read from it.
    const runtime: Record<string, unknown> = {};
    await Parser.init(runtime);
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
      binding: cursorBinding(runtime),
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
  if (g.binding) return copyTreeDirect(tree, text, g, g.binding);
  return copyTreeByCursor(tree, text, g);
}

/**
 * One parse of a text copied both ways (the runtime's cursor functions, when found, and the
 * public cursor), or the error each threw: what tests compare.
 */
export function copiesOf(text: string): { direct: PyNode | Error | undefined; byCursor: PyNode | Error } {
  if (!grammar) throw new PythonNotReadyError();
  const g = grammar;
  const attempt = (copy: (tree: Tree) => PyNode): PyNode | Error => {
    const tree = g.parser.parse(text);
    if (!tree) throw new Error("tree-sitter returned no tree");
    try {
      return copy(tree);
    } catch (error) {
      return error as Error;
    } finally {
      tree.delete();
    }
  };
  return {
    direct: g.binding ? attempt((tree) => copyTreeDirect(tree, text, g, g.binding!)) : undefined,
    byCursor: attempt((tree) => copyTreeByCursor(tree, text, g)),
  };
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
