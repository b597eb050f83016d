import { field } from "./literals.js";
import type { PyNode } from "./parser.js";

/** What a name stands for in a scope. */
export interface Binding {
  /** A path outside the file's own code (an import, or what a module attribute holds). */
  path?: string;
  /** The first parameter of a method: written as is (`self`, `cls`). */
  receiver?: boolean;
  /** The model of the recordset the name holds, when evident. */
  model?: string;
  /** An `odoo.tests.Form` opened on a recordset of this model: its `save()` returns a record of it. */
  form?: string;
  /** A parameter of the function, not reassigned before this point. */
  param?: boolean;
  /** The list literals assigned (`domain = [...]`) or added (`domain += [...]`) to the name so far: a domain held in a variable. */
  lists?: PyNode[];
}

/**
 * Python's scopes: module, class body and function. A function sees its own names, the functions
 * around it and the module; a class body's names are not visible in its methods.
 */
export class Scope {
  readonly names = new Map<string, Binding>();

  constructor(
    readonly parent: Scope | undefined,
    readonly kind: "module" | "class" | "function",
  ) {}

  lookup(name: string): Binding | undefined {
    const own = this.names.get(name);
    if (own) return own;
    let p = this.parent;
    // Methods do not see their class body's names.
    while (p && p.kind === "class") p = p.parent;
    return p?.lookup(name);
  }

  bind(name: string, binding: Binding = {}): void {
    this.names.set(name, binding);
  }
}

const NESTED_SCOPES = new Set(["function_definition", "class_definition", "lambda"]);

/** Every name a function body (or module) binds, without entering nested functions and classes. */
export function boundNames(body: PyNode, text: string): Set<string> {
  const nameText = (n: PyNode): string => text.slice(n.start, n.end);
  const targetNames = (n: PyNode, out: Set<string>): Set<string> => collectTargets(n, text, out);
  const names = new Set<string>();
  const declaredGlobal = new Set<string>();
  const visit = (node: PyNode): void => {
    switch (node.type) {
      case "assignment":
      case "augmented_assignment": {
        const left = field(node, "left");
        if (left) targetNames(left, names);
        break;
      }
      case "for_statement":
      case "for_in_clause": {
        const left = field(node, "left");
        if (left) targetNames(left, names);
        break;
      }
      case "as_pattern": {
        const alias = field(node, "alias");
        if (alias) targetNames(alias, names);
        break;
      }
      case "named_expression": {
        const name = field(node, "name");
        if (name) targetNames(name, names);
        break;
      }
      case "import_statement":
      case "import_from_statement":
        for (const c of node.children) {
          if (c.field !== "name") continue;
          if (c.type === "aliased_import") targetNames(field(c, "alias") ?? c, names);
          else if (c.type === "dotted_name" && c.children[0]) names.add(nameText(c.children[0]));
        }
        return;
      case "global_statement":
      case "nonlocal_statement":
        for (const c of node.children) if (c.type === "identifier") declaredGlobal.add(nameText(c));
        return;
      case "function_definition":
      case "class_definition": {
        const name = field(node, "name");
        if (name) names.add(nameText(name));
        return;
      }
    }
    if (NESTED_SCOPES.has(node.type)) return;
    for (const c of node.children) visit(c);
  };
  for (const c of body.children) visit(c);
  for (const g of declaredGlobal) names.delete(g);
  return names;
}

/** Names a parameter list binds, in order. */
export function parameterNames(parameters: PyNode | undefined, text: string): string[] {
  const names: string[] = [];
  for (const p of parameters?.children ?? []) {
    const target = p.type === "identifier" ? p : (field(p, "name") ?? p.children.find((c) => c.type === "identifier"));
    if (target) collectTargets(target, text, new Set()).forEach((n) => names.push(n));
  }
  return names;
}

function collectTargets(node: PyNode, text: string, out: Set<string>): Set<string> {
  switch (node.type) {
    case "identifier":
      out.add(text.slice(node.start, node.end));
      break;
    case "pattern_list":
    case "tuple_pattern":
    case "list_pattern":
    case "tuple":
    case "list":
    case "parenthesized_expression":
    case "list_splat_pattern":
    case "list_splat":
    case "as_pattern_target":
      for (const c of node.children) collectTargets(c, text, out);
      break;
  }
  return out;
}
