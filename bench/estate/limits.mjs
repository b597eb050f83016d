import fs from "node:fs/promises";
import { Parser as HtmlParser } from "htmlparser2";
import { visit as visitJson } from "jsonc-parser";
import { parseDocument, visit as visitYaml } from "yaml";
import { decodeText, discover, extractFacts, irrelevantKind, languageOf, prepareLanguage } from "@uplift/core";
import { LineIndex } from "../../packages/core/dist/source-file.js";
import { parseJs } from "../../packages/core/dist/adapters/js/parse-js.js";
import { parsePython } from "../../packages/core/dist/adapters/python/parser.js";
import { tokenizeXml } from "../../packages/core/dist/adapters/xml-tokenizer.js";

/** Every node of a Babel tree, once. */
function walkJs(node) {
  let n = 0;
  const stack = [node];
  while (stack.length > 0) {
    const cur = stack.pop();
    n++;
    for (const key in cur) {
      if (key === "loc" || key === "leadingComments" || key === "trailingComments" || key === "innerComments") continue;
      const v = cur[key];
      if (Array.isArray(v)) {
        for (const c of v) if (c && typeof c.type === "string") stack.push(c);
      } else if (v && typeof v.type === "string") stack.push(v);
    }
  }
  return n;
}

const noop = () => {};
const xmlHandler = { openTag: noop, closeTag: noop, text: noop, comment: noop, problem: noop };

/**
 * One parse and one full walk of a file with the parser Uplift uses for its language (Babel,
 * tree-sitter Python with the copy of its tree, the XML tokenizer, htmlparser2, jsonc-parser,
 * yaml); the languages read by a hand-written adapter (CSV, TOML, Python literals, ABAP) by that
 * adapter. No facts, no matching: the floor under any scan of the same files.
 */
function parseAndWalk(language, path, text) {
  switch (language) {
    case "javascript":
    case "typescript": {
      const { ast } = parseJs(path, text);
      return ast ? walkJs(ast) : 0;
    }
    case "python":
      return parsePython(text, new LineIndex(text)).root.children.length;
    case "xml":
      return tokenizeXml(text, xmlHandler);
    case "html": {
      const p = new HtmlParser({});
      p.write(text);
      p.end();
      return 0;
    }
    case "json":
      return visitJson(text, {});
    case "yaml":
      return visitYaml(parseDocument(text), noop);
    default:
      return extractFacts({ path, language, text }).facts.length;
  }
}

/** The files a scan of `root` reads (same discovery, vendored libraries and irrelevant files set aside). */
export async function scannedFiles(root) {
  const { candidates } = await discover(root, {});
  return candidates.filter((c) => !c.preloaded && languageOf(c.path) && !irrelevantKind(c.path));
}

/** Reading every file, then parsing and walking each, in this thread: milliseconds and bytes per language. */
export async function measureLimits(root) {
  const files = await scannedFiles(root);
  const readStart = performance.now();
  const texts = [];
  let bytes = 0;
  for (const c of files) {
    const raw = await fs.readFile(c.absolute);
    bytes += raw.length;
    const decoded = decodeText(raw);
    if (decoded.ok) texts.push({ path: c.path, language: languageOf(c.path), text: decoded.text });
  }
  const readMs = performance.now() - readStart;
  for (const language of new Set(texts.map((t) => t.language))) await prepareLanguage(language);
  const perLanguage = new Map();
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  for (const t of texts) {
    const s = performance.now();
    try {
      parseAndWalk(t.language, t.path, t.text);
    } catch {
      // A file a parser gives up on still cost what it cost.
    }
    const row = perLanguage.get(t.language) ?? { files: 0, bytes: 0, ms: 0 };
    row.files++;
    row.bytes += t.text.length;
    row.ms += performance.now() - s;
    perLanguage.set(t.language, row);
  }
  const parseMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  return { files: files.length, bytes, readMs, parseMs, parseCpuMs: (cpu.user + cpu.system) / 1000, perLanguage };
}
