import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { wordsOf } from "../src/rule-index.js";

/** The words as two regular expressions find them: over the text, then over the text with every escape made a space. */
function wordsByPattern(text: string, foldCase = false): string[] {
  const words = new Set(text.match(/[A-Za-z0-9_$]+/g));
  if (text.includes("\\")) for (const w of text.replace(/\\(?:u[0-9a-fA-F]{4}|.)/g, " ").match(/[A-Za-z0-9_$]+/g) ?? []) words.add(w);
  if (foldCase) for (const w of [...words]) words.add(w.toLowerCase());
  return [...words];
}

/** Text made of what a word, an escape and their edges are made of. */
const pieces = fc.constantFrom(
  "\\",
  "\\\\",
  "u",
  "U",
  "0",
  "4",
  "1F",
  "a",
  "Ab",
  "_",
  "$",
  "n",
  "x",
  "g",
  " ",
  "\n",
  "\r",
  "\u2028",
  "\u2029",
  '"',
  "(",
  "é",
  "\ud83d\ude00",
  "\ud83d",
);
const texts = fc.array(pieces, { maxLength: 40 }).map((p) => p.join(""));

describe("the words of a text", () => {
  it("are what the two patterns find, in their order, escapes and line breaks however placed", () => {
    fc.assert(
      fc.property(texts, fc.boolean(), (text, foldCase) => {
        expect([...wordsOf(text, foldCase)]).toEqual(wordsByPattern(text, foldCase));
      }),
      { numRuns: 5000, seed: 17 },
    );
  });

  it("are taken after an escape too", () => {
    expect([...wordsOf('x = "\\nshow_alert(\\u0041bc) \\\\nkeep \\u00zz \\\n"')]).toEqual([
      "x",
      "nshow_alert",
      "u0041bc",
      "nkeep",
      "u00zz",
      "show_alert",
      "bc",
      "00zz",
    ]);
  });
});
