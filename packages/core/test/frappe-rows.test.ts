import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { childDoctype } from "../src/adapters/frappe/erpnext-tables.js";
import { extractFacts, type Fact } from "../src/index.js";
import { factsOf, fuzzRuns, mutatedSources } from "./helpers.js";

/** The `field:` refs of a client script, as `key@line:column`. */
function fieldRefs(text: string): string[] {
  return factsOf("public/js/form.js", text)
    .filter((f: Fact) => f.kind === "ref" && f.key.startsWith("field:"))
    .map((f) => `${f.key}@${f.span.line}:${f.span.column}`);
}

describe("rows Frappe hands a child table's handler", () => {
  it("locals[cdt][cdn], frappe.get_doc and frappe.model.get_doc are rows of the handler's DocType", () => {
    const refs = fieldRefs(
      [
        'frappe.ui.form.on("Delivery Note Item", {',
        "  item_code(frm, cdt, cdn) {",
        "    const d = locals[cdt][cdn];",
        "    let row;",
        "    row = frappe.get_doc(cdt, cdn);",
        "    const { batch_no: b, qty } = frappe.model.get_doc(cdt, cdn);",
        "    return d.serial_no + row.batch_no + locals[cdt][cdn].warehouse;",
        "  },",
        "});",
      ].join("\n"),
    );
    expect(refs).toEqual([
      "field:Delivery Note Item.batch_no@6:13",
      "field:Delivery Note Item.qty@6:26",
      "field:Delivery Note Item.serial_no@7:12",
      "field:Delivery Note Item.batch_no@7:26",
      "field:Delivery Note Item.warehouse@7:41",
    ]);
  });

  it("the older three-argument form, a literal DocType in locals, and a row's own doctype", () => {
    const refs = fieldRefs(
      [
        'frappe.ui.form.on("Stock Entry Detail", "qty", function (frm, cdt, cdn) {',
        '  var item = locals["Sales Invoice Item"][frm.selected];',
        "  var d = locals[cdt][cdn];",
        '  frappe.model.set_value(d.doctype, d.name, "batch_no", item.batch_no);',
        "});",
      ].join("\n"),
    );
    expect(refs).toContain("field:Stock Entry Detail.batch_no@4:45");
    expect(refs).toContain("field:Sales Invoice Item.batch_no@4:57");
    expect(refs).toContain("field:Stock Entry Detail.name@4:37");
  });

  it("a locals of the script's own, a DocType that is not a literal and a helper's parameters are not rows", () => {
    const refs = fieldRefs(
      [
        "const locals = {};",
        'frappe.ui.form.on("Delivery Note Item", {',
        "  qty(frm, cdt, cdn) {",
        "    return locals[cdt][cdn].serial_no;",
        "  },",
        "});",
        "frappe.ui.form.on(DOCTYPE, { qty(frm, cdt, cdn) { return frappe.get_doc(cdt, cdn).serial_no; } });",
        "function helper(frm, cdt, cdn) { return frappe.get_doc(cdt, cdn).serial_no + window.locals[cdt][cdn].batch_no; }",
      ].join("\n"),
    );
    expect(refs).toEqual([]);
  });

  it("a name bound again to something else is no longer a row", () => {
    const refs = fieldRefs(
      [
        'frappe.ui.form.on("Delivery Note Item", {',
        "  qty(frm, cdt, cdn) {",
        "    let d = locals[cdt][cdn];",
        "    d = { serial_no: 1 };",
        "    return d.serial_no;",
        "  },",
        "});",
      ].join("\n"),
    );
    expect(refs).toEqual([]);
  });
});

