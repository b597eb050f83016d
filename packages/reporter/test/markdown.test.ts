import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../src/markdown.js";
import { mdCode, mdInline, mdText } from "../src/markdown-text.js";
import { fixtureResult, HOSTILE, syntheticResult } from "./support.js";

const context = { title: "Acme upgrade", generatedAt: "2026-11-02" };

describe("renderMarkdown", () => {
  it("has the summary, impact, every finding, the checklist and the blind spots", () => {
    const result = fixtureResult();
    const md = renderMarkdown(result, context);
    for (const heading of [
      "# Acme upgrade",
      "## Summary",
      "## Impact",
      "## Findings by rule",
      "## Regression-test checklist",
      "## Cost per target version",
      "## What was not checked",
      "## Method",
    ]) {
      expect(md).toContain(`\n${heading}\n`.replace(/^\n# /, "# "));
    }
    for (const f of result.findings) expect(md).toContain(`${f.file}:${f.line}:${f.column}`);
    for (const u of result.unchecked ?? []) expect(md).toContain(u.file);
    expect(md).toMatch(/Readiness: \*\*\d+\/100\*\*/);
  });

  it("escapes hostile text so that no tag survives", () => {
    const md = renderMarkdown(syntheticResult({ findings: 50, linked: true, hostile: true }), { title: HOSTILE, generatedAt: "x" });
    // Code spans show their text literally; everywhere else a < must be escaped.
    const outsideCode = md.replace(/(`+)[\s\S]*?[^`]\1(?!`)/g, "");
    expect(outsideCode.length).toBeLessThan(md.length);
    expect(outsideCode).not.toMatch(/(?<!\\)<(img|\/script|!--|b>)/);
  });
});

describe("Markdown text helpers", () => {
  it("mdText escapes markup and joins lines", () => {
    expect(mdText("a *b* _c_ [d](e) <f> | g\nh & i")).toBe("a \\*b\\* \\_c\\_ \\[d\\](e) \\<f\\> \\| g h &amp; i");
  });

  it("mdCode picks a fence longer than any backtick run inside", () => {
    expect(mdCode("a")).toBe("`a`");
    expect(mdCode("a `b` c")).toBe("``a `b` c``");
    expect(mdCode("`x`")).toBe("`` `x` ``");
    expect(mdCode("a|b", true)).toBe("`a\\|b`");
  });

  it("mdInline keeps code spans as code", () => {
    expect(mdInline("use `web.rpc` *now*")).toBe("use `web.rpc` \\*now\\*");
  });
});
