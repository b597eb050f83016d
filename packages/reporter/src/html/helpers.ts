import type { HelperDelegate } from "handlebars";
import { formatEffort } from "../stylish.js";
import { formatHours, groupDigits, type EffortRange } from "./effort.js";
import { html, inlineCode, safeUrl, type SafeHtml } from "./escape.js";
import { changeLabel, hopLabel, plural, SEVERITY_LABELS } from "./labels.js";
import type { Severity } from "@uplift/engine";

// Handlebars helpers of the report. Each returns plain text (escaped by Handlebars) or markup built
// with html`…`/inlineCode, which escape every value they are given.

/** Handlebars passes its options object last; a helper with optional arguments must drop it. */
function isOptions(value: unknown): boolean {
  return typeof value === "object" && value !== null && "hash" in value && "data" in value;
}

export const helpers = {
  /** 12345 → 12,345 */
  num: (n: unknown): string => (typeof n === "number" ? groupDigits(n) : ""),
  /** An effort range in hours. */
  hours: (range: EffortRange): string => formatHours(range),
  /** A per-finding effort: 15m, 30m–1h. */
  perFinding: (min: number, max: unknown): string => formatEffort(min, typeof max === "number" ? max : min),
  sevLabel: (s: Severity): string => SEVERITY_LABELS[s] ?? String(s),
  changeLabel: (c: string): string => changeLabel(c),
  hopLabel: (h: unknown): string => (typeof h === "string" && h !== "" ? hopLabel(h) : "—"),
  /** "3 findings", "1 finding"; the plural defaults to the singular plus s. */
  countOf: (n: number, one: string, many: unknown): string =>
    `${groupDigits(n)} ${plural(n, one, typeof many === "string" && !isOptions(many) ? many : undefined)}`,
  /** Rule text with `code` spans. */
  code: (text: unknown): SafeHtml => inlineCode(typeof text === "string" ? text : ""),
  /** A link when the address is http(s); otherwise the address as text. */
  link: (url: string): SafeHtml => {
    const href = safeUrl(url);
    return href ? html`<a href="${href}" rel="noopener noreferrer" target="_blank">${url}</a>` : html`${url}`;
  },
  eq: (a: unknown, b: unknown): boolean => a === b,
  gt: (a: unknown, b: unknown): boolean => typeof a === "number" && typeof b === "number" && a > b,
  /** Whether a list index is past the rows shown before "show all". */
  beyond: (index: unknown, limit: unknown): boolean => typeof index === "number" && typeof limit === "number" && index >= limit,
  /** 1-based position for ordered output. */
  inc: (n: number): number => n + 1,
  minus: (a: number, b: number): number => a - b,
  join: (list: unknown, separator: unknown): string =>
    Array.isArray(list) ? list.map(String).join(typeof separator === "string" && !isOptions(separator) ? separator : ", ") : "",
} satisfies Record<string, HelperDelegate>;
