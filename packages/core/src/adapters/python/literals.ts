import type { ArgumentShape, LiteralValue } from "../../facts.js";
import type { PyNode } from "./parser.js";

/** What a Python expression is worth as data, when it is a literal; `undefined` otherwise. */
export function literalOf(node: PyNode | undefined, text: string): LiteralValue | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case "string":
      return stringValue(node, text);
    case "concatenated_string": {
      let out = "";
      for (const part of node.children) {
        if (part.type !== "string") continue;
        const v = stringValue(part, text);
        if (v === undefined) return undefined;
        out += v;
      }
      return out;
    }
    case "integer":
    case "float":
      return numberValue(text.slice(node.start, node.end));
    case "true":
      return true;
    case "false":
      return false;
    case "none":
      return null;
    case "unary_operator": {
      const operator = node.children.find((c) => c.field === "operator");
      const operand = node.children.find((c) => c.field === "argument");
      const v = operand && (operand.type === "integer" || operand.type === "float") ? literalOf(operand, text) : undefined;
      if (typeof v !== "number" || !operator) return undefined;
      return operator.type === "-" ? -v : operator.type === "+" ? v : undefined;
    }
    case "parenthesized_expression":
      return node.children.length === 1 ? literalOf(node.children[0], text) : undefined;
    default:
      return undefined;
  }
}

