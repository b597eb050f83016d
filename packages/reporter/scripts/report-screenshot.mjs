// Renders the Odoo fixture's HTML report and saves the top of the page as docs/report-screenshot.png.
// Needs `npm run build` and Debian's chromium: node packages/reporter/scripts/report-screenshot.mjs
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { renderHtml } from "@uplift/reporter";
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS } from "./chromium.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const cli = path.join(repo, "packages/cli/dist/bin.js");
const json = execFileSync(process.execPath, [cli, "scan", "fixtures/odoo", "--format", "json", "--fail-on", "none"], {
  cwd: repo,
  encoding: "utf8",
});
const html = renderHtml(JSON.parse(json), { title: "Sale delivery window: Odoo upgrade", generatedAt: "2026-11-02" });

const dir = mkdtempSync(path.join(tmpdir(), "uplift-shot-"));
const file = path.join(dir, "report.html");
writeFileSync(file, html);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1440 }, deviceScaleFactor: 1 });
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector("#finder[data-ready=true]");
  await page.screenshot({ path: path.join(repo, "docs/report-screenshot.png") });
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
