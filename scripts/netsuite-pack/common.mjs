// What the generated NetSuite rules share: their sources, ids and the way suggestions are tried.
import { BREAKING, returnsSentence } from "./wording.mjs";

export const MAP_FUNCTIONS = "https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_4752724744.html";
export const MAP_OBJECTS = "https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_4752730521.html";
export const SUNSET = "https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/article_7161922360.html";
export const ESLINT_GLOBALS =
  "https://github.com/acdvs/eslint-plugin-suitescript/blob/4a074601f5da6bdb3c4c52e7eb067cc5cb3c4120/lib/utils/globals.ts";

/** A file of Oracle's upgrade skill at the commit the rules were generated from. */
export function skillFile(commit, file) {
  return `https://github.com/oracle/netsuite-suitecloud-sdk/blob/${commit}/packages/agent-skills/netsuite-suitescript-upgrade/references/${file}`;
}

export const LEAD = "a SuiteScript 1.0 API: it stops working when Oracle removes 1.0 (expected in 2028.2), and 2.x scripts cannot call it.";

/** `nlapiXMLToPDF` → `nlapi-xml-to-pdf`. */
export function slug(name) {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2")
    .toLowerCase();
}

/** Uplift's sentences for Oracle's notes; a note without one stops the generator. */
export function sentencesFor(notes) {
  return notes.map((n) => {
    const s = BREAKING[n] ?? returnsSentence(n);
    if (!s) throw new Error(`no wording for Oracle's note "${n}": add it to scripts/netsuite-pack/wording.mjs`);
    return s;
  });
}

export function testsOf(text) {
  const tests = ["Run every deployment of the converted script and compare what it writes with the 1.0 version."];
  if (/0-based|1-based/.test(text)) tests.push("Check the first and the last line of every sublist the script reads or writes.");
  if (/inverted/i.test(text)) tests.push("Check that field-changed and sourcing scripts fire as they did.");
  return tests;
}

/** The rule's `suggest` entries from a suggestion table. */
export function suggestionOf(table, key) {
  const s = table[key];
  return s ? s.replace.map(([find, replacement]) => ({ replace: { find, with: replacement } })) : undefined;
}

/** The span of the call that starts at line:column, up to its closing parenthesis. */
export function callSpan(code, line, column) {
  const lines = code.split("\n");
  const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
  let depth = 0;
  for (let i = code.indexOf("(", start); i < code.length; i++) {
    if (code[i] === "(") depth++;
    else if (code[i] === ")" && --depth === 0) return { start, end: i + 1 };
  }
  throw new Error(`unbalanced example: ${code}`);
}

/** The code after the first suggestion that applies in the span, as Uplift's fixer computes it. */
export function suggested(code, suggestion, span) {
  const text = code.slice(span.start, span.end);
  for (const s of suggestion) {
    const re = new RegExp(s.replace.find);
    if (re.test(text)) return code.slice(0, span.start) + text.replace(re, s.replace.with) + code.slice(span.end);
  }
  return undefined;
}

/** A firing example, with what its suggestion gives when the rule has one. */
export function firing(code, line, column, suggestion, what) {
  const example = { file: "SuiteScripts/example.js", code, expect: [{ line, column }] };
  if (suggestion) {
    const out = suggested(code, suggestion, callSpan(code, line, column));
    if (out === undefined) throw new Error(`the suggestion for ${what} does not apply to its own example`);
    example.suggested = out;
  }
  return example;
}
