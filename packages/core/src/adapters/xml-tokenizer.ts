/**
 * A tolerant XML tokenizer that keeps exact offsets for every tag and attribute. Real exports are
 * not always well-formed; each problem is reported with its offset and scanning goes on, so one
 * broken tag does not hide the rest of the file.
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
  text(value: string, start: number, end: number): void;
  comment(start: number, end: number): void;
  problem(message: string, offset: number): void;
}

const NAME_START = /[A-Za-z_:\u00C0-\uFFFF]/;
const NAME = /[^\s=/>"'<]+/y;
const WS = /\s*/y;

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'", nbsp: "\u00a0" };

export function decodeEntities(raw: string): string {
  if (!raw.includes("&")) return raw;
  return raw.replace(/&(#x[0-9a-fA-F]+|#\d+|[A-Za-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith("#x")) return safeCodePoint(parseInt(ref.slice(2), 16)) ?? whole;
    if (ref.startsWith("#")) return safeCodePoint(parseInt(ref.slice(1), 10)) ?? whole;
    return ENTITIES[ref] ?? whole;
  });
}

function safeCodePoint(n: number): string | undefined {
  return Number.isFinite(n) && n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : undefined;
}

export function tokenizeXml(text: string, handler: XmlHandler): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const lt = text.indexOf("<", i);
    if (lt === -1) {
      handler.text(decodeEntities(text.slice(i)), i, n);
      return;
    }
    if (lt > i) handler.text(decodeEntities(text.slice(i, lt)), i, lt);
    if (text.startsWith("<!--", lt)) {
      const close = text.indexOf("-->", lt + 4);
      if (close === -1) {
        handler.problem("comment is not closed with -->", lt);
        handler.comment(lt, n);
        return;
      }
      handler.comment(lt, close + 3);
      i = close + 3;
    } else if (text.startsWith("<![CDATA[", lt)) {
      const close = text.indexOf("]]>", lt + 9);
      const end = close === -1 ? n : close;
      if (close === -1) handler.problem("CDATA section is not closed with ]]>", lt);
      handler.text(text.slice(lt + 9, end), lt + 9, end);
      i = close === -1 ? n : close + 3;
    } else if (text.startsWith("<?", lt)) {
      const close = text.indexOf("?>", lt + 2);
      if (close === -1) {
        handler.problem("processing instruction is not closed with ?>", lt);
        return;
      }
      i = close + 2;
    } else if (text.startsWith("<!", lt)) {
      i = skipDeclaration(text, lt, handler);
    } else if (text.startsWith("</", lt)) {
      NAME.lastIndex = lt + 2;
      const m = NAME.exec(text);
      const gt = text.indexOf(">", lt + 2);
      if (!m || gt === -1) {
        handler.problem("malformed closing tag", lt);
        i = gt === -1 ? n : gt + 1;
        continue;
      }
      if (text.slice(NAME.lastIndex, gt).trim() !== "") handler.problem(`unexpected text in </${m[0]}>`, NAME.lastIndex);
      handler.closeTag(m[0], lt, gt + 1);
      i = gt + 1;
    } else if (NAME_START.test(text.charAt(lt + 1))) {
      i = openTag(text, lt, handler);
    } else {
      handler.problem("'<' must be escaped as &lt; in text", lt);
      handler.text("<", lt, lt + 1);
      i = lt + 1;
    }
  }
}

function skipDeclaration(text: string, lt: number, handler: XmlHandler): number {
  let depth = 0;
  for (let j = lt + 2; j < text.length; j++) {
    const c = text[j];
    if (c === "[") depth++;
    else if (c === "]") depth--;
    else if (c === ">" && depth <= 0) return j + 1;
  }
  handler.problem("declaration is not closed with >", lt);
  return text.length;
}

function openTag(text: string, lt: number, handler: XmlHandler): number {
  const n = text.length;
  NAME.lastIndex = lt + 1;
  const name = NAME.exec(text)![0];
  let j = NAME.lastIndex;
  const attributes: XmlAttributeToken[] = [];
  const seen = new Set<string>();
  for (;;) {
    WS.lastIndex = j;
    WS.exec(text);
    j = WS.lastIndex;
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
    NAME.lastIndex = j;
    const m = NAME.exec(text);
    if (!m) {
      handler.problem(`unexpected character '${c}' in <${name}>`, j);
      j++;
      continue;
    }
    const attrName = m[0];
    const attrStart = j;
    j = NAME.lastIndex;
    WS.lastIndex = j;
    WS.exec(text);
    if (text[WS.lastIndex] !== "=") {
      handler.problem(`attribute ${attrName} has no value`, attrStart);
      attributes.push({ name: attrName, value: "", start: attrStart, end: j, valueStart: j });
      continue;
    }
    j = WS.lastIndex + 1;
    WS.lastIndex = j;
    WS.exec(text);
    j = WS.lastIndex;
    const quote = text[j];
    let value: string;
    let valueStart: number;
    if (quote === '"' || quote === "'") {
      const close = text.indexOf(quote, j + 1);
      if (close === -1) {
        handler.problem(`attribute ${attrName} is not closed with ${quote}`, j);
        handler.openTag(name, attributes, lt, n, true);
        return n;
      }
      valueStart = j + 1;
      value = text.slice(j + 1, close);
      j = close + 1;
    } else {
      handler.problem(`attribute ${attrName} must be quoted`, j);
      const m2 = /(?:[^\s>/]|\/(?!>))*/y;
      m2.lastIndex = j;
      value = m2.exec(text)![0];
      valueStart = j;
      j = m2.lastIndex;
    }
    if (seen.has(attrName)) handler.problem(`attribute ${attrName} is repeated`, attrStart);
    seen.add(attrName);
    attributes.push({ name: attrName, value: decodeEntities(value), start: attrStart, end: j, valueStart });
  }
}
