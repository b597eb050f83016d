// Third-party code bundled into a customisation under its own name (XrmServiceToolkit.js beside
// the customer's scripts), recognised by what the file says of itself, not by its name. The
// evidence that is enough, and what is not, is in docs/bundled-libraries.md.

/** A library a file holds, as the file names it. */
export interface BundledLibrary {
  /** As the file names itself (`jQuery`, `CodeMirror`); absent when only its shape tells (the scan names it by its file). */
  name?: string;
  version?: string;
  /** What showed it: a licence banner, a distribution wrapper, an SDK sample's header, or minified code. */
  evidence: "licence" | "umd" | "sdk-sample" | "minified";
}

/** Only the start of a file is read: a banner stands first, a wrapper right after it. */
const HEAD_CHARS = 16_384;
const CODE_CHARS = 4_096;

const LICENCE =
  /@license\b|\b(?:MIT|BSD|ISC|MPL|Apache)(?:[- ](?:licen[cs]ed?|[\d.]+)|\s+licen[cs]e)\b|\blicen[cs]ed (?:under (?:the )?)?(?:MIT|BSD|ISC|MPL|Apache|GNU|GPL|LGPL)|\bdual licen[cs]ed\b|\bMicrosoft Public License\b|\bMs-PL\b|Permission is hereby granted, free of charge|Redistribution and use in source and binary forms|\bGNU (?:Lesser |Library |Affero )?General Public License/i;
const VERSION = /\bv(?:ersion)?\.?\s*:?\s*(\d+(?:\.\d+)+(?:[-+][\w.]+)?)/i;
const NAME_WITH_VERSION = /^([A-Za-z$_][\w$.-]*(?: [A-Za-z$_][\w$.-]*){0,3}?)\s+(?:[-:,]\s*)?v?(\d+(?:\.\d+)+(?:[-+][\w.]+)?)\b/;
const NAME_WITH_COPYRIGHT = /^([A-Z][\w$.-]*(?: [A-Z][\w$.-]*){0,2}),\s+copyright\b/i;
const AT_LICENSE = /@license\s+([A-Za-z$_][\w$.-]*(?: (?!v?\d)[A-Za-z$_][\w$.-]*){0,2})(?:\s+v?(\d+(?:\.\d+)+(?:[-+][\w.]+)?))?/;
const SDK_SAMPLE = /\bThis file is part of the ([A-Z][\w .-]{0,60}?\bSDK\b[\w .-]{0,30}?)\s*\./;
/** Words that start a licence or a version statement, never a library's name. */
const NOT_A_NAME =
  /^(?:MIT|BSD|ISC|MPL|Apache|GPL|LGPL|AGPL|Ms-PL|Microsoft Public|see|the|under|version|v\d|requires|depends|dual|released|licen[cs]ed|copyright|\(c\))\b/i;
