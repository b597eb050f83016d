import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { loadCatalogue, scan } from "../src/index.js";
import { processesOf } from "../src/link/linker.js";

const rulesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../rules");
const catalogue = loadCatalogue(rulesDir);
const frappe = catalogue.profiles.get("frappe")!;

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A folder with these files (paths relative to it). */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), "uplift-frappe-"));
  dirs.push(root);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

const HOOKS = 'app_name = "acme"\napp_title = "Acme"\n';

describe("recognising a Frappe app and its version", () => {
  it("reads the lower bound of frappe in pyproject.toml's frappe-dependencies", async () => {
    const root = tree({
      "acme/pyproject.toml": '[project]\nname = "acme"\n\n[tool.bench.frappe-dependencies]\nfrappe = ">=15.0.0-dev,<17.0.0"\n',
      "acme/acme/hooks.py": HOOKS,
    });
    const r = await scan({ root, rulesDir, catalogue });
    expect(r.projects).toEqual([{ path: "acme", erp: "frappe", from: "15", to: "16", hops: ["15-16"], marker: "acme/acme/hooks.py" }]);
  });

  it("falls back to erpnext's bound, then to required_apps pinned to a branch, then to CI", async () => {
    const erpnext = tree({
      "pyproject.toml": '[tool.bench.frappe-dependencies]\nerpnext = "~=14.0"\n',
      "acme/hooks.py": HOOKS,
    });
    expect((await scan({ root: erpnext, rulesDir, catalogue })).projects[0]?.from).toBe("14");
    const pinned = tree({ "acme/hooks.py": `${HOOKS}required_apps = ["frappe/erpnext@version-15"]\n` });
    expect((await scan({ root: pinned, rulesDir, catalogue })).projects[0]?.from).toBe("15");
    const ci = tree({
      ".github/workflows/ci.yml": "steps:\n  - run: bench init --skip-assets --frappe-branch version-13 ~/frappe-bench\n",
      "acme/hooks.py": HOOKS,
    });
    expect((await scan({ root: ci, rulesDir, catalogue })).projects[0]?.from).toBe("13");
    // The app template's CI helper clones Frappe on the branch the app is built for.
    const helper = tree({
      ".github/helper/install.sh":
        "pip install frappe-bench\ngit clone https://github.com/frappe/frappe --branch version-14-beta --depth 1\n",
      "acme/hooks.py": HOOKS,
    });
    expect((await scan({ root: helper, rulesDir, catalogue })).projects[0]?.from).toBe("14");
    const other = tree({
      ".github/helper/install.sh": "git clone https://github.com/frappe/payments --branch version-15\n",
      "acme/hooks.py": HOOKS,
    });
    expect((await scan({ root: other, rulesDir, catalogue })).projects[0]?.from).toBe("unknown");
  });

  it("an app that states no version is a finding naming where to state it, its files listed until --from says", async () => {
    const root = tree({ "acme/acme/hooks.py": `${HOOKS}required_apps = ["erpnext"]\n`, "acme/acme/api.py": "import frappe\n" });
    const r = await scan({ root, rulesDir, catalogue });
    expect(r.projects).toEqual([
      { path: "acme", erp: "frappe", from: "unknown", to: "16", hops: [], marker: "acme/acme/hooks.py", unchecked: true },
    ]);
    const marker = r.findings.find((f) => f.ruleId === "uplift/project-marker");
    expect(marker?.severity).toBe("high");
    expect(marker?.message).toMatch(
      /hooks\.py does not state its version \(a Frappe app states it in pyproject\.toml under \[tool\.bench\.frappe-dependencies\]/,
    );
    expect(marker?.replacement).toMatch(/pass --from <13\|14\|15\|16>/);
    expect(r.unanalysed).toContainEqual({
      file: "acme/acme/api.py",
      reason: expect.stringMatching(/version is unknown; pass --from/) as string,
    });
    expect(r.unchecked?.map((u) => u.file)).toContain("acme/acme/api.py");
    const given = await scan({ root, rulesDir, catalogue, from: "14" });
    expect(given.projects[0]).toMatchObject({ path: "acme", from: "14", hops: ["14-15", "15-16"] });
  });

  it("an Odoo addon's hooks.py is not a Frappe app", async () => {
    const root = tree({
      "sale_x/__manifest__.py": "{'name': 'X', 'version': '16.0.1.0.0', 'depends': ['sale']}",
      "sale_x/hooks.py": "def post_init_hook(env):\n    pass\n",
    });
    const r = await scan({ root, rulesDir, catalogue });
    expect(r.projects.map((p) => p.erp)).toEqual(["odoo"]);
  });
});

describe("DocTypes and business processes", () => {
  it.each([
    ["Sales Order", ["order-to-cash"]],
    ["Sales Invoice", ["order-to-cash"]],
    ["Sales Invoice Item", ["order-to-cash"]],
    ["Quotation", ["order-to-cash"]],
    ["Purchase Order", ["procure-to-pay"]],
    ["Purchase Invoice", ["procure-to-pay"]],
    ["Journal Entry", ["record-to-report"]],
    ["Work Order", ["plan-to-produce"]],
    ["BOM", ["plan-to-produce"]],
    ["Employee", ["hire-to-retire"]],
    ["Salary Slip", ["hire-to-retire"]],
    ["Stock Entry", ["inventory"]],
    ["Delivery Window", []],
  ])("%s → %j", (doctype, processes) => {
    expect(processesOf(frappe, doctype)).toEqual(processes);
  });
});

describe("what the app itself answers", () => {
  it("a DocType the app defines is its own, whatever ERPNext moved; an app it requires answers the move", async () => {
    const root = tree({
      "pyproject.toml": '[tool.bench.frappe-dependencies]\nfrappe = ">=14.0.0,<15.0.0"\n',
      "acme/hooks.py": `${HOOKS}required_apps = ["erpnext", "frappe/lending"]\n`,
      "acme/acme/doctype/website_item/website_item.json": '{"doctype": "DocType", "name": "Website Item", "module": "Acme"}',
      "acme/public/js/shop.js": [
        'frappe.db.get_list("Website Item", { fields: ["name"] });',
        'frappe.new_doc("Loan");',
        'frappe.db.get_list("Wishlist", { fields: ["name"] });',
      ].join("\n"),
    });
    const r = await scan({ root, rulesDir, catalogue });
    const moved = r.findings.filter((f) => f.ruleId.includes("/moved-to-"));
    expect(moved.map((f) => `${f.ruleId}@${f.line}`)).toEqual(["frappe/15/moved-to-webshop@3"]);
    expect(moved[0]!.impact.artefacts).toEqual([{ type: "script", name: "acme/public/js/shop.js" }]);
  });

  it("a batch_no in the form of a DocType the app defines is the app's own row, not ERPNext's stock row", async () => {
    const root = tree({
      "pyproject.toml": '[tool.bench.frappe-dependencies]\nfrappe = ">=14.0.0,<15.0.0"\n',
      "acme/hooks.py": `${HOOKS}doctype_js = {"Delivery Note": "public/js/delivery_note.js"}\n`,
      "acme/acme/doctype/clinic_visit/clinic_visit.json": '{"doctype": "DocType", "name": "Clinic Visit", "module": "Acme"}',
      "acme/acme/doctype/clinic_visit/clinic_visit.js": [
        'frappe.ui.form.on("Clinic Visit", {',
        "  refresh(frm) {",
        '    const row = frm.add_child("items");',
        "    row.batch_no = frm.doc.default_batch;",
        "  },",
        "});",
      ].join("\n"),
      "acme/public/js/delivery_note.js": [
        'frappe.ui.form.on("Delivery Note", {',
        "  refresh(frm) {",
        "    frm.doc.items.forEach((row) => console.log(row.batch_no));",
        "  },",
        "});",
      ].join("\n"),
    });
    const r = await scan({ root, rulesDir, catalogue });
    const rows = r.findings.filter((f) => f.ruleId === "frappe/15/serial-batch-bundle");
    expect(rows.map((f) => `${f.file}:${f.line}`)).toEqual(["acme/public/js/delivery_note.js:3"]);
  });

  it("findings name the DocType a form script, a fixture record or a controller belongs to", async () => {
    const root = tree({
      "pyproject.toml": '[tool.bench.frappe-dependencies]\nfrappe = ">=14.0.0,<15.0.0"\n',
      "acme/hooks.py": `${HOOKS}doctype_js = {"Purchase Order": "public/js/po.js"}\n`,
      "acme/public/js/po.js": "function helper() { show_alert('x'); }\n",
      "acme/acme/doctype/work_order_plan/work_order_plan.js": "frappe.ui.form.on('Work Order', { refresh() { show_alert('x'); } });\n",
      "acme/acme/doctype/salary_note/salary_note.js": "function f() { show_alert('x'); }\n",
      "acme/fixtures/client_script.json": JSON.stringify([
        { doctype: "Client Script", dt: "Journal Entry", name: "JE", script: "show_alert('x');" },
      ]),
    });
    const r = await scan({ root, rulesDir, catalogue });
    const impact = Object.fromEntries(
      r.findings.map((f) => [f.file, [f.impact.artefacts.map((a) => a.name).join(), f.impact.processes.join()]]),
    );
    expect(impact).toEqual({
      "acme/fixtures/client_script.json": ["JE", "record-to-report"],
      "acme/public/js/po.js": ["Purchase Order form", "procure-to-pay"],
      "acme/acme/doctype/work_order_plan/work_order_plan.js": ["Work Order form", "plan-to-produce"],
      "acme/acme/doctype/salary_note/salary_note.js": ["Salary Note form script", "hire-to-retire"],
    });
  });

  it("a has_permission hook that can end without a value is reported where it is defined; one Uplift cannot see, at the hook", async () => {
    const root = tree({
      "pyproject.toml": '[tool.bench.frappe-dependencies]\nfrappe = ">=15.0.0,<16.0.0"\n',
      "acme/hooks.py": `${HOOKS}has_permission = {\n    "ToDo": "acme.perms.todo",\n    "Note": "acme.perms.note",\n    "Event": "other_app.perms.event",\n}\n`,
      "acme/perms.py":
        "def todo(doc, ptype=None, user=None):\n    if doc.owner != user:\n        return False\n\n\ndef note(doc, ptype=None, user=None):\n    return doc.public or doc.owner == user\n",
    });
    const r = await scan({ root, rulesDir, catalogue });
    const perms = r.findings.filter((f) => f.ruleId.startsWith("frappe/16/has-permission"));
    expect(perms.map((f) => `${f.ruleId}@${f.file}:${f.line}`)).toEqual([
      "frappe/16/has-permission-unseen@acme/hooks.py:6",
      "frappe/16/has-permission-returns-none@acme/perms.py:1",
    ]);
    expect(perms[1]!.impact).toEqual({
      artefacts: [{ type: "permission hook", name: "ToDo permission hook", record: "ToDo" }],
      processes: ["platform"],
    });
    expect(perms[1]!.hop).toBe("15-16");
    const v14 = await scan({ root, rulesDir, catalogue, to: "15" });
    expect(v14.findings.filter((f) => f.ruleId.startsWith("frappe/16/has-permission"))).toEqual([]);
  });

  it("an import of a package v15 no longer installs is answered when pyproject.toml declares it", async () => {
    const root = tree({
      "pyproject.toml":
        '[project]\ndependencies = ["PyCryptodome~=3.19", "requests"]\n\n[tool.bench.frappe-dependencies]\nfrappe = ">=14.0.0,<15.0.0"\n',
      "acme/hooks.py": HOOKS,
      "acme/crypto.py": "from Crypto.Cipher import AES\nimport googlemaps\n",
    });
    const r = await scan({ root, rulesDir, catalogue });
    const deps = r.findings.filter((f) => f.ruleId === "frappe/15/dropped-python-dependencies");
    expect(deps.map((f) => `${f.line}:${f.snippet}`)).toEqual(["2:import googlemaps"]);
  });
});
