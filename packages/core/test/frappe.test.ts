import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { extractFacts, LineIndex, prepareLanguage, TooDeepError } from "../src/index.js";
import { extractJinjaFacts } from "../src/adapters/jinja.js";
import { factsOf, find, keys } from "./helpers.js";

// JSON that may hold Frappe records needs their adapter (and the Python parser for Server Scripts).
beforeAll(() => prepareLanguage("json"));

describe("Frappe records in JSON", () => {
  it("a fixture's Custom Field names its DocType, its field, what it links to and where it goes", () => {
    const text = JSON.stringify(
      [
        {
          doctype: "Custom Field",
          dt: "Sales Invoice",
          fieldname: "web_item",
          fieldtype: "Link",
          options: "Website Item",
          insert_after: "customer",
        },
      ],
      null,
      1,
    );
    const facts = factsOf("fixtures/custom_field.json", text);
    expect(keys(facts, "ref")).toEqual([
      "document:Custom Field",
      "doctype:Sales Invoice",
      "field:Sales Invoice.web_item",
      "doctype:Website Item",
      "field:Sales Invoice.customer",
    ]);
    expect(find(facts, "ref", "doctype:Website Item").span.line).toBe(7);
    expect(find(facts, "ref", "document:Custom Field").detail?.attributes).toMatchObject({ dt: "Sales Invoice", fieldtype: "Link" });
  });

  it("a Property Setter says which property of which field it sets", () => {
    const facts = factsOf(
      "fixtures/property_setter.json",
      '[{"doctype": "Property Setter", "doc_type": "Sales Order", "field_name": "delivery_date", "property": "reqd", "value": "1"}]',
    );
    expect(find(facts, "ref", "field:Sales Order.delivery_date").detail).toMatchObject({ property: "reqd", propertyValue: "1" });
  });

  it("Export Customizations rows have no doctype key of their own", () => {
    const text = JSON.stringify({
      doctype: "Sales Invoice",
      custom_fields: [{ dt: "Sales Invoice", fieldname: "x", fieldtype: "Data" }],
      property_setters: [{ doc_type: "Sales Invoice", field_name: "due_date", property: "reqd", value: "1" }],
    });
    const facts = factsOf("acme/custom/sales_invoice.json", text);
    expect(keys(facts, "ref")).toEqual(
      expect.arrayContaining([
        "document:Custom Field",
        "document:Property Setter",
        "field:Sales Invoice.x",
        "field:Sales Invoice.due_date",
      ]),
    );
    expect(keys(facts, "ref")).not.toContain("document:Sales Invoice");
  });

  it("a Workspace names the DocTypes it links to, not its URLs", () => {
    const text = JSON.stringify({
      doctype: "Workspace",
      name: "Acme",
      links: [
        { link_type: "DocType", link_to: "Sales Order" },
        { link_type: "URL", link_to: "/app/x" },
      ],
      shortcuts: [{ type: "DocType", link_to: "Item" }],
    });
    expect(keys(factsOf("acme/workspace/acme/acme.json", text), "ref").filter((k) => k.startsWith("doctype:"))).toEqual([
      "doctype:Sales Order",
      "doctype:Item",
    ]);
  });

  it("JSON that is not a Frappe record is only JSON", () => {
    expect(keys(factsOf("package.json", '{"name": "x", "doctype": 3}'), "ref")).toEqual([]);
    expect(extractFacts({ path: "x.json", language: "json", text: '{"doctype": "Client Script", "script": 1}' }).embedded).toBeUndefined();
  });

  it("a Print Format's Jinja is read, and doc.<field> names a field of its DocType", () => {
    const text = JSON.stringify([
      { doctype: "Print Format", doc_type: "Sales Invoice", html: "<b>{{ doc.customer_name }}</b>\n{{ doc.get_formatted('total') }}" },
    ]);
    const extracted = extractFacts({ path: "fixtures/print_format.json", language: "json", text });
    const source = extracted.embedded![0]!;
    expect(source.path).toBe("fixtures/print_format.json#/0/html.html");
    expect(keys(source.facts, "ref")).toEqual(["field:Sales Invoice.customer_name"]);
    expect(keys(source.facts, "call")).toEqual(["doc.get_formatted"]);
  });

  it("a broken Client Script is a problem of the script, at its own line", () => {
    const text = JSON.stringify([{ doctype: "Client Script", dt: "Item", script: "frappe.ui.form.on('Item', {\n  refresh(frm) {\n" }]);
    const source = extractFacts({ path: "c.json", language: "json", text }).embedded![0]!;
    expect(source.problems[0]?.line).toBe(3);
  });
});

