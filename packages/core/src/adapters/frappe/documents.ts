import { decodeJsonString, type EmbeddedSource } from "../../embedded.js";
import type { Fact, FactDetail, FileFacts } from "../../facts.js";
import type { LineIndex } from "../../source-file.js";
import { pointer as toPointer } from "../json-pointer.js";
import { DOCUMENT_SHAPES, LINKING_FIELD_TYPES, type DocumentShape } from "./document-shapes.js";
import { fieldRefsOfCode } from "./field-refs.js";

/** Reads code found inside a document (a Client Script's `script`) as a file of its own. */
export type ReadEmbedded = (path: string, text: string) => FileFacts;

export interface FrappeDocuments {
  facts: Fact[];
  embedded: EmbeddedSource[];
}

/** The longest literal kept among a document's attributes (longer ones are code or prose). */
const MAX_ATTRIBUTE_LENGTH = 300;

interface Document {
  /** JSON pointer of the record ("" for a file that is one record). */
  at: string;
  doctype: string;
  /** Where the record says what it is (its `doctype` key), or where it starts. */
  anchor: Fact;
  /** The DocType it belongs to when the file says so around it (a customisation export). */
  implied?: string;
}

/**
 * Frappe records exported as JSON (fixtures, "Export Customizations", standard records of an app)
 * become facts of what they are and what they name: `ref document:<DocType>` for every record
 * (with its literal fields as `attributes`), `ref doctype:<name>` for every DocType one names,
 * `ref field:<DocType>.<field>` for Custom Fields and Property Setters. Code in a record (a Client
 * Script's `script`, a Print Format's Jinja) is read by its own adapter as an embedded source.
 */
export function readFrappeDocuments(
  path: string,
  text: string,
  lines: LineIndex,
  json: readonly Fact[],
  read: ReadEmbedded,
): FrappeDocuments {
  const byKey = new Map<string, Fact>();
  const children = new Map<string, Fact[]>();
  for (const f of json) {
    if (!byKey.has(f.key)) byKey.set(f.key, f);
    const parent = f.key.slice(0, f.key.lastIndexOf("/"));
    const list = children.get(parent);
    if (list) list.push(f);
    else children.set(parent, [f]);
  }
  const documents = findDocuments(json, byKey);
  const facts: Fact[] = [];
  const embedded: EmbeddedSource[] = [];
  const literal = (at: string, name: string): string | undefined => {
    const v = byKey.get(`${at}/${escape(name)}`)?.detail?.value;
    return typeof v === "string" && v !== "" ? v : undefined;
  };
  const ref = (key: string, at: Fact, detail: FactDetail): void => {
    facts.push({ kind: "ref", key, span: at.span, detail });
  };
  for (const doc of documents) {
    const shape: DocumentShape = DOCUMENT_SHAPES[doc.doctype] ?? {};
    const attributes = attributesOf(doc.at, children.get(doc.at) ?? []);
    const name = literal(doc.at, "name");
    const detail: FactDetail = { value: name ?? "", attributes, pointer: doc.at };
    ref(`document:${doc.doctype}`, doc.anchor, detail);
    const target = (shape.target && literal(doc.at, shape.target)) ?? doc.implied;
    const via = { via: doc.doctype };
    if (shape.target && literal(doc.at, shape.target)) {
      ref(`doctype:${target}`, byKey.get(`${doc.at}/${shape.target}`)!, { ...via, value: target });
    }
    if (shape.field && target) {
      const field = literal(doc.at, shape.field);
      if (field) {
        const extra: FactDetail = { ...via, value: field };
        if (doc.doctype === "Property Setter") {
          extra.property = literal(doc.at, "property") ?? "";
          extra.propertyValue = String(byKey.get(`${doc.at}/value`)?.detail?.value ?? "");
        }
        ref(`field:${target}.${field}`, byKey.get(`${doc.at}/${shape.field}`)!, extra);
      }
    }
    if (doc.doctype === "Custom Field" && target) {
      const options = literal(doc.at, "options");
      const type = literal(doc.at, "fieldtype");
      if (options && type && LINKING_FIELD_TYPES.has(type)) {
        ref(`doctype:${options}`, byKey.get(`${doc.at}/options`)!, { via: "Custom Field options", value: options });
      }
      const after = literal(doc.at, "insert_after");
      if (after) ref(`field:${target}.${after}`, byKey.get(`${doc.at}/insert_after`)!, { via: "Custom Field insert_after", value: after });
    }
    for (const name of shape.doctypes ?? []) {
      const value = literal(doc.at, name);
      if (value) ref(`doctype:${value}`, byKey.get(`${doc.at}/${name}`)!, { ...via, value });
    }
    for (const [table, link] of Object.entries(shape.links ?? {})) {
      const accepted = link.typeIs ? new RegExp(`^(?:${link.typeIs})$`) : undefined;
      for (let i = 0; byKey.has(`${doc.at}/${table}/${i}`); i++) {
        const row = `${doc.at}/${table}/${i}`;
        const type = link.type ? literal(row, link.type) : undefined;
        if (accepted && (type === undefined || !accepted.test(type))) continue;
        const value = literal(row, link.to);
        if (value) ref(`doctype:${value}`, byKey.get(`${row}/${link.to}`)!, { via: `${doc.doctype} ${table}`, value });
      }
    }
    for (const [field, ext] of Object.entries(shape.code ?? {})) {
      const fact = byKey.get(`${doc.at}/${field}`);
      if (typeof fact?.detail?.value !== "string" || fact.detail.value.trim() === "") continue;
      const source = embed(path, text, lines, fact, ext, read);
      if (!source) continue;
      source.context = { doctype: doc.doctype };
      if (name) source.context.name = name;
      if (target) source.context.target = target;
      if (target) source.facts.push(...fieldRefsOfCode(source.facts, target, ext));
      embedded.push(source);
    }
  }
  return { facts, embedded };
}

