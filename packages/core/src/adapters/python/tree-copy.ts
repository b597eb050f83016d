import type { Tree, TreeCursor } from "web-tree-sitter";

/** tree-sitter's id for `ERROR` nodes (`ts_builtin_sym_error`). */
const ERROR_TYPE_ID = 65535;
/** Deeper than this, a file is reported as nested too deeply (no legitimate Python gets close). */
const MAX_DEPTH = 1000;

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

/**
 * The cursor functions of tree-sitter's WebAssembly runtime, as web-tree-sitter's module exports
 * them. The wrapper's `TreeCursor` copies its four handles into the runtime's transfer buffer
 * before every call and back after every move (eight typed writes and reads per step, most of the
 * Python copy's cost); the runtime's functions read the cursor from that buffer and write it back
 * after a move themselves, so a walk that owns the buffer can call them directly.
 */
export interface CursorBinding {
  typeId(tree: number): number;
  fieldId(tree: number): number;
  startIndex(tree: number): number;
  endIndex(tree: number): number;
  firstChild(tree: number): number;
  nextSibling(tree: number): number;
  parent(tree: number): number;
  /** The runtime's memory as it is now (it grows, so ask each time). */
  memory(): DataView;
  /** Where the transfer buffer starts. */
  transfer: number;
}

/** What a copy needs of the grammar. */
export interface CopyGrammar {
  types: string[];
  fields: Array<string | null>;
  named: boolean[];
  stringId: number;
}

type Fn = (...args: number[]) => number;

/**
 * The cursor functions of a web-tree-sitter module once `Parser.init` filled it in, or undefined
 * when one is missing (another version of the runtime): the parser then copies through the
 * public cursor.
 */
export function cursorBinding(module: Record<string, unknown>): CursorBinding | undefined {
  const fn = (name: string): Fn | undefined => {
    const f = module[`_ts_tree_cursor_${name}_wasm`];
    return typeof f === "function" ? (f as Fn) : undefined;
  };
  const typeId = fn("current_node_type_id");
  const fieldId = fn("current_field_id");
  const startIndex = fn("start_index");
  const endIndex = fn("end_index");
  const firstChild = fn("goto_first_child");
  const nextSibling = fn("goto_next_sibling");
  const parent = fn("goto_parent");
  const init = module._ts_init;
  if (!typeId || !fieldId || !startIndex || !endIndex || !firstChild || !nextSibling || !parent || typeof init !== "function")
    return undefined;
  if (!(module.HEAPU8 instanceof Uint8Array)) return undefined;
  // `_ts_init` returns the transfer buffer's address (and writes the language versions into it, as `Parser.init` did).
  const transfer = (init as () => number)();
  if (!Number.isInteger(transfer) || transfer <= 0 || transfer % 4 !== 0) return undefined;
  return {
    typeId,
    fieldId,
    startIndex,
    endIndex,
    firstChild,
    nextSibling,
    parent,
    memory: () => new DataView((module.HEAPU8 as Uint8Array).buffer),
    transfer,
  };
}

/** The cursor's handles, which web-tree-sitter keeps on the cursor object. */
type WithHandles = TreeCursor & { handles: number[] };
/** The tree's address in the runtime, which web-tree-sitter keeps at index 0. */
type WithAddress = Tree & { 0: number };

/**
 * Copies a tree out of WebAssembly memory with the runtime's cursor functions, keeping what
 * `copyTreeByCursor` keeps (the same nodes, fields and offsets: tested on every Python fixture).
 * Nothing else may use the runtime between the first and the last step, which holds: parsing and
 * copying are synchronous.
 */
export function copyTreeDirect(tree: Tree, text: string, g: CopyGrammar, b: CursorBinding): PyNode {
  const cursor = tree.walk() as WithHandles;
  const address = (tree as WithAddress)[0];
  const before = b.memory();
  // WebAssembly memory is little-endian.
  for (let i = 0; i < 4; i++) before.setInt32(b.transfer + 4 * i, cursor.handles[i]!, true);
  const copy = (typeId: number, fieldId: number, depth: number): PyNode => {
    if (depth > MAX_DEPTH) throw new RangeError("nested too deeply");
    const node: PyNode = {
      type: typeId === ERROR_TYPE_ID ? "ERROR" : (g.types[typeId] ?? "ERROR"),
      start: b.startIndex(address),
      end: b.endIndex(address),
      field: fieldId ? (g.fields[fieldId] ?? undefined) : undefined,
      children: [],
    };
    // A string's parts are read from the text; only f-strings hold code worth walking.
    if (typeId === g.stringId && !isFormatString(text, node.start)) return node;
    if (b.firstChild(address) === 1) {
      do {
        const childType = b.typeId(address);
        const childField = b.fieldId(address);
        if (g.named[childType] || childType === ERROR_TYPE_ID || childField) {
          node.children.push(copy(childType, childField, depth + 1));
        }
      } while (b.nextSibling(address) === 1);
      b.parent(address);
    }
    return node;
  };
  try {
    return copy(b.typeId(address), 0, 0);
  } finally {
    // The cursor as the runtime left it, so that `delete` frees what it holds now.
    const after = b.memory();
    for (let i = 0; i < 4; i++) cursor.handles[i] = after.getInt32(b.transfer + 4 * i, true);
    cursor.delete();
  }
}

/** The copy through the wrapper's public cursor (each step copies the cursor in and out of WebAssembly memory). */
export function copyTreeByCursor(tree: Tree, text: string, g: CopyGrammar): PyNode {
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

export function isFormatString(text: string, start: number): boolean {
  for (let i = start; i < start + 3 && i < text.length; i++) {
    const c = text[i]!;
    if (c === "f" || c === "F") return true;
    if (c === '"' || c === "'") return false;
  }
  return false;
}
