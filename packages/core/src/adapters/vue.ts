import type { FileFacts, ParseProblem } from "../facts.js";
import type { LineIndex } from "../source-file.js";
import { codeOnly, complement, MAX_SFC_DEPTH, readPageCode, tooDeepProblem } from "./html.js";
import { extractJsFacts } from "./js/js-facts.js";

type Range = [number, number];

/**
 * Vue single-file components (`.vue`), read as the HTML adapter reads a page: the top-level
 * `<script>` and `<script setup>` blocks are JavaScript (TypeScript with `lang="ts"` or
 * `lang="tsx"`) at their real lines and columns, parsed as one program with everything else
 * blanked; `<template>`, `<style>` and custom blocks are not code. As in an HTML page, markup
 * outside the scripts is text (the `strings` that text rules may read) and `<!-- … -->` a comment.
 * A top-level block the file ends inside (a `<script>` never closed) is a syntax problem and its
 * content is not read; so is markup nested past `MAX_SFC_DEPTH` levels, and what follows it.
 */
export function extractVueFacts(path: string, text: string, lines: LineIndex): FileFacts {
  const page = readPageCode(text, text, { sfc: true });
  const problems: ParseProblem[] = page.unclosed.map(({ name, start }) => ({
    message: `the <${name}> block is not closed`,
    ...lines.position(start),
  }));
  if (page.tooDeep !== undefined) problems.push(tooDeepProblem(page.tooDeep, MAX_SFC_DEPTH, lines));
  const markup = complement(text.length, [...page.code, ...page.comments]);
  const byStart = (a: Range, b: Range): number => a[0] - b[0];
  if (page.code.length === 0) return { facts: [], problems, comments: page.comments, strings: markup };
  const js = extractJsFacts(scriptPath(path, page.langs), codeOnly(text, text, page), lines);
  return {
    ...js,
    problems: [...problems, ...js.problems],
    comments: [...js.comments, ...page.comments].sort(byStart),
    strings: [...(js.strings ?? []), ...markup].sort(byStart),
  };
}

/** The path the script blocks are parsed under: its extension picks JavaScript or TypeScript, and JSX. */
function scriptPath(path: string, langs: readonly string[]): string {
  const stem = path.replace(/\.vue$/i, "");
  const jsx = langs.some((l) => l === "tsx" || l === "jsx");
  if (langs.some((l) => l === "ts" || l === "typescript" || l === "tsx")) return `${stem}${jsx ? ".tsx" : ".ts"}`;
  return `${stem}${jsx ? ".jsx" : ".js"}`;
}

/** Where a component's script blocks hold code: the only places a fix may write. */
export function vueScriptRanges(text: string): Array<[number, number]> {
  return readPageCode(text, text, { sfc: true }).code;
}
