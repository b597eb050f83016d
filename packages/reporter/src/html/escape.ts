import { createRequire } from "node:module";
import type Handlebars from "handlebars";

let loaded: typeof Handlebars | undefined;
/** Handlebars is loaded when a report is first rendered: the other formats never need it. */
export function handlebars(): typeof Handlebars {
  return (loaded ??= createRequire(import.meta.url)("handlebars") as typeof Handlebars);
}

/**
 * The report's one HTML escape, for text and quoted attribute values. It is the function
 * Handlebars applies to every `{{value}}`, so templates and helpers escape alike; templates never
 * use the unescaped `{{{…}}}` (a test checks), and helpers that return markup build it from
 * escaped parts with {@link html}.
 */
export function escapeHtml(value: unknown): string {
  return handlebars().Utils.escapeExpression(value === undefined || value === null ? "" : String(value));
}

/** Markup that is already safe: only ever built from escaped parts or from the report's own assets. */
export type SafeHtml = Handlebars.SafeString;

/** Joins literal markup with escaped values: html`<b>${name}</b>` escapes `name`. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    out += (value instanceof handlebars().SafeString ? value.toHTML() : escapeHtml(value)) + (strings[i + 1] ?? "");
  });
  return new (handlebars().SafeString)(out);
}

/** Marks the report's own stylesheet and script (from the build, never from a result) as markup. */
export function trustedAsset(text: string): SafeHtml {
  return new (handlebars().SafeString)(text);
}

const SCRIPT_DATA_UNSAFE: Record<string, string> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/**
 * JSON to sit inside `<script type="application/json">`: every `<`, `>` and `&` is written as a
 * JSON escape, so no `</script>` or `<!--` can end or bend the element, and JSON.parse still reads
 * the same value.
 */
export function embedJson(value: unknown): SafeHtml {
  return new (handlebars().SafeString)(JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => SCRIPT_DATA_UNSAFE[c] ?? c));
}

/** Text with `code` spans, as in rule messages: the spans become <code>, everything escaped. */
export function inlineCode(text: string): SafeHtml {
  const parts = text.split("`");
  // An odd number of backticks leaves the last one unpaired: show it as it is.
  const paired = parts.length % 2 === 1 ? parts : [...parts.slice(0, -2), `${parts.at(-2)}\`${parts.at(-1)}`];
  return new (handlebars().SafeString)(
    paired.map((part, i) => (i % 2 === 1 ? `<code>${escapeHtml(part)}</code>` : escapeHtml(part))).join(""),
  );
}

/** An http(s) address to link to, or undefined for anything else (javascript:, data:, relative). */
export function safeUrl(url: string): string | undefined {
  return /^https?:\/\/[^\s"'<>`]+$/i.test(url) ? url : undefined;
}
