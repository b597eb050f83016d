import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extractHtmlTagFacts } from "../src/adapters/html-tags.js";
import { LineIndex } from "../src/index.js";
import { factsOf, find } from "./helpers.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const PAGE = readFileSync(path.join(root, "fixtures/sapui5/sales-orders-freestyle/webapp/index.html"), "utf8");

describe("HTML script, link and meta elements", () => {
  it("stops where the page's code reading stops, past 1,024 nested elements", () => {
    const deep = (n: number) => `<head><meta name="a">${"<div>".repeat(n)}<meta name="b">${"</div>".repeat(n)}</head>`;
    const names = (text: string) =>
      factsOf("webapp/index.html", text)
        .filter((f) => f.kind === "element")
        .map((f) => f.detail?.attributes);
    expect(names(deep(1000))).toEqual([{ name: "a" }, { name: "b" }]);
    expect(names(deep(200_000))).toEqual([{ name: "a" }]);
  });

  it("gives each attribute of the bootstrap script, with a lower-case key, its spelling and its value", () => {
    const facts = factsOf("webapp/index.html", PAGE);
    const compat = find(facts, "attribute", "script@data-sap-ui-compatversion");
    expect(compat.detail).toMatchObject({ value: "edge", name: "data-sap-ui-compatVersion" });
    expect(compat.span).toMatchObject({ line: 12, column: 3, endLine: 12, endColumn: 35 });
    const script = find(facts, "element", "script");
    expect(script.detail?.attributes).toMatchObject({ id: "sap-ui-bootstrap", "data-sap-ui-theme": "sap_belize" });
    expect(script.span.line).toBe(6);
  });

  it("reads no element inside a comment, and keeps a > inside a quoted value", () => {
    const text = '<!-- <script src="old.js"></script> -->\n<script data-x="a > b" src="new.js"></script>\n';
    const facts = factsOf("page.html", text);
    expect(facts.filter((f) => f.kind === "attribute").map((f) => `${f.key}=${String(f.detail?.value)}`)).toEqual([
      "script@data-x=a > b",
      "script@src=new.js",
    ]);
  });
});

const mutation = fc.record({
  at: fc.nat(),
  cut: fc.nat(30),
  insert: fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom("<", ">", '"', "'", "<script ", "</script>", "<!--", "-->", "=", "\r\n", "\0", "\ud83d\ude00"),
  ),
});

describe("the HTML tag reader on hostile input", () => {
  it("never throws, and keeps every position inside the page, whatever is cut or inserted", () => {
    fc.assert(
      fc.property(mutation, ({ at, cut, insert }) => {
        const i = at % (PAGE.length + 1);
        const text = PAGE.slice(0, i) + insert + PAGE.slice(i + cut);
        const lines = new LineIndex(text);
        for (const f of extractHtmlTagFacts(text, lines)) {
          const start = lines.offset(f.span.line, f.span.column);
          const end = lines.offset(f.span.endLine, f.span.endColumn);
          expect(0 <= start && start <= end && end <= text.length).toBe(true);
          if (f.kind === "attribute") expect(f.key.startsWith(`${f.key.slice(0, f.key.indexOf("@"))}@`)).toBe(true);
        }
      }),
      { numRuns: 300, seed: 15 },
    );
  });
});
