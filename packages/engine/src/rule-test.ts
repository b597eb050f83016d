import { Declarations, extractFacts, languageOf, prepareLanguage, type DeclarationMap } from "@uplift/core";
import { bindFiles } from "./bind/bind.js";
import { compileRuleOrThrow } from "./compile.js";
import { embeddedFiles, hostView, matchEmbedded } from "./embedded-findings.js";
import { fixFile } from "./fixes.js";
import { matchFile } from "./match-file.js";
import { deriveRefs } from "./refs/index.js";
import type { Hop } from "./plan.js";
import { refinerFor } from "./refine/index.js";
import { RuleIndex, wordsOf } from "./rule-index.js";
import type { Rule, RuleExample, RulePack } from "./rule-types.js";

export interface ExampleFailure {
  ruleId: string;
  example: number;
  file: string;
  /** Where in the pack the rule stands. */
  source: string;
  line: number;
  message: string;
}

export interface RuleTestReport {
  rules: number;
  examples: number;
  failures: ExampleFailure[];
}

const pos = (p: { line: number; column?: number }): string => `${p.line}:${p.column ?? "*"}`;

/**
 * Runs every example of every rule, as ESLint's rule tester does: each example gives exactly the
 * findings it expects, at the positions it names; every rule has at least one example that fires
 * and one that must stay silent.
 */
export async function testRulePack(pack: RulePack, declarationMaps: readonly DeclarationMap[] = []): Promise<RuleTestReport> {
  const hop: Hop = { from: pack.from, to: pack.to, label: `${pack.from}-${pack.to}`, pack };
  const declarations = new Declarations(declarationMaps);
  const vendorModules = new Set(declarationMaps.flatMap((m) => Object.keys(m.modules)));
  const failures: ExampleFailure[] = [];
  let examples = 0;
  for (const example of pack.rules.flatMap((r) => r.examples)) {
    const language = languageOf(example.file);
    if (language) await prepareLanguage(language);
  }
  for (const rule of pack.rules) {
    const fail = (example: number, file: string, message: string): void => {
      failures.push({ ruleId: rule.id, example, file, source: pack.source, line: pack.ruleLines[rule.id] ?? 1, message });
    };
    if (!rule.examples.some((e) => e.expect.length > 0)) fail(-1, "", "has no example that expects a finding");
    if (!rule.examples.some((e) => e.expect.length === 0)) fail(-1, "", "has no example that expects no finding");
    const codes = new Set<string>();
    rule.examples.forEach((example, i) => {
      examples++;
      const key = `${example.file}\0${example.code}`;
      if (codes.has(key)) fail(i, example.file, "repeats an earlier example");
      codes.add(key);
      const message = runExample(rule, hop, example, declarations, vendorModules, pack.erp);
      if (message) fail(i, example.file, message);
    });
  }
  return { rules: pack.rules.length, examples, failures };
}

function runExample(
  rule: Rule,
  hop: Hop,
  example: RuleExample,
  declarations: Declarations,
  vendorModules: ReadonlySet<string>,
  erp: string,
): string | undefined {
  const language = languageOf(example.file);
  if (!language) return `no adapter reads '${example.file}'`;
  const file = { path: example.file, language, text: example.code };
  const index = new RuleIndex();
  index.add({ rule, hop }, compileRuleOrThrow(rule, hop.pack?.nameIndex));
  // A rule that yields to others is tried with them, so that an example shows where it gives way.
  for (const other of hop.pack?.rules.filter((r) => rule.yieldsTo?.includes(r.id)) ?? []) {
    index.add({ rule: other, hop }, compileRuleOrThrow(other, hop.pack?.nameIndex));
  }
  const raw = extractFacts(file);
  const problem = raw.problems[0];
  if (problem) return `example does not parse: ${problem.message} at ${problem.line}:${problem.column}`;
  // The example is a project of one file: its values are bound and typed as in a scan, then refined by its ERP.
  bindFiles([{ file, extracted: raw }], { declarationsOf: () => declarations, isVendorModule: (s) => vendorModules.has(s), seeds: [] });
  const extracted = refinerFor(erp)?.(file, raw) ?? raw;
  const refs = deriveRefs(hop.pack?.erp ?? "", file, extracted);
  const all = matchFile(file, hostView(extracted), index, { projectPath: example.file }, ".", wordsOf(file.text), refs);
  for (const embedded of embeddedFiles(file, extracted)) {
    all.push(...matchEmbedded(embedded, extracted, index, { projectPath: embedded.source.path }, ".").kept);
  }
  const found = all.filter((f) => f.ruleId === rule.id);
  const embeddedProblem = (extracted.embedded ?? []).flatMap((e) => e.problems)[0];
  if (embeddedProblem)
    return `embedded code does not parse: ${embeddedProblem.message} at ${embeddedProblem.line}:${embeddedProblem.column}`;
  // ABAP and CDS are read with their project, never prefiltered: their keys are upper case and types need not be spelled.
  if (
    example.expect.length > 0 &&
    language !== "abap" &&
    language !== "cds" &&
    !index.mayMatch(wordsOf(example.code, language === "html"))
  ) {
    return "the prefilter would skip this example: the code does not contain the rule's needle";
  }
  if (example.output !== undefined) {
    const fixed = fixFile(file, found);
    if (fixed.refused) return `the fix was refused: ${fixed.refused}`;
    if (fixed.after !== example.output) return `the fix gives:\n${fixed.after}\nexpected:\n${example.output}`;
  } else if (rule.fix && example.expect.length > 0) {
    return "the rule has a fix, so an example that fires must give its output";
  }
  if (example.suggested !== undefined) {
    const proposed = fixFile(file, found, "suggestion");
    if (proposed.refused) return `the suggestion was refused: ${proposed.refused}`;
    if (proposed.after !== example.suggested) return `the suggestion gives:\n${proposed.after}\nexpected:\n${example.suggested}`;
  } else if (rule.suggest && example.expect.length > 0 && found.some((f) => f.suggestion)) {
    return "the rule's suggestion applies here, so the example must give what it suggests (suggested:)";
  }
  const want = [...example.expect].sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
  const got = found
    .map((f) => ({ line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn }))
    .sort((a, b) => a.line - b.line || a.column - b.column);
  const describe = (list: Array<{ line: number; column?: number }>): string => (list.length === 0 ? "none" : list.map(pos).join(", "));
  if (got.length !== want.length) return `expected ${describe(want)}, found ${describe(got)}`;
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    const same =
      w.line === g.line &&
      (w.column === undefined || w.column === g.column) &&
      (w.endLine === undefined || w.endLine === g.endLine) &&
      (w.endColumn === undefined || w.endColumn === g.endColumn);
    if (!same) return `expected ${describe(want)}, found ${describe(got)}`;
  }
  return undefined;
}
