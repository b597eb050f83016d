import { beforeAll, describe, expect, it } from "vitest";
import { extractFacts, prepareLanguage, TooDeepError, type Fact } from "../src/index.js";
import { factsOf, find, keys } from "./helpers.js";

beforeAll(() => prepareLanguage("python"));

const py = (text: string, path = "models/sale_order.py"): Fact[] => factsOf(path, text);
const refs = (facts: Fact[]): string[] => keys(facts, "ref");

describe("Python imports and paths", () => {
  it("keys calls by the dotted path their imports give them", () => {
    const facts = py(
      [
        "import odoo",
        "from odoo import fields as F, api",
        "from odoo.fields import Char as C",
        "import odoo.tools.misc as misc",
        "a = F.Char()",
        "b = odoo.fields.Char()",
        "c = C()",
        "d = misc.ustr(1)",
      ].join("\n"),
    );
    expect(keys(facts, "call")).toEqual(["odoo.fields.Char", "odoo.fields.Char", "odoo.fields.Char", "odoo.tools.misc.ustr"]);
    expect(keys(facts, "module")).toEqual(["odoo", "odoo", "odoo.fields", "odoo.tools.misc"]);
    expect(find(facts, "module", "odoo.fields").detail?.names).toEqual(["Char"]);
    expect(keys(facts, "member")).toEqual(expect.arrayContaining(["odoo.fields", "odoo.api", "odoo.fields.Char"]));
  });

  it("writes locals as ~name, the method receiver as self, call results as (), string subscripts in brackets", () => {
    const facts = py(
      [
        "from odoo import models",
        "def ustr(x):",
        "    return x",
        "class A(models.Model):",
        "    _name = 'a'",
        "    def go(self, records):",
        "        ustr(1)",
        "        records.name_get()",
        "        self.env['res.users'].browse(1).has_group('base.group_user')",
        "        super().write({})",
      ].join("\n"),
    );
    expect(keys(facts, "call")).toEqual([
      "~ustr",
      "~records.name_get",
      "self.env[res.users].browse().has_group",
      "self.env[res.users].browse",
      "super().write",
      "super",
    ]);
  });

  it("finds names imported below the function that uses them, and in try blocks", () => {
    const facts = py("def f():\n    return ustr(1)\ntry:\n    from odoo.tools import ustr\nexcept ImportError:\n    pass\n");
    expect(keys(facts, "call")).toEqual(["odoo.tools.ustr"]);
  });

  it("keeps comments and docstrings out of the facts and reports their ranges", () => {
    const text = [
      '"""self.user_has_groups("x")"""',
      "# self.name_get()",
      "def f(self):",
      "    '''self.env.ref(\"a.b\")'''",
      "    return 1  # name_get()",
    ].join("\n");
    const r = extractFacts({ path: "a.py", language: "python", text });
    expect(r.facts.map((f) => f.kind)).toEqual(["definition"]);
    expect(r.comments.map(([s, e]) => text.slice(s, e))).toEqual([
      '"""self.user_has_groups("x")"""',
      "# self.name_get()",
      "'''self.env.ref(\"a.b\")'''",
      "# name_get()",
    ]);
  });
});

