// Customer code, file names and rule text are untrusted in Markdown too: a `<img onerror>` or a
// stray `|` must show as text wherever the Markdown is rendered.

/** Plain text for a Markdown paragraph, list item or table cell: markup characters escaped, one line. */
export function mdText(text: string): string {
  return text
    .replace(/\r\n?|\n/g, " ")
    .replace(/[\\`*_[\]<>|#~]/g, (c) => `\\${c}`)
    .replace(/&/g, "&amp;");
}

/** Text with `code` spans kept as code (rule messages use them); everything else as {@link mdText}. */
export function mdInline(text: string): string {
  const parts = text.split("`");
  if (parts.length % 2 === 0) return mdText(text);
  return parts.map((part, i) => (i % 2 === 1 ? mdCode(part) : mdText(part))).join("");
}

/** An inline code span that survives backticks in the code: the fence is longer than any run inside. */
export function mdCode(code: string, inTable = false): string {
  const oneLine = code.replace(/\r\n?|\n/g, " ");
  const longest = Math.max(0, ...(oneLine.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = oneLine.startsWith("`") || oneLine.endsWith("`") || oneLine.trim() === "" ? " " : "";
  // Inside a table a pipe still ends the cell, even in code: GFM reads `\|` as a pipe there.
  const body = inTable ? oneLine.replace(/\|/g, "\\|") : oneLine;
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** A link when the address is http(s), otherwise the address as text. */
export function mdLink(url: string): string {
  return /^https?:\/\/[^\s<>()]+$/i.test(url) ? `<${url}>` : mdText(url);
}
