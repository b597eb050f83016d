import { codePointName, isXmlChar, isXmlSpace, nameAt, skipSpace } from "./xml-chars.js";

/** What the document type declaration says about entities. */
export interface Dtd {
  /** General entities declared in the internal subset: their references are not errors. */
  declared: Set<string>;
  /**
   * Whether a reference to an undeclared entity is an error: it is unless the DTD has an external
   * part or parameter-entity references, which a parser that does not fetch them cannot see into.
   */
  strict: boolean;
}

export const NO_DTD: Dtd = { declared: new Set(), strict: true };

const PREDEFINED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
const HEX = /[0-9a-fA-F]+;/y;
const DECIMAL = /[0-9]+;/y;

type Report = (message: string, offset: number) => void;

/**
 * Replaces the character and entity references of a text or attribute value (found at `offset`)
 * with what they stand for, reporting each malformed or undeclared one. What cannot be read stays
 * as written. An entity declared in the DTD keeps its reference: its text is not expanded, so a
 * nest of entities cannot blow up.
 */
export function readReferences(raw: string, offset: number, dtd: Dtd, report: Report): string {
  let amp = raw.indexOf("&");
  if (amp === -1) return raw;
  let out = "";
  let at = 0;
  while (amp !== -1) {
    out += raw.slice(at, amp);
    const { text, end } = reference(raw, amp, offset, dtd, report);
    out += text;
    at = end;
    amp = raw.indexOf("&", at);
  }
  return out + raw.slice(at);
}

function reference(raw: string, amp: number, offset: number, dtd: Dtd, report: Report): { text: string; end: number } {
  if (raw[amp + 1] === "#") {
    const hex = raw[amp + 2] === "x";
    const digits = hex ? HEX : DECIMAL;
    digits.lastIndex = amp + (hex ? 3 : 2);
    const m = digits.exec(raw);
    const end = digits.lastIndex;
    if (!m) {
      report("malformed character reference: write &#NNN; or &#xHHH; (or &amp; for a plain '&')", offset + amp);
      return { text: "&", end: amp + 1 };
    }
    const code = m[0].length > 9 ? Number.POSITIVE_INFINITY : parseInt(m[0].slice(0, -1), hex ? 16 : 10);
    if (!isXmlChar(code)) {
      report(`character reference ${raw.slice(amp, end)} is not a character XML allows`, offset + amp);
      return { text: raw.slice(amp, end), end };
    }
    return { text: String.fromCodePoint(code), end };
  }
  const name = nameAt(raw, amp + 1);
  if (!name || raw[amp + 1 + name.length] !== ";") {
    report("'&' must be escaped as &amp; or start a reference (&name;)", offset + amp);
    return { text: "&", end: amp + 1 };
  }
  const end = amp + name.length + 2;
  const predefined = PREDEFINED[name];
  if (predefined !== undefined) return { text: predefined, end };
  if (!dtd.declared.has(name) && dtd.strict) report(`entity &${name}; is not defined`, offset + amp);
  return { text: raw.slice(amp, end), end };
}

/**
 * Reads `<!DOCTYPE …>` at `lt`: its end, and the entities its internal subset declares. Quoted
 * literals, comments and processing instructions inside it are skipped whole, so a `]` or `>` in
 * them does not end it.
 */
export function readDoctype(text: string, lt: number, report: Report): { end: number; dtd: Dtd } {
  const declared = new Set<string>();
  let strict = true;
  let j = skipSpace(text, lt + 9);
  const name = nameAt(text, j);
  if (!name || j === lt + 9) report("DOCTYPE must name the root element", j);
  else j += name.length;
  j = skipSpace(text, j);
  if (text.startsWith("SYSTEM", j) || text.startsWith("PUBLIC", j)) strict = false;
  let inSubset = false;
  const n = text.length;
  while (j < n) {
    const c = text[j]!;
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, j + 1);
      if (close === -1) break;
      j = close + 1;
    } else if (inSubset && text.startsWith("<!--", j)) {
      const close = text.indexOf("-->", j + 4);
      if (close === -1) break;
      j = close + 3;
    } else if (inSubset && text.startsWith("<?", j)) {
      const close = text.indexOf("?>", j + 2);
      if (close === -1) break;
      j = close + 2;
    } else if (inSubset && text.startsWith("<!ENTITY", j) && isXmlSpace(text[j + 8])) {
      let k = skipSpace(text, j + 8);
      const parameter = text[k] === "%";
      if (parameter) k = skipSpace(text, k + 1);
      const entity = nameAt(text, k);
      if (entity && !parameter) declared.add(entity);
      j = entity ? k + entity.length : k;
    } else if (inSubset && c === "%") {
      // A parameter-entity reference may pull in declarations this reader does not see.
      strict = false;
      j++;
    } else if (c === "[" && !inSubset) {
      inSubset = true;
      j++;
    } else if (c === "]" && inSubset) {
      inSubset = false;
      j++;
    } else if (c === ">" && !inSubset) {
      return { end: j + 1, dtd: { declared, strict } };
    } else j++;
  }
  report("DOCTYPE is not closed with >", lt);
  return { end: n, dtd: { declared, strict } };
}

/** The first character XML does not allow anywhere, and how many there are. */
export function illegalCharacters(text: string, pattern: RegExp): { first: number; count: number; name: string } | undefined {
  pattern.lastIndex = 0;
  let first: RegExpExecArray | null = null;
  let count = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    first ??= m;
    count++;
  }
  return first ? { first: first.index, count, name: codePointName(first[0]) } : undefined;
}
