// Renders the Odoo fixture's HTML report and saves the top of the page as docs/report-screenshot.png,
// and the progress over three scans of it (fixed between scans) as docs/report-progress.png.
// Needs `npm run build` and Debian's chromium: node packages/reporter/scripts/report-screenshot.mjs
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { renderHtml } from "@uplift/reporter";
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS } from "./chromium.mjs";
import { scanFixtureSeries } from "./fixture-series.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const cli = path.join(repo, "packages/cli/dist/bin.js");
const json = execFileSync(process.execPath, [cli, "scan", "fixtures/odoo", "--format", "json", "--fail-on", "none"], {
  cwd: repo,
  encoding: "utf8",
});
const context = { title: "Sale delivery window: Odoo upgrade", generatedAt: "2026-11-02" };

const dir = mkdtempSync(path.join(tmpdir(), "uplift-shot-"));
const [week1, week2, week3] = scanFixtureSeries(dir).map((file) => JSON.parse(readFileSync(file, "utf8")));
const pages = {
  report: renderHtml(JSON.parse(json), context),
  progress: renderHtml(week3, {
    ...context,
    compare: [
      { label: "week-1", result: week1 },
      { label: "week-2", result: week2 },
    ],
    currentLabel: "week-3",
  }),
};
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  for (const [name, html] of Object.entries(pages)) {
    const file = path.join(dir, `${name}.html`);
    writeFileSync(file, html);
    const page = await browser.newPage({ viewport: { width: 1280, height: 1440 }, deviceScaleFactor: 1 });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector("#finder[data-ready=true]");
    if (name === "report") await page.screenshot({ path: path.join(repo, "docs/report-screenshot.png") });
    else await page.locator("#progress").screenshot({ path: path.join(repo, "docs/report-progress.png") });
    await page.close();
  }
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
