import Handlebars from "handlebars";
import { describe, expect, it } from "vitest";
import { TEMPLATES } from "../src/html/generated/assets.js";
import { helpers } from "../src/html/helpers.js";
import { HOSTILE } from "./support.js";

/** Renders a one-line template with the report's helpers, as the page does. */
function render(template: string, context: object = {}): string {
  const env = Handlebars.create();
  for (const [name, fn] of Object.entries(helpers)) env.registerHelper(name, fn);
  return env.compile(template)(context);
}

describe("template helpers", () => {
  it("num groups digits", () => {
    expect(render("{{num n}}", { n: 50000 })).toBe("50,000");
    expect(render("{{num n}}", { n: "x" })).toBe("");
  });

  it("hours and perFinding show efforts", () => {
    expect(render("{{hours e}}", { e: { min: 90, max: 240 } })).toBe("1.5–4 h");
    expect(render("{{perFinding 15 60}}")).toBe("15m–1h");
    expect(render("{{perFinding 5}}")).toBe("5m");
  });

  it("labels severities, changes and hops", () => {
    expect(render("{{sevLabel s}}", { s: "critical" })).toBe("Critical");
    expect(render("{{changeLabel c}}", { c: "signature" })).toBe("Signature changed");
    expect(render("{{hopLabel h}}", { h: "16.0-17.0" })).toBe("16.0 → 17.0");
    expect(render("{{hopLabel h}}", {})).toBe("—");
  });

  it("countOf says one or many", () => {
    expect(render('{{countOf n "file"}}', { n: 1 })).toBe("1 file");
    expect(render('{{countOf n "file"}}', { n: 1200 })).toBe("1,200 files");
    expect(render('{{countOf n "entity" "entities"}}', { n: 2 })).toBe("2 entities");
  });

  it("code escapes the text and keeps `code` spans", () => {
    const text = HOSTILE.replaceAll("`", "");
    expect(render("{{code t}}", { t: `\`attrs\` ${text} \`<b>\`` })).toBe(
      `<code>attrs</code> ${Handlebars.Utils.escapeExpression(text)} <code>&lt;b&gt;</code>`,
    );
  });

  it("link makes http(s) links and leaves anything else as escaped text", () => {
    expect(render("{{link u}}", { u: "https://github.com/odoo/odoo/pull/1" })).toBe(
      '<a href="https://github.com/odoo/odoo/pull/1" rel="noopener noreferrer" target="_blank">https://github.com/odoo/odoo/pull/1</a>',
    );
    expect(render("{{link u}}", { u: 'javascript:alert("x")' })).toBe("javascript:alert(&quot;x&quot;)");
  });

  it("eq, gt, beyond, inc, minus and join", () => {
    expect(render('{{#if (eq a "x")}}y{{/if}}', { a: "x" })).toBe("y");
    expect(render("{{#if (gt a 2)}}y{{else}}n{{/if}}", { a: 2 })).toBe("n");
    expect(render("{{#each l}}{{#if (beyond @index 2)}}+{{else}}{{this}}{{/if}}{{/each}}", { l: ["a", "b", "c", "d"] })).toBe("ab++");
    expect(render("{{inc 1}} {{minus 5 2}}")).toBe("2 3");
    expect(render('{{join l " / "}}', { l: ["a", "<b>"] })).toBe("a / &lt;b&gt;");
    expect(render("{{join l}}", { l: ["a", "b"] })).toBe("a, b");
  });
});

describe("templates", () => {
  it("never write a value unescaped: no {{{…}}} and no {{& …}}", () => {
    for (const [name, text] of Object.entries(TEMPLATES)) {
      expect(text, name).not.toMatch(/\{\{\{|\{\{~?&/);
    }
  });

  it("are all used, and every partial they use exists", () => {
    const used = new Set<string>();
    for (const text of Object.values(TEMPLATES)) for (const m of text.matchAll(/\{\{>\s*([\w-]+)/g)) used.add(m[1]!);
    for (const name of used) expect(Object.keys(TEMPLATES), name).toContain(name);
    expect([...used, "layout"].sort()).toEqual(Object.keys(TEMPLATES).sort());
  });

  it("name no helper after a field of the view, which would shadow it", () => {
    const fields = ["severity", "change", "hop", "count", "effort", "title", "id", "label", "findings"];
    for (const field of fields) expect(Object.keys(helpers)).not.toContain(field);
  });
});
