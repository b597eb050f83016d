import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { ScanResult } from "@uplift/engine";
import { renderHtml } from "../src/html/render-html.js";
import { azureTestPlansCsv, checklistDocument, testRailCsv } from "../src/checklist-formats.js";
import { renderAzureTestPlansCsv, renderChecklistCsv } from "../src/checklist-exports.js";
import type { ReportPayload } from "../src/html/payload-types.js";
import { fixtureResult, HOSTILE, resultOf, syntheticResult } from "./support.js";

const context = { title: "Acme — Odoo 16 to 18", generatedAt: "2026-11-02" };

function between(html: string, open: RegExp, close: string): string {
  const m = open.exec(html);
  if (!m) throw new Error(`no ${open}`);
  const start = m.index + m[0].length;
  return html.slice(start, html.indexOf(close, start));
}

const payloadOf = (html: string): ReportPayload =>
  JSON.parse(between(html, /<script type="application\/json" id="report-data">/, "</script>")) as ReportPayload;
const sha = (text: string): string => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

describe("renderHtml on the Odoo fixture", () => {
  let result: ScanResult;
  let html: string;
  beforeAll(() => {
    result = fixtureResult();
    html = renderHtml(result, context);
  });

  it("has every section of the report", () => {
    for (const id of ["summary", "plan", "impact", "findings", "checklist", "unanalysed", "method"])
      expect(html).toContain(`<section id="${id}"`);
    expect(html).toContain("Acme — Odoo 16 to 18");
    expect(html).toMatch(/No-go: \d+ findings high or worse must be fixed/);
  });

  it("is the same for the same input, and the date changes only where it is shown", () => {
    expect(renderHtml(result, context)).toBe(html);
    const later = renderHtml(result, { ...context, generatedAt: "2026-12-24" });
    expect(payloadOf(later).reportId).toBe(payloadOf(html).reportId);
    expect(later.replaceAll("2026-12-24", "2026-11-02")).toBe(html);
  });

  it("allows by its CSP exactly its own inline style and script", () => {
    const csp = between(html, /<meta http-equiv="Content-Security-Policy" content="/, '"')
      .replaceAll("&#x27;", "'")
      .replaceAll("&#x3D;", "=");
    const style = between(html, /<style>/, "</style>");
    const script = between(html, /<script>/, "</script>");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`script-src ${sha(script)}`);
    expect(csp).toContain(`style-src ${sha(style)}`);
    expect(csp).not.toContain("unsafe-inline");
  });

  it("embeds every finding once, as data the page script reads", () => {
    const payload = payloadOf(html);
    expect(payload.findings).toHaveLength(result.findings.length);
    // Every rule of the result, and the linkers' own checks, which name their rule on the finding only.
    const ruleIds = new Set([...Object.keys(result.rules), ...result.findings.map((f) => f.ruleId)]);
    expect(payload.rules.map((r) => r.id).sort()).toEqual([...ruleIds].sort());
    // The checklist is embedded once; the page's exports are built from it with the command line's code.
    const sections = payload.checklist.sections;
    expect(testRailCsv(sections)).toBe(renderChecklistCsv(result));
    expect(azureTestPlansCsv(sections)).toBe(renderAzureTestPlansCsv(result));
  });

  it("leaves no undefined or unrendered value in the page", () => {
    expect(html).not.toMatch(/\[object Object\]|>undefined<|="undefined"|NaN/);
  });
});

describe("renderHtml with hostile text", () => {
  const result = syntheticResult({ findings: 200, linked: true, hostile: true });
  const html = renderHtml(result, { title: `Report ${HOSTILE}`, generatedAt: `<i>${HOSTILE}</i>` });

  it("writes no markup from a file name, code, rule or process", () => {
    expect(html).not.toMatch(/<img|<i>|<b>/i);
    expect(html.match(/<script/gi)).toHaveLength(2);
    expect(html.match(/<\/script/gi)).toHaveLength(2);
    expect(html).not.toContain("<!--");
    expect(html).toContain("&lt;/script&gt;&lt;img src&#x3D;x onerror&#x3D;");
  });

  it("escapes the labels of compared scans in the progress section and its chart", () => {
    const older = syntheticResult({ findings: 220, linked: true, hostile: true });
    const page = renderHtml(result, {
      title: "t",
      generatedAt: "d",
      compare: [{ label: HOSTILE, result: older }],
      currentLabel: `now ${HOSTILE}`,
    });
    expect(page).toContain('<section id="progress"');
    expect(page).not.toMatch(/<img|<b>/i);
    expect(page.match(/<script/gi)).toHaveLength(2);
    expect(page).toContain("Progress since &lt;/script&gt;&lt;img");
  });

  it("keeps the hostile text intact in the data", () => {
    const payload = payloadOf(html);
    expect(payload.strings).toContain(`const x = "${HOSTILE}";`);
    expect(payload.checklist.title).toBe(`Report ${HOSTILE}`);
    expect(checklistDocument(payload.checklist.title, "x", payload.checklist.sections, new Set())).toContain("Report \\</script\\>");
  });
});

describe("renderHtml edge cases", () => {
  it("says go when nothing is found", () => {
    const html = renderHtml(resultOf([]), context);
    expect(html).toContain("Go: no upgrade problems found in the analysed files.");
    expect(html).toContain("Nothing to retest: no findings.");
    expect(payloadOf(html).findings).toEqual([]);
  });

  it("merges several results into one report", () => {
    const a = syntheticResult({ findings: 30 });
    const b = { ...syntheticResult({ findings: 20 }), root: "other" };
    const payload = payloadOf(renderHtml([a, b], context));
    expect(payload.findings).toHaveLength(50);
  });
});
