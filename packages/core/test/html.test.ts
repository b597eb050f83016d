import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extractFacts } from "../src/index.js";
import { find, keys } from "./helpers.js";

const html = (text: string): ReturnType<typeof extractFacts> => extractFacts({ path: "p.html", language: "html", text });

describe("HTML web resources", () => {
  it("stops at markup nested too deeply, saying where, and still reads the scripts before it", () => {
    const depth = 200_000;
    const text = `<script>Xrm.Utility.alertDialog("a");</script>\n<body>${"<div>".repeat(depth)}<script>Xrm.Page.ui</script>${"</div>".repeat(depth)}</body>`;
    const r = html(text);
    expect(keys(r.facts, "call")).toEqual(["Xrm.Utility.alertDialog"]);
    expect(keys(r.facts, "member")).not.toContain("Xrm.Page.ui");
    expect(r.problems).toEqual([
      { message: "elements are nested deeper than 1024 levels; the rest is not read", line: 2, column: 7 + 5 * 1023 },
    ]);
    // As deep as is read, the page is read whole.
    const within = `<body>${"<div>".repeat(1000)}<script>Xrm.Page.ui</script>${"</div>".repeat(1000)}</body>`;
    expect(html(within).problems).toEqual([]);
    expect(keys(html(within).facts, "member")).toContain("Xrm.Page.ui");
  });

  it("reads a commented-out script as a comment", () => {
    const r = html("<html><head>\n<!-- <script>Xrm.Page.getAttribute('a');</script> -->\n</head></html>");
    expect(keys(r.facts, "member")).toEqual([]);
    expect(r.comments).toEqual([[13, 66]]);
  });

  it("keeps reading after a > inside a quoted attribute", () => {
    const r = html('<div title="a > b" data-x=\'<script>Xrm.Page</script>\'></div>\n<script>Xrm.Utility.alertDialog("x");</script>');
    expect(keys(r.facts, "call")).toEqual(["Xrm.Utility.alertDialog"]);
    expect(find(r.facts, "call", "Xrm.Utility.alertDialog").span.line).toBe(2);
  });

  it("reads inline event handlers as code at their real positions", () => {
    const r = html('<html>\n<body onload="init(); Xrm.Page.ui.getFormType() &gt; 1" class="x">\n<button onclick=go()>Go</button>');
    expect(find(r.facts, "call", "Xrm.Page.ui.getFormType").span).toEqual({ line: 2, column: 23, endLine: 2, endColumn: 48 });
    expect(find(r.facts, "call", "go").span).toEqual({ line: 3, column: 17, endLine: 3, endColumn: 21 });
  });

  it("skips scripts with a src or a non-script type, and counts markup as text", () => {
    const r = html('<script src="a.js">Xrm.Page</script><script type="text/template">Xrm.Page</script><p>Xrm.Page</p>');
    expect(keys(r.facts, "member")).toEqual([]);
    expect(r.strings).toEqual([[0, 97]]);
  });

  it("never throws and keeps every fact inside the page, whatever the markup", () => {
    const piece = fc.constantFrom(
      "<script>",
      "</script>",
      "<!--",
      "-->",
      '<body onload="',
      '">',
      "'",
      '"',
      ">",
      "<",
      "Xrm.Page.getAttribute('a');",
      "&amp;",
      "&#x3c;",
      "\n",
      '<div title="x > y">',
      "onclick=go()",
      " ",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join("");
        const r = html(text);
        const lines = text.split("\n").length;
        for (const f of r.facts) {
          expect(f.span.line).toBeGreaterThanOrEqual(1);
          expect(f.span.endLine).toBeLessThanOrEqual(lines);
        }
        for (const [a, b] of [...r.comments, ...(r.strings ?? [])]) {
          expect(a).toBeGreaterThanOrEqual(0);
          expect(b).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});
