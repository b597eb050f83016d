import { beforeAll, describe, expect, it } from "vitest";
import { extractFacts, extractPythonWithBases, prepareLanguage, type Fact } from "../src/index.js";
import { ODOO_RELATION_SOURCES, ODOO_RELATIONS } from "../src/adapters/python/odoo-relations.js";
import { factsOf } from "./helpers.js";

beforeAll(() => prepareLanguage("python"));

const py = (text: string, path = "tests/test_picking.py"): Fact[] => factsOf(path, text);
/** `key@line:column value` for every ref fact, so a test reads what a rule sees. */
const refs = (facts: Fact[]): string[] =>
  facts
    .filter((f) => f.kind === "ref" && f.key.startsWith("field:"))
    .map((f) => {
      const v = f.detail?.value ?? f.detail?.values;
      return `${f.key}@${f.span.line}:${f.span.column}${v !== undefined ? ` ${JSON.stringify(v)}` : ""}`;
    });

describe("the table of core relations", () => {
  it("names the pinned file every relation comes from", () => {
    expect(ODOO_RELATIONS["stock.picking"]?.move_line_ids?.comodel).toBe("stock.move.line");
    expect(ODOO_RELATIONS["sale.order"]?.picking_ids?.comodel).toBe("stock.picking");
    for (const fields of Object.values(ODOO_RELATIONS))
      for (const { sources } of Object.values(fields)) {
        expect(sources.length).toBeGreaterThan(0);
        for (const s of sources) expect(ODOO_RELATION_SOURCES[s]?.commit).toMatch(/^[0-9a-f]{40}$/);
      }
  });
});

describe("recordsets reached through core relations", () => {
  it("carry the comodel through fields, mapped() paths, loops, comprehensions and lambdas", () => {
    const facts = py(
      [
        "from odoo import models",
        "class StockMove(models.Model):",
        "    _inherit = 'stock.move'",
        "    def _done(self):",
        "        for line in self.move_line_ids:",
        "            line.qty_done = line.reserved_uom_qty",
        "        total = sum(ml.qty_done for ml in self.picking_id.move_line_ids)",
        "        moves = self.picking_id.mapped('move_ids.move_line_ids')",
        "        moves.write({'qty_done': total})",
        "        return self.picking_id.sale_id.order_line.filtered(lambda l: l.state == 'done')",
      ].join("\n"),
      "models/stock_move.py",
    );
    expect(refs(facts)).toEqual(
      expect.arrayContaining([
        "field:stock.move.line.qty_done@6:18",
        "field:stock.move.line.reserved_uom_qty@6:34",
        "field:stock.move.line.qty_done@7:24",
        "field:stock.move.line.qty_done@9:22",
      ]),
    );
    // picking.sale_id is not a core relation of the table: what it holds stays unknown.
    expect(refs(facts).some((r) => r.startsWith("field:sale.order.line.state"))).toBe(false);
  });

  it("gives a test class's self.x the model every assignment in the class (or a base of the file) gives it", () => {
    const facts = py(
      [
        "from odoo.tests import TransactionCase",
        "class Common(TransactionCase):",
        "    @classmethod",
        "    def setUpClass(cls):",
        "        cls.picking = cls.env['stock.picking'].create({})",
        "        cls.order = cls.env['sale.order'].create({})",
        "class TestPicking(Common):",
        "    def test_done(self):",
        "        self.picking.move_ids.quantity_done = 2",
        "        self.order.state = 'done'",
        "        return self.order.filtered(lambda so: so.state in ('sale', 'done'))",
        "    def test_mixed(self):",
        "        self.other = self.env['res.partner']",
        "        self.other = self.env['stock.move']",
        "        self.other.quantity_done = 1",
      ].join("\n"),
    );
    expect(refs(facts)).toEqual([
      "field:stock.move.quantity_done@9:31 2",
      "field:stock.picking.move_ids@9:22",
      'field:sale.order.state@10:20 "done"',
      'field:sale.order.state@11:50 ["sale","done"]',
    ]);
  });

  it("knows the record a Form saves and an indexed recordset", () => {
    const facts = py(
      [
        "from odoo.tests import Form, TransactionCase",
        "class TestPo(TransactionCase):",
        "    @classmethod",
        "    def setUpClass(cls):",
        "        po_form = Form(cls.env['purchase.order'])",
        "        cls.po = po_form.save()",
        "    def test_receive(self):",
        "        picking = self.po.picking_ids[0]",
        "        picking.move_line_ids[-1].qty_done = 1.0",
        "        self.po.picking_ids[picking].move_ids.quantity_done = 1.0",
      ].join("\n"),
    );
    expect(refs(facts).filter((r) => r.includes("qty") || r.includes("quantity"))).toEqual(["field:stock.move.line.qty_done@9:35 1"]);
  });

  it("leaves attributes of unknown receivers and of model classes alone", () => {
    const facts = py(
      [
        "from odoo import models",
        "class Helper:",
        "    def go(self, picking):",
        "        picking.move_line_ids.qty_done = 1",
        "class Line(models.Model):",
        "    _inherit = 'stock.move.line'",
        "    def go(self):",
        "        self.tmp = self.env['sale.order']",
        "        return self.tmp.state == 'done'",
      ].join("\n"),
      "models/line.py",
    );
    expect(refs(facts).filter((r) => r.includes("qty_done") || r.includes("sale.order"))).toEqual([]);
  });

  it("is the same for the same text", () => {
    const text = "class T:\n    def a(self):\n        self.p = self.env['stock.picking']\n        self.p.move_ids.quantity_done = 1\n";
    expect(factsOf("t.py", text)).toEqual(factsOf("t.py", text));
  });

  it("reads a domain held in a local: list literals assigned, added with += or summed, before the call", () => {
    const facts = py(
      [
        "from odoo import models",
        "class Move(models.Model):",
        "    _inherit = 'stock.move'",
        "    def _picking(self):",
        "        domain = [('group_id', '=', self.group_id.id), ('printed', '=', False)]",
        "        domain += [('immediate_transfer', '=', False)]",
        "        found = self.env['stock.picking'].search(domain, limit=1)",
        "        found |= self.env['stock.picking'].search(domain + [('state', '=', 'draft')])",
        "        other = [('name', '=', 'x')]",
        "        other = self._other_domain()",
        "        return self.env['sale.order'].search(other)",
      ].join("\n"),
      "models/stock_move.py",
    );
    const domainRefs = facts
      .filter((f) => f.kind === "ref" && f.detail?.verb === "domain")
      .map((f) => `${f.key}@${f.span.line}:${f.span.column}`);
    // Each leaf once, though the variable is passed twice; a name reassigned from a call is unknown.
    expect(domainRefs).toEqual([
      "field:stock.picking.group_id@5:20",
      "field:stock.picking.printed@5:57",
      "field:stock.picking.immediate_transfer@6:21",
      "field:stock.picking.state@8:62",
    ]);
  });

  it("reads the field specs of read_group and _read_group on a known model", () => {
    const facts = py(
      [
        "from odoo import models",
        "class Wizard(models.TransientModel):",
        "    _inherit = 'stock.return.picking'",
        "    def _qty(self, domain, model):",
        "        groups = self.env['stock.move.line'].read_group(domain, ['qty_done:sum', 'ids:array_agg(id)'], ['move_id', 'date:month'], lazy=False)",
        "        pairs = self.env['stock.move.line']._read_group(domain, groupby=['lot_id'], aggregates=['quantity:sum', '__count'])",
        "        return self.env[model].read_group(domain, ['qty_done:sum'], ['move_id'])",
      ].join("\n"),
      "wizards/stock_return_picking.py",
    );
    const reads = facts.filter((f) => f.kind === "ref" && f.detail?.verb === "read").map((f) => f.key);
    expect(reads).toEqual([
      "field:stock.move.line.qty_done",
      "field:stock.move.line.id",
      "field:stock.move.line.move_id",
      "field:stock.move.line.date",
      "field:stock.move.line.lot_id",
      "field:stock.move.line.quantity",
    ]);
  });
});

