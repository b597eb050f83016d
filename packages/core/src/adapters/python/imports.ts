import type { FactDetail } from "../../facts.js";
import { field } from "./literals.js";
import type { PyNode } from "./parser.js";
import type { Scope } from "./scope.js";
import type { Context, PyFactWalker } from "./py-facts.js";

interface ImportedName {
  /** The node naming it (`dotted_name`, or `aliased_import`). */
  node: PyNode;
  dotted: PyNode;
  /** The path it stands for: `odoo.fields` for `from odoo import fields`. */
  path: string;
  /** The name it is bound to in the importing scope. */
  local: string;
}

/** What an import statement binds: `import a.b` binds `a`; `from a import b as c` binds `c` to `a.b`. */
function importedNames(node: PyNode, text: string): { module: string | undefined; from: PyNode | undefined; names: ImportedName[] } {
  const nameOf = (n: PyNode): string => text.slice(n.start, n.end).replace(/\s+/g, "");
  const from = field(node, "module_name");
  const module = from ? nameOf(from) : undefined;
  const names: ImportedName[] = [];
  for (const c of node.children) {
    if (c.field !== "name") continue;
    const dotted = c.type === "aliased_import" ? field(c, "name") : c;
    const alias = c.type === "aliased_import" ? field(c, "alias") : undefined;
    if (!dotted) continue;
    const name = nameOf(dotted);
    if (module !== undefined) names.push({ node: c, dotted, path: joinModule(module, name), local: nameOf(alias ?? dotted) });
    else if (alias) names.push({ node: c, dotted, path: name, local: nameOf(alias) });
    else names.push({ node: c, dotted, path: name, local: name.split(".")[0]! });
  }
  return { module, from, names };
}

/**
 * `import a.b` is the `module` fact `a.b`; `from odoo.osv import expression` is the `module` fact
 * `odoo.osv` (with the imported names in `detail.names`) and, for each name, the `member` fact
 * `odoo.osv.expression`, as a JavaScript import specifier is.
 */
export function importFacts(w: PyFactWalker, node: PyNode, ctx: Context): void {
  const { module, from, names } = importedNames(node, w.text);
  for (const n of names) {
    if (module === undefined) {
      w.emit("module", n.path, n.dotted, ctx);
      ctx.scope.bind(n.local, { path: n.local === n.path.split(".")[0] ? n.local : n.path });
    } else {
      w.emit("member", n.path, n.node, ctx);
      ctx.scope.bind(n.local, { path: n.path });
    }
  }
  if (module !== undefined && from) {
    const detail: FactDetail = { names: names.map((n) => n.path.slice(joinModule(module, "").length)) };
    if (node.children.some((c) => c.type === "wildcard_import")) detail.names = [...(detail.names as string[]), "*"];
    w.emit("module", module, from, ctx, detail);
  }
}

/** Module-level imports, bound before the walk: a function may use a name imported below it. */
export function bindModuleImports(root: PyNode, scope: Scope, text: string): void {
  const visit = (node: PyNode): void => {
    if (node.type === "function_definition" || node.type === "class_definition") return;
    if (node.type === "import_statement" || node.type === "import_from_statement") {
      const { module, names } = importedNames(node, text);
      for (const n of names) {
        scope.bind(n.local, { path: module === undefined && n.local === n.path.split(".")[0] ? n.local : n.path });
      }
      return;
    }
    for (const c of node.children) visit(c);
  };
  visit(root);
}

function joinModule(module: string, name: string): string {
  return module.endsWith(".") ? `${module}${name}` : `${module}.${name}`;
}