describe("Jinja", () => {
  const jinja = (text: string) => extractJinjaFacts(text, new LineIndex(text));

  it("reads paths, calls and filters; names the template binds are locals", () => {
    const r = jinja(
      "{% for row in doc.items %}{{ row.qty | round(2) }}{% endfor %}\n{% set t = frappe.db.get_value('Company', doc.company, 'tax_id') %}{{ t }}",
    );
    expect(keys(r.facts, "member")).toEqual(["doc.items", "~row.qty", "frappe.db", "frappe.db.get_value", "doc.company"]);
    expect(keys(r.facts, "ref")).toEqual(["jinja-filter:round"]);
    expect(find(r.facts, "call", "frappe.db.get_value").detail).toMatchObject({ arity: 3, value: "Company" });
  });

  it("skips comments, raw blocks, strings and tests", () => {
    const r = jinja("{# doc.secret #}{% raw %}{{ doc.raw }}{% endraw %}{{ 'doc.text' }}{% if doc.x is defined %}{% endif %}");
    expect(keys(r.facts, "member")).toEqual(["doc.x"]);
    expect(r.comments).toEqual([[0, 16]]);
  });

  it("calls on results and keyword arguments", () => {
    const r = jinja("{{ frappe.get_doc('Customer', doc.customer).get_formatted('credit_limit', as_html=1) }}");
    expect(keys(r.facts, "call")).toEqual(["frappe.get_doc", "frappe.get_doc().get_formatted"]);
    expect(find(r.facts, "call", "frappe.get_doc().get_formatted").detail).toMatchObject({
      arity: 2,
      keywords: { as_html: { type: "number", value: 1 } },
    });
  });

  it("reports a tag left open and never throws on junk", () => {
    expect(jinja("<p>{{ doc.name </p>").problems[0]).toMatchObject({ line: 1, column: 4 });
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const r = jinja(`{{ ${s} }}{% ${s} %}${s}`);
        expect(Array.isArray(r.facts)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe("Frappe client code", () => {
  it("names DocTypes and fields from the client API's string arguments", () => {
    const facts = factsOf(
      "public/js/x.js",
      `frappe.ui.form.on("Sales Order", { refresh(frm) { frm.set_value("delivery_date", null); cur_frm.doc.customer; } });
frappe.db.get_list("Sales Invoice", { fields: ["name", "sum(grand_total) as t"], filters: { status: "Paid" } });
frappe.set_route("Form", "Item", "X");
frappe.call({ method: "frappe.client.get_value", args: { doctype: "Customer", fieldname: "credit_limit" } });
frappe.listview_settings["Delivery Note"] = {};`,
    );
    expect(keys(facts, "ref")).toEqual([
      "doctype:Sales Order",
      "doctype:Sales Invoice",
      "field:Sales Invoice.name",
      "sql:Sales Invoice",
      "field:Sales Invoice.status",
      "doctype:Item",
      "doctype:Customer",
      "field:Customer.credit_limit",
      "doctype:Delivery Note",
      "field:Sales Order.delivery_date",
      "field:Sales Order.customer",
    ]);
    expect(find(facts, "ref", "sql:Sales Invoice").detail?.value).toBe("sum(grand_total) as t");
  });

  it("a free name that is assigned is the global of that name; a declared one is not", () => {
    const facts = factsOf("a.js", "function v() { validated = false; }\nfunction w() { let validated = true; validated = false; }");
    expect(facts.filter((f) => f.kind === "global" && f.key === "validated").map((f) => f.span.line)).toEqual([1]);
  });

  it("a {% include %} line of a form or report script is a directive, not a syntax error", () => {
    const r = extractFacts({
      path: "acme/report/x/x.js",
      language: "javascript",
      text: '{% include "erpnext/accounts/report/sales_register/sales_register.js" %}\n\nfrappe.query_reports["X"] = frappe.query_reports["Sales Register"];\n',
    });
    expect(r.problems).toEqual([]);
    expect(r.comments[0]).toEqual([0, 72]);
    expect(keys(r.facts, "member")).toContain("frappe.query_reports.Sales Register");
  });

  it("this outside any function is a fact of its own; inside a function it is the function's", () => {
    const facts = factsOf(
      "a.js",
      "this.frm.refresh();\nconst f = () => this.x;\nfunction g() { return this.y; }\nclass C { m() { this.z; } }",
    );
    expect(facts.filter((f) => f.kind === "global" && f.key === "this").map((f) => f.span.line)).toEqual([1, 2]);
  });
});

describe("Jinja a stranger wrote", () => {
  const jinja = (text: string) => extractJinjaFacts(text, new LineIndex(text));
  const page = (text: string) => extractFacts({ path: "templates/page.html", language: "html", text });

  it("reads a page of unclosed tags in one pass, and says the first is not closed", () => {
    expect(page("{{ ".repeat(200_000)).facts).toEqual([]);
    expect(page("{% if ".repeat(200_000)).facts).toEqual([]);
    expect(jinja(`{{ ${"'a' ".repeat(100_000)}`).problems.map((p) => p.message)).toEqual(["'{{' is not closed"]);
  });

  it("calls nested past two hundred levels are too deep, not minutes of work", () => {
    expect(jinja(`{{ ${"f(".repeat(150)}x${")".repeat(150)} }}`).facts.filter((f) => f.kind === "call")).toHaveLength(150);
    expect(() => page(`{{ ${"f(".repeat(200_000)}${")".repeat(200_000)} }}`)).toThrow(TooDeepError);
  });

  it("does not follow a dotted path past its length limit", () => {
    const r = jinja(`{{ doc${".x".repeat(100_000)} }}`);
    expect(Math.max(...r.facts.map((f) => f.key.length))).toBeLessThanOrEqual(520);
  });
});
