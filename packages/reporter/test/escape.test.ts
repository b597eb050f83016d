import { describe, expect, it } from "vitest";
import { embedJson, escapeHtml, html, inlineCode, safeUrl } from "../src/html/escape.js";
import { renderStylish } from "../src/stylish.js";
import { finding, scanResult } from "./scan-results.js";
import { HOSTILE } from "./support.js";

describe("escapeHtml", () => {
  it("escapes every character that could open markup or leave an attribute", () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&\`=</a>`)).toBe(
      "&lt;a href&#x3D;&quot;x&quot; onclick&#x3D;&#x27;y&#x27;&gt;&amp;&#x60;&#x3D;&lt;/a&gt;",
    );
  });

  it("writes nothing for null and undefined, and the text of numbers", () => {
    expect(escapeHtml(undefined)).toBe("");
    expect(escapeHtml(null)).toBe("");
    expect(escapeHtml(42)).toBe("42");
  });

  it("leaves no tag of a hostile string", () => {
    expect(escapeHtml(HOSTILE)).not.toMatch(/[<>"'`]/);
  });
});

describe("html", () => {
  it("escapes values and keeps the literal markup", () => {
    expect(html`<b title="${HOSTILE}">${HOSTILE}</b>`.toHTML()).toBe(`<b title="${escapeHtml(HOSTILE)}">${escapeHtml(HOSTILE)}</b>`);
  });

  it("does not escape markup that is already safe twice", () => {
    expect(html`<p>${html`<i>${"<x>"}</i>`}</p>`.toHTML()).toBe("<p><i>&lt;x&gt;</i></p>");
  });
});

describe("embedJson", () => {
  it("cannot close its script element or open a comment, and parses back to the same value", () => {
    const value = { code: HOSTILE, more: ["</SCRIPT >", "<!--", "\u2028", "&amp;"] };
    const text = embedJson(value).toHTML();
    expect(text).not.toMatch(/<\/script/i);
    expect(text).not.toContain("<!--");
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe("inlineCode", () => {
  it("turns backtick spans into <code> and escapes both parts", () => {
    expect(inlineCode("use `<t t-esc>` & go").toHTML()).toBe("use <code>&lt;t t-esc&gt;</code> &amp; go");
  });

  it("shows an unpaired backtick as it is", () => {
    expect(inlineCode("a `b` c ` d").toHTML()).toBe("a <code>b</code> c &#x60; d");
  });
});

describe("safeUrl", () => {
  it("accepts http and https addresses only", () => {
    expect(safeUrl("https://github.com/odoo/odoo/pull/1")).toBe("https://github.com/odoo/odoo/pull/1");
    expect(safeUrl("javascript:alert(1)")).toBeUndefined();
    expect(safeUrl("data:text/html,x")).toBeUndefined();
    expect(safeUrl('https://x.test/"><img src=x>')).toBeUndefined();
  });
});

describe("the terminal view", () => {
  it("shows control characters from the scanned tree as escapes, so a file name cannot drive the terminal", () => {
    const hostile = finding({ file: "addon/\u001b[2J\u001b]0;pwned\u0007.js", message: "unexpected character '\u001b' in <a>" });
    const result = scanResult([hostile]);
    result.unanalysed = [{ file: "addon/\u001b[2J.py", reason: "bad \u001b]0;x\u0007" }];
    const lines = renderStylish(result, { color: false });
    const verbose = renderStylish(result, { color: false, verbose: true });
    for (const text of [lines, verbose]) {
      const controls = [...text].filter((ch) => ch !== "\n" && ch !== "\t" && (ch < " " || (ch >= "\u007f" && ch <= "\u009f")));
      expect(controls).toEqual([]);
      expect(text).toContain("addon/\\x1B[2J\\x1B]0;pwned\\x07.js");
      expect(text).toContain("bad \\x1B]0;x\\x07");
    }
    expect(verbose).toContain("unexpected character '\\x1B' in <a>");
  });
});
