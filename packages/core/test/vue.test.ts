import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extractFacts, languageOf, TooDeepError, vueScriptRanges } from "../src/index.js";
import { find, fuzzRuns, keys, mutatedSources } from "./helpers.js";

const vue = (text: string, path = "components/Board.vue"): ReturnType<typeof extractFacts> => extractFacts({ path, language: "vue", text });

const COMPONENT = [
  "<template>",
  "  <!-- frappe.call({ method: 'in.a.comment' }) -->",
  "  <div @click=\"frappe.set_route('List')\" onclick=\"frappe.msgprint('x')\">{{ frappe.format(value) }}</div>",
  "  <script>frappe.ui.form.on('Item', {})</script>",
  "</template>",
  "",
  "<script>",
  'import { ref } from "vue";',
  "export default {",
  "  methods: {",
  "    load() {",
  '      frappe.call({ method: "acme.api.rows" });',
  "    },",
  "  },",
  "};",
  "</script>",
  "",
  "<style scoped>",
  '.a::after { content: "frappe.call()"; }',
  "/* frappe.show_alert() */",
  "</style>",
  "",
].join("\n");

const SETUP_TS = [
  '<script setup lang="ts">',
  'import { createResource } from "frappe-ui";',
  "const count: number = 2;",
  'const rows = frappe.db.get_list<Row>("Item", { limit: count });',
  "</script>",
  "",
  "<template><p>{{ rows }}</p></template>",
  "",
].join("\n");

