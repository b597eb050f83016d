import type * as t from "@babel/types";
import type { Fact, LineIndex } from "@uplift/core";

/**
 * Syntax that SuiteScript 2.0 (ECMAScript 5.1) rejects when a file is uploaded, and that 2.1
 * accepts: the forms eslint-plugin-suitescript-compat's no-2-1-syntax-in-2-0 lists. `const` is
 * not among them: files tagged 2.0 accept it.
 */
function featureOf(node: t.Node): string | undefined {
  switch (node.type) {
    case "ArrowFunctionExpression":
      return "arrow-function";
    case "ClassDeclaration":
    case "ClassExpression":
      return "class";
    case "TemplateLiteral":
      return "template-literal";
    case "SpreadElement":
      return "spread";
    case "RestElement":
      return "rest";
    case "AwaitExpression":
      return "async";
    case "ImportDeclaration":
    case "ExportNamedDeclaration":
    case "ExportDefaultDeclaration":
    case "ExportAllDeclaration":
      return "module-syntax";
    case "OptionalMemberExpression":
    case "OptionalCallExpression":
      return "optional-chaining";
    case "LogicalExpression":
      return node.operator === "??" ? "nullish-coalescing" : undefined;
    case "ForOfStatement":
      return "for-of";
    case "VariableDeclaration":
      return node.kind === "let" ? "let" : undefined;
    case "ObjectPattern":
    case "ArrayPattern":
      return "destructuring";
    case "FunctionDeclaration":
    case "FunctionExpression":
    case "ObjectMethod":
    case "ClassMethod":
      return node.async ? "async" : undefined;
    default:
      return undefined;
  }
}

const SKIPPED = new Set(["type", "start", "end", "loc", "range", "extra", "leadingComments", "trailingComments", "innerComments"]);

function walk(node: t.Node, visit: (n: t.Node) => void): void {
  const stack: t.Node[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    visit(n);
    const record = n as unknown as Record<string, unknown>;
    for (const key in record) {
      if (SKIPPED.has(key)) continue;
      const value = record[key];
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) {
          const v: unknown = value[i];
          if (v && typeof v === "object" && "type" in v) stack.push(v as t.Node);
        }
      } else if (value && typeof value === "object" && "type" in value) stack.push(value as t.Node);
    }
  }
}

/** A fact's span on the node's first line only, so a finding points at where the syntax starts. */
function firstLineSpan(lines: LineIndex, node: t.Node): Fact["span"] {
  const span = lines.span(node.start!, node.end!);
  if (span.endLine === span.line) return span;
  const text = lines.lineText(span.line);
  return { line: span.line, column: span.column, endLine: span.line, endColumn: text.length + 1 };
}

/** `ref syntax:<form>` at the first use of each 2.1-only form, with how often the file uses it. */
export function syntaxFacts(program: t.Program, lines: LineIndex): Fact[] {
  const first = new Map<string, { node: t.Node; count: number }>();
  walk(program, (n) => {
    const feature = featureOf(n);
    if (!feature) return;
    const seen = first.get(feature);
    if (seen) {
      seen.count++;
      if (n.start! < seen.node.start!) seen.node = n;
    } else first.set(feature, { node: n, count: 1 });
  });
  return [...first].map(([feature, { node, count }]) => ({
    kind: "ref" as const,
    key: `syntax:${feature}`,
    span: firstLineSpan(lines, node),
    detail: { value: count },
  }));
}

const RESERVED = new Set(["log", "util"]);

/**
 * `ref declares:log` where the script declares a variable, function or parameter named `log` or
 * `util`, the globals every SuiteScript 2.x script sees; a module bound to the name is left alone.
 */
export function reservedNameFacts(program: t.Program, lines: LineIndex, moduleParams: ReadonlySet<t.Node>): Fact[] {
  const facts: Fact[] = [];
  const add = (id: t.Node | null | undefined): void => {
    if (id?.type !== "Identifier" || !RESERVED.has(id.name) || moduleParams.has(id)) return;
    facts.push({ kind: "ref", key: `declares:${id.name}`, span: lines.span(id.start!, id.end!) });
  };
  walk(program, (n) => {
    switch (n.type) {
      case "VariableDeclarator": {
        const init = n.init;
        const required = init?.type === "CallExpression" && init.callee.type === "Identifier" && init.callee.name === "require";
        if (!required) add(n.id);
        return;
      }
      case "FunctionDeclaration":
        add(n.id);
        for (const p of n.params) add(p);
        return;
      case "FunctionExpression":
      case "ArrowFunctionExpression":
      case "ObjectMethod":
        for (const p of n.params) add(p);
        return;
      case "CatchClause":
        add(n.param);
        return;
      default:
        return;
    }
  });
  return facts;
}
