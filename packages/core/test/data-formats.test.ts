import { beforeAll, describe, expect, it } from "vitest";
import { extractFacts, prepareLanguage } from "../src/index.js";
import { factsOf, find } from "./helpers.js";

describe("JSON, YAML and Python literal facts", () => {
  beforeAll(() => prepareLanguage("python"));

  it("reads JSON with comments and trailing commas as pointers", () => {
    const facts = factsOf("manifest.json", '{\n  // app\n  "sap.ui5": { "dependencies": { "minUI5Version": "1.60.0", }, },\n}');
    const v = find(facts, "json", "/sap.ui5/dependencies/minUI5Version");
    expect(v.detail?.value).toBe("1.60.0");
    expect(v.span).toEqual({ line: 3, column: 34, endLine: 3, endColumn: 59 });
  });

  it("reports broken JSON", () => {
    const r = extractFacts({ path: "x.json", language: "json", text: '{ "a": }' });
    expect(r.problems[0]).toMatchObject({ line: 1, message: "ValueExpected" });
  });

  it("reads YAML with positions", () => {
    const facts = factsOf("c.yaml", "app:\n  hooks:\n    - name: x\n");
    expect(find(facts, "json", "/app/hooks/0/name").span.line).toBe(3);
  });

  it("reads Odoo manifests without running Python", () => {
    const text = `# comment\n{\n    'name': "Sale" 'X',\n    'version': '16.0.1.0.0',\n    'assets': {\n        'web.assets_common': [\n            ('include', 'web.assets_backend'),\n        ],\n    },\n    'installable': True,\n    'summary': _("Translated"),\n}\n`;
    const facts = factsOf("m/__manifest__.py", text);
    expect(find(facts, "json", "/name").detail?.value).toBe("SaleX");
    expect(find(facts, "json", "/version").span).toEqual({ line: 4, column: 5, endLine: 4, endColumn: 28 });
    expect(find(facts, "json", "/assets/web.assets_common/0/1").detail?.value).toBe("web.assets_backend");
    expect(find(facts, "json", "/installable").detail?.value).toBe(true);
    expect(find(facts, "json", "/summary").detail?.value).toBe("Translated");
  });

  it("reads hooks.py assignments as data besides its code; what is not a literal has no value", () => {
    const text = `from . import __version__ as app_version\napp_name = "erpnext"\ndoc_events = {"Sales Order": {"on_submit": "app.hooks.on_submit"}}\nafter_install = get_hook()\n`;
    const r = extractFacts({ path: "app/hooks.py", language: "python", text });
    expect(r.problems).toEqual([]);
    expect(r.facts.filter((f) => f.key === "/doc_events/Sales Order/on_submit").map((f) => f.detail?.value)).toEqual([
      "app.hooks.on_submit",
    ]);
    expect(r.facts.find((f) => f.kind === "json" && f.key === "/after_install")?.detail?.value).toBeUndefined();
    expect(r.facts.some((f) => f.kind === "call" && f.key === "get_hook")).toBe(true);
  });

  it("reads what is literal in a manifest and leaves the rest unknown, not an error", () => {
    const text = `{\n    "name": "X",\n    "depends": ["web"] + (["sale"] if HAS_SALE else []),\n    "data": ["views/a.xml", DATA],\n}\n`;
    const r = extractFacts({ path: "x/__manifest__.py", language: "python-literal", text });
    expect(r.problems).toEqual([]);
    expect(r.facts.find((f) => f.key === "/name")?.detail?.value).toBe("X");
    expect(r.facts.find((f) => f.key === "/depends")?.detail).toBeUndefined();
    expect(r.facts.some((f) => f.key === "/depends/0")).toBe(false);
    expect(r.facts.find((f) => f.key === "/data/0")?.detail?.value).toBe("views/a.xml");
    expect(r.facts.find((f) => f.key === "/data/1")?.detail).toBeUndefined();
  });

  it("reports a broken manifest dict at its first error", () => {
    const r = extractFacts({ path: "__manifest__.py", language: "python-literal", text: "{\n 'name': 'x'\n 'version': \n}" });
    expect(r.problems.length).toBeGreaterThan(0);
    expect(r.problems[0]!.line).toBeLessThanOrEqual(3);
  });
});

describe("hostile nesting and markup in data and pages", () => {
  it("reads JSON nested past a thousand levels without a pointer per level", () => {
    const json = extractFacts({ path: "x.json", language: "json", text: `{"a": ${"[".repeat(3000)}1${"]".repeat(3000)}}` });
    expect(json.problems).toEqual([
      { message: "values are nested deeper than 1000 levels; deeper ones are not read", line: 1, column: 1006 },
    ]);
    expect(json.facts).toHaveLength(999);
    // The YAML parser stops deep nesting itself, with a problem of its own.
    const yaml = extractFacts({ path: "x.yaml", language: "yaml", text: `a: ${"[".repeat(1500)}1${"]".repeat(1500)}\n` });
    expect(yaml.problems.length).toBeGreaterThan(0);
  });

  it("reads two inline scripts of a page as two statements, and a page of unclosed <script> tags in one pass", () => {
    const page = extractFacts({ path: "p.html", language: "html", text: "<html><script>a()</script><script>b()</script></html>" });
    expect(page.problems).toEqual([]);
    expect(page.facts.filter((f) => f.kind === "call").map((f) => f.key)).toEqual(["a", "b"]);
    // Searching each <script> for its end from scratch would take minutes here.
    const open = extractFacts({ path: "p.html", language: "html", text: `<p>${"<script src='x.js' ".repeat(100_000)}` });
    expect(open.facts).toEqual([]);
  });
});
