// Writes one rule as YAML in the layout of the hand-written packs: block scalars for prose and
// code, double-quoted strings (JSON escapes, which YAML reads alike) where a plain one could
// be misread.

const PLAIN = /^[A-Za-z0-9_./@*-][A-Za-z0-9_./@* -]*$/;

function scalar(value) {
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return PLAIN.test(value) && !/^(true|false|null|yes|no|on|off|~)$/i.test(value) && !/^\d/.test(value) ? value : JSON.stringify(value);
}

/** Prose folded at about 100 columns (`>-` joins the lines with spaces). */
function folded(text, indent) {
  const words = text.split(" ");
  const lines = [];
  let line = "";
  for (const w of words) {
    if (line && line.length + 1 + w.length > 100) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return `>-\n${lines.map((l) => `${indent}${l}`).join("\n")}`;
}

function literal(code, indent) {
  if (!code.endsWith("\n") || code.endsWith("\n\n")) throw new Error(`example code must end with one newline: ${JSON.stringify(code)}`);
  return `|\n${code
    .slice(0, -1)
    .split("\n")
    .map((l) => (l ? `${indent}${l}` : ""))
    .join("\n")}`;
}

function emitMatch(match, indent) {
  const out = [];
  for (const [kind, value] of Object.entries(match)) {
    if (kind === "any") {
      out.push(`${indent}any:`);
      for (const alt of value) {
        const [k, v] = Object.entries(alt)[0];
        out.push(`${indent}  - ${k}: ${scalar(v)}`);
      }
    } else if (Array.isArray(value)) {
      out.push(`${indent}${kind}:`, `${indent}  key:`, ...value.map((v) => `${indent}    - ${scalar(v)}`));
    } else if (typeof value === "object") {
      // `call: { symbol: … }`: each field a scalar or a list.
      out.push(`${indent}${kind}:`);
      for (const [field, v] of Object.entries(value)) {
        if (Array.isArray(v)) out.push(`${indent}  ${field}:`, ...v.map((x) => `${indent}    - ${scalar(x)}`));
        else out.push(`${indent}  ${field}: ${scalar(v)}`);
      }
    } else out.push(`${indent}${kind}: ${scalar(value)}`);
  }
  return out;
}

export function emitRule(rule) {
  const i = "    ";
  const out = [`  - id: ${rule.id}`];
  out.push(`${i}title: ${scalar(rule.title)}`, `${i}change: ${rule.change}`, `${i}severity: ${rule.severity}`);
  if (rule.artefact) out.push(`${i}artefact: ${rule.artefact}`);
  out.push(`${i}match:`, ...emitMatch(rule.match, `${i}  `));
  out.push(`${i}message: ${folded(rule.message, `${i}  `)}`);
  out.push(`${i}replacement: ${scalar(rule.replacement)}`);
  if (rule.suggest) {
    out.push(`${i}suggest:`);
    for (const s of rule.suggest) {
      out.push(
        `${i}  - replace:`,
        `${i}      find: ${JSON.stringify(s.replace.find)}`,
        `${i}      with: ${JSON.stringify(s.replace.with)}`,
      );
    }
  }
  out.push(`${i}effort: ${rule.effort}`);
  out.push(`${i}references:`, ...rule.references.map((r) => `${i}  - ${r}`));
  if (rule.docs) out.push(`${i}docs: ${folded(rule.docs, `${i}  `)}`);
  if (rule.tests) out.push(`${i}tests:`, ...rule.tests.map((t) => `${i}  - ${scalar(t)}`));
  out.push(`${i}examples:`);
  for (const e of rule.examples) {
    out.push(`${i}  - file: ${e.file}`, `${i}    code: ${literal(e.code, `${i}      `)}`);
    out.push(`${i}    expect: [${e.expect.map((x) => `{ line: ${x.line}, column: ${x.column} }`).join(", ")}]`);
    if (e.suggested !== undefined) out.push(`${i}    suggested: ${literal(e.suggested, `${i}      `)}`);
  }
  return `${out.join("\n")}\n`;
}
