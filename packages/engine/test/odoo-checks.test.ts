import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { loadCatalogue, scan } from "../src/index.js";

const rulesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../rules");
const catalogue = loadCatalogue(rulesDir);

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A folder with these files (paths relative to it). */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), "uplift-odoo-checks-"));
  dirs.push(root);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

const manifest = (extra = ""): string => `{"name": "Acme", "version": "16.0.1.0.0", "depends": ["sale"]${extra}}\n`;

const MODEL = `from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    block_id = fields.Many2one(
        "sale.block.reason",
        readonly=True,
        states={"draft": [("readonly", False)]},
    )
    note_x = fields.Char()
`;

const VIEW = `<odoo>
    <record id="view_order_form" model="ir.ui.view">
        <field name="model">sale.order</field>
        <field name="inherit_id" ref="sale.view_order_form" />
        <field name="arch" type="xml">
            <field name="partner_id" position="after">
                <field name="block_id" />
                <field name="note_x" />
                <field name="block_id" readonly="state != 'draft'" />
                <field name="block_id" invisible="1" />
            </field>
            <field name="order_line" position="inside">
                <tree>
                    <field name="block_id" />
                </tree>
            </field>
            <xpath expr="//header" position="inside">
                <button name="action_release" type="object" string="Release" />
            </xpath>
        </field>
    </record>
    <record id="view_order_tree" model="ir.ui.view">
        <field name="model">sale.order</field>
        <field name="arch" type="xml">
            <tree>
                <field name="block_id" />
            </tree>
        </field>
    </record>
    <record id="view_order_tree_editable" model="ir.ui.view">
        <field name="model">sale.order</field>
        <field name="arch" type="xml">
            <tree editable="bottom">
                <field name="block_id" />
            </tree>
        </field>
    </record>
    <record id="view_order_filter" model="ir.ui.view">
        <field name="model">sale.order</field>
        <field name="inherit_id" ref="sale.view_sales_order_filter" />
        <field name="arch" type="xml">
            <field name="partner_id" position="after">
                <field name="block_id" />
            </field>
            <filter name="my_orders" position="after">
                <filter name="blocked" domain="[('block_id', '!=', False)]" />
            </filter>
        </field>
    </record>
    <record id="view_order_search" model="ir.ui.view">
        <field name="model">sale.order</field>
        <field name="arch" type="xml">
            <search>
                <field name="block_id" />
            </search>
        </field>
    </record>
</odoo>
`;

async function places(root: string, rule: string, to = "17.0"): Promise<string[]> {
  const r = await scan({ root, rulesDir, catalogue, erp: "odoo", from: "16.0", to });
  return r.findings.filter((f) => f.ruleId === rule).map((f) => `${f.file}:${f.line}:${f.column}`);
}

