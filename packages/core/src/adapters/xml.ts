import type { Fact, FileFacts, ParseProblem, XmlStep } from "../facts.js";
import type { LineIndex } from "../source-file.js";
import { isBlank } from "./xml-chars.js";
import { tokenizeXml, type XmlAttributeToken } from "./xml-tokenizer.js";

/**
 * Real views and templates are a few dozen levels deep; past this, elements are not read (each
 * would carry its whole path) and the file gets one problem instead.
 */
export const MAX_XML_DEPTH = 1000;

/** Problems listed per file; the rest are counted, so a file of garbage costs no more than its size. */
export const MAX_LISTED_PROBLEMS = 100;

interface OpenElement {
  name: string;
  step: XmlStep;
  ancestors: readonly XmlStep[];
  /** The path down to and including this element, shared by every fact inside it. */
  path: readonly XmlStep[];
  fact: Fact;
  text: string;
  enclosing: string | undefined;
  /** Namespace prefixes in scope ("" for the default), shared with the parent until one is declared. */
  namespaces: Readonly<Record<string, string>>;
}

const NO_NAMESPACES: Readonly<Record<string, string>> = {};

/** The prefixes in scope for an element: its parent's, plus what its own xmlns attributes declare. */
function namespacesOf(tokens: readonly XmlAttributeToken[], inherited: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  let own: Record<string, string> | undefined;
  for (const t of tokens) {
    if (t.name === "xmlns") (own ??= { ...inherited })[""] = t.value;
    else if (t.name.startsWith("xmlns:")) (own ??= { ...inherited })[t.name.slice(6)] = t.value;
  }
  return own ?? inherited;
}

/** The namespace a qualified name stands in (`m:Button` → `sap.m`); none when undeclared. */
function namespaceOf(name: string, namespaces: Readonly<Record<string, string>>, useDefault: boolean): string | undefined {
  const colon = name.indexOf(":");
  if (colon < 0) return useDefault ? namespaces[""] || undefined : undefined;
  return namespaces[name.slice(0, colon)];
}

/** The XML record an element stands in: an Odoo record or template, a QWeb template, a form. */
function enclosingName(step: XmlStep, parent: string | undefined): string | undefined {
  const a = step.attributes;
  if ((step.name === "record" || step.name === "template") && a.id) return a.id;
  if (a["t-name"]) return a["t-name"];
  return parent;
}

function attributeMap(tokens: readonly XmlAttributeToken[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const t of tokens) map[t.name] = t.value;
  return map;
}

/**
 * Element and attribute facts, with the ancestor path and sibling attributes each rule may need;
 * a closing tag is an element fact keyed `/name`.
 */
