import type { ScanResult, Severity } from "@uplift/engine";
import {
  renderChecklistCsv,
  renderGithub,
  renderGitlab,
  renderHtml,
  renderJson,
  renderJunit,
  renderMarkdown,
  renderSarif,
  renderStylish,
} from "@uplift/reporter";

export const FORMATS = ["stylish", "json", "html", "markdown", "checklist-csv", "sarif", "junit", "gitlab", "github"] as const;
export type Format = (typeof FORMATS)[number];

export interface RenderContext {
  color: boolean;
  /** The severity that fails the run: JUnit marks only those findings as failures. */
  failOn: Severity | "none";
  title: string;
  generatedAt: string;
}

const RENDERERS: Record<Format, (result: ScanResult, ctx: RenderContext) => string> = {
  stylish: (r, c) => renderStylish(r, { color: c.color }),
  json: (r) => renderJson(r),
  html: (r, c) => renderHtml(r, { title: c.title, generatedAt: c.generatedAt }),
  markdown: (r, c) => renderMarkdown(r, { title: c.title, generatedAt: c.generatedAt }),
  "checklist-csv": (r) => renderChecklistCsv(r),
  sarif: (r) => renderSarif(r),
  junit: (r, c) => renderJunit(r, { failOn: c.failOn }),
  gitlab: (r) => renderGitlab(r),
  github: (r) => renderGithub(r),
};

export function render(format: Format, result: ScanResult, ctx: RenderContext): string {
  return RENDERERS[format](result, ctx);
}

export function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}

/**
 * The date a report shows. Reporters never read the clock; the CLI does, once, and honours
 * SOURCE_DATE_EPOCH so that reports can be reproduced byte for byte.
 */
export function reportDate(): string {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  const date = epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date();
  return date.toISOString().slice(0, 10);
}
