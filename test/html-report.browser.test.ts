// The HTML report in a real browser: Debian's Chromium driven by playwright-core.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ScanResult } from "@uplift/engine";
import { buildChecklist, checklistCsv, prepareResult, renderChecklistCsv, renderHtml } from "@uplift/reporter";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureResult, HOSTILE, syntheticResult } from "../packages/reporter/test/support.js";
import { CHROMIUM, CHROMIUM_ARGS } from "../packages/reporter/scripts/chromium.mjs";

const HAS_CHROMIUM = existsSync(CHROMIUM);

const context = { title: "Sale delivery window: Odoo upgrade", generatedAt: "2026-11-02" };

if (!HAS_CHROMIUM) console.warn(`html-report.browser.test: SKIPPED, ${CHROMIUM} is missing (apt-get install chromium)`);

interface Opened {
  page: Page;
  errors: string[];
}

describe.skipIf(!HAS_CHROMIUM)(`the HTML report in Chromium${HAS_CHROMIUM ? "" : ` (skipped: ${CHROMIUM} is missing)`}`, () => {
  let browser: Browser;
  let dir: string;
  let fixture: ScanResult;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    dir = mkdtempSync(path.join(tmpdir(), "uplift-report-"));
    fixture = fixtureResult();
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Writes the page to disk and opens it as a user would, collecting every console error. */
  async function open(name: string, html: string, reuse?: BrowserContext): Promise<Opened> {
    const file = path.join(dir, `${name}.html`);
    writeFileSync(file, html);
    const ctx = reuse ?? (await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true }));
    if (!reuse) contexts.push(ctx);
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector("#finder[data-ready=true]");
    return { page, errors };
  }

  const status = (page: Page): Promise<string> => page.locator("[data-status]").innerText();
  /** The report lists findings 50 to a page. */
  const firstPage = (n: number): string => `Showing 1–${Math.min(n, 50)} of ${n}`;
  const cards = (page: Page) => page.locator(".finding-list > li");

  it("opens the fixture report with no console error and shows the summary", async () => {
    const { page, errors } = await open("fixture", renderHtml(fixture, context));
    expect(await page.title()).toBe(context.title);
    await expect.poll(() => status(page)).toBe(firstPage(fixture.findings.length));
    expect(await page.locator(".verdict-headline").innerText()).toMatch(/^No-go: \d+ findings high or worse/);
    expect(await page.locator(".gauge-score").textContent()).toMatch(/^\d+$/);
    expect(await cards(page).count()).toBe(Math.min(fixture.findings.length, 50));
    expect(errors).toEqual([]);
  });

  it("filters by severity, rule and file, and searches", async () => {
    const { page, errors } = await open("filters", renderHtml(fixture, context));
    const total = fixture.findings.length;
    const critical = fixture.findings.filter((f) => f.severity === "critical").length;

    await page.locator("input[name=severity][value=critical]").uncheck();
    await expect.poll(() => status(page)).toContain(`of ${total - critical} matching`);
    expect(await page.locator(".finding-list .finding-critical").count()).toBe(0);

    await page.locator("button[type=reset]").click();
    await expect.poll(() => status(page)).toBe(firstPage(total));

    // The rule with the most findings, so that the test follows the fixture and its rule packs.
    const counts = new Map<string, number>();
    for (const f of fixture.findings) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
    const [rule] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    await page.selectOption("select[name=rule]", rule);
    const ofRule = fixture.findings.filter((f) => f.ruleId === rule);
    await expect.poll(() => cards(page).count()).toBe(ofRule.length);
    for (const text of await cards(page).allInnerTexts()) expect(text).toContain(ofRule[0]!.title);

    const file = fixture.findings[0]!.file;
    await page.locator("button[type=reset]").click();
    await page.selectOption("select[name=file]", file);
    await expect.poll(() => cards(page).count()).toBe(fixture.findings.filter((f) => f.file === file).length);

    await page.locator("button[type=reset]").click();
    const query = fixture.findings.at(-1)!.snippet.slice(0, 14).toUpperCase();
    await page.fill("input[name=q]", query);
    const searched = fixture.findings.filter((f) =>
      [f.message, f.file, f.snippet, f.title, f.enclosing ?? "", f.replacement, f.ruleId].some((t) =>
        t.toLowerCase().includes(query.toLowerCase()),
      ),
    );
    expect(searched.length).toBeGreaterThan(0);
    await expect.poll(() => cards(page).count()).toBe(searched.length);

    // A rule in the by-rule table shows its findings.
    await page.fill("input[name=q]", "");
    await page.locator(`.rule-table .filter-link[data-value="${rule}"]`).click();
    await expect.poll(() => page.locator("select[name=rule]").inputValue()).toBe(rule);
    await expect.poll(() => cards(page).count()).toBe(ofRule.length);
    expect(errors).toEqual([]);
  });

  it("filters by business process and upgrade step once findings are linked", async () => {
    const linked = syntheticResult({ findings: 400, linked: true });
    const { page, errors } = await open("linked", renderHtml(linked, context));
    await page.selectOption("select[name=process]", "procure-to-pay");
    const inProcess = linked.findings.filter((f) => f.impact.processes.includes("procure-to-pay")).length;
    await expect.poll(() => status(page)).toContain(`of ${inProcess} matching`);
    for (const text of await cards(page).allInnerTexts()) expect(text).toContain("Procure to pay");

    await page.locator("button[type=reset]").click();
    await page.selectOption("select[name=hop]", "17.0-18.0");
    const inHop = linked.findings.filter((f) => f.hop === "17.0-18.0").length;
    await expect.poll(() => status(page)).toContain(`of ${inHop} matching`);
    for (const text of await cards(page).allInnerTexts()) expect(text).toContain("17.0 → 18.0");
    expect(errors).toEqual([]);
  });

  it("keeps the checklist ticks across a reload and exports them", async () => {
    const html = renderHtml(fixture, context);
    const { page, errors } = await open("checklist", html);
    const boxes = page.locator("input.check-box");
    const items = await boxes.count();
    expect(items).toBeGreaterThan(1);
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await expect.poll(() => page.locator("[data-progress-text]").innerText()).toBe(`2 of ${items} done`);

    await page.reload();
    await page.waitForSelector("#finder[data-ready=true]");
    expect(await boxes.nth(0).isChecked()).toBe(true);
    expect(await boxes.nth(1).isChecked()).toBe(true);
    expect(await boxes.nth(2).isChecked()).toBe(false);
    expect(await page.locator("[data-progress-text]").innerText()).toBe(`2 of ${items} done`);

    const [csv] = await Promise.all([page.waitForEvent("download"), page.click("[data-action=export-csv]")]);
    expect(csv.suggestedFilename()).toBe("uplift-checklist-sale-delivery-window-odoo-upgrade.csv");
    // The same rows as --format checklist-csv, with the ticked items passed.
    const checklist = buildChecklist(prepareResult(fixture));
    const ticked = new Set(checklist.sections.flatMap((s) => s.items.map((i) => i.id)).slice(0, 2));
    const exported = readFileSync(await csv.path(), "utf8");
    expect(exported).toBe(checklistCsv(checklist.sections, ticked));
    expect(exported.replaceAll(",Passed\r\n", ",Untested\r\n")).toBe(renderChecklistCsv(fixture));

    for (const [action, name] of [
      ["export-azure", "uplift-checklist-sale-delivery-window-odoo-upgrade-azure-test-plans.csv"],
      ["export-xray", "uplift-checklist-sale-delivery-window-odoo-upgrade-xray.csv"],
    ] as const) {
      const [file] = await Promise.all([page.waitForEvent("download"), page.click(`[data-action=${action}]`)]);
      expect(file.suggestedFilename()).toBe(name);
      expect(readFileSync(await file.path(), "utf8").split("\r\n").length).toBeGreaterThan(items);
    }

    const [md] = await Promise.all([page.waitForEvent("download"), page.click("[data-action=export-markdown]")]);
    const markdown = readFileSync(await md.path(), "utf8");
    expect(markdown.match(/^- \[x\] /gm)).toHaveLength(2);
    expect(markdown.match(/^- \[ \] /gm)).toHaveLength(items - 2);
    const firstTitle = await page.locator(".check-title").first().innerText();
    expect(markdown).toContain(`- [x] **${firstTitle.replaceAll("_", "\\_")}**`);
    expect(errors).toEqual([]);
  });

  it("shows planted </script><img onerror> in code and file names as text and runs nothing", async () => {
    const hostile = syntheticResult({ findings: 120, linked: true, hostile: true });
    const { page, errors } = await open("hostile", renderHtml(hostile, { title: `Report ${HOSTILE}`, generatedAt: HOSTILE }));
    await page.selectOption("select[name=file]", hostile.findings.find((f) => f.file.includes("<img"))!.file);
    await expect.poll(() => cards(page).count()).toBeGreaterThan(0);
    await page.locator(".finding-list details").first().click();
    expect(await page.locator(".finding-list").innerText()).toContain(`${HOSTILE}.js:`);
    await page.locator("button[type=reset]").click();
    await page.fill("input[name=q]", "const x =");
    await expect.poll(() => page.locator(".snippet-code").first().innerText()).toBe(`const x = "${HOSTILE}";`);

    expect(await page.title()).toBe(`Report ${HOSTILE}`);
    expect(await page.locator("#checklist").textContent()).toContain(HOSTILE);
    expect(await page.locator("#unanalysed").textContent()).toContain(`binary ${HOSTILE}`);
    expect(await page.locator("img, b, i").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    // The javascript: reference is shown, never linked.
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(await page.locator(".finding-refs span", { hasText: "javascript:window.__pwned=2" }).count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  it("lists a bundled library once, with its findings still shown and marked, and a translation copy with its source", async () => {
    const result = structuredClone(fixture);
    const [first, second, third] = result.findings;
    const library = { name: `Gadget ${HOSTILE}`, version: "1.2.0", evidence: "licence" as const };
    first!.library = { ...library };
    second!.library = { ...library };
    third!.translationOf = { file: "app/source.js", line: 41 };
    const { page, errors } = await open("libraries", renderHtml(result, context));
    const table = page.locator(".library-table");
    expect(await table.locator("tbody tr").count()).toBe(1);
    const row = await table.locator("tbody tr").innerText();
    expect(row).toContain(`Gadget ${HOSTILE} 1.2.0`);
    expect(row).toContain("licence banner");
    // Still listed one by one, each saying where its effort is counted.
    await page.fill("input[name=q]", first!.snippet.slice(0, 14));
    await expect.poll(() => cards(page).count()).toBeGreaterThan(0);
    const notes = await page.locator(".finding-list .finding-shared").allInnerTexts();
    expect(notes.some((n) => n.includes(`in bundled library Gadget ${HOSTILE} 1.2.0: upgrade or replace it`))).toBe(true);
    await page.locator("button[type=reset]").click();
    await page.fill("input[name=q]", third!.snippet.slice(0, 14));
    await expect
      .poll(() => page.locator(".finding-list .finding-shared", { hasText: "translation of app/source.js:41" }).count())
      .toBeGreaterThan(0);
    expect(await page.locator("img, b, i").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it("opens 50,000 findings and pages through them", async () => {
    const big = syntheticResult({ findings: 50_000, linked: true });
    const html = renderHtml(big, context);
    const started = Date.now();
    const { page, errors } = await open("big", html);
    const opened = Date.now() - started;
    console.info(`50,000 findings: ${(html.length / 1e6).toFixed(1)} MB of HTML, interactive after ${opened} ms`);
    expect(await status(page)).toBe("Showing 1–50 of 50,000");
    await page.locator("[data-pager] button", { hasText: "Next" }).click();
    await expect.poll(() => status(page)).toBe("Showing 51–100 of 50,000");
    await page.fill("input[name=q]", "file_00042.js");
    await expect.poll(() => status(page)).toMatch(/of \d+ matching \(50,000 in all\)/);
    for (const text of await cards(page).allInnerTexts()) expect(text).toContain("file_00042.js");
    expect(errors).toEqual([]);
  });

  it("prints the summary, processes, checklist and findings by rule, without the interactive parts", async () => {
    const { page, errors } = await open("print", renderHtml(syntheticResult({ findings: 300, files: 60, linked: true }), context));
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("#finder").isVisible()).toBe(false);
    expect(await page.locator("nav.toc").isVisible()).toBe(false);
    expect(await page.locator("[data-checklist-tools]").isVisible()).toBe(false);
    expect(await page.locator(".rule-groups").isVisible()).toBe(true);
    expect(await page.locator("#checklist .check-item").last().isVisible()).toBe(true);
    expect(await page.locator("#impact tr.extra").first().isVisible()).toBe(true);
    const pdf = await page.pdf({ format: "A4" });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(errors).toEqual([]);
  });
});
