/**
 * The character classes of XML 1.0 (fifth edition), so that the tokenizer agrees with real XML
 * parsers: whitespace is only space, tab, CR and LF (not every Unicode space JavaScript's `\s`
 * knows), and names follow §2.3's NameStartChar and NameChar.
 */
const NAME_START =
  ":A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C\\u200D\\u2070-\\u218F" +
  "\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}";
const NAME_REST = `${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F\\u2040`;

// The classes list XML's name characters one code point at a time, joiners and combining marks included.
/* eslint-disable no-misleading-character-class */
/** A name at `lastIndex` (sticky). */
export const XML_NAME = new RegExp(`[${NAME_START}][${NAME_REST}]*`, "uy");
/** Whether a name can start at `lastIndex` (sticky). */
export const XML_NAME_START = new RegExp(`[${NAME_START}]`, "uy");
/* eslint-enable no-misleading-character-class */
/** XML's own whitespace (S), at `lastIndex` (sticky). */
export const XML_SPACE = /[ \t\r\n]*/y;

export function isXmlSpace(c: string | undefined): boolean {
  return c === " " || c === "\t" || c === "\n" || c === "\r";
}

export function isBlank(text: string): boolean {
  return /^[ \t\r\n]*$/.test(text);
}

/** Characters that may not appear in an XML document at all, not even escaped (§2.2 Char). */
export const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

export function nameAt(text: string, at: number): string | undefined {
  XML_NAME.lastIndex = at;
  return XML_NAME.exec(text)?.[0];
}

export function nameStartsAt(text: string, at: number): boolean {
  XML_NAME_START.lastIndex = at;
  return XML_NAME_START.test(text);
}

export function skipSpace(text: string, at: number): number {
  XML_SPACE.lastIndex = at;
  XML_SPACE.exec(text);
  return XML_SPACE.lastIndex;
}

/** How to describe a character in a message: `U+0001`. */
export function codePointName(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}
