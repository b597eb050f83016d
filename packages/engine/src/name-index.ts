import { readFileSync } from "node:fs";
import path from "node:path";
import { RulePackError } from "./errors.js";
import type { IndexChange, IndexTest, NameIndex, NameIndexEntry } from "./rule-types.js";
import { firstSchemaProblem, schemaValidator } from "./schema-check.js";
import { readYaml } from "./yaml-source.js";

/**
 * Reads a pack's name index: JSON checked against `name-index.schema.json`, then what a schema
 * cannot say (unique keys, sources that exist, the version of the pack). Errors name file and line.
 */
export function loadNameIndex(file: string, schemaDir: string, display: string, version: string): NameIndex {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new RulePackError(display, undefined, `cannot read the name index (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new RulePackError(display, undefined, `not JSON: ${(error as Error).message}`);
  }
  const lineOf = (at: Array<string | number>): number | undefined => {
    const parsed = readYaml(text);
    return parsed.ok ? parsed.source.lineOf(at) : undefined;
  };
  const validate = schemaValidator(path.join(schemaDir, "name-index.schema.json"));
  if (!validate(data)) {
    const parsed = readYaml(text);
    const problem = parsed.ok ? firstSchemaProblem(validate.errors ?? [], parsed.source) : { line: undefined, message: "is invalid" };
    throw new RulePackError(display, problem.line, problem.message);
  }
  const index = data as Omit<NameIndex, "file">;
  if (index.version !== version)
    throw new RulePackError(display, lineOf(["version"]), `version '${index.version}' is not the pack's '${version}'`);
  const seen = new Set<string>();
  index.entries.forEach((entry, i) => {
    if (seen.has(entry.key))
      throw new RulePackError(display, lineOf(["entries", i, "key"]), `entries[${i}].key '${entry.key}' is listed twice`);
    seen.add(entry.key);
    for (const s of entry.sources) {
      if (s >= index.sources.length)
        throw new RulePackError(display, lineOf(["entries", i, "sources"]), `entries[${i}] names source ${s}, which does not exist`);
    }
    if (entry.change !== "removed" && !entry.to) {
      throw new RulePackError(display, lineOf(["entries", i]), `entries[${i}] is ${entry.change} but does not say to what`);
    }
  });
  return { erp: index.erp, version: index.version, sources: index.sources, entries: index.entries, file: display };
}

/** The pack-relative path of an index, resolved against the pack file. */
export function indexPath(packFile: string, index: string): string {
  return path.resolve(path.dirname(packFile), index);
}

/** The entries of an index an `index:` condition selects. */
export function selectEntries(index: NameIndex, test: IndexTest): NameIndexEntry[] {
  const changes = new Set<IndexChange>(test.change === undefined ? ["removed", "renamed", "merged"] : [test.change].flat());
  const uncertain = test.uncertain ?? false;
  return index.entries.filter(
    (e) => changes.has(e.change) && (e.uncertain ?? false) === uncertain && (test.exact === undefined || (e.exact ?? false) === test.exact),
  );
}

/** What a finding's message may quote of the entry it came from. */
export function entryValues(entry: NameIndexEntry): Record<string, string> {
  const bare = (key: string): string => key.slice(key.indexOf(":") + 1);
  const name = entry.name ?? bare(entry.key);
  const to = entry.toName ?? (entry.to ? bare(entry.to) : "");
  const values: Record<string, string> = { name, to, short: lastPart(entry.key, name), toShort: entry.to ? lastPart(entry.to, to) : "" };
  // `{hint}` is empty or a sentence of its own, so a message may end with it.
  values.hint = entry.note ? ` ${entry.note[0]!.toUpperCase()}${entry.note.slice(1)}.` : "";
  if (entry.module) values.module = entry.module;
  return values;
}

/** A field's own name (`groups_id` of `res.users.groups_id`); any other name whole. */
function lastPart(key: string, name: string): string {
  return key.startsWith("field:") ? name.slice(name.lastIndexOf(".") + 1) : name;
}

/** Fills `{name}`-style placeholders; unknown ones stay as written. */
export function fillPlaceholders(text: string, values: Record<string, string> | undefined, escape?: (s: string) => string): string {
  if (!values) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = values[name];
    if (v === undefined) return whole;
    return escape ? escape(v) : v;
  });
}