const UMD =
  /(?:typeof\s+define\s*={2,3}\s*["']function["']|["']function["']\s*={2,3}\s*typeof\s+define)\s*&&\s*define\.amd[\s\S]{0,400}|(?:typeof\s+exports|typeof\s+module|module\.exports)[\s\S]{0,400}define\.amd/;
const UMD_GLOBAL = /(?:\broot|\bthis|\bwindow|\bglobal|\bself|\bglobalThis|\))\s*\.\s*([A-Za-z$_][\w$]*)\s*=\s*[\w$]+\s*\(/;

interface Header {
  /** The leading comments' text, without comment markers. */
  text: string;
  /** Their lines, trimmed, without `///` directives and decoration. */
  lines: string[];
  /** The first comment is a preserved banner (`/*!`), the convention for licence notices. */
  banner: boolean;
  /** Where the code starts. */
  end: number;
}

/** Reads the comments before a file's first statement (a BOM, blank lines and `"use strict"` aside). */
function readHeader(text: string): Header {
  const head = text.length > HEAD_CHARS ? text.slice(0, HEAD_CHARS) : text;
  const parts: string[] = [];
  let banner = false;
  let i = head.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < head.length && /\s/.test(head[i]!)) i++;
    if (head.startsWith("//", i)) {
      const eol = head.indexOf("\n", i);
      const line = head.slice(i, eol < 0 ? head.length : eol);
      if (!line.startsWith("///")) parts.push(line.slice(2));
      i = eol < 0 ? head.length : eol + 1;
    } else if (head.startsWith("/*", i)) {
      const close = head.indexOf("*/", i + 2);
      if (parts.length === 0 && head[i + 2] === "!") banner = true;
      parts.push(head.slice(i + 2, close < 0 ? head.length : close));
      i = close < 0 ? head.length : close + 2;
    } else break;
  }
  const lines = parts
    .join("\n")
    .split(/\r?\n/)
    .map((l) => l.replace(/^[\s!*=#-]+/, "").replace(/[\s*=#-]+$/, ""))
    .filter((l) => l.length > 0);
  return { text: lines.join("\n"), lines, banner, end: i };
}

/** The name (and version) a header gives its code, from the forms libraries use to name themselves. */
function nameIn(header: Header): { name: string; version?: string } | undefined {
  const at = AT_LICENSE.exec(header.text);
  if (at && !NOT_A_NAME.test(at[1]!)) return withVersion(at[1]!, at[2], header);
  // A preserved banner's first line is the library's name: `/*!\n * jQuery blockUI plugin\n * Version 2.70.0`.
  const top = header.lines[0];
  if (header.banner && top && !NAME_WITH_VERSION.test(top) && /^[A-Za-z$_][\w$. -]{1,40}$/.test(top) && !NOT_A_NAME.test(top))
    return withVersion(top, undefined, header);
  const first = header.lines.slice(0, 3);
  for (const line of first) {
    const named = NAME_WITH_VERSION.exec(line);
    if (named && !NOT_A_NAME.test(named[1]!)) return { name: named[1]!, version: named[2]! };
    const copyright = NAME_WITH_COPYRIGHT.exec(line);
    if (copyright && !NOT_A_NAME.test(copyright[1]!)) return withVersion(copyright[1]!, undefined, header);
  }
  return undefined;
}

function withVersion(name: string, version: string | undefined, header: Header): { name: string; version?: string } {
  const v = version ?? VERSION.exec(header.text)?.[1];
  return v ? { name: name.trim(), version: v } : { name: name.trim() };
}

/**
 * Minified code: most of it sits in lines of more than 500 characters that are dense with
 * statements (not a long string or a data literal, which have few braces and semicolons).
 */
function isMinified(code: string): boolean {
  if (code.length < 2_000) return false;
  let long = 0;
  for (const line of code.slice(0, 200_000).split("\n")) {
    if (line.length < 500) continue;
    let marks = 0;
    for (let k = 0; k < line.length; k++) {
      const c = line.charCodeAt(k);
      // ; { } ( )
      if (c === 0x3b || c === 0x7b || c === 0x7d || c === 0x28 || c === 0x29) marks++;
    }
    if (marks * 50 >= line.length) long += line.length;
  }
  return long * 2 >= Math.min(code.length, 200_000);
}

/**
 * The library a JavaScript file is, when its own text shows it is one (`docs/bundled-libraries.md`):
 * a licence banner that names it; an SDK sample's header; a UMD wrapper, the way a library is
 * distributed; or minified code whose header names a released version. A header that only gives a copyright, an author or a version (the
 * customer's own) is not enough.
 */
export function recogniseLibrary(text: string): BundledLibrary | undefined {
  const header = readHeader(text);
  const named = header.lines.length > 0 ? nameIn(header) : undefined;
  if (named && (LICENCE.test(header.text) || (header.banner && named.version !== undefined))) return { ...named, evidence: "licence" };
  const sdk = SDK_SAMPLE.exec(header.text);
  if (sdk && /\bcopyright\b/i.test(header.text)) return { name: sdk[1]!.trim(), evidence: "sdk-sample" };
  const code = text.slice(header.end, header.end + CODE_CHARS);
  if (UMD.test(code)) {
    const name = named?.name ?? UMD_GLOBAL.exec(code)?.[1];
    return { ...(name ? { name } : {}), ...(named?.version ? { version: named.version } : {}), evidence: "umd" };
  }
  // Minified code with a header that names a released version: a build someone else released. Minified
  // code alone may be the customer's own build (`/*! my-project 16-10-2015 */`), so it is not enough.
  const version = named?.version ?? VERSION.exec(header.text)?.[1];
  if (version && isMinified(text.slice(header.end))) {
    const title = header.lines.find((l) => /^[A-Za-z][^@/]*$/.test(l) && l.length <= 60 && !NOT_A_NAME.test(l));
    const name = named?.name ?? title;
    return { ...(name ? { name } : {}), version, evidence: "minified" };
  }
  return undefined;
}
