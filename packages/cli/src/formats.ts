import type { ScanResult, Severity } from "@uplift/engine";
import {
  renderAzureTestPlansCsv,
  renderChecklistCsv,
  renderGithub,
  renderGitlab,
  renderHtml,
  renderJson,
  renderJunit,
  renderMarkdown,
  renderSarif,
  renderStylish,
  renderXrayCsv,
  compareSeries,
  thresholdOf,
  type LabelledResult,
} from "@uplift/reporter";

export const FORMATS = [
  "stylish",
  "json",
  "html",
  "markdown",
  "checklist-csv",
  "azure-test-plans-csv",
  "xray-csv",
  "sarif",
  "junit",
  "gitlab",
  "github",
] as const;
export type Format = (typeof FORMATS)[number];

export interface RenderContext {
  color: boolean;
  title: string;
  generatedAt: string;
  /**
   * The threshold given on the command line: the reports judge by it, and JUnit marks only the
   * findings at or above it as failures (without it, the threshold the scan recorded).
   */
  failOn?: Severity | "none";
  verbose?: boolean;
  quiet?: boolean;
  /** Earlier scans, oldest first, to report progress against. */
  compare?: readonly LabelledResult[];
  currentLabel?: string;
}

function report(c: RenderContext): Parameters<typeof renderHtml>[1] {
  return {
    title: c.title,
    generatedAt: c.generatedAt,
    ...(c.failOn ? { failOn: c.failOn } : {}),
    ...(c.compare && c.compare.length > 0 ? { compare: c.compare, currentLabel: c.currentLabel ?? "current" } : {}),
  };
}

const RENDERERS: Record<Format, (result: ScanResult, ctx: RenderContext) => string> = {
  stylish: (r, c) =>
    renderStylish(r, {
      color: c.color,
      ...(c.verbose ? { verbose: true } : {}),
      ...(c.quiet ? { quiet: true } : {}),
      ...(c.failOn ? { failOn: c.failOn } : {}),
    }),
  json: (r, c) =>
    renderJson(
      r,
      c.compare && c.compare.length > 0
        ? { progress: compareSeries([...c.compare, { label: c.currentLabel ?? "current", result: r }], thresholdOf(r, c.failOn)) }
        : {},
    ),
  html: (r, c) => renderHtml(r, report(c)),
  markdown: (r, c) => renderMarkdown(r, report(c)),
  "checklist-csv": (r) => renderChecklistCsv(r),
  "azure-test-plans-csv": (r) => renderAzureTestPlansCsv(r),
  "xray-csv": (r) => renderXrayCsv(r),
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
