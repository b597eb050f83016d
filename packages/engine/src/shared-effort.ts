import { irrelevantKind } from "@uplift/core";
import { cmp, type Finding } from "./result.js";

// Findings whose work is done once for many of them: a bundled library's (upgrade or replace it,
// once) and a translation's copy of a source string's finding (fix the string, the translation
// follows). They stay listed; the effort is counted once.

/** Upgrading or replacing one bundled library: at most this much, however many of its lines the rules hit. */
export const LIBRARY_EFFORT = { min: 120, max: 480 };

/**
 * Per project, library and version, the first finding carries the library's effort (its
 * findings' estimates together, up to {@link LIBRARY_EFFORT}) and the others none. Findings
 * related to another at the same place count nothing already. Run again, it gives the same.
 */
export function countLibrariesOnce(findings: readonly Finding[]): void {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!f.library || f.relatedTo) continue;
    const key = `${f.project}\0${f.library.name}\0${f.library.version ?? ""}`;
    const group = groups.get(key);
    if (group) group.push(f);
    else groups.set(key, [f]);
  }
  for (const group of groups.values()) {
    let min = 0;
    let max = 0;
    for (const f of group) {
      min += f.effortMinutes;
      max += Math.max(f.effortMaxMinutes, f.effortMinutes);
    }
    group.forEach((f, i) => {
      f.effortMinutes = i === 0 ? Math.min(min, LIBRARY_EFFORT.min) : 0;
      f.effortMaxMinutes = i === 0 ? Math.min(max, LIBRARY_EFFORT.max) : 0;
    });
  }
}

/** A translation table's row split into its fields (CSV with quotes, `""` or `\"` inside them). */
export function csvFields(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    let value = "";
    if (line[i] === '"') {
      i++;
      while (i < line.length) {
        const c = line[i]!;
        if (c === "\\" && i + 1 < line.length) {
          value += line[i + 1];
          i += 2;
        } else if (c === '"' && line[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (c === '"') {
          i++;
          break;
        } else {
          value += c;
          i++;
        }
      }
      const comma = line.indexOf(",", i);
      i = comma < 0 ? line.length + 1 : comma + 1;
    } else {
      const comma = line.indexOf(",", i);
      value = line.slice(i, comma < 0 ? line.length : comma);
      i = comma < 0 ? line.length + 1 : comma + 1;
    }
    fields.push(value);
  }
  return fields;
}

/** Text as a comparison sees it: escapes undone, and either kind of quote the same, as string literals in code and CSV write them. */
function plain(text: string): string {
  return text.replace(/\\(.)/g, "$1").replace(/'/g, '"');
}

/**
 * Marks a finding in a translation table (`translations/de.csv`, by core's one list of
 * translation files) as a copy when a field of its row (the source text) stands, unchanged, in the
 * line of a finding of the same rule in the project's code: fixing that string fixes its
 * translations. Its effort becomes 0 and it names that finding. A row cut short in the snippet
 * keeps only its whole fields; a translation matched by no code finding keeps its effort.
 */
export function markTranslationCopies(findings: readonly Finding[]): void {
  const sources = new Map<string, Array<{ file: string; line: number; text: string }>>();
  for (const f of findings) {
    if (irrelevantKind(f.file) === "translation") continue;
    const key = `${f.project}\0${f.ruleId}`;
    const list = sources.get(key) ?? [];
    list.push({ file: f.file, line: f.line, text: plain(f.snippet.endsWith("…") ? f.snippet.slice(0, -1) : f.snippet) });
    sources.set(key, list);
  }
  for (const f of findings) {
    if (irrelevantKind(f.file) !== "translation" || !f.file.toLowerCase().endsWith(".csv")) continue;
    const candidates = sources.get(`${f.project}\0${f.ruleId}`);
    if (!candidates) continue;
    const row = f.snippet.endsWith("…") ? f.snippet.slice(0, -1) : f.snippet;
    const fields = csvFields(row);
    if (f.snippet.endsWith("…")) fields.pop();
    const source = fields
      .map(plain)
      .filter((text) => text.trim().length >= 8)
      .flatMap((text) => candidates.filter((c) => c.text.includes(text)))
      .sort((a, b) => cmp(a.file, b.file) || a.line - b.line)[0];
    if (!source) continue;
    f.translationOf = { file: source.file, line: source.line };
    f.effortMinutes = 0;
    f.effortMaxMinutes = 0;
  }
}