describe("test classes and their bases in other files", () => {
  const base = [
    "class CommonPicking:",
    "    @classmethod",
    "    def setUpClass(cls):",
    '        cls.picking = cls.env["stock.picking"].create({})',
    '        cls.mixed = cls.env["stock.picking"]',
    '        cls.mixed = cls.env["res.partner"]',
  ].join("\n");
  const sub = [
    "from .common import CommonPicking",
    "",
    "class TestPicking(CommonPicking):",
    "    def test_a(self):",
    "        self.picking.move_line_ids.write({'qty_done': 1})",
  ].join("\n");

  it("say on a class's definition which recordsets its attributes hold, where every assignment agrees", () => {
    const facts = extractFacts({ path: "tests/common.py", language: "python", text: base }).facts;
    expect(facts.find((f) => f.kind === "definition" && f.key === "CommonPicking")?.detail?.recordsets).toEqual({
      picking: "stock.picking",
    });
  });

  it("carry a base's recordsets into a subclass only when told what the base (as imported) holds", () => {
    const file = { path: "tests/test_picking.py", language: "python" as const, text: sub };
    const refKeys = (facts: readonly { kind: string; key: string }[]): string[] => facts.filter((f) => f.kind === "ref").map((f) => f.key);
    expect(refKeys(extractFacts(file).facts)).not.toContain("field:stock.move.line.qty_done");
    const told = extractPythonWithBases(file, new Map([[".common.CommonPicking", { picking: "stock.picking" }]]));
    expect(refKeys(told.facts)).toContain("field:stock.move.line.qty_done");
    const other = extractPythonWithBases(file, new Map([[".other.CommonPicking", { picking: "stock.picking" }]]));
    expect(refKeys(other.facts)).not.toContain("field:stock.move.line.qty_done");
  });
});
