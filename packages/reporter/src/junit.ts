import type { Finding, ScanResult } from "@uplift/engine";
import { archiveChain, joinRoot, projectOf, scanRoot, sortedFindings, type ScanRoot } from "./ci-paths.js";

interface TestCase {
  classname: string;
  name: string;
  file?: string;
  failures: Finding[];
  skipped?: string;
}

interface TestSuite {
  name: string;
  properties: Array<[string, string]>;
  cases: TestCase[];
}

const NO_FINDINGS = "no findings";

/**
 * JUnit XML for CI test tabs: a suite per ERP version hop, a test case per file with findings in
 * that hop, a failure per finding. Uplift's own findings (parse errors) and the files it could not
 * analyse (skipped) go to an "uplift" suite. A clean project still shows a passing test.
 */
export function renderJunit(result: ScanResult): string {
  const root = scanRoot(result.root);
  const suites = buildSuites(result, root);
  const count = (s: TestSuite): Counts => ({
    tests: s.cases.length,
    failures: s.cases.filter((c) => c.failures.length > 0).length,
    skipped: s.cases.filter((c) => c.skipped !== undefined).length,
  });
  const totals = suites
    .map(count)
    .reduce((a, b) => ({ tests: a.tests + b.tests, failures: a.failures + b.failures, skipped: a.skipped + b.skipped }), {
      tests: 0,
      failures: 0,
      skipped: 0,
    });
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="uplift"${countAttributes(totals)}>`];
  for (const suite of suites) {
    out.push(`  <testsuite name="${attr(suite.name)}"${countAttributes(count(suite))}>`);
    out.push("    <properties>");
    for (const [name, value] of suite.properties) out.push(`      <property name="${attr(name)}" value="${attr(value)}"/>`);
    out.push("    </properties>");
    for (const c of suite.cases) out.push(...testCase(c, root));
    out.push("  </testsuite>");
  }
  out.push("</testsuites>");
  return `${out.join("\n")}\n`;
}

interface Counts {
  tests: number;
  failures: number;
  skipped: number;
}

function countAttributes(c: Counts): string {
  return ` tests="${c.tests}" failures="${c.failures}" errors="0" skipped="${c.skipped}" time="0"`;
}

function testCase(c: TestCase, root: ScanRoot): string[] {
  const head = `    <testcase classname="${attr(c.classname)}" name="${attr(c.name)}"${c.file ? ` file="${attr(c.file)}"` : ""} time="0"`;
  if (c.failures.length === 0 && c.skipped === undefined) return [`${head}/>`];
  const lines = [`${head}>`];
  if (c.skipped !== undefined) lines.push(`      <skipped message="${attr(c.skipped)}"/>`);
  for (const f of c.failures) {
    const replacement = f.replacement ? ` → ${f.replacement}` : "";
    const body = `${joinRoot(root, f.file)}:${f.line}:${f.column} ${f.severity} ${f.message}${replacement}`;
    lines.push(`      <failure message="${attr(f.message || f.title)}" type="${attr(f.ruleId)}">${text(body)}</failure>`);
  }
  lines.push("    </testcase>");
  return lines;
}

function buildSuites(result: ScanResult, root: ScanRoot): TestSuite[] {
  const version = ["uplift.version", result.tool.version] as [string, string];
  const erpOf = new Map(result.projects.map((p) => [p.path, p.erp]));
  const hopSuites = new Map<string, TestSuite & { projects: string[] }>();
  const hopSuite = (erp: string, hop: string): TestSuite & { projects: string[] } => {
    const key = `${erp}\0${hop}`;
    let suite = hopSuites.get(key);
    if (!suite) {
      suite = { name: `uplift ${erp} ${hop}`, properties: [["erp", erp], ["hop", hop], version], cases: [], projects: [] };
      hopSuites.set(key, suite);
    }
    return suite;
  };
  for (const p of result.projects) for (const hop of p.hops) hopSuite(p.erp, hop).projects.push(p.path);

  const own: TestSuite = { name: "uplift", properties: [version], cases: [] };
  const caseFor = new Map<string, TestCase>();
  for (const f of sortedFindings(result)) {
    const erp = erpOf.get(f.project) ?? result.rules[f.ruleId]?.erp ?? "unknown";
    const suite = f.hop ? hopSuite(erp, f.hop) : own;
    const key = `${suite.name}\0${f.project}\0${f.file}`;
    let c = caseFor.get(key);
    if (!c) {
      c = { classname: projectLabel(f.project), name: joinRoot(root, f.file), file: joinRoot(root, archiveChain(f.file)[0]), failures: [] };
      caseFor.set(key, c);
      suite.cases.push(c);
    }
    c.failures.push(f);
  }

  const shown = new Set<string>();
  for (const suite of hopSuites.values()) {
    if (suite.cases.length === 0) for (const p of suite.projects) suite.cases.push(passing(p));
    for (const c of suite.cases) shown.add(c.classname);
    suite.properties.push(["findings", String(suite.cases.reduce((n, c) => n + c.failures.length, 0))]);
  }
  for (const u of [...result.unanalysed].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))) {
    const project = projectOf(result, u.file);
    own.cases.push({
      classname: project === undefined ? "(root)" : projectLabel(project),
      name: joinRoot(root, u.file),
      file: joinRoot(root, archiveChain(u.file)[0]),
      failures: [],
      skipped: `not analysed: ${u.reason}`,
    });
  }
  for (const c of own.cases) shown.add(c.classname);
  for (const p of result.projects) if (!shown.has(projectLabel(p.path))) own.cases.push(passing(p.path));
  const suites: TestSuite[] = [...hopSuites.values()].map(({ name, properties, cases }) => ({ name, properties, cases }));
  if (own.cases.length > 0 || suites.length === 0) {
    if (own.cases.length === 0) own.cases.push({ classname: "(root)", name: NO_FINDINGS, failures: [] });
    own.properties.push(["findings", String(own.cases.reduce((n, c) => n + c.failures.length, 0))]);
    suites.push(own);
  }
  return suites;
}

function passing(project: string): TestCase {
  return { classname: projectLabel(project), name: NO_FINDINGS, failures: [] };
}

function projectLabel(path: string): string {
  return path === "." || path === "" ? "(root)" : path;
}

/** Characters XML 1.0 cannot carry at all, escaped or not: C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF. */
const NOT_XML = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlText(value: string): string {
  return value.replace(NOT_XML, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#13;");
}

/** Attribute values also keep their tabs and line breaks, which parsers would otherwise turn into spaces. */
export function xmlAttribute(value: string): string {
  return xmlText(value).replace(/"/g, "&quot;").replace(/'/g, "&apos;").replace(/\t/g, "&#9;").replace(/\n/g, "&#10;");
}

const text = xmlText;
const attr = xmlAttribute;
