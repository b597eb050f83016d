import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { poolTally } from "@uplift/core";
import { afterAll, describe, expect, it } from "vitest";
import { loadCatalogue, scan, type ScanOptions } from "../src/index.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const rulesDir = path.join(repoRoot, "rules");
const catalogue = loadCatalogue(rulesDir);

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "uplift-finish-"));
  dirs.push(dir);
  return dir;
}

/** A scan's result as JSON, with what the workers sent back: Python facts decoded in this thread (characters) and files finished there. */
async function scanned(root: string, options: Partial<ScanOptions>): Promise<{ json: string; python: number; finished: number }> {
  poolTally.decoded.clear();
  poolTally.finished = 0;
  const result = await scan({ root, rulesDir, catalogue, ...options });
  return { json: JSON.stringify(result), python: poolTally.decoded.get("python") ?? 0, finished: poolTally.finished };
}

/**
 * An addon whose Python files need one another: a field declared with states= and a view showing
 * it (a finding only the two files together make), a test class deriving from a class of another
 * file (matched once that file was read), and enough models for the workers to start.
 */
function addon(): string {
  const root = tempDir();
  const files: Record<string, string> = {
    "acme/__manifest__.py": `{"name": "Acme", "version": "16.0.1.0.0", "depends": ["sale", "stock"], "data": ["views/order.xml"]}\n`,
    "acme/models/order.py": `from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    note_x = fields.Char(states={"draft": [("readonly", False)]})

    def action_x(self):
        self.env["stock.picking"].search([]).action_set_quantities_to_reservation()
`,
    "acme/views/order.xml": `<odoo>
  <record id="view_order_form_x" model="ir.ui.view">
    <field name="model">sale.order</field>
    <field name="inherit_id" ref="sale.view_order_form"/>
    <field name="arch" type="xml">
      <form>
        <field name="note_x"/>
      </form>
    </field>
  </record>
</odoo>
`,
    "acme/tests/common.py": `class CommonPicking:
    @classmethod
    def _create_picking(cls):
        cls.picking = cls.env["stock.picking"].create({"partner_id": 1})
`,
    "acme/tests/test_picking.py": `from odoo.tests import TransactionCase

from .common import CommonPicking


class TestPicking(CommonPicking, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_picking()

    def test_validate(self):
        self.picking.action_set_quantities_to_reservation()
`,
  };
  for (let i = 0; i < 12; i++) {
    files[`acme/models/part_${i}.py`] = `from odoo import api, fields, models


class Part${i}(models.Model):
    _name = "acme.part${i}"
    _inherit = "mail.thread"

    name = fields.Char()

    @api.model
    def _name_search(self, name, args=None, operator="ilike", limit=100, name_get_uid=None):
        return super()._name_search(name, args, operator, limit, name_get_uid)
`;
  }
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

describe("Python files of Odoo and Frappe projects parsed in a worker", () => {
  it("are matched there: the scan decodes none of their facts and finds what one thread finds", async () => {
    // The first four files a scan parses are parsed in this thread, before the workers start.
    for (const [fixture, least] of [
      ["odoo", 20],
      ["frappe", 4],
    ] as const) {
      const root = path.join(repoRoot, "fixtures", fixture);
      const one = await scanned(root, { jobs: 1 });
      const two = await scanned(root, { jobs: 2 });
      expect(two.finished).toBeGreaterThanOrEqual(least);
      expect(two.python).toBe(0);
      expect(two.json).toBe(one.json);
    }
  });

  it("find across files what one thread finds, a file its linker defers coming back as facts", async () => {
    const root = addon();
    const one = await scanned(root, { jobs: 1 });
    const two = await scanned(root, { jobs: 2 });
    expect(two.finished).toBeGreaterThan(5);
    // The test class deriving from another file's class is matched in this thread, with what that file gave.
    expect(two.python).toBeGreaterThan(0);
    expect(two.json).toBe(one.json);
    const findings = (JSON.parse(one.json) as { findings: Array<{ ruleId: string; file: string; line: number }> }).findings;
    const at = (rule: string): string[] => findings.filter((f) => f.ruleId === rule).map((f) => `${f.file}:${f.line}`);
    expect(at("odoo/17.0/set-quantities-action-removed")).toEqual(["acme/models/order.py:10", "acme/tests/test_picking.py:13"]);
    expect(at("odoo/17.0/field-states-shown-in-view")).toEqual(["acme/views/order.xml:7"]);
  });

  it("give a cold scan with a cache what one thread gives, and a warm scan the same", async () => {
    const root = tempDir();
    cpSync(path.join(repoRoot, "fixtures", "odoo"), root, { recursive: true });
    const one = await scanned(root, { jobs: 1 });
    const cacheDir = tempDir();
    const cold = await scanned(root, { jobs: 2, cacheDir });
    expect(cold.finished).toBeGreaterThan(10);
    expect(cold.python).toBe(0);
    expect(cold.json).toBe(one.json);
    const warm = await scanned(root, { jobs: 2, cacheDir });
    expect(warm.finished).toBe(0);
    expect(warm.json).toBe(one.json);
  });
});
