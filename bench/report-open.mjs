/* global document -- the functions given to page.evaluate run in the page, where it exists */
// How long the HTML report takes to make and to open: a synthetic result of 50,000 findings in
// 2,000 files (linked to processes and not), and any saved results given on the command line
// (uplift scan <estate> --format json -o estate.json). Opened in Debian's Chromium from a file, as
// a user would; "interactive" is when the findings list has rendered its first page. Each page
// is also checked for what a reader would notice: console errors, text clipped in a chart, a
// table wider than its section, a section left blank.
//   npm run build && node bench/report-open.mjs [estate.json …]
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { compareFindings, relateSameSpan, summarise } from "@uplift/engine";
import { renderHtml } from "@uplift/reporter";
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS } from "../packages/reporter/scripts/chromium.mjs";

const SEVERITIES = ["critical", "high", "high", "medium", "medium", "low", "low", "low"];
const ARTEFACTS = [
  {
    artefact: { type: "view", name: "sale.view_order_form_ext", record: "sale.order", screen: "sale.view_order_form" },
    processes: ["order-to-cash"],
  },
  { artefact: { type: "view", name: "purchase.purchase_order_form", record: "purchase.order" }, processes: ["procure-to-pay"] },
  { artefact: { type: "component", name: "StockPickingWidget", record: "stock.picking" }, processes: ["order-to-cash", "inventory"] },
];

/** The same shape of estate as the browser test's: 12 rules over two hops, 25 findings a file. */
function synthetic(count, linked) {
  let seed = 7;
  const next = (n) => ((seed = (seed * 1103515245 + 12345) % 2147483648) >>> 12) % n;
  const rules = Array.from({ length: 12 }, (_, i) => ({
    id: `odoo/${i < 8 ? "17.0" : "18.0"}/rule-${String(i).padStart(2, "0")}`,
    severity: SEVERITIES[i % SEVERITIES.length],
    hop: i < 8 ? "16.0-17.0" : "17.0-18.0",
  }));
  const findings = [];
  for (let i = 0; i < count; i++) {
    const rule = rules[next(rules.length)];
    const fileNo = next(2000);
    const link = linked && i % 3 !== 0 ? ARTEFACTS[next(ARTEFACTS.length)] : undefined;
    const line = 1 + next(400);
    findings.push({
      project: `addon_${fileNo % 20}`,
      ruleId: rule.id,
      title: `Synthetic change ${rule.id}`,
      severity: rule.severity,
      change: "removed",
      hop: rule.hop,
      file: `addon_${fileNo % 20}/static/src/js/file_${String(fileNo).padStart(5, "0")}.js`,
      line,
      column: 1 + next(40),
      endLine: line,
      endColumn: 50,
      message: `${rule.id} changed: calls through it fail.`,
      replacement: "Use the new API.",
      snippet: `this.call("web.module${i % 12}", { id: ${i} });`,
      fingerprint: `fp${i.toString(16)}`,
      effortMinutes: 15,
      effortMaxMinutes: 60,
      references: ["https://example.com/pull/1"],
      fixable: i % 6 === 0,
      impact: link ? { artefacts: [link.artefact], processes: link.processes } : { artefacts: [], processes: [] },
    });
  }
  findings.sort(compareFindings);
  relateSameSpan(findings);
  const projects = Array.from({ length: 20 }, (_, i) => ({
    path: `addon_${i}`,
    erp: "odoo",
    from: "16.0",
    to: "18.0",
    hops: ["16.0-17.0", "17.0-18.0"],
  }));
  return {
    schemaVersion: 1,
    tool: { name: "uplift", version: "bench" },
    root: "estate",
    projects,
    findings,
    unanalysed: [],
    rules: {},
    processes: {
      "order-to-cash": { title: "Order to cash", tests: ["Quote, deliver, invoice."] },
      "procure-to-pay": { title: "Procure to pay", tests: [] },
      inventory: { title: "Inventory management", tests: [] },
    },
    summary: { ...summarise(findings, 2000, 0), files: coverage(2000) },
    unchecked: [],
  };
}

/** What a current result says about its files: every one of them checked. */
function coverage(files) {
  const none = { "no-adapter": 0, "no-rules": 0, unparseable: 0, skipped: 0 };
  return { relevant: files, checked: files, unchecked: 0, irrelevant: 0, excluded: 0, uncheckedBy: none, irrelevantBy: {} };
}

async function measure(browser, dir, name, result) {
  let started = performance.now();
  const html = renderHtml(result, { title: name, generatedAt: "bench" });
  const renderMs = performance.now() - started;
  const file = path.join(dir, `${name.replace(/[^a-z0-9]+/gi, "-")}.html`);
  writeFileSync(file, html);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on("console", (m) => (m.type() === "error" || m.type() === "warning") && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  started = performance.now();
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector("#finder[data-ready=true]", { timeout: 120_000 });
  const openMs = performance.now() - started;
  started = performance.now();
  await page.fill("input[name=q]", (result.findings[Math.floor(result.findings.length / 2)]?.file ?? "x").split("/").pop());
  await page.waitForFunction(() => /matching|No finding/.test(document.querySelector("[data-status]")?.textContent ?? ""), null, {
    timeout: 60_000,
  });
  const searchMs = performance.now() - started;
  const problems = await page.evaluate(() => {
    const out = [];
    for (const svg of document.querySelectorAll("main svg")) {
      const { width, height } = svg.viewBox.baseVal;
      for (const t of svg.querySelectorAll("text")) {
        const b = t.getBBox();
        if (b.x < -0.5 || b.x + b.width > width + 0.5 || b.y < -0.5 || b.y + b.height > height + 0.5) out.push(`clipped: ${t.textContent}`);
      }
    }
    for (const table of document.querySelectorAll("main table"))
      if (table.scrollWidth > (table.parentElement?.clientWidth ?? 0) + 1) out.push(`wide table in #${table.closest("section")?.id}`);
    for (const s of document.querySelectorAll("main > section")) if ((s.innerText ?? "").trim().length < 80) out.push(`blank #${s.id}`);
    return out;
  });
  await page.close();
  return {
    name,
    findings: result.findings.length,
    mb: html.length / 1e6,
    gzMb: gzipSync(html).length / 1e6,
    renderMs,
    openMs,
    searchMs,
    problems: [...errors, ...problems],
  };
}

if (!existsSync(CHROMIUM)) {
  console.error(`report-open: ${CHROMIUM} is missing (apt-get install chromium)`);
  process.exit(2);
}
const dir = mkdtempSync(path.join(tmpdir(), "uplift-bench-report-"));
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const rows = [];
try {
  rows.push(await measure(browser, dir, "50,000 findings, linked", synthetic(50_000, true)));
  rows.push(await measure(browser, dir, "50,000 findings, not linked", synthetic(50_000, false)));
  for (const file of process.argv.slice(2))
    rows.push(await measure(browser, dir, path.basename(file), JSON.parse(readFileSync(file, "utf8"))));
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log("| result | findings | HTML | gzipped | renderHtml | open, interactive | search | problems |");
console.log("|---|---:|---:|---:|---:|---:|---:|---|");
for (const r of rows)
  console.log(
    `| ${r.name} | ${r.findings.toLocaleString("en")} | ${r.mb.toFixed(1)} MB | ${r.gzMb.toFixed(2)} MB | ${(r.renderMs / 1000).toFixed(1)} s | ${(r.openMs / 1000).toFixed(1)} s | ${(r.searchMs / 1000).toFixed(2)} s | ${r.problems.join("; ") || "none"} |`,
  );
