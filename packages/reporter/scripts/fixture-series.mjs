// A series of three scans of the Odoo fixture with findings fixed between them, as a team works
// through an upgrade week by week: for the progress browser test and the report's screenshot.
import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const cli = path.join(repo, "packages/cli/dist/bin.js");

function edit(root, file, change) {
  const full = path.join(root, file);
  const before = readFileSync(full, "utf8");
  const after = change(before);
  if (after === before) throw new Error(`the fix of ${file} changed nothing`);
  writeFileSync(full, after);
}

/** Week 2: the margin alert addon's cron record and views are brought to 18.0. */
function fixMarginAlert(root) {
  edit(root, "sale_order_margin_alert/data/ir_cron.xml", (t) => t.replace(/\s*<field name="(numbercall|doall)"[^>]*>(-1<\/field>)?/g, ""));
  edit(root, "sale_order_margin_alert/views/sale_order_views.xml", (t) =>
    t.replace("//tree/field", "//list/field").replace("tree,form", "list,form").replace("tree_view_ref", "list_view_ref"),
  );
}

/** Week 3: the delivery window's form extension drops attrs and states. */
function fixDeliveryWindowViews(root) {
  edit(root, "sale_delivery_window/views/sale_order_views.xml", (t) =>
    t
      .replace(/\s+attrs="[^"]*"/g, " readonly=\"state not in ('draft', 'sent')\"")
      .replace(/\s+states="sale"/, " invisible=\"state != 'sale'\"")
      .replace(/<attribute name="attrs">[^<]*<\/attribute>/, '<attribute name="invisible">delivery_window_start</attribute>'),
  );
}

/**
 * Copies the Odoo fixture into `dir`, scans it, fixes, scans, fixes, scans: three results
 * `week-1.json` … `week-3.json` in `dir`, oldest first. Needs `npm run build`.
 */
export function scanFixtureSeries(dir) {
  const estate = path.join(dir, "estate");
  cpSync(path.join(repo, "fixtures/odoo"), estate, { recursive: true });
  const files = [];
  for (const [i, fix] of [() => undefined, fixMarginAlert, fixDeliveryWindowViews].entries()) {
    fix(estate);
    const file = path.join(dir, `week-${i + 1}.json`);
    const run = spawnSync(process.execPath, [cli, "scan", estate, "--format", "json", "--output", file], { encoding: "utf8" });
    if (run.status !== 0 && run.status !== 1) throw new Error(`uplift scan failed: ${run.stderr}`);
    files.push(file);
  }
  return files;
}
