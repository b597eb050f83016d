import { extractFacts, languageOf, prepareLanguage } from "@uplift/core";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { deriveRefs } from "../src/index.js";

function refs(path: string, text: string, module?: string): string[] {
  const file = { path, language: languageOf(path)!, text };
  return deriveRefs("odoo", file, { ...extractFacts(file) }, module ? { module } : {}).map(
    (f) => `${f.span.line}:${f.span.column} ${f.key}`,
  );
}

describe("ref facts Odoo reads from configuration and JavaScript", () => {
  beforeAll(async () => {
    await prepareLanguage("python-literal");
  });

  it("reads records, their fields, XML ids and the fields of a view's model", () => {
    const xml = `<odoo>
  <record id="view_partner_form_x" model="ir.ui.view">
    <field name="model">res.partner</field>
    <field name="inherit_id" ref="base.view_partner_form"/>
    <field name="groups_id" eval="[(4, ref('base.group_user'))]"/>
    <field name="arch" type="xml">
      <field name="mobile" position="after"><field name="title" groups="base.group_system,!base.group_portal"/></field>
      <xpath expr="//field[@name='child_ids']/form/field[@name='mobile']" position="inside"><field name="lang"/></xpath>
      <field name="bank_ids"><list><field name="acc_number"/></list></field>
    </field>
  </record>
  <menuitem id="menu_x" parent="sale.sale_menu_root" action="action_x" groups="sales_team.group_sale_manager"/>
  <record id="access" model="ir.actions.act_window"><field name="target">inline</field></record>
</odoo>`;
    const got = refs("views/x.xml", xml, "my_addon");
    expect(got).toEqual(
      expect.arrayContaining([
        "2:43 model:ir.ui.view",
        "3:25 model:res.partner",
        "4:35 xmlid:base.view_partner_form",
        "5:18 field:ir.ui.view.groups_id",
        "5:45 xmlid:base.group_user",
        "7:20 field:res.partner.mobile",
        "7:58 field:res.partner.title",
        "7:73 xmlid:base.group_system",
        "7:92 xmlid:base.group_portal",
        "8:35 field:res.partner.child_ids",
        "9:20 field:res.partner.bank_ids",
        "12:33 xmlid:sale.sale_menu_root",
        "12:62 xmlid:my_addon.action_x",
        "12:80 xmlid:sales_team.group_sale_manager",
        "13:74 selection:ir.actions.act_window.target=inline",
        "13:66 field:ir.actions.act_window.target",
      ]),
    );
    // What sits in an x2many's own list or an xpath into a sub-form belongs to the relation's
    // comodel, from the core relations table: a partner's bank accounts, its child contacts.
    expect(got).toEqual(expect.arrayContaining(["9:49 field:res.partner.bank.acc_number", "8:106 field:res.partner.lang"]));
    expect(got.some((r) => r.endsWith("res.partner.acc_number"))).toBe(false);
  });

  it("knows an ir.model record's XML id by the model it stands for, whatever the module", () => {
    expect(
      refs(
        "data/x.xml",
        '<odoo><record id="r" model="ir.rule"><field name="model_id" ref="model_stock_production_lot"/></record></odoo>',
        "x",
      ),
    ).toContain("1:66 irmodel:stock_production_lot");
  });

  it("tells server templates from Owl templates", () => {
    expect(refs("views/report.xml", '<odoo><template id="t"><t t-call="web.external_layout"/></template></odoo>')).toEqual([
      "1:35 xmlid:web.external_layout",
    ]);
    expect(
      refs("static/src/x.xml", '<templates><t t-name="a.B" t-inherit="web.ListRenderer" t-inherit-mode="extension"/></templates>'),
    ).toEqual(["1:39 template:web.ListRenderer"]);
  });

  it("reads the model of ORM calls and actions in JavaScript, not of look-alike calls", () => {
    const js = `/** @odoo-module **/
import { useService } from "@web/core/utils/hooks";
const orm = useService("orm");
orm.searchRead("hr.contract", [], ["name"]);
this.env.services.orm.call("res.partner", "read", [[1]]);
helper.call("res.partner");
this.action.doAction({ type: "ir.actions.act_window", res_model: "stock.quant.package" });`;
    expect(refs("static/src/a.js", js)).toEqual(["4:1 model:hr.contract", "5:1 model:res.partner", "7:1 model:stock.quant.package"]);
  });

  it("reads a manifest's dependencies and the model and XML ids of a data CSV", () => {
    expect(refs("x/__manifest__.py", '{"name": "X", "depends": ["base", "membership"]}')).toEqual([
      "1:27 module:base",
      "1:35 module:membership",
    ]);
    const csv = "id,name,model_id:id,group_id:id\naccess_x,x,stock.model_stock_quant_package,base.group_user\n";
    expect(refs("security/ir.model.access.csv", csv, "x")).toEqual(
      expect.arrayContaining(["2:1 model:ir.model.access", "2:12 irmodel:stock_quant_package", "2:44 xmlid:base.group_user"]),
    );
  });

  it("derives nothing for another ERP", () => {
    expect(
      deriveRefs(
        "dynamics365",
        { path: "a.xml", language: "xml", text: "<odoo/>" },
        { ...extractFacts({ path: "a.xml", language: "xml", text: "<odoo/>" }) },
      ),
    ).toEqual([]);
  });

  it("gives fields of an x2many sub-view the relation's comodel, when the core relations table knows it", () => {
    const xml = `<odoo><record id="f" model="ir.ui.view"><field name="model">sale.order</field><field name="arch" type="xml">
<xpath expr="//field[@name='order_line']/form//field[@name='route_id']" position="before"><field name="warehouse_id"/></xpath>
<field name="order_line" position="inside"><tree><field name="price_reduce"/></tree></field>
<field name="tag_ids"><tree><field name="color"/></tree></field>
<field name="partner_id" position="after"><field name="note"/></field>
</field></record></odoo>`;
    const got = refs("views/x.xml", xml, "m").filter((r) => r.includes(" field:sale."));
    // tag_ids is not in the table: the list inside it gives no ref, as before.
    expect(got).toEqual([
      "2:29 field:sale.order.order_line",
      "2:104 field:sale.order.line.warehouse_id",
      "3:14 field:sale.order.order_line",
      "3:63 field:sale.order.line.price_reduce",
      "4:14 field:sale.order.tag_ids",
      "5:14 field:sale.order.partner_id",
      "5:56 field:sale.order.note",
    ]);
  });

  it("gives a search filter's domain terms their operator and string literals", () => {
    const xml = `<odoo><record id="f" model="ir.ui.view"><field name="model">sale.order</field><field name="arch" type="xml">
<filter name="a" domain="[('state', 'not in', ['done', 'cancel']), ('user_id', '=', uid)]"/>
<filter name="b" domain="[('state', '=', 'done'), ('state', 'in', ['sale', x]), ('validated', '=', True)]"/>
</field></record></odoo>`;
    const file = { path: "views/x.xml", language: languageOf("views/x.xml")!, text: xml };
    const got = deriveRefs("odoo", file, { ...extractFacts(file) }, { module: "m" })
      .filter((f) => f.detail?.verb === "domain")
      .map((f) => `${f.span.line} ${f.key} ${f.detail?.operator ?? "-"} ${JSON.stringify(f.detail?.values ?? null)}`);
    expect(got).toEqual([
      '2 field:sale.order.state not in ["done","cancel"]',
      "2 field:sale.order.user_id - null",
      '3 field:sale.order.state = ["done"]',
      "3 field:sale.order.state - null",
      "3 field:sale.order.validated - null",
    ]);
  });

  it("never throws on broken configuration, and every ref lies inside the file (fuzz)", () => {
    const piece = fc.constantFrom(
      "<odoo>",
      "</odoo>",
      '<record id="r" model="ir.ui.view">',
      "</record>",
      '<field name="arch" type="xml">',
      "</field>",
      '<field name="model">res.partner</field>',
      '<field name="x" ref="a.b"/>',
      "<xpath expr=\"//field[@name='y']\">",
      "</xpath>",
      "<filter domain=\"[('a', '=', 1)]\" date=\"d\"/>",
      "<filter domain=\"[('state', 'not in', ['done', 'x'",
      "]), ('b', '=', 'c')]\"/>",
      "('s', 'in', ('a', \"b\"))",
      'groups="a.b,!c"',
      "&amp;",
      "<",
      ">",
      '"',
      "\n",
      't-call="x"',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.constantFrom("views/a.xml", "static/src/a.xml", "a.csv"), (parts, path) => {
        const text = parts.join("");
        const file = { path, language: languageOf(path)!, text };
        const lines = text.split(/\r\n|\r|\n/).length;
        for (const f of deriveRefs("odoo", file, { ...extractFacts(file) }, { module: "m" })) {
          expect(f.span.endLine).toBeLessThanOrEqual(lines);
        }
      }),
      { numRuns: 300 },
    );
  });
});
