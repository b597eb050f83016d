// Three scans of one estate with findings fixed between them, as a project manager follows an
// upgrade week by week: the score rises with each fix, the burn-down shows it, and every number
// agrees across the page, the Markdown and the JSON. In Debian's Chromium, driven by playwright-core.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ScanResult } from "@uplift/engine";
import { buildReport, type Progress } from "@uplift/reporter";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, CHROMIUM_ARGS } from "../packages/reporter/scripts/chromium.mjs";
import { scanFixtureSeries } from "../packages/reporter/scripts/fixture-series.mjs";
import { uplift } from "./helpers.js";

const HAS_CHROMIUM = existsSync(CHROMIUM);
if (!HAS_CHROMIUM) console.warn(`progress-series.browser.test: SKIPPED, ${CHROMIUM} is missing (apt-get install chromium)`);

describe.skipIf(!HAS_CHROMIUM)(`progress over three scans${HAS_CHROMIUM ? "" : ` (skipped: ${CHROMIUM} is missing)`}`, () => {
  let dir: string;
  let browser: Browser;
  const weeks: ScanResult[] = [];
  const files: string[] = [];
  let progress: Progress;
  let markdown: string;
  let html: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "uplift-series-"));
    // The Odoo fixture, with the margin alert's cron and views fixed for week 2 and the delivery
    // window's attrs and states for week 3.
    files.push(...scanFixtureSeries(dir));
    for (const file of files) weeks.push(JSON.parse(readFileSync(file, "utf8")) as ScanResult);
    const compare = files.slice(0, 2).flatMap((f) => ["--compare", f]);
    const report = (format: string): string => {
      const r = uplift(["report", files[2]!, ...compare, "--format", format, "--title", "Weekly status"]);
      expect(r.stderr).toBe("");
      return r.stdout;
    };
    progress = (JSON.parse(report("json")) as ScanResult & { progress: Progress }).progress;
    markdown = report("markdown");
    html = report("html");
    writeFileSync(path.join(dir, "report.html"), html);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("raises the score with each fix and burns the blocking findings down, in the JSON", () => {
    expect(progress.series.map((p) => p.label)).toEqual(["week-1", "week-2", "week-3"]);
    const [a, b, c] = progress.series;
    expect(b!.score).toBeGreaterThan(a!.score);
    expect(c!.score).toBeGreaterThan(b!.score);
    expect(b!.blocking).toBeLessThan(a!.blocking);
    expect(c!.blocking).toBeLessThan(b!.blocking);
    progress.series.forEach((p, i) => {
      expect(p.findings).toBe(weeks[i]!.summary.findings);
      expect(p.score).toBe(buildReport(weeks[i]!, { title: "", generatedAt: "" }).summary.readiness.score);
    });
    // Fixed, new and remaining add up to the two scans they compare.
    expect(progress.fixed.findings + progress.remaining.findings).toBe(weeks[1]!.summary.findings);
    expect(progress.remaining.findings + progress.new.findings).toBe(weeks[2]!.summary.findings);
    expect(progress.fixed.byRule.map((r) => r.ruleId).sort()).toEqual(["odoo/17.0/view-attrs-removed", "odoo/17.0/view-states-removed"]);
  });

  it("says the same in the Markdown for the status mail", () => {
    const current = buildReport(weeks[2]!, { title: "", generatedAt: "" });
    expect(markdown).toContain(`## Progress since week-2`);
    expect(markdown).toContain(`| week-3 | ${weeks[2]!.summary.findings} | ${progress.series[2]!.blocking} |`);
    expect(markdown).toContain(`- Readiness: **${current.summary.readiness.score}/100**`);
    expect(markdown).toContain(`- Regression tests: ${current.checklist.items}`);
    expect(markdown).toContain(`- Coverage: ${current.summary.coverage.percent}%`);
  });

  async function open(): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(pathToFileURL(path.join(dir, "report.html")).href);
    await page.waitForSelector("#finder[data-ready=true]");
    return { page, errors };
  }

  it("shows the burn-down and the same numbers on every part of the page as in the JSON", async () => {
    const { page, errors } = await open();
    const current = weeks[2]!;
    const model = buildReport(current, { title: "", generatedAt: "" });
    const text = async (selector: string): Promise<string> => ((await page.locator(selector).first().textContent()) ?? "").trim();

    // The burn-down: one column per scan, labelled, with the blocking findings of each.
    const columns = page.locator("#progress .chart-burndown").first().locator("text.chart-value");
    expect(await columns.allTextContents()).toEqual(progress.series.map((p) => String(p.blocking)));
    expect(await page.locator("#progress .chart-burndown").first().locator("text.chart-label").allTextContents()).toEqual([
      "week-1",
      "week-2",
      "week-3",
    ]);

    // Summary, navigation, tables and JSON agree.
    expect(await text(".gauge-score")).toBe(String(progress.series[2]!.score));
    expect(await text("nav.toc a[href='#findings'] .pill")).toBe(String(current.summary.findings));
    expect(await text("[data-total=findings]")).toBe(String(current.summary.findings));
    expect(await text("[data-tests]")).toBe(String(model.checklist.items));
    expect(await text("nav.toc a[href='#checklist'] .pill")).toBe(String(model.checklist.items));
    expect(await page.locator("#checklist .check-item").count()).toBe(model.checklist.items);
    expect(await text("[data-coverage-percent]")).toBe(`${model.summary.coverage.percent}%`);
    expect(await text("[data-files=relevant]")).toBe(String(current.summary.files!.relevant));
    expect(await text("[data-files=checked]")).toBe(String(current.summary.files!.checked));

    // Every process counts the tests its checklist section holds, and the totals reconcile.
    for (const section of model.checklist.sections.filter((s) => s.kind === "process")) {
      expect(await text(`[data-process-tests="${section.key}"]`)).toMatch(new RegExp(`^${section.items.length} regression tests?`));
      expect(await text(`[data-section-tests="${section.key}"]`)).toMatch(new RegExp(`^${section.items.length} tests?$`));
    }
    const linked = Number(await text("[data-total=processes]"));
    const unlinked = (await page.locator("[data-total=unlinked]").count()) > 0 ? Number(await text("[data-total=unlinked]")) : 0;
    expect(linked + unlinked).toBe(current.summary.findings);
    expect(await page.locator("#plan tbody tr").last().locator("td").nth(2).innerText()).toContain(String(current.summary.findings));

    // No section is blank, and nothing in a chart or table is clipped.
    for (const id of await page.locator("main > section").evaluateAll((s) => s.map((x) => x.id))) {
      expect((await page.locator(`#${id}`).innerText()).trim().length, id).toBeGreaterThan(80);
    }
    const clipped = await page.evaluate(() => {
      const out: string[] = [];
      for (const svg of document.querySelectorAll<SVGSVGElement>("main svg")) {
        const width = svg.viewBox.baseVal.width;
        const height = svg.viewBox.baseVal.height;
        for (const t of svg.querySelectorAll<SVGTextElement>("text")) {
          const b = t.getBBox();
          if (b.x < -0.5 || b.x + b.width > width + 0.5 || b.y < -0.5 || b.y + b.height > height + 0.5) out.push(t.textContent ?? "");
        }
      }
      for (const table of document.querySelectorAll<HTMLElement>("main table")) {
        if (table.scrollWidth > (table.parentElement?.clientWidth ?? 0) + 1) out.push(`table in #${table.closest("section")?.id}`);
      }
      if (document.documentElement.scrollWidth > document.documentElement.clientWidth) out.push("the page scrolls sideways");
      return out;
    });
    expect(clipped).toEqual([]);
    expect(errors).toEqual([]);
  });
});
