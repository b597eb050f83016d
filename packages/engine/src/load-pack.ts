import path from "node:path";
import { readRegularFileSync } from "@uplift/core";
import { RulePackError } from "./errors.js";
import { parseEffort } from "./effort.js";
import { compileMatch } from "./compile.js";
import { compileRulePattern } from "./regex-safety.js";
import { suggestionsOf } from "./fixes.js";
import type { DetectRule, Match, NameIndex, Profile, Rule, RulePack, VersionSource } from "./rule-types.js";
import { indexPath, loadNameIndex } from "./name-index.js";
import { firstSchemaProblem, schemaValidator } from "./schema-check.js";
import { readYaml, type YamlSource } from "./yaml-source.js";

/** A pack or profile past this is not one: refused rather than read. */
const MAX_PACK_BYTES = 16 * 1024 * 1024;

export function readYamlFile(file: string, display: string): YamlSource {
  let text: string;
  try {
    text = readRegularFileSync(file, { maxBytes: MAX_PACK_BYTES, followLinks: true }).toString("utf8");
  } catch (error) {
    throw new RulePackError(display, undefined, `cannot read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  const parsed = readYaml(text);
  if (!parsed.ok) throw new RulePackError(display, parsed.problem.line, `YAML: ${parsed.problem.message}`);
  return parsed.source;
}

/**
 * Loads one rule pack: YAML, then the JSON Schema, then what a schema cannot say (unique ids,
 * safe regexes, efforts, the hop matching the file name). Every error names file:line and field.
 */
export function loadRulePack(file: string, schemaDir: string, display = file): RulePack {
  const source = readYamlFile(file, display);
  const validate = schemaValidator(path.join(schemaDir, "rule-pack.schema.json"));
  if (!validate(source.data)) {
    const problem = firstSchemaProblem(validate.errors ?? [], source);
    throw new RulePackError(display, problem.line, problem.message);
  }
  const data = source.data as Omit<RulePack, "source" | "ruleLines">;
  const fail = (at: Array<string | number>, message: string): never => {
    throw new RulePackError(display, source.lineOf(at), message);
  };
  const expectedName = `${data.from}-${data.to}.yaml`;
  if (path.basename(file) !== expectedName && !path.basename(file).startsWith(`${data.from}-${data.to}.`)) {
    fail(["from"], `a pack for ${data.from} → ${data.to} must be named ${expectedName}`);
  }
  let nameIndex: NameIndex | undefined;
  if (data.index) {
    const indexFile = indexPath(file, data.index);
    const shown = path.relative(process.cwd(), indexFile).split(path.sep).join("/") || indexFile;
    nameIndex = loadNameIndex(indexFile, schemaDir, shown, data.to);
    if (nameIndex.erp !== data.erp) fail(["index"], `the name index is for '${nameIndex.erp}', not '${data.erp}'`);
  }
  const ruleLines: Record<string, number> = {};
  data.rules.forEach((rule: Rule, i) => {
    if (ruleLines[rule.id] !== undefined) fail(["rules", i, "id"], `rules[${i}].id '${rule.id}' is used twice`);
    ruleLines[rule.id] = source.lineOf(["rules", i]) ?? 1;
    if (!rule.id.startsWith(`${data.erp}/`)) fail(["rules", i, "id"], `rules[${i}].id must start with '${data.erp}/'`);
    if (!parseEffort(rule.effort)) fail(["rules", i, "effort"], `rules[${i}].effort '${rule.effort}' is not a duration or a rising range`);
    checkPatterns(rule.match, (at, message) => fail(["rules", i, "match", ...at], `rules[${i}].match: ${message}`));
    if (!nameIndex && usesIndex(rule.match))
      fail(["rules", i, "match"], `rules[${i}].match looks names up in the index, but the pack names no index`);
    const compiled = compileMatch(rule.match, nameIndex);
    if (typeof compiled === "string") fail(["rules", i, "match"], `rules[${i}].match: ${compiled}`);
    if (rule.fix?.requires) {
      const requires = compileMatch(rule.fix.requires);
      if (typeof requires === "string") fail(["rules", i, "fix", "requires"], `rules[${i}].fix.requires: ${requires}`);
    }
    if (rule.fix?.replace) {
      const re = compileRulePattern(rule.fix.replace.find);
      if (typeof re === "string") fail(["rules", i, "fix"], `rules[${i}].fix: ${re}`);
    }
    for (const s of suggestionsOf(rule)) {
      if (!s.replace) continue;
      const re = compileRulePattern(s.replace.find);
      if (typeof re === "string") fail(["rules", i, "suggest"], `rules[${i}].suggest: ${re}`);
    }
    for (const other of rule.yieldsTo ?? []) {
      if (other === rule.id || !data.rules.some((r: Rule) => r.id === other))
        fail(["rules", i, "yieldsTo"], `rules[${i}].yieldsTo names '${other}', which is not another rule of this pack`);
    }
    if (rule.doubt && (rule.severity !== "low" || rule.change !== "deprecated")) {
      fail(["rules", i, "doubt"], `rules[${i}] states a doubt, so it must be change: deprecated and severity: low`);
    }
  });
  const pack: RulePack = { ...data, source: display, ruleLines };
  if (nameIndex) pack.nameIndex = nameIndex;
  return pack;
}

function usesIndex(match: Match): boolean {
  if (match.any) return match.any.some(usesIndex);
  return Object.values(match).some(
    (spec) => typeof spec === "object" && spec !== null && "where" in spec && spec.where?.index !== undefined,
  );
}

function checkPatterns(match: Match, fail: (at: Array<string | number>, message: string) => never): void {
  if (match.any) {
    match.any.forEach((m, i) => checkPatterns(m, (at, msg) => fail(["any", i, ...at], msg)));
    return;
  }
  if (match.text) {
    const re = compileRulePattern(match.text.pattern, match.text.flags);
    if (typeof re === "string") fail(["text", "pattern"], re);
    return;
  }
  for (const [kind, spec] of Object.entries(match)) {
    if (typeof spec !== "object" || spec === null || Array.isArray(spec)) continue;
    const where = (spec as { where?: Record<string, unknown> }).where;
    const tests: Array<[string, unknown]> = [];
    if (where?.value && typeof where.value === "object") tests.push(["value", where.value]);
    for (const [name, t] of Object.entries((where?.attributes as Record<string, unknown>) ?? {})) tests.push([`attributes.${name}`, t]);
    for (const [name, t] of Object.entries((where?.detail as Record<string, unknown>) ?? {})) tests.push([`detail.${name}`, t]);
    const arg = where?.argument as { value?: unknown; path?: unknown } | undefined;
    if (arg?.value) tests.push(["argument.value", arg.value]);
    if (arg?.path) tests.push(["argument.path", arg.path]);
    for (const [name, t] of Object.entries((arg as { properties?: Record<string, unknown> } | undefined)?.properties ?? {})) {
      tests.push([`argument.properties.${name}`, t]);
    }
    for (const [name, t] of tests) {
      if (!t || typeof t !== "object") continue;
      for (const key of ["matches", "notMatches"] as const) {
        const p = (t as Record<string, unknown>)[key];
        if (typeof p !== "string") continue;
        const re = compileRulePattern(p);
        if (typeof re === "string") fail([kind, "where"], `where.${name}.${key}: ${re}`);
      }
    }
  }
}

const FILE_VERSION_KINDS = ["tag", "global", "call", "module"] as const;

export function loadProfile(file: string, schemaDir: string, display = file): Profile {
  const source = readYamlFile(file, display);
  const validate = schemaValidator(path.join(schemaDir, "profile.schema.json"));
  if (!validate(source.data)) {
    const problem = firstSchemaProblem(validate.errors ?? [], source);
    throw new RulePackError(display, problem.line, problem.message);
  }
  const profile = { ...(source.data as Omit<Profile, "source">), source: display };
  for (const key of ["defaultFrom", "defaultTo"] as const) {
    const v = profile[key];
    if (v !== undefined && !profile.versions.includes(v)) {
      throw new RulePackError(display, source.lineOf([key]), `${key} '${v}' is not one of versions`);
    }
  }
  profile.detect.forEach((d, i) => {
    if (d.namespace !== undefined && ![d.requires ?? []].flat().some((r) => r.endsWith("()"))) {
      throw new RulePackError(
        display,
        source.lineOf(["detect", i, "namespace"]),
        "detect namespace needs requires naming a call, written name()",
      );
    }
    for (const v of versionSources(d)) {
      for (const [pattern, flags] of [
        [v.pattern, ""],
        [v.text, v.flags ?? ""],
      ] as const) {
        if (pattern === undefined) continue;
        const re = compileRulePattern(pattern, flags);
        if (typeof re === "string") throw new RulePackError(display, source.lineOf(["detect", i, "version"]), re);
      }
    }
  });
  profile.fileVersion?.forEach((rule, i) => {
    const at = source.lineOf(["fileVersion", i]);
    if (rule.version !== undefined && !profile.versions.includes(rule.version)) {
      throw new RulePackError(display, at, `fileVersion version '${rule.version}' is not one of versions`);
    }
    if (rule.pattern !== undefined) {
      const re = compileRulePattern(rule.pattern);
      if (typeof re === "string") throw new RulePackError(display, at, re);
    }
    if (FILE_VERSION_KINDS.filter((k) => rule[k] !== undefined).length !== 1) {
      throw new RulePackError(display, at, `fileVersion entry needs exactly one of ${FILE_VERSION_KINDS.join(", ")}`);
    }
  });
  return profile;
}

/** The places a detect rule looks for the version, in order. */
export function versionSources(rule: DetectRule): VersionSource[] {
  return rule.version === undefined ? [] : Array.isArray(rule.version) ? rule.version : [rule.version];
}
