import { isXmlSpace, nameAt, nameStartsAt, NOT_XML_CHAR, skipSpace } from "./xml-chars.js";
import { illegalCharacters, NO_DTD, readDoctype, readReferences, type Dtd } from "./xml-references.js";

/**
 * A tolerant XML tokenizer that keeps exact offsets for every tag and attribute. Real exports are
 * not always well-formed; each problem is reported with its offset and scanning goes on, so one
 * broken tag does not hide the rest of the file. What it calls a problem is what XML 1.0 calls a
 * well-formedness error, so that a file real parsers refuse is reported and one they accept is not.
 */
export interface XmlAttributeToken {
  name: string;
  value: string;
  /** Offset of the attribute name. */
  start: number;
  /** Offset just past the closing quote (or the name, for a bare attribute). */
  end: number;
  /** Offset of the first character of the value inside its quotes. */
  valueStart: number;
}

export interface XmlHandler {
  openTag(name: string, attributes: XmlAttributeToken[], start: number, end: number, selfClosing: boolean): void;
  closeTag(name: string, start: number, end: number): void;
  /** Character data; `cdata` for the inside of a CDATA section. */
  text(value: string, start: number, end: number, cdata?: boolean): void;
  comment(start: number, end: number): void;
  problem(message: string, offset: number): void;
}

interface Tokenizer {
  text: string;
  handler: XmlHandler;
  dtd: Dtd;
  /** Whether anything but whitespace, comments and processing instructions came yet. */
  prolog: boolean;
}

export function tokenizeXml(text: string, handler: XmlHandler): void {
  const illegal = illegalCharacters(text, NOT_XML_CHAR);
  if (illegal) {
    const more = illegal.count > 1 ? ` (${illegal.count} such characters in the file)` : "";
    handler.problem(`character ${illegal.name} is not allowed in XML${more}`, illegal.first);
  }
  const t: Tokenizer = { text, handler, dtd: NO_DTD, prolog: true };
  const n = text.length;
  // A byte-order mark the decoder left in place is not text.
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < n) {
    const lt = text.indexOf("<", i);
    const end = lt === -1 ? n : lt;
    if (end > i) characterData(t, i, end);
    if (lt === -1) return;
    i = markup(t, lt);
  }
}

function characterData(t: Tokenizer, start: number, end: number): void {
  const raw = t.text.slice(start, end);
  const cdataEnd = raw.indexOf("]]>");
  if (cdataEnd !== -1) t.handler.problem("']]>' is not allowed in text; write ]]&gt;", start + cdataEnd);
  t.handler.text(readReferences(raw, start, t.dtd, t.handler.problem), start, end);
  if (t.prolog && !/^[ \t\r\n]*$/.test(raw)) t.prolog = false;
}

/** Reads the markup at `lt` and returns where the next token starts. */
function markup(t: Tokenizer, lt: number): number {
  const { text, handler } = t;
  const n = text.length;
  if (text.startsWith("<!--", lt)) return comment(t, lt);
  if (text.startsWith("<![CDATA[", lt)) {
    const close = text.indexOf("]]>", lt + 9);
    const end = close === -1 ? n : close;
    if (close === -1) handler.problem("CDATA section is not closed with ]]>", lt);
    handler.text(text.slice(lt + 9, end), lt + 9, end, true);
    t.prolog = false;
    return close === -1 ? n : close + 3;
  }
  if (text.startsWith("<?", lt)) return processingInstruction(t, lt);
  if (text.startsWith("<!DOCTYPE", lt)) {
    if (!t.prolog) handler.problem("DOCTYPE must come before the root element, once", lt);
    const read = readDoctype(text, lt, handler.problem);
    if (t.prolog) t.dtd = read.dtd;
    t.prolog = false;
    return read.end;
  }
  if (text.startsWith("<!", lt)) {
    handler.problem("markup declarations belong inside a DOCTYPE", lt);
    const gt = text.indexOf(">", lt + 2);
    return gt === -1 ? n : gt + 1;
  }
  t.prolog = false;
  if (text.startsWith("</", lt)) return closeTag(t, lt);
  if (nameStartsAt(text, lt + 1)) return openTag(t, lt);
  handler.problem("'<' must be escaped as &lt; in text", lt);
  handler.text("<", lt, lt + 1);
  return lt + 1;
}

function comment(t: Tokenizer, lt: number): number {
  const { text, handler } = t;
  const close = text.indexOf("-->", lt + 4);
  const end = close === -1 ? text.length : close;
  const dashes = text.indexOf("--", lt + 4);
  // `--->` holds a `--` before its `-->` too.
  if (dashes !== -1 && dashes < end) handler.problem("'--' is not allowed inside a comment", dashes);
  if (close === -1) {
    handler.problem("comment is not closed with -->", lt);
    handler.comment(lt, text.length);
    return text.length;
  }
  handler.comment(lt, close + 3);
  return close + 3;
}

