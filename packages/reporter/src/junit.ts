import { SEVERITIES, type Finding, type ScanResult, type Severity } from "@uplift/engine";
import { archiveChain, joinRoot, projectOf, scanRoot, sortedFindings, type ScanRoot } from "./ci-paths.js";
import { sharedEffortNote } from "./libraries.js";

interface TestCase {
  classname: string;
  name: string;
  file?: string;
  failures: Finding[];
  /** Findings below --fail-on: listed in the test's output, the test passes. */
  notes: Finding[];
  skipped?: string;
}

export interface JunitOptions {
  /** Findings at or above this severity are failures; the others are listed and pass. Default: the scan's own threshold, else every finding fails. */
  failOn?: Severity | "none";
}

interface TestSuite {
  name: string;
  properties: Array<[string, string]>;
  cases: TestCase[];
}

const NO_FINDINGS = "no findings";

/**
 * JUnit XML for CI test tabs: a suite per ERP version hop, a test case per file with findings in
 * that hop, a failure per finding at or above --fail-on (the ones below are listed in the test's
 * output and pass, as the exit code does). Uplift's own findings (parse errors) and the files it
 * could not analyse (skipped) go to an "uplift" suite. A clean project still shows a passing test.
 * Every test case of a suite has its own name.
 */
export function renderJunit(result: ScanResult, options: JunitOptions = {}): string {
  const root = scanRoot(result.root);
  const failOn = options.failOn ?? result.failOn ?? "low";
  const limit = failOn === "none" ? -1 : SEVERITIES.indexOf(failOn);
  const fails = (f: Finding): boolean => SEVERITIES.indexOf(f.severity) <= limit;
  const suites = buildSuites(result, root, fails);
  for (const suite of suites) uniqueNames(suite.cases);
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
  if (c.failures.length === 0 && c.notes.length === 0 && c.skipped === undefined) return [`${head}/>`];
  const lines = [`${head}>`];
  const describe = (f: Finding): string => {
    const replacement = f.replacement ? ` → ${f.replacement}` : "";
    const shared = f.library || f.translationOf ? ` (${sharedEffortNote(f)})` : "";
    return `${joinRoot(root, f.file)}:${f.line}:${f.column} ${f.severity} ${f.message}${replacement}${shared}`;
  };
  if (c.skipped !== undefined) lines.push(`      <skipped message="${attr(c.skipped)}"/>`);
  for (const f of c.failures) {
    lines.push(`      <failure message="${attr(f.message || f.title)}" type="${attr(f.ruleId)}">${text(describe(f))}</failure>`);
  }
  if (c.notes.length > 0) lines.push(`      <system-out>${text(c.notes.map(describe).join("\n"))}</system-out>`);
  lines.push("    </testcase>");
  return lines;
}

/** Two test cases of a suite never share a name: a repeated one gets its ordinal, in order. */
function uniqueNames(cases: TestCase[]): void {
  const seen = new Map<string, number>();
  const taken = new Set(cases.map((c) => c.name));
  for (const c of cases) {
    const n = (seen.get(c.name) ?? 0) + 1;
    seen.set(c.name, n);
    if (n === 1) continue;
    let k = n;
    while (taken.has(`${c.name} (${k})`)) k++;
    c.name = `${c.name} (${k})`;
    taken.add(c.name);
  }
}

function buildSuites(result: ScanResult, root: ScanRoot, fails: (f: Finding) => boolean): TestSuite[] {
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
      c = {
        classname: projectLabel(f.project),
        name: joinRoot(root, f.file),
        file: joinRoot(root, archiveChain(f.file)[0]),
        failures: [],
        notes: [],
      };
      caseFor.set(key, c);
      suite.cases.push(c);
    }
    (fails(f) ? c.failures : c.notes).push(f);
  }

  const shown = new Set<string>();
  for (const suite of hopSuites.values()) {
    if (suite.cases.length === 0) for (const p of suite.projects) suite.cases.push(passing(p));
    for (const c of suite.cases) shown.add(c.classname);
    suite.properties.push(["findings", String(suite.cases.reduce((n, c) => n + c.failures.length + c.notes.length, 0))]);
  }
  for (const u of [...result.unanalysed].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))) {
    const project = projectOf(result, u.file);
    own.cases.push({
      classname: project === undefined ? "(root)" : projectLabel(project),
      name: `${joinRoot(root, u.file)} (not analysed)`,
      file: joinRoot(root, archiveChain(u.file)[0]),
      failures: [],
      notes: [],
      skipped: `not analysed: ${u.reason}`,
    });
  }
  for (const c of own.cases) shown.add(c.classname);
  for (const p of result.projects) if (!shown.has(projectLabel(p.path))) own.cases.push(passing(p.path));
  const suites: TestSuite[] = [...hopSuites.values()].map(({ name, properties, cases }) => ({ name, properties, cases }));
  if (own.cases.length > 0 || suites.length === 0) {
    if (own.cases.length === 0) own.cases.push({ classname: "(root)", name: NO_FINDINGS, failures: [], notes: [] });
    own.properties.push(["findings", String(own.cases.reduce((n, c) => n + c.failures.length + c.notes.length, 0))]);
    suites.push(own);
  }
  return suites;
}

function passing(project: string): TestCase {
  return { classname: projectLabel(project), name: `${projectLabel(project)}: ${NO_FINDINGS}`, failures: [], notes: [] };
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
