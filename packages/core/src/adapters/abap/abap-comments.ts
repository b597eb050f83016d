/** Full-line comments (`*` in column 1) and end-of-line comments (`"`), as offsets. */
export function commentRanges(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let offset = 0;
  for (const line of text.split(/(?<=\n)/)) {
    const body = line.replace(/\r?\n$/, "");
    if (body.startsWith("*")) out.push([offset, offset + body.length]);
    else {
      const at = endOfLineComment(body);
      if (at >= 0) out.push([offset + at, offset + body.length]);
    }
    offset += line.length;
  }
  return out;
}

function endOfLineComment(line: string): number {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === "`" || c === "|") quote = c;
    else if (c === '"') return i;
  }
  return -1;
}
