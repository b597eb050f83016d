import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadProfile, loadRulePack, RulePackError } from "../src/index.js";
import { compileRulePattern } from "../src/regex-safety.js";

const schemaDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../rules/schema");

const RULE = `  - id: odoo/17.0/x
    title: X
    change: removed
    severity: high
    match: { call: foo.bar }
    message: m
    replacement: r
    effort: 5m
    references: [https://example.com/vendor]
    examples:
      - { file: a.js, code: "foo.bar();", expect: [{ line: 1, column: 1 }] }
      - { file: a.js, code: "foo.baz();", expect: [] }
`;

function packFile(body: string, name = "16.0-17.0.yaml"): string {
  const dir = mkdtempSync(path.join(tmpdir(), "uplift-pack-"));
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, body);
  return file;
}

function errorOf(body: string, name?: string): string {
  try {
    loadRulePack(packFile(body, name), schemaDir, "pack.yaml");
  } catch (error) {
    expect(error).toBeInstanceOf(RulePackError);
    return (error as Error).message;
  }
  throw new Error("the pack loaded");
}

const HEAD = `erp: odoo\nfrom: "16.0"\nto: "17.0"\ntitle: t\nrules:\n`;

describe("rule patterns", () => {
  it("run in time linear in the text, even the ones a backtracking engine chokes on", () => {
    // With JavaScript's engine these take longer than the age of the universe on this input.
    const text = `getFormType${"a1".repeat(50_000)}`;
    for (const pattern of ["getFormType(\\w|\\d)+!", "(a+)+$", "(x+x+)+y"]) {
      const re = compileRulePattern(pattern);
      if (typeof re === "string") throw new Error(re);
      expect(re.test(text)).toBe(false);
    }
    const re = compileRulePattern("get(\\w+)Url", "gi");
    if (typeof re === "string") throw new Error(re);
    expect([...re.matchAll("x.getServerUrl(); GETCLIENTURL")].map((m) => [m.index, m[1]])).toEqual([
      [2, "Server"],
      [18, "CLIENT"],
    ]);
    expect(re.replaceFirst("getServerUrl", "$1!")).toBe("Server!");
    expect(compileRulePattern("x", "y")).toBe("regular expression flag 'y' is not supported (use i, m or s)");
  });
});

describe("loadRulePack", () => {
  it("loads a valid pack", () => {
    const pack = loadRulePack(packFile(HEAD + RULE), schemaDir, "pack.yaml");
    expect(pack.rules.map((r) => r.id)).toEqual(["odoo/17.0/x"]);
    expect(pack.ruleLines["odoo/17.0/x"]).toBe(6);
  });

  it("names file and line of a YAML syntax error", () => {
    expect(errorOf(`${HEAD}  - id: [unclosed\n`)).toMatch(/^pack\.yaml:7: YAML: /);
  });

  it("names file, line and field of a schema error", () => {
    expect(errorOf(HEAD + RULE.replace("severity: high", "severity: urgent"))).toBe(
      "pack.yaml:9: rules[0].severity must be one of critical, high, medium, low",
    );
    expect(errorOf(HEAD + RULE.replace("    message: m\n", ""))).toBe("pack.yaml:6: rules[0] missing required field 'message'");
    expect(errorOf(HEAD + RULE.replace("    effort: 5m", "    effort: 5m\n    colour: red"))).toBe(
      "pack.yaml:14: rules[0]: unknown field 'colour'",
    );
  });

  it("refuses duplicate ids, bad efforts, regexes RE2 cannot run, extended globs and bad XML paths", () => {
    expect(errorOf(HEAD + RULE + RULE)).toBe("pack.yaml:18: rules[1].id 'odoo/17.0/x' is used twice");
    expect(errorOf(HEAD + RULE.replace("    effort: 5m", "    effort: 5m\n    yieldsTo: [odoo/17.0/y]"))).toBe(
      "pack.yaml:14: rules[0].yieldsTo names 'odoo/17.0/y', which is not another rule of this pack",
    );
    expect(errorOf(HEAD + RULE.replace("effort: 5m", "effort: 1h-5m"))).toBe(
      "pack.yaml:13: rules[0].effort '1h-5m' is not a duration or a rising range",
    );
    expect(errorOf(HEAD + RULE.replace("match: { call: foo.bar }", 'match: { text: { pattern: "getFormType(?=x)" } }'))).toBe(
      "pack.yaml:10: rules[0].match: regular expression /getFormType(?=x)/ cannot run in linear time (RE2 syntax): invalid or unsupported Perl syntax: `(?=`; lookahead is not available: match the text itself, or use (?<!…) after it",
    );
    expect(errorOf(HEAD + RULE.replace("match: { call: foo.bar }", 'match: { text: { pattern: "(a)\\\\1" } }'))).toMatch(
      /^pack\.yaml:10: rules\[0\]\.match: .*; backreferences are not available$/,
    );
    expect(errorOf(HEAD + RULE.replace("match: { call: foo.bar }", 'match: { call: { key: foo.bar, files: ["@(a|aa)+(x)"] } }'))).toBe(
      "pack.yaml:10: rules[0].match: extended glob @(…) is not supported; list the alternatives with {a,b} or write several globs",
    );
    expect(errorOf(HEAD + RULE.replace("match: { call: foo.bar }", 'match: { element: { key: x, inside: "a[@b" } }'))).toBe(
      "pack.yaml:10: rules[0].match: '[' is not closed in 'a[@b'",
    );
    expect(errorOf(HEAD + RULE.replace("match: { call: foo.bar }", 'match: { call: "a*b" }'))).toBe(
      "pack.yaml:10: rules[0].match: key 'a*b' may hold * only at its start or end",
    );
  });

  it("requires uncertain rules to be deprecated and low", () => {
    expect(errorOf(HEAD + RULE.replace("    effort: 5m", "    effort: 5m\n    doubt: not sure"))).toBe(
      "pack.yaml:14: rules[0] states a doubt, so it must be change: deprecated and severity: low",
    );
  });

  it("requires the file name to match the hop", () => {
    expect(errorOf(HEAD + RULE, "17.0-18.0.yaml")).toBe("pack.yaml:2: a pack for 16.0 → 17.0 must be named 16.0-17.0.yaml");
  });
});

