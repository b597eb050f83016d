import type { ScanResult, Severity } from "@uplift/engine";
import type { LabelledResult } from "@uplift/reporter";

type Reporters = typeof import("@uplift/reporter");

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

function report(c: RenderContext): Parameters<Reporters["renderHtml"]>[1] {
  return {
    title: c.title,
    generatedAt: c.generatedAt,
    ...(c.failOn ? { failOn: c.failOn } : {}),
    ...(c.compare && c.compare.length > 0 ? { compare: c.compare, currentLabel: c.currentLabel ?? "current" } : {}),
  };
}

type Renderer = (result: ScanResult, ctx: RenderContext, reporters: Reporters) => string;

const RENDERERS: Record<Exclude<Format, "json">, Renderer> = {
  stylish: (r, c, { renderStylish }) =>
    renderStylish(r, {
      color: c.color,
      ...(c.verbose ? { verbose: true } : {}),
      ...(c.quiet ? { quiet: true } : {}),
      ...(c.failOn ? { failOn: c.failOn } : {}),
    }),
  html: (r, c, { renderHtml }) => renderHtml(r, report(c)),
  markdown: (r, c, { renderMarkdown }) => renderMarkdown(r, report(c)),
  "checklist-csv": (r, _c, { renderChecklistCsv }) => renderChecklistCsv(r),
  "azure-test-plans-csv": (r, _c, { renderAzureTestPlansCsv }) => renderAzureTestPlansCsv(r),
  "xray-csv": (r, _c, { renderXrayCsv }) => renderXrayCsv(r),
  sarif: (r, _c, { renderSarif }) => renderSarif(r),
  junit: (r, c, { renderJunit }) => renderJunit(r, { failOn: c.failOn }),
  gitlab: (r, _c, { renderGitlab }) => renderGitlab(r),
  github: (r, _c, { renderGithub }) => renderGithub(r),
};

/**
 * The report in a format. The reporters are loaded with the first report that needs them: a JSON
 * result without earlier scans to compare needs only the JSON writer, and a short scan's start-up
 * is mostly loading modules (docs/performance.md).
 */
export async function render(format: Format, result: ScanResult, ctx: RenderContext): Promise<string> {
  const compare = ctx.compare && ctx.compare.length > 0 ? ctx.compare : undefined;
  if (format === "json" && !compare) return (await import("@uplift/reporter/json")).renderJson(result, {});
  const reporters = await import("@uplift/reporter");
  if (format !== "json") return RENDERERS[format](result, ctx, reporters);
  const series = [...(compare ?? []), { label: ctx.currentLabel ?? "current", result }];
  return reporters.renderJson(result, { progress: reporters.compareSeries(series, reporters.thresholdOf(result, ctx.failOn)) });
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
