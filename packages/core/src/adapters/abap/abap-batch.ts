import abaplint from "@abaplint/core";
import type { Fact, ParseProblem } from "../../facts.js";
import { abapConfig, abapProblems } from "./abap.js";
import { statementFacts } from "./abap-statements.js";
import { typeAwareFacts } from "./abap-types.js";
import { ddicStubFiles, stubKinds } from "./ddic-stubs.js";
import { withStepBound } from "./parse-bound.js";

/** One file of a batch: its path in the scan, the name abaplint reads it by, its object and package. */
export interface BatchFile {
  path: string;
  name: string;
  text: string;
  object: string;
  package?: string;
}

/** What a batch sends back for each ABAP source file. */
export interface BatchResult {
  path: string;
  facts: Fact[];
  problems: ParseProblem[];
  /** Why the object was not (fully) analysed, when it was not. */
  unanalysed?: string;
}

/**
 * One package (or part of a large one) read together: its objects' files and the project's DDIC
 * in one abaplint registry with the S/4HANA stubs, statement facts per file, then the type-aware
 * pass per object. Runs in a worker during a scan; in-process for tests.
 */
export function analyseBatch(files: readonly BatchFile[], ddic: ReadonlyArray<{ name: string; text: string }>): BatchResult[] {
  const registry = new abaplint.Registry(abapConfig());
  const kinds = stubKinds();
  for (const f of ddicStubFiles()) registry.addDependency(new abaplint.MemoryFile(f.name, f.text));
  const own = new Set(files.map((f) => f.name));
  for (const f of ddic) {
    if (own.has(f.name)) continue;
    registry.addDependency(new abaplint.MemoryFile(f.name, f.text));
  }
  for (const f of [...ddic, ...files]) {
    const m = /^([^.]+)\.(dtel|tabl|ttyp|view)\.xml$/.exec(f.name);
    if (m) kinds.set(m[1]!.replace(/#/g, "/").toUpperCase(), tabKind(m[2]!, f.text));
  }
  const byName = new Map(files.map((f) => [f.name, f]));
  const { bounded } = withStepBound(() => {
    for (const f of files) {
      try {
        registry.addFile(new abaplint.MemoryFile(f.name, f.text));
      } catch {
        // A file abaplint refuses (a duplicate name) is reported below as not analysed.
      }
    }
    registry.parse();
  });
  const results: BatchResult[] = [];
  const seen = new Set<string>();
  for (const obj of registry.getObjects()) {
    if (registry.isDependency(obj) || !(obj instanceof abaplint.ABAPObject)) continue;
    const abapFiles = obj.getABAPFiles().filter((f) => byName.has(f.getFilename()));
    if (abapFiles.length === 0) continue;
    let spaghetti: abaplint.ISpaghettiScope | undefined;
    let typeProblem: string | undefined;
    try {
      const { value } = withStepBound(() => new abaplint.SyntaxLogic(registry, obj).run());
      spaghetti = value.spaghetti;
    } catch (error) {
      typeProblem = `type-aware checks skipped: ${(error as Error).message.slice(0, 120)}`;
    }
    for (const file of abapFiles) {
      const source = byName.get(file.getFilename())!;
      seen.add(source.path);
      const ctx = { object: source.object, package: source.package, ddicKind: (n: string) => kinds.get(n) };
      const facts = statementFacts(file, ctx);
      const enclosingByLine = enclosingLines(facts, source.object);
      if (spaghetti) {
        for (const fact of typeAwareFacts(file, spaghetti, enclosingByLine)) {
          fact.detail = { ...fact.detail, object: source.object, ...(source.package ? { package: source.package } : {}) };
          facts.push(fact);
        }
      }
      const problems = abapProblems(obj, file, bounded);
      const result: BatchResult = { path: source.path, facts, problems };
      const hit = problems.find((p) => p.message.startsWith("statement too complex"));
      if (hit)
        result.unanalysed = `${source.object}: the statement at line ${hit.line} is too complex for the parser's bound; it was not analysed`;
      else if (typeProblem) result.unanalysed = `${source.object}: ${typeProblem}`;
      results.push(result);
    }
  }
  for (const f of files) {
    if (seen.has(f.path) || !/\.abap$/.test(f.name)) continue;
    results.push({
      path: f.path,
      facts: [],
      problems: [],
      unanalysed: `${f.object}: abaplint did not read this file as part of an object`,
    });
  }
  return results;
}

function tabKind(type: string, text: string): string {
  if (type === "dtel") return "dtel";
  if (type === "ttyp") return "ttyp";
  if (type === "view") return "view";
  return /<TABCLASS>INTTAB<\/TABCLASS>/.test(text) ? "struct" : "table";
}

/** Facts found by the type-aware pass stand in the function module their line is in. */
function enclosingLines(facts: readonly Fact[], object: string): (line: number) => string {
  const starts = facts.filter((f) => f.enclosing && f.enclosing !== object).map((f) => [f.span.line, f.enclosing!] as const);
  return (line) => {
    let best = object;
    for (const [l, e] of starts) if (l <= line) best = e;
    return best;
  };
}