describe("Python calls", () => {
  it("carry arity, positional shapes, keyword literals with their spans, and the first literal", () => {
    const facts = py("from odoo import fields\nx = fields.Float('Amount', 2, group_operator='sum', states={'draft': []}, digits=d)\n");
    const call = find(facts, "call", "odoo.fields.Float");
    expect(call.detail?.arity).toBe(5);
    expect(call.detail?.value).toBe("Amount");
    expect(call.detail?.args).toEqual([
      { type: "string", value: "Amount" },
      { type: "number", value: 2 },
    ]);
    const kw = call.detail?.keywords ?? {};
    expect(kw.group_operator).toMatchObject({ type: "string", value: "sum", span: { line: 2, column: 31, endLine: 2, endColumn: 51 } });
    expect(kw.states?.type).toBe("object");
    expect(kw.digits).toMatchObject({ type: "identifier", path: "d" });
  });

  it("list the items of a literal list, tuple or set argument only when every item is a literal", () => {
    const facts = py("r = m._read_group([], ['a', 'b:sum'], ('c', 1, None), [x, 'd'], {'e'}, [f'{y}'])\n");
    expect(find(facts, "call", "m._read_group").detail?.args).toEqual([
      { type: "array", items: [] },
      { type: "array", items: ["a", "b:sum"] },
      { type: "array", items: ["c", 1, null] },
      { type: "array" },
      { type: "array", items: ["e"] },
      { type: "array" },
    ]);
  });

  it("marks decorators as calls and lists them on the definition", () => {
    const facts = py(
      "from odoo import api, models\nclass A(models.Model):\n    _name = 'a'\n    @api.model\n    @api.depends('x')\n    def f(self):\n        pass\n",
    );
    expect(find(facts, "call", "odoo.api.model").detail?.decorator).toBe(true);
    expect(find(facts, "call", "odoo.api.depends").detail?.decorator).toBe(true);
    expect(find(facts, "definition", "A.f").detail?.decorators).toEqual(["odoo.api.model", "odoo.api.depends"]);
    expect(find(facts, "definition", "A.f").span).toEqual({ line: 6, column: 5, endLine: 6, endColumn: 10 });
  });

  it("tells a function's parameters from locals of the same name, and names a **kwargs parameter", () => {
    const facts = py("def hook(cr, registry, **options):\n    cr.execute('a')\n\ndef hook2(env):\n    cr = env.cr\n    cr.execute('b')\n");
    const uses = facts.filter((f) => f.kind === "member" && f.key === "~cr.execute");
    expect(uses.map((f) => [f.enclosing, f.detail?.parameter])).toEqual([
      ["hook", "cr"],
      ["hook2", undefined],
    ]);
    expect(find(facts, "member", "~env.cr").detail?.parameter).toBe("env");
    expect(find(facts, "definition", "hook").detail).toMatchObject({ params: ["cr", "registry", "options"], kwargs: "options" });
    expect(find(facts, "definition", "hook2").detail?.kwargs).toBeUndefined();
  });

  it("reads attribute reads as member facts and records where arguments sit", () => {
    const facts = py(
      "from odoo import models\nclass A(models.Model):\n    _name = 'a'\n    def f(self):\n        self._cr.execute(self._context.get('q'))\n",
    );
    expect(keys(facts, "member")).toEqual(expect.arrayContaining(["self._cr", "self._cr.execute", "self._context", "self._context.get"]));
    expect(find(facts, "call", "self._context.get").detail?.within).toEqual(["self._cr.execute#0"]);
  });
});

describe("Odoo models", () => {
  const model = [
    "from odoo import api, fields, models",
    "",
    "class SaleOrder(models.Model):",
    "    _inherit = ['sale.order', 'mail.thread']",
    "    _sql_constraints = [('u', 'unique(name)', 'Unique')]",
    "    partner2_id = fields.Many2one('res.partner', domain=[('is_company', '=', True)])",
    "    line2_ids = fields.One2many(comodel_name='sale.order.line', inverse_name='order_id')",
    "    note = fields.Char(related='partner2_id.comment', groups='base.group_user')",
    "",
    "    @api.depends('partner2_id.name')",
    "    def name_get(self):",
    "        for order in self:",
    "            order.partner2_id.email",
    "        self.env['ir.cron'].create({'numbercall': -1})",
    "        self.env.ref('base.main_company').write({'name': 'X'})",
    "        return self.search([('state', 'inselect', ('q', []))])",
    "",
    "class Helper:",
    "    def name_get(self):",
    "        return []",
    "",
    "class Mixin(SaleOrder):",
    "    def name_get(self):",
    "        return []",
  ].join("\n");

  it("gives every fact inside a model class its model, and none to a helper class", () => {
    const facts = py(model);
    expect(find(facts, "definition", "SaleOrder.name_get").detail?.model).toBe("sale.order");
    expect(find(facts, "definition", "Helper.name_get").detail?.model).toBeUndefined();
    expect(find(facts, "definition", "Mixin.name_get").detail?.model).toBe("?");
    expect(find(facts, "definition", "SaleOrder._sql_constraints").detail).toMatchObject({ type: "array", model: "sale.order" });
    expect(find(facts, "definition", "SaleOrder").detail?.bases).toEqual(["odoo.models.Model"]);
  });

  it("knows the model of self, env subscripts, loop variables and the file's own relational fields", () => {
    const facts = py(model);
    expect(find(facts, "call", "self.search").detail?.receiverModel).toBe("sale.order");
    expect(find(facts, "call", "self.env[ir.cron].create").detail?.receiverModel).toBe("ir.cron");
    expect(refs(facts)).toContain("field:res.partner.email");
  });

  it("makes ref facts of the names Odoo reads from strings", () => {
    expect(refs(py(model)).sort()).toEqual(
      [
        "model:sale.order",
        "model:mail.thread",
        "field:sale.order.partner2_id",
        "model:res.partner",
        "field:res.partner.is_company",
        "field:sale.order.line2_ids",
        "model:sale.order.line",
        "field:sale.order.line.order_id",
        "field:sale.order.note",
        "field:sale.order.partner2_id",
        "xmlid:base.group_user",
        "field:sale.order.partner2_id",
        "field:sale.order.partner2_id",
        "field:res.partner.email",
        "model:ir.cron",
        "field:ir.cron.numbercall",
        "xmlid:base.main_company",
        "field:?.name",
        "field:sale.order.state",
      ].sort(),
    );
    const facts = py(model);
    const numbercall = find(facts, "ref", "field:ir.cron.numbercall");
    expect(numbercall.detail).toMatchObject({ verb: "create", value: -1 });
    expect(numbercall.span).toEqual({ line: 14, column: 37, endLine: 14, endColumn: 49 });
    expect(find(facts, "ref", "field:sale.order.state").detail).toMatchObject({ verb: "domain", operator: "inselect" });
    const listed = find(
      py("def f(self):\n    self.env['sale.order'].search([('state', 'in', ['sale', 'done', x])])\n"),
      "ref",
      "field:sale.order.state",
    );
    expect(listed.detail).toMatchObject({ operator: "in", values: ["sale", "done"] });
    expect(listed.detail?.value).toBeUndefined();
    const related = facts.find((f) => f.key === "field:sale.order.partner2_id" && f.detail?.verb === "relate");
    expect(related?.detail?.path).toBe("partner2_id.comment");
  });

  it("reads dictionaries and subscript assignments as json facts, with their pointers", () => {
    const facts = py("def f():\n    a = {'view_mode': 'tree,form', 'views': [(False, 'tree')]}\n    a['view_mode'] = 'tree'\n");
    expect(facts.filter((f) => f.kind === "json").map((f) => [f.key, f.detail?.value])).toEqual([
      ["/view_mode", "tree,form"],
      ["/views", undefined],
      ["/views/0", undefined],
      ["/views/0/0", false],
      ["/views/0/1", "tree"],
      ["/view_mode", "tree"],
    ]);
  });
});