function processingInstruction(t: Tokenizer, lt: number): number {
  const { text, handler } = t;
  const close = text.indexOf("?>", lt + 2);
  const target = nameAt(text, lt + 2);
  if (!target) handler.problem("processing instruction must start with a name", lt + 2);
  else if (target.toLowerCase() === "xml") {
    if (target !== "xml" || lt !== (text.charCodeAt(0) === 0xfeff ? 1 : 0))
      handler.problem("the XML declaration must be the very first thing in the file", lt);
    else if (!wellFormedDeclaration(text, lt)) {
      handler.problem('the XML declaration must read <?xml version="1.0" encoding="…" standalone="…"?>, in that order', lt);
    }
  } else if (!isXmlSpace(text[lt + 2 + target.length]) && lt + 2 + target.length !== close) {
    handler.problem(`processing instruction <?${target} needs a space after its name`, lt + 2 + target.length);
  }
  if (close === -1) {
    handler.problem("processing instruction is not closed with ?>", lt);
    return text.length;
  }
  return close + 2;
}

/** `<?xml version="1.x" encoding="…" standalone="yes|no"?>`, in that order (§2.8). */
const S = "[ \\t\\r\\n]";
const EQ = `${S}*=${S}*`;
const quoted = (body: string): string => `(?:"${body}"|'${body}')`;
const DECLARATION = new RegExp(
  `<\\?xml${S}+version${EQ}${quoted("1\\.[0-9]+")}` +
    `(?:${S}+encoding${EQ}${quoted("[A-Za-z][A-Za-z0-9._-]*")})?` +
    `(?:${S}+standalone${EQ}${quoted("(?:yes|no)")})?${S}*\\?>`,
  "y",
);

function wellFormedDeclaration(text: string, lt: number): boolean {
  DECLARATION.lastIndex = lt;
  return DECLARATION.test(text);
}

function closeTag(t: Tokenizer, lt: number): number {
  const { text, handler } = t;
  const name = nameAt(text, lt + 2);
  const gt = text.indexOf(">", lt + 2);
  if (!name || gt === -1) {
    handler.problem("malformed closing tag", lt);
    return gt === -1 ? text.length : gt + 1;
  }
  const after = lt + 2 + name.length;
  if (skipSpace(text, after) !== gt) handler.problem(`unexpected text in </${name}>`, after);
  handler.closeTag(name, lt, gt + 1);
  return gt + 1;
}

function openTag(t: Tokenizer, lt: number): number {
  const { text, handler } = t;
  const n = text.length;
  const name = nameAt(text, lt + 1)!;
  let j = lt + 1 + name.length;
  const attributes: XmlAttributeToken[] = [];
  const seen = new Set<string>();
  for (;;) {
    const before = j;
    j = skipSpace(text, j);
    const spaced = j > before;
    if (j >= n) {
      handler.problem(`tag <${name}> is not closed with >`, lt);
      handler.openTag(name, attributes, lt, n, true);
      return n;
    }
    const c = text[j];
    if (c === ">") {
      handler.openTag(name, attributes, lt, j + 1, false);
      return j + 1;
    }
    if (c === "/" && text[j + 1] === ">") {
      handler.openTag(name, attributes, lt, j + 2, true);
      return j + 2;
    }
    if (c === "<") {
      handler.problem(`tag <${name}> is not closed with >`, lt);
      handler.openTag(name, attributes, lt, j, false);
      return j;
    }
    const attrName = nameAt(text, j);
    if (!attrName) {
      handler.problem(`unexpected character '${String.fromCodePoint(text.codePointAt(j)!)}' in <${name}>`, j);
      j += text.codePointAt(j)! > 0xffff ? 2 : 1;
      continue;
    }
    if (!spaced) handler.problem(`attribute ${attrName} must be separated from what comes before it by a space`, j);
    const attribute = readAttribute(t, attrName, j);
    if (attribute === undefined) {
      handler.openTag(name, attributes, lt, n, true);
      return n;
    }
    if (seen.has(attrName)) handler.problem(`attribute ${attrName} is repeated`, j);
    seen.add(attrName);
    attributes.push(attribute);
    j = attribute.end;
  }
}

/** One attribute at `start`, or undefined when its value runs to the end of the file. */
function readAttribute(t: Tokenizer, name: string, start: number): XmlAttributeToken | undefined {
  const { text, handler } = t;
  const afterName = start + name.length;
  const eq = skipSpace(text, afterName);
  if (text[eq] !== "=") {
    handler.problem(`attribute ${name} has no value`, start);
    return { name, value: "", start, end: afterName, valueStart: afterName };
  }
  const j = skipSpace(text, eq + 1);
  const quote = text[j];
  if (quote === '"' || quote === "'") {
    const close = text.indexOf(quote, j + 1);
    if (close === -1) {
      handler.problem(`attribute ${name} is not closed with ${quote}`, j);
      return undefined;
    }
    const raw = text.slice(j + 1, close);
    const lt = raw.indexOf("<");
    if (lt !== -1) handler.problem(`'<' is not allowed in the value of ${name}; write &lt;`, j + 1 + lt);
    const value = readReferences(raw, j + 1, t.dtd, handler.problem);
    return { name, value, start, end: close + 1, valueStart: j + 1 };
  }
  handler.problem(`attribute ${name} must be quoted`, j);
  const bare = /(?:[^ \t\r\n>/]|\/(?!>))*/y;
  bare.lastIndex = j;
  const value = bare.exec(text)![0];
  return { name, value: readReferences(value, j, t.dtd, () => {}), start, end: bare.lastIndex, valueStart: j };
}
