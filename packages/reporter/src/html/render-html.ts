import { createHash } from "node:crypto";
import type { ScanResult } from "@uplift/engine";
import { buildReport, type ReportContext } from "../report-model.js";
import { embedJson, trustedAsset } from "./escape.js";
import { REPORT_CSS, REPORT_JS } from "./generated/assets.js";
import { buildPayload } from "./payload.js";
import { layoutTemplate } from "./templates.js";
import { buildView } from "./view-model.js";

function sha256(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

/**
 * The page may run only its own script and style (by hash), load nothing from anywhere, and submit
 * nowhere: customer text that slipped through would still have nothing to run or reach.
 */
export function contentSecurityPolicy(style: string, script: string): string {
  return [
    "default-src 'none'",
    `script-src ${sha256(script)}`,
    `style-src ${sha256(style)}`,
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

/** A file-name-safe stem for the page's downloads: "uplift-checklist-acme-odoo-17". */
function fileStem(title: string): string {
  const slug = title
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return slug ? `uplift-checklist-${slug}` : "uplift-checklist";
}

/**
 * The upgrade-impact report: one self-contained HTML page (inline style, script and SVG, data
 * embedded once as JSON) for a result, or for several merged into one. Pure: the date and title
 * come from the context, nothing is read or written.
 */
export function renderHtml(results: ScanResult | readonly ScanResult[], context: ReportContext): string {
  const model = buildReport(results, context);
  const { checklist } = model;
  const payload = buildPayload(model.result, checklist, {
    title: context.title,
    generatedAt: context.generatedAt,
    fileStem: fileStem(context.title),
  });
  return layoutTemplate()({
    ...buildView(model, context),
    csp: contentSecurityPolicy(REPORT_CSS, REPORT_JS),
    css: trustedAsset(REPORT_CSS),
    js: trustedAsset(REPORT_JS),
    data: embedJson(payload),
  });
}