function findDocuments(json: readonly Fact[], byKey: ReadonlyMap<string, Fact>): Document[] {
  const docs: Document[] = [];
  const rootType = byKey.get("/doctype")?.detail?.value;
  const isExport = typeof rootType === "string" && (byKey.has("/custom_fields") || byKey.has("/property_setters"));
  for (const f of json) {
    if (!f.key.endsWith("/doctype") || typeof f.detail?.value !== "string" || f.detail.value === "") continue;
    const at = f.key.slice(0, -"/doctype".length);
    if (at === "" && isExport) continue;
    docs.push({ at, doctype: f.detail.value, anchor: f });
  }
  if (isExport) {
    // "Export Customizations": rows of Custom Field and Property Setter without a doctype key.
    for (const [table, doctype] of [
      ["custom_fields", "Custom Field"],
      ["property_setters", "Property Setter"],
    ] as const) {
      for (let i = 0; byKey.has(`/${table}/${i}`); i++) {
        const at = `/${table}/${i}`;
        if (byKey.has(`${at}/doctype`)) continue;
        const anchor = byKey.get(`${at}/name`) ?? byKey.get(at)!;
        docs.push({ at, doctype, anchor, implied: rootType });
      }
    }
  }
  return docs;
}

function attributesOf(at: string, own: readonly Fact[]): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const f of own) {
    const rest = f.key.slice(at.length + 1);
    const v = f.detail?.value;
    if (v === undefined || v === null) continue;
    const s = String(v);
    if (s.length <= MAX_ATTRIBUTE_LENGTH) attributes[rest.replace(/~1/g, "/").replace(/~0/g, "~")] = s;
  }
  return attributes;
}

function escape(segment: string): string {
  return toPointer([segment]).slice(1);
}

/** The code in one string value, read by its own adapter, with the map back to the host. */
function embed(path: string, text: string, lines: LineIndex, fact: Fact, ext: string, read: ReadEmbedded): EmbeddedSource | undefined {
  const start = valueStart(text, lines.offset(fact.span.line, fact.span.column));
  if (start === undefined) return undefined;
  const decoded = decodeJsonString(text, start);
  if (!decoded || decoded.value !== fact.detail?.value) return undefined;
  const codePath = `${path}#${fact.key}.${ext}`;
  const read_ = read(codePath, decoded.value);
  return {
    pointer: fact.key,
    path: codePath,
    quoting: "json-string",
    text: decoded.value,
    offsets: decoded.offsets,
    context: {},
    facts: read_.facts,
    problems: read_.problems,
    comments: read_.comments,
  };
}

/** Where the value of the property starting at `offset` (its name's opening quote) starts. */
function valueStart(text: string, offset: number): number | undefined {
  if (text[offset] !== '"') return undefined;
  const name = decodeJsonString(text, offset);
  if (!name) return undefined;
  let i = skipBlank(text, name.end);
  if (text[i] !== ":") return undefined;
  i = skipBlank(text, i + 1);
  return text[i] === '"' ? i : undefined;
}

function skipBlank(text: string, from: number): number {
  let i = from;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith("//", i)) {
      const end = text.indexOf("\n", i);
      i = end < 0 ? text.length : end + 1;
    } else if (text.startsWith("/*", i)) {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 2;
    } else return i;
  }
}