describe("rows of a document's table", () => {
  it("callbacks, loops and indexes over frm.doc.items are rows of the table's DocType", () => {
    const refs = fieldRefs(
      [
        'frappe.ui.form.on("Delivery Note", {',
        "  validate(frm) {",
        "    (frm.doc.items || []).forEach((row) => row.serial_no);",
        "    frm.doc.items.filter((r) => r.qty).map((r) => r.batch_no);",
        "    for (const it of frm.doc.items) it.serial_no;",
        "    $.each(frm.doc.packed_items, function (i, p) { p.batch_no; });",
        "    for (let i = 0; i < frm.doc.items.length; i++) frm.doc.items[i].serial_no;",
        "    frm.doc.items.reverse().find((r) => r.qty).batch_no;",
        "    const first = frm.doc.items[0];",
        "    first.serial_no;",
        "    frm.doc.items.reduce((sum, r) => sum + r.qty, 0);",
        "  },",
        "});",
      ].join("\n"),
    );
    const rows = refs.filter((r) => r.includes(" Item."));
    expect(rows).toEqual([
      "field:Delivery Note Item.serial_no@3:44",
      "field:Delivery Note Item.qty@4:33",
      "field:Delivery Note Item.batch_no@4:51",
      "field:Delivery Note Item.serial_no@5:37",
      "field:Packed Item.batch_no@6:52",
      "field:Delivery Note Item.serial_no@7:52",
      "field:Delivery Note Item.batch_no@8:5",
      "field:Delivery Note Item.qty@8:41",
      "field:Delivery Note Item.serial_no@10:5",
      "field:Delivery Note Item.qty@11:44",
    ]);
  });

  it("a table's query and a new row of a table know the rows' DocType", () => {
    const refs = fieldRefs(
      [
        'frappe.ui.form.on("Sales Invoice", {',
        "  setup(frm) {",
        '    frm.set_query("batch_no", "items", (doc, cdt, cdn) => ({ filters: { item: locals[cdt][cdn].item_code } }));',
        '    const tax = frm.add_child("taxes");',
        "    tax.item_wise_tax_detail = '{}';",
        '    frappe.model.add_child(frm.doc, "Purchase Taxes and Charges", "taxes").rate = 1;',
        "  },",
        "});",
      ].join("\n"),
    );
    expect(refs).toContain("field:Sales Invoice Item.batch_no@3:5");
    expect(refs).toContain("field:Sales Invoice Item.item_code@3:79");
    expect(refs).toContain("field:Sales Taxes and Charges.item_wise_tax_detail@5:5");
    expect(refs).toContain("field:Purchase Taxes and Charges.rate@6:5");
    expect(refs.some((r) => r.startsWith("field:Sales Invoice.batch_no"))).toBe(false);
  });

  it("a table ERPNext does not declare, a form outside a handler and the app's own arrays are not followed", () => {
    const refs = fieldRefs(
      [
        'frappe.ui.form.on("Delivery Note", {',
        "  refresh(frm) {",
        "    (frm.doc.custom_batches || []).forEach((b) => b.batch_no);",
        "    [{ serial_no: 1 }].forEach((x) => x.serial_no);",
        "  },",
        "});",
        "function helper(frm) { frm.doc.items.forEach((row) => row.serial_no); }",
      ].join("\n"),
    );
    expect(refs.filter((r) => r.includes(".serial_no") || r.includes(".batch_no"))).toEqual([]);
  });

  it("an alias of the form's document reads the form's fields; frm.doc.x itself is read once", () => {
    const refs = fieldRefs(
      [
        'frappe.ui.form.on("Sales Order", {',
        "  refresh(frm) {",
        "    const doc = frm.doc;",
        "    doc.customer + frm.doc.company;",
        "  },",
        "});",
      ].join("\n"),
    );
    expect(refs).toEqual(["field:Sales Order.customer@4:5", "field:Sales Order.company@4:20"]);
  });
});

describe("rows handed on to the script's own functions", () => {
  it("a declared function, a const arrow and a method of the script's object get the handler's values", () => {
    const refs = fieldRefs(
      [
        "const tools = { fill(frm, cdt, cdn) { return locals[cdt][cdn].batch_no; } };",
        'frappe.ui.form.on("Delivery Note Item", {',
        "  item_code(frm, cdt, cdn) {",
        "    fetch_rate(frm, cdt, cdn);",
        "    tools.fill(frm, cdt, cdn);",
        "  },",
        "  qty(frm, cdt, cdn) { fetch_rate(frm, cdt, cdn); },",
        "});",
        'frappe.ui.form.on("Sales Invoice", { refresh(frm) { frm.doc.items.forEach((r) => check(r)); } });',
        "function fetch_rate(frm, cdt, cdn) { const d = locals[cdt][cdn]; return d.serial_no; }",
        "const check = (row) => row.warehouse;",
      ].join("\n"),
    );
    expect(refs).toEqual([
      "field:Delivery Note Item.batch_no@1:46",
      "field:Delivery Note Item.serial_no@10:73",
      "field:Sales Invoice Item.warehouse@11:24",
      // The form's own field, read as such already.
      "field:Sales Invoice.items@9:53",
    ]);
  });

  it("a helper of a helper is followed too", () => {
    const refs = fieldRefs(
      [
        "function outer(frm, cdt, cdn) { inner(locals[cdt][cdn]); }",
        "function inner(row) { return row.serial_no; }",
        'frappe.ui.form.on("Stock Entry Detail", { qty(frm, cdt, cdn) { outer(frm, cdt, cdn); } });',
      ].join("\n"),
    );
    expect(refs).toEqual(["field:Stock Entry Detail.serial_no@2:30"]);
  });

  it("calls that disagree, a call with something else and a helper used as a value bind nothing", () => {
    const refs = fieldRefs(
      [
        'frappe.ui.form.on("Delivery Note Item", { qty(frm, cdt, cdn) { both(frm, cdt, cdn); mixed(frm, cdt, cdn); passed(frm, cdt, cdn); } });',
        'frappe.ui.form.on("Stock Entry Detail", { qty(frm, cdt, cdn) { both(frm, cdt, cdn); } });',
        'mixed(null, "Item", "x");',
        'frappe.ui.form.on("Delivery Note Item", { rate: passed });',
        "function both(frm, cdt, cdn) { return locals[cdt][cdn].serial_no; }",
        "function mixed(frm, cdt, cdn) { return locals[cdt][cdn].serial_no; }",
        "function passed(frm, cdt, cdn) { return locals[cdt][cdn].serial_no; }",
      ].join("\n"),
    );
    expect(refs).toEqual([]);
  });
});