describe("Python parse errors", () => {
  it("are problems at the first error, and what recovery read is kept", () => {
    const r = extractFacts({ path: "a.py", language: "python", text: "import os\ndef f(:\n    pass\nos.getcwd()\n" });
    expect(r.problems[0]).toMatchObject({ line: 2 });
    expect(keys(r.facts, "call")).toContain("os.getcwd");
  });

  it("report a missing token", () => {
    const r = extractFacts({ path: "a.py", language: "python", text: "x = f(1, 2\n" });
    expect(r.problems.length).toBeGreaterThan(0);
  });

  it("turn nesting too deep into a TooDeepError", () => {
    const text = `x = ${"(".repeat(3000)}1${")".repeat(3000)}\n`;
    expect(() => extractFacts({ path: "deep.py", language: "python", text })).toThrow(TooDeepError);
  });
});

describe("Python strings formatted at run time and domains returned to Odoo", () => {
  it("gives a keyword the literal its formatted string is built from, never a Markup's", () => {
    const facts = py(
      [
        "from markupsafe import Markup",
        "from odoo import _, models",
        "class A(models.Model):",
        "    _name = 'a'",
        "    def go(self, note):",
        "        self.message_post(body='<p>%s</p>' % note)",
        "        self.message_post(body=f'<b>{note}</b>')",
        "        self.message_post(body='<i>{}</i>'.format(note))",
        "        self.message_post(body=_('<u>%s</u>') % note)",
        "        self.message_post(body=Markup('<p>%s</p>') % note)",
        "        self.message_post(body=note % 1)",
        "        self.message_post(body='<p>' + note + '</p>')",
        "        self.message_post(body=note + 1)",
      ].join("\n"),
    );
    const templates = facts
      .filter((f) => f.kind === "call" && f.key.endsWith(".message_post"))
      .map((f) => f.detail?.keywords?.body?.template);
    expect(templates).toEqual(["<p>%s</p>", "<b>{note}</b>", "<i>{}</i>", "<u>%s</u>", undefined, undefined, "<p>{}</p>", undefined]);
  });

  it("reads what a field's search= method returns as a domain on the model, and no other method's list", () => {
    const facts = py(
      [
        "from odoo import fields, models",
        "class A(models.Model):",
        "    _name = 'a'",
        "    def _search_late(self, operator, value):",
        "        domain = [('id', 'inselect', ('SELECT 1', []))]",
        "        return domain",
        "    def _rows(self):",
        "        return [('code', 'inselect', 'x')]",
        "    late = fields.Boolean(compute='_compute_late', search='_search_late')",
        "class Helper:",
        "    late = fields.Boolean(search='_rows')",
        "    def _rows(self):",
        "        return [('name', '=', 'x')]",
      ].join("\n"),
    );
    const domainRefs = facts.filter((f) => f.kind === "ref" && f.detail?.operator !== undefined);
    expect(domainRefs.map((f) => [f.key, f.detail?.operator])).toEqual([["field:a.id", "inselect"]]);
  });
});