/** The string a literal spells, or `undefined` for an f-string with replacement fields. */
export function stringValue(node: PyNode, text: string): string | undefined {
  if (node.type === "concatenated_string") {
    const v = literalOf(node, text);
    return typeof v === "string" ? v : undefined;
  }
  if (node.type !== "string") return undefined;
  const raw = text.slice(node.start, node.end);
  const m = /^([rRbBuUfF]{0,2})('''|"""|'|")/.exec(raw);
  if (!m) return undefined;
  const prefix = m[1]!.toLowerCase();
  const quote = m[2]!;
  const body = raw.slice(
    m[0].length,
    raw.endsWith(quote) && raw.length >= m[0].length + quote.length ? raw.length - quote.length : raw.length,
  );
  if (prefix.includes("f")) {
    if (node.children.some((c) => c.type === "interpolation")) return undefined;
    return prefix.includes("r")
      ? body.replace(/\{\{/g, "{").replace(/\}\}/g, "}")
      : unescape(body).replace(/\{\{/g, "{").replace(/\}\}/g, "}");
  }
  return prefix.includes("r") ? body : unescape(body);
}

export function isStringNode(node: PyNode | undefined): boolean {
  return node?.type === "string" || node?.type === "concatenated_string";
}

const SIMPLE_ESCAPES: Record<string, string> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\n": "",
};

function unescape(body: string): string {
  if (!body.includes("\\")) return body;
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|\r\n|[\s\S])/g, (all, esc: string) => {
    if (esc in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[esc]!;
    if (esc === "\r\n") return "";
    const c = esc[0]!;
    if (c === "x" || c === "u" || c === "U") return String.fromCodePoint(parseInt(esc.slice(1), 16));
    if (/[0-7]/.test(c)) return String.fromCodePoint(parseInt(esc, 8));
    return all;
  });
}

function numberValue(raw: string): number | undefined {
  const s = raw.replace(/_/g, "");
  if (/[jJ]$/.test(s)) return undefined;
  if (/^0[xX]/.test(s)) return parseInt(s.slice(2), 16);
  if (/^0[oO]/.test(s)) return parseInt(s.slice(2), 8);
  if (/^0[bB]/.test(s)) return parseInt(s.slice(2), 2);
  const n = Number(s.replace(/[lL]$/, ""));
  return Number.isFinite(n) ? n : undefined;
}

/** What a rule may know of one argument: its kind, its literal value, the path it names. */
export function shapeOf(node: PyNode, text: string, pathOf: (n: PyNode) => string | undefined): ArgumentShape {
  const value = literalOf(node, text);
  if (value !== undefined) {
    return { type: value === null ? "null" : (typeof value as "string" | "number" | "boolean"), value };
  }
  switch (node.type) {
    case "string":
    case "concatenated_string": {
      const template = templateOf(node, text, pathOf);
      return template === undefined ? { type: "string" } : { type: "string", template };
    }
    case "dictionary":
      return { type: "object", ...literalProperties(node, text) };
    case "list":
    case "tuple":
    case "set": {
      const items = literalItems(node, text);
      return items ? { type: "array", items } : { type: "array" };
    }
    case "binary_operator":
    case "call": {
      const template = templateOf(node, text, pathOf);
      return template === undefined ? { type: "other" } : { type: "string", template };
    }
    case "list_comprehension":
      return { type: "array" };
    case "lambda":
      return { type: "function" };
    case "identifier":
    case "attribute": {
      const path = pathOf(node);
      return path === undefined ? { type: "identifier" } : { type: "identifier", path };
    }
    default:
      return { type: "other" };
  }
}

/** Odoo's translation functions: `_("…") % x` is still a plain str. */
const TRANSLATE = new Set(["odoo._", "odoo.tools._", "odoo.tools.translate._", "odoo._lt", "odoo.tools._lt", "odoo.tools.translate._lt"]);

/**
 * The literal text a string is formatted from at run time: an f-string with replacement fields,
 * `literal % values`, `literal.format(…)`, and those inside Odoo's `_(…)`; `undefined` for
 * anything else (a `Markup(…)` is not a plain string, so it has no template here).
 */
function templateOf(node: PyNode, text: string, pathOf: (n: PyNode) => string | undefined, depth = 0): string | undefined {
  if (depth > 4) return undefined;
  switch (node.type) {
    case "string": {
      // An f-string with replacement fields: its text as written, fields kept as `{…}`.
      if (!node.children.some((c) => c.type === "interpolation")) return undefined;
      const m = /^[rRbBuUfF]{0,2}('''|"""|'|")/.exec(text.slice(node.start, node.end));
      return m ? text.slice(node.start + m[0].length, node.end - m[1]!.length) : undefined;
    }
    case "concatenated_string":
      return node.children.some((c) => c.type === "string" && c.children.some((i) => i.type === "interpolation"))
        ? text.slice(node.start, node.end)
        : undefined;
    case "parenthesized_expression":
      return node.children.length === 1 ? templateOf(node.children[0]!, text, pathOf, depth + 1) : undefined;
    case "binary_operator": {
      const operator = node.children.find((c) => c.field === "operator");
      const left = field(node, "left");
      const op = operator ? text.slice(operator.start, operator.end) : undefined;
      if (op === "+") return joined(node, text, pathOf, depth);
      if (op !== "%" || !left) return undefined;
      return formatted(left, text, pathOf, depth);
    }
    case "call": {
      const fn = field(node, "function");
      const attribute = fn?.type === "attribute" ? field(fn, "attribute") : undefined;
      if (fn && attribute && text.slice(attribute.start, attribute.end) === "format") {
        const object = field(fn, "object");
        return object ? formatted(object, text, pathOf, depth) : undefined;
      }
      const path = fn ? pathOf(fn) : undefined;
      const first = field(node, "arguments")?.children.find((c) => c.type !== "comment");
      if (path === undefined || !TRANSLATE.has(path) || !first) return undefined;
      return formatted(first, text, pathOf, depth);
    }
    default:
      return undefined;
  }
}

/**
 * `"<p>" + name + "</p>"`: the literal parts with `{}` for the others, when at least one part is a
 * string literal or itself formatted (`1 + x` is no string).
 */
function joined(node: PyNode, text: string, pathOf: (n: PyNode) => string | undefined, depth: number): string | undefined {
  const parts: PyNode[] = [];
  const collect = (n: PyNode): void => {
    const operator = n.type === "binary_operator" ? n.children.find((c) => c.field === "operator") : undefined;
    const left = field(n, "left");
    const right = field(n, "right");
    if (operator && left && right && text.slice(operator.start, operator.end) === "+" && parts.length < 64) {
      collect(left);
      collect(right);
    } else parts.push(n);
  };
  collect(node);
  let stringy = false;
  const pieces = parts.map((part) => {
    const t = formatted(part, text, pathOf, depth);
    if (t !== undefined) stringy = true;
    return t ?? "{}";
  });
  return stringy ? pieces.join("") : undefined;
}

/** The text of what is formatted: a literal, or itself a template (`_("…") % x`). */
function formatted(node: PyNode, text: string, pathOf: (n: PyNode) => string | undefined, depth: number): string | undefined {
  const v = literalOf(node, text);
  return typeof v === "string" ? v : templateOf(node, text, pathOf, depth + 1);
}

/** Past this many items a literal list is not listed (a rule reads short lists of names). */
const MAX_LITERAL_ITEMS = 64;

/** The items of a list, tuple or set literal when every one is a literal; `undefined` otherwise. */
function literalItems(node: PyNode, text: string): LiteralValue[] | undefined {
  const parts = node.children.filter((c) => c.type !== "comment");
  if (parts.length > MAX_LITERAL_ITEMS) return undefined;
  const items: LiteralValue[] = [];
  for (const part of parts) {
    const v = literalOf(part, text);
    if (v === undefined) return undefined;
    items.push(v);
  }
  return items;
}

function literalProperties(dict: PyNode, text: string): { properties?: Record<string, LiteralValue> } {
  const properties: Record<string, LiteralValue> = {};
  for (const pair of dict.children) {
    if (pair.type !== "pair") continue;
    const key = literalOf(
      pair.children.find((c) => c.field === "key"),
      text,
    );
    const value = literalOf(
      pair.children.find((c) => c.field === "value"),
      text,
    );
    if (typeof key === "string" && value !== undefined) properties[key] = value;
  }
  return Object.keys(properties).length > 0 ? { properties } : {};
}

/** The child that fills a field. */
export function field(node: PyNode, name: string): PyNode | undefined {
  for (const c of node.children) if (c.field === name) return c;
  return undefined;
}
