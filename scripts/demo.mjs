// The demo: scans the bundled fixture projects, prints the summary and writes the reports.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cli = path.join(root, "packages/cli/dist/bin.js");
const out = path.join(root, "demo-output");
mkdirSync(out, { recursive: true });

const projects = ["odoo", "dynamics365", "sap", "frappe", "sapui5", "netsuite"].filter((erp) =>
  existsSync(path.join(root, "fixtures", erp)),
);
for (const erp of projects) {
  const target = path.join("fixtures", erp);
  console.log(`\n━━ uplift scan ${target}\n`);
  const run = (args) => spawnSync(process.execPath, [cli, "scan", target, "--fail-on", "none", ...args], { cwd: root, stdio: "inherit" });
  const stylish = run([]);
  if (stylish.status !== 0) process.exit(stylish.status ?? 2);
  for (const [format, ext] of [
    ["json", "json"],
    ["html", "html"],
  ]) {
    const file = path.join(out, `${erp}-report.${ext}`);
    const r = run(["--format", format, "--output", file]);
    if (r.status !== 0 && format !== "html") process.exit(r.status ?? 2);
  }
  console.log(`\n━━ uplift plan ${target}\n`);
  const plan = spawnSync(process.execPath, [cli, "plan", target], { cwd: root, stdio: "inherit" });
  if (plan.status !== 0) process.exit(plan.status ?? 2);
}
console.log(`\nReports written to ${path.relative(process.cwd(), out) || "."}/ — open the .html file in a browser.`);