describe("Frappe's cur_frm in a parent DocType's handlers", () => {
  it("cur_frm.doc's tables are rows of the handler's DocType", () => {
    const refs = fieldRefs(
      [
        'frappe.ui.form.on("Purchase Order", {',
        "  refresh(frm) {",
        "    cur_frm.doc.items.forEach((d) => d.schedule_date);",
        "    $.each(cur_frm.doc.taxes || [], (i, t) => t.item_wise_tax_detail);",
        "  },",
        "});",
      ].join("\n"),
    );
    expect(refs).toEqual([
      "field:Purchase Order Item.schedule_date@3:38",
      "field:Purchase Taxes and Charges.item_wise_tax_detail@4:47",
      // The form's own fields, read as such already.
      "field:Purchase Order.items@3:5",
      "field:Purchase Order.taxes@4:12",
    ]);
  });

  it("a cur_frm of the script's own, outside any handler, or in a child table's handler is not followed", () => {
    const outside = fieldRefs(
      [
        "cur_frm.doc.items.forEach((d) => d.batch_no);",
        'frappe.ui.form.on("Sales Invoice Item", { qty() { cur_frm.doc.items.forEach((d) => d.batch_no); } });',
      ].join("\n"),
    );
    const own = fieldRefs(
      [
        "var cur_frm = { doc: { items: [] } };",
        'frappe.ui.form.on("Sales Invoice", { refresh() { cur_frm.doc.items.forEach((d) => d.batch_no); } });',
      ].join("\n"),
    );
    // `cur_frm.doc.items` itself is read as a field of the handler's form, as before; no row is followed.
    expect([...outside, ...own].filter((r) => r.includes(".batch_no@"))).toEqual([]);
  });
});

describe("ERPNext's table fields", () => {
  it("name the rows' DocType and nothing for what is not recorded", () => {
    expect(childDoctype("Sales Invoice", "items")).toBe("Sales Invoice Item");
    expect(childDoctype("Purchase Receipt", "taxes")).toBe("Purchase Taxes and Charges");
    expect(childDoctype("Quotation", "items")).toBe("Quotation Item");
    expect(childDoctype("Quotation", "lost_reasons")).toBe("Quotation Lost Reason Detail");
    expect(childDoctype("Supplier Quotation", "taxes")).toBe("Purchase Taxes and Charges");
    expect(childDoctype("Purchase Order", "supplied_items")).toBe("Purchase Order Item Supplied");
    expect(childDoctype("Purchase Order", "payment_schedule")).toBe("Payment Schedule");
    expect(childDoctype("Supplier Quotation", "payment_schedule")).toBeUndefined();
    expect(childDoctype("Sales Invoice", "customer")).toBeUndefined();
    expect(childDoctype("Sales Invoice", "constructor")).toBeUndefined();
    expect(childDoctype("toString", "items")).toBeUndefined();
  });
});

describe("form scripts a stranger wrote", () => {
  const sources = [
    {
      path: "public/js/dn.js",
      text: 'frappe.ui.form.on("Delivery Note Item", { qty(frm, cdt, cdn) { const { serial_no } = locals[cdt][cdn]; frappe.model.set_value(cdt, cdn, "batch_no", serial_no); } });',
    },
    {
      path: "public/js/si.js",
      text: 'frappe.ui.form.on("Sales Invoice", { refresh(frm) { for (const r of frm.doc.items || []) r.serial_no; $.each(frm.doc.taxes, (i, t) => t.rate); frm.doc.items[0].qty; } });',
    },
  ];

  it("never throw, and every field ref names a DocType and a field", () => {
    fc.assert(
      fc.property(
        mutatedSources(sources, ["locals[", "[cdt][cdn]", "frm.doc.items", ".forEach(", "for (const x of ", "(frm, cdt, cdn)"]),
        (s) => {
          const facts = extractFacts({ path: s.path, language: "javascript", text: s.text }).facts;
          for (const f of facts) if (f.kind === "ref" && f.key.startsWith("field:")) expect(f.key).toMatch(/^field:[\s\S]+\.[A-Za-z_]\w*$/);
        },
      ),
      { numRuns: fuzzRuns(200) },
    );
  });
});