describe("a field's states= and the views that show it", () => {
  it("points at each view field of the addon's own states= field that has no condition of its own", async () => {
    const root = tree({
      "acme/__manifest__.py": manifest(),
      "acme/models/sale_order.py": MODEL,
      "acme/views/sale_order.xml": VIEW,
    });
    // The form this view extends (its xpath aims at the header) and the editable list; not the field with readonly or
    // invisible, not the anchor, not the order lines' list (another model), not a read-only list, not the search views.
    expect(await places(root, "odoo/17.0/field-states-shown-in-view")).toEqual([
      "acme/views/sale_order.xml:7:17",
      "acme/views/sale_order.xml:34:17",
    ]);
  });

  it("sees a field of the order lines added through an xpath into their form, by the core relations table", async () => {
    const lineModel = `from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    warehouse_id = fields.Many2one("stock.warehouse", readonly=True, states={"draft": [("readonly", False)]})
`;
    const lineView = `<odoo>
    <record id="view_order_form" model="ir.ui.view">
        <field name="model">sale.order</field>
        <field name="inherit_id" ref="sale.view_order_form" />
        <field name="arch" type="xml">
            <xpath expr="//field[@name='order_line']/form//field[@name='route_id']" position="before">
                <field name="warehouse_id" />
            </xpath>
            <xpath expr="//field[@name='order_line']/tree/field[@name='price_subtotal']" position="after">
                <field name="warehouse_id" />
            </xpath>
        </field>
    </record>
</odoo>
`;
    const root = tree({
      "acme/__manifest__.py": manifest(),
      "acme/models/sale_order_line.py": lineModel,
      "acme/views/sale_order.xml": lineView,
    });
    // The lines' form is a form; whether their list is editable is the standard view's to say, so it is left out.
    expect(await places(root, "odoo/17.0/field-states-shown-in-view")).toEqual(["acme/views/sale_order.xml:7:17"]);
  });

  it("says nothing when the field is another addon's or the hop does not reach 17.0", async () => {
    const other = tree({
      "acme/__manifest__.py": manifest(),
      "acme/views/sale_order.xml": VIEW,
      "base_acme/__manifest__.py": manifest(),
      "base_acme/models/sale_order.py": MODEL,
    });
    expect(await places(other, "odoo/17.0/field-states-shown-in-view")).toEqual([]);
    const root = tree({
      "acme/__manifest__.py": manifest().replace("16.0.1.0.0", "15.0.1.0.0"),
      "acme/models/sale_order.py": MODEL,
      "acme/views/sale_order.xml": VIEW,
    });
    const r = await scan({ root, rulesDir, catalogue, erp: "odoo", from: "15.0", to: "16.0" });
    expect(r.findings.filter((f) => f.ruleId.startsWith("odoo/17.0/"))).toEqual([]);
  });
});

describe("hooks the manifest names", () => {
  const hooks = `def set_defaults(cr, registry):
    cr.execute("SELECT 1")


def post_init_hook(cr, registry):
    pass


def fill(env):
    pass
`;

  it("points at a hook named otherwise that still takes cr, and leaves the standard names to the pack", async () => {
    const root = tree({
      "acme/__manifest__.py": manifest(', "post_init_hook": "set_defaults", "uninstall_hook": "fill"'),
      "acme/__init__.py": "from .hooks import fill, set_defaults\n",
      "acme/hooks.py": hooks,
    });
    expect(await places(root, "odoo/17.0/init-hook-named-in-manifest")).toEqual(["acme/hooks.py:1:1"]);
    const standard = tree({
      "acme/__manifest__.py": manifest(', "post_init_hook": "post_init_hook"'),
      "acme/hooks.py": hooks,
    });
    expect(await places(standard, "odoo/17.0/init-hook-named-in-manifest")).toEqual([]);
    expect(await places(standard, "odoo/17.0/init-hook-env")).toEqual(["acme/hooks.py:5:1"]);
  });

  it("says nothing for a function of that name that is not a hook of the manifest", async () => {
    const root = tree({ "acme/__manifest__.py": manifest(), "acme/hooks.py": hooks });
    expect(await places(root, "odoo/17.0/init-hook-named-in-manifest")).toEqual([]);
  });
});

describe("results kept by content", () => {
  it("give both checks what the files gave them, so a warm run finds what a cold one does", async () => {
    const root = tree({
      "acme/__manifest__.py": manifest(', "post_init_hook": "set_defaults"'),
      "acme/models/sale_order.py": MODEL,
      "acme/views/sale_order.xml": VIEW,
      "acme/hooks.py": `def set_defaults(cr, registry):\n    cr.execute("SELECT 1")\n`,
    });
    const cacheDir = mkdtempSync(path.join(tmpdir(), "uplift-odoo-cache-"));
    dirs.push(cacheDir);
    const own = async (options: { cacheDir?: string }): Promise<string[]> => {
      const r = await scan({ root, rulesDir, catalogue, erp: "odoo", from: "16.0", to: "17.0", ...options });
      return r.findings
        .filter((f) => f.ruleId === "odoo/17.0/field-states-shown-in-view" || f.ruleId === "odoo/17.0/init-hook-named-in-manifest")
        .map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`);
    };
    const cold = await own({});
    expect(cold).toHaveLength(3);
    expect(await own({ cacheDir })).toEqual(cold);
    expect(await own({ cacheDir })).toEqual(cold);
  });
});
