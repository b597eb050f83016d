import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { loadCatalogue, scan } from "../src/index.js";
import { countMatches } from "./count-matches.js";

const rulesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../rules");
const catalogue = loadCatalogue(rulesDir);
const RULE = "odoo/17.0/set-quantities-action-removed";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), "uplift-odoo-bases-"));
  dirs.push(root);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

const MANIFEST = `{"name": "Acme", "version": "16.0.1.0.0", "depends": ["stock"]}\n`;

/** A test base class that is not a TransactionCase: the recordsets are set in a class method. */
const COMMON = `class CommonPicking:
    @classmethod
    def _create_picking(cls):
        cls.picking = cls.env["stock.picking"].create({"partner_id": 1})
        cls.other = cls.env["res.partner"].create({"name": "x"})
        cls.mixed = cls.env["stock.picking"]
        cls.mixed = cls.env["res.partner"]
`;

const test = (importLine: string, base: string): string => `from odoo.tests import TransactionCase

${importLine}


class TestPicking(${base}, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_picking()

    def test_validate(self):
        self.picking.action_set_quantities_to_reservation()
        self.other.action_set_quantities_to_reservation()
        self.mixed.action_set_quantities_to_reservation()
`;

async function places(root: string, cacheDir?: string): Promise<string[]> {
  const r = await scan({ root, rulesDir, catalogue, erp: "odoo", from: "16.0", to: "17.0", ...(cacheDir ? { cacheDir } : {}) });
  return r.findings.filter((f) => f.ruleId === RULE).map((f) => `${f.file}:${f.line}:${f.column}`);
}

describe("test classes deriving from a class of another file of the addon", () => {
  it("carry the model of what the base class keeps in its attributes (relative import)", async () => {
    const root = tree({
      "acme/__manifest__.py": MANIFEST,
      "acme/tests/common.py": COMMON,
      "acme/tests/test_picking.py": test("from .common import CommonPicking", "CommonPicking"),
    });
    // Only the picking: the partner is another model, and `mixed` is given two models.
    expect(await places(root)).toEqual(["acme/tests/test_picking.py:13:9"]);
  });

  it("do so through odoo.addons.<addon> and a chain of base classes", async () => {
    const root = tree({
      "acme/__manifest__.py": MANIFEST,
      "acme/tests/common.py": COMMON,
      "acme/tests/base.py": "from . import common\nfrom .common import CommonPicking\n\n\nclass Middle(CommonPicking):\n    pass\n",
      "acme/tests/test_picking.py": test("from odoo.addons.acme.tests.base import Middle", "Middle"),
    });
    expect(await places(root)).toEqual(["acme/tests/test_picking.py:13:9"]);
  });

  it("stay unknown when the base is another addon's, or the subclass sets the attribute itself", async () => {
    const other = tree({
      "acme/__manifest__.py": MANIFEST,
      "other/__manifest__.py": MANIFEST,
      "other/tests/common.py": COMMON,
      "acme/tests/test_picking.py": test("from odoo.addons.other.tests.common import CommonPicking", "CommonPicking"),
    });
    expect(await places(other)).toEqual([]);
    const own = tree({
      "acme/__manifest__.py": MANIFEST,
      "acme/tests/common.py": COMMON,
      "acme/tests/test_picking.py": test("from .common import CommonPicking", "CommonPicking").replace(
        "cls._create_picking()",
        'cls._create_picking()\n        cls.picking = cls.env["res.partner"].browse(1)',
      ),
    });
    expect(await places(own)).toEqual([]);
  });

  it("find the same on a warm run, and follow a change of the base class's file", async () => {
    const root = tree({
      "acme/__manifest__.py": MANIFEST,
      "acme/tests/common.py": COMMON,
      "acme/tests/test_picking.py": test("from .common import CommonPicking", "CommonPicking"),
    });
    const cacheDir = mkdtempSync(path.join(tmpdir(), "uplift-odoo-bases-cache-"));
    dirs.push(cacheDir);
    const cold = await places(root);
    expect(await places(root, cacheDir)).toEqual(cold);
    expect(await places(root, cacheDir)).toEqual(cold);
    writeFileSync(path.join(root, "acme/tests/common.py"), COMMON.replace('"stock.picking"].create', '"res.partner"].create'));
    expect(await places(root, cacheDir)).toEqual([]);
  });

  it("are kept by their content and what the base classes give: a warm run matches no file", async () => {
    const root = tree({
      "acme/__manifest__.py": MANIFEST,
      "acme/tests/common.py": COMMON,
      "acme/tests/test_picking.py": test("from .common import CommonPicking", "CommonPicking"),
    });
    const cacheDir = mkdtempSync(path.join(tmpdir(), "uplift-odoo-bases-cache-"));
    dirs.push(cacheDir);
    const matches = countMatches();
    const cold = await places(root, cacheDir);
    expect(cold).toEqual(["acme/tests/test_picking.py:13:9"]);
    matches.reset();
    expect(await places(root, cacheDir)).toEqual(cold);
    expect(matches.count()).toBe(0);
    // The base's file changed: the test file is matched again with what it now gives.
    writeFileSync(path.join(root, "acme/tests/common.py"), COMMON.replace('"stock.picking"].create', '"res.partner"].create'));
    expect(await places(root, cacheDir)).toEqual([]);
    expect(matches.count()).toBeGreaterThan(0);
  });
});