describe("Vue single-file components", () => {
  it("are their own language, by extension", () => {
    expect(languageOf("frontend/src/App.vue")).toBe("vue");
    expect(languageOf("A.VUE")).toBe("vue");
  });

  it("read a call in <script> at its exact span, with the block's imports and Frappe's globals", () => {
    const r = vue(COMPONENT);
    expect(find(r.facts, "call", "frappe.call").span).toEqual({ line: 12, column: 7, endLine: 12, endColumn: 47 });
    expect(find(r.facts, "module", "vue").span).toEqual({ line: 8, column: 21, endLine: 8, endColumn: 26 });
    expect(keys(r.facts, "member")).toContain("vue.ref");
    expect(keys(r.facts, "global")).toEqual(["frappe"]);
    expect(r.problems).toEqual([]);
    expect(r.bindings?.imports).toEqual(["vue"]);
  });

  it("read nothing from the template, its comments and handlers, a script inside it, or the styles", () => {
    const r = vue(COMPONENT);
    const calls = keys(r.facts, "call");
    expect(calls).toEqual(["frappe.call"]);
    for (const f of r.facts) expect(f.span.line).toBeGreaterThanOrEqual(7);
    // The template comment is a comment; the template and the styles are text, not code.
    const template = COMPONENT.indexOf("<!--");
    expect(r.comments).toContainEqual([template, COMPONENT.indexOf("-->") + 3]);
    const style = COMPONENT.indexOf(".a::after");
    expect(r.strings?.some(([a, b]) => a <= style && b >= COMPONENT.indexOf("</style>"))).toBe(true);
    const script = COMPONENT.indexOf("frappe.ui.form.on");
    expect(r.strings?.some(([a, b]) => a <= script && b > script)).toBe(true);
  });

  it('read <script setup lang="ts"> as TypeScript at its exact spans', () => {
    const r = vue(SETUP_TS, "src/views/Home.vue");
    expect(r.problems).toEqual([]);
    expect(find(r.facts, "call", "frappe.db.get_list").span).toEqual({ line: 4, column: 14, endLine: 4, endColumn: 63 });
    expect(find(r.facts, "module", "frappe-ui").span.line).toBe(2);
    // Without lang="ts", the type annotation is a syntax error at its own line.
    const js = vue(SETUP_TS.replace(' lang="ts"', ""));
    expect(js.problems[0]?.line).toBe(3);
  });

  it("read <script> and <script setup> of one component as one program, tsx included", () => {
    const text =
      '<script lang="tsx">\nexport const x = <b>{frappe.boot.lang}</b>;\n</script>\n<script setup lang="tsx">\nfrappe.call("a.b");\n</script>\n';
    const r = vue(text);
    expect(r.problems).toEqual([]);
    expect(keys(r.facts, "call")).toEqual(["frappe.call"]);
    expect(find(r.facts, "member", "frappe.boot.lang").span).toEqual({ line: 2, column: 22, endLine: 2, endColumn: 38 });
  });

  it("skip scripts in another language and ones with a src", () => {
    const r = vue('<script lang="coffee">frappe.call "x"</script>\n<script src="./x.js">frappe.call()</script>\n');
    expect(r.facts).toEqual([]);
    expect(r.problems).toEqual([]);
  });

  it("report a <script> block the file ends inside, at its line, and read none of it", () => {
    const r = vue('<template><p/></template>\n\n<script>\nfrappe.call("x");\n');
    expect(r.problems).toEqual([{ message: "the <script> block is not closed", line: 3, column: 1 }]);
    expect(keys(r.facts, "call")).toEqual([]);
  });

  it("report broken JavaScript at its real line", () => {
    const r = vue("<template><div/></template>\n<script>\nexport default {\n  methods: { a() { frappe.call( } },\n};\n</script>\n");
    expect(r.problems[0]?.line).toBe(4);
  });

  it("give the script blocks as the only places a fix may write", () => {
    const open = COMPONENT.indexOf("<script>\nimport");
    expect(vueScriptRanges(COMPONENT)).toEqual([[open + "<script>".length, COMPONENT.indexOf("</script>\n\n<style")]]);
    expect(vueScriptRanges("<template><script>a()</script></template>")).toEqual([]);
  });

  it("stop at markup nested too deeply, saying where, and still read the scripts before it", () => {
    const depth = 200_000;
    const text = `<script>frappe.call("a");</script>\n<template>${"<div>".repeat(depth)}</template>\n<script setup>frappe.call("b");</script>`;
    const r = vue(text);
    expect(keys(r.facts, "call")).toEqual(["frappe.call"]);
    expect(r.problems).toEqual([
      { message: "elements are nested deeper than 256 levels; the rest is not read", line: 2, column: 11 + 5 * 255 },
    ]);
  });

  it("read huge and oddly nested input in one pass", () => {
    // Closing tags that match nothing, each searched for among the open elements, and many scripts.
    const mismatched = `<template>${"<b>".repeat(200)}${"</i>".repeat(200_000)}</template>\n<script>frappe.call("a");</script>`;
    expect(keys(vue(mismatched).facts, "call")).toEqual(["frappe.call"]);
    const many = '<script>frappe.call("a");</script>\n'.repeat(5_000);
    expect(keys(vue(many).facts, "call")).toHaveLength(5_000);
    const unclosed = "<template><!--<script>".repeat(50_000);
    expect(vue(unclosed).facts).toEqual([]);
  });

  it("never throw (but for code nested past what a parser can hold) and keep every span inside the text", () => {
    const piece = fc.constantFrom(
      "<template>",
      "</template>",
      "<script>",
      '<script setup lang="ts">',
      '<script lang="tsx">',
      "</script>",
      "<style>",
      "</style>",
      "<!--",
      "-->",
      "<div @click=\"frappe.call('x')\">",
      "</div>",
      "<Comp />",
      "{{ a < b }}",
      "frappe.call({ async: false });",
      "const x: number = 1;",
      "import { ref } from 'vue';",
      "'",
      '"',
      "`",
      "<",
      ">",
      "\n",
      "\r\n",
      " ",
    );
    const check = (text: string): void => {
      let r: ReturnType<typeof extractFacts>;
      try {
        r = vue(text);
      } catch (error) {
        expect(error).toBeInstanceOf(TooDeepError);
        return;
      }
      const lines = text.split(/\r\n|\r|\n/).length;
      for (const f of r.facts) {
        expect(f.span.line).toBeGreaterThanOrEqual(1);
        expect(f.span.endLine).toBeLessThanOrEqual(lines);
        expect(r.lines.offset(f.span.endLine, f.span.endColumn)).toBeLessThanOrEqual(text.length);
      }
      for (const p of r.problems) expect(p.line).toBeLessThanOrEqual(lines);
      for (const [a, b] of [...r.comments, ...(r.strings ?? []), ...vueScriptRanges(text)]) {
        expect(a).toBeGreaterThanOrEqual(0);
        expect(a).toBeLessThanOrEqual(b);
        expect(b).toBeLessThanOrEqual(text.length);
      }
    };
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => check(pieces.join(""))),
      { numRuns: fuzzRuns(300) },
    );
    const sources = [
      { path: "a.vue", text: COMPONENT },
      { path: "b.vue", text: SETUP_TS },
    ];
    fc.assert(
      fc.property(mutatedSources(sources, ["<script>", "</script>", "<template>", "<!--", "-->", '"', "{{", "<div>"]), ({ text }) =>
        check(text),
      ),
      { numRuns: fuzzRuns(300) },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => check(text)),
      { numRuns: fuzzRuns(200) },
    );
  });
});
