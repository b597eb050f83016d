import { createRequire } from "node:module";
import path from "node:path";

type HtmlParser = typeof import("htmlparser2").Parser;

let parserClass: HtmlParser | undefined;

/**
 * htmlparser2's streaming Parser, loaded with the first HTML file. The package's entry also loads
 * a DOM builder, a serialiser and a feed reader (some 200 KB of modules, about 30 ms of a short
 * scan's start-up) that the adapters never use, so the Parser's own module is required; the entry
 * serves when a later release has moved it.
 */
export function htmlParser(): HtmlParser {
  if (parserClass) return parserClass;
  const require = createRequire(import.meta.url);
  const entry = require.resolve("htmlparser2");
  try {
    parserClass = (require(path.join(path.dirname(entry), "Parser.js")) as typeof import("htmlparser2")).Parser;
  } catch {
    // Only the class matters: a missing module or one without it falls back to the entry.
  }
  if (typeof parserClass !== "function") parserClass = (require(entry) as typeof import("htmlparser2")).Parser;
  return parserClass;
}