describe("suggestions and per-file versions in packs and profiles", () => {
  it("checks a suggestion's pattern like a fix's", () => {
    const suggestion = '    suggest: { replace: { find: "(a)\\\\1", with: "b" } }\n';
    expect(errorOf(HEAD + RULE.replace("    effort: 5m\n", `${suggestion}    effort: 5m\n`))).toBe(
      "pack.yaml:13: rules[0].suggest: regular expression /(a)\\1/ cannot run in linear time (RE2 syntax): invalid escape sequence: `\\1`; backreferences are not available",
    );
  });

  function profileError(body: string): string {
    const dir = mkdtempSync(path.join(tmpdir(), "uplift-profile-"));
    const file = path.join(dir, "profile.yaml");
    writeFileSync(file, body);
    try {
      loadProfile(file, schemaDir, "profile.yaml");
    } catch (error) {
      expect(error).toBeInstanceOf(RulePackError);
      return (error as Error).message;
    }
    throw new Error("the profile loaded");
  }
  const PROFILE = 'erp: x\nname: X\nversions: ["1.0", "2.0"]\ndetect:\n  - file: m.xml\nfileVersion:\n';

  it("refuses a namespace root without a call to read the namespace from", () => {
    const detect = 'erp: x\nname: X\nversions: ["1.0", "2.0"]\ndetect:\n  - file: library.js\n';
    expect(profileError(`${detect}    requires: /sap.app\n    namespace: name\n`)).toBe(
      "profile.yaml:7: detect namespace needs requires naming a call, written name()",
    );
    expect(profileError(`${detect}    namespace: name\n`)).toBe(
      "profile.yaml:6: detect namespace needs requires naming a call, written name()",
    );
  });

  it("refuses per-file version rules that name an unknown version or two fact kinds", () => {
    expect(profileError(`${PROFILE}  - global: "nlapi*"\n    version: "3.0"\n`)).toBe(
      "profile.yaml:7: fileVersion version '3.0' is not one of versions",
    );
    expect(profileError(`${PROFILE}  - global: "nlapi*"\n    tag: "@V"\n`)).toBe(
      "profile.yaml:7: fileVersion entry needs exactly one of tag, global, call, module",
    );
    expect(profileError(`${PROFILE}  - tag: "@V"\n    pattern: "(\\\\d)(?=\\\\.)"\n`)).toBe(
      "profile.yaml:7: regular expression /(\\d)(?=\\.)/ cannot run in linear time (RE2 syntax): invalid or unsupported Perl syntax: `(?=`; lookahead is not available: match the text itself, or use (?<!…) after it",
    );
  });
});