export function extractXmlFacts(text: string, lines: LineIndex): FileFacts {
  const facts: Fact[] = [];
  const problems: ParseProblem[] = [];
  const comments: Array<[number, number]> = [];
  const stack: OpenElement[] = [];
  let seenRoot = false;
  let tooDeep = 0;
  let moreProblems = 0;
  const problem = (message: string, offset: number): void => {
    if (problems.length >= MAX_LISTED_PROBLEMS) {
      moreProblems++;
      return;
    }
    const p = lines.position(offset);
    problems.push({ message, line: p.line, column: p.column });
  };

  tokenizeXml(text, {
    openTag(name, tokens, start, end, selfClosing) {
      if (stack.length >= MAX_XML_DEPTH) {
        if (tooDeep === 0) problem(`elements are nested deeper than ${MAX_XML_DEPTH} levels; deeper ones are not read`, start);
        if (!selfClosing) tooDeep++;
        return;
      }
      const parent = stack[stack.length - 1];
      if (!parent && seenRoot) problem(`a second root element <${name}>`, start);
      seenRoot = true;
      const attributes = attributeMap(tokens);
      const step: XmlStep = { name, attributes };
      const ancestors = parent ? parent.path : [];
      const enclosing = enclosingName(step, parent?.enclosing);
      const namespaces = namespacesOf(tokens, parent?.namespaces ?? NO_NAMESPACES);
      const fact: Fact = {
        kind: "element",
        key: name,
        span: lines.span(start, end),
        detail: { ancestors, attributes },
      };
      const namespace = namespaceOf(name, namespaces, true);
      if (namespace !== undefined) fact.detail!.namespace = namespace;
      if (enclosing) fact.enclosing = enclosing;
      facts.push(fact);
      const tagEnd = { line: fact.span.endLine, column: fact.span.endColumn };
      for (const t of tokens) {
        const attrFact: Fact = {
          kind: "attribute",
          key: `${name}@${t.name}`,
          span: lines.span(t.start, t.end),
          detail: { value: t.value, ancestors, attributes, valueOffset: t.valueStart, tagEnd },
        };
        // The element's namespace, and the attribute's own when it has a prefix (`core:require`).
        if (namespace !== undefined) attrFact.detail!.namespace = namespace;
        const own = namespaceOf(t.name, namespaces, false);
        if (own !== undefined) attrFact.detail!.attributeNamespace = own;
        if (enclosing) attrFact.enclosing = enclosing;
        facts.push(attrFact);
      }
      if (!selfClosing) stack.push({ name, step, ancestors, path: [...ancestors, step], fact, text: "", enclosing, namespaces });
    },
    closeTag(name, start, end) {
      if (tooDeep > 0) {
        tooDeep--;
        return;
      }
      let depth = stack.length - 1;
      while (depth >= 0 && stack[depth]!.name !== name) depth--;
      if (depth < 0) {
        problem(`</${name}> closes no open element`, start);
        return;
      }
      while (stack.length > depth + 1) {
        const unclosed = stack.pop()!;
        problem(`<${unclosed.name}> is not closed before </${name}>`, start);
        finish(unclosed);
      }
      const element = stack.pop()!;
      finish(element);
      const closed = lines.span(start, end);
      element.fact.detail!.elementEnd = { line: closed.endLine, column: closed.endColumn };
      // The closing tag is a fact of its own, keyed `/name`, so that a rule renaming an element
      // can point at (and fix) both of its tags.
      const closing: Fact = {
        kind: "element",
        key: `/${name}`,
        span: lines.span(start, end),
        detail: { ancestors: element.ancestors, attributes: element.step.attributes },
      };
      if (element.enclosing) closing.enclosing = element.enclosing;
      facts.push(closing);
    },
    text(value, start, _end, cdata) {
      const top = stack[stack.length - 1];
      if (!top && (cdata || !isBlank(value))) problem(`text ${seenRoot ? "after" : "before"} the root element`, start);
      if (top && top.text.length < 4096) top.text += value;
    },
    comment(start, end) {
      comments.push([start, end]);
    },
    problem,
  });
  for (let i = stack.length - 1; i >= 0; i--) {
    problem(`<${stack[i]!.name}> is not closed at the end of the file`, text.length);
    finish(stack[i]!);
  }
  if (!seenRoot) problem("no root element", 0);
  const template = problems.length > 0 ? templateDirective(text) : -1;
  if (template >= 0) return { facts, problems: [templateGap(text, template, lines)], comments };
  const read: FileFacts = { facts, problems, comments };
  if (moreProblems > 0) read.moreProblems = moreProblems;
  return read;
}

/**
 * FreeMarker's directives (`<#if …>`, `</#list>`, `<@macro/>`, `<#-- … -->`): NetSuite's advanced
 * PDF/HTML and e-mail templates are XML with these in it. They are template code, not malformed
 * XML, so the problems of such a file are the parser's gaps (the file is listed as not fully read),
 * never a syntax error of the customer's.
 */
const FREEMARKER_DIRECTIVE = /<\/?[#@][A-Za-z_-]/;

function templateDirective(text: string): number {
  return text.search(FREEMARKER_DIRECTIVE);
}

function templateGap(text: string, offset: number, lines: LineIndex): ParseProblem {
  const p = lines.position(offset);
  const directive = /^<\/?[#@][\w.-]*/.exec(text.slice(offset, offset + 40))?.[0] ?? "<#";
  return { message: `FreeMarker directive ${directive}…>: a template, not plain XML`, line: p.line, column: p.column, parserGap: true };
}

function finish(element: OpenElement): void {
  const value = element.text.trim();
  if (value !== "") element.fact.detail!.value = value;
}
