import { createRequire } from "node:module";
import abaplint from "@abaplint/core";
import type { ABAPFile } from "@abaplint/core";
import type { Fact, ParseProblem } from "../../facts.js";
import { abapConfig, abapProblems } from "./abap.js";
import { statementFacts } from "./abap-statements.js";
import { typeAwareFacts } from "./abap-types.js";
import { internalTableNames } from "./abap-declarations.js";
import { bdcForms, usesRecordingInclude } from "./abap-bdc.js";
import { ddicStubFiles, stubKinds, widenedFieldNames } from "./ddic-stubs.js";
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

interface CrossIncludeMacrosModule {
  CrossIncludeMacros: new (reg: abaplint.IRegistry) => { run(): void };
}

const require = createRequire(import.meta.url);

/**
 * Parses the batch's own objects the way `Registry.parse()` does, without resolving the global
 * class and interface definitions of the whole registry: only the type-aware pass needs those,
 * and it runs only for objects that can give its facts.
 */
function parseOwnObjects(registry: abaplint.Registry): void {
  const config = registry.getConfig();
  for (const obj of registry.getObjects()) {
    if (obj instanceof abaplint.ABAPObject && !registry.isDependency(obj)) {
      obj.parse(config.getRelease(), config.getSyntaxSetttings().globalMacros, registry, config.getLanguageVersion());
    }
  }
  const macros = require("@abaplint/core/build/src/abap/cross_include_macros.js") as CrossIncludeMacrosModule;
  new macros.CrossIncludeMacros(registry).run();
}

/**
 * One package (or part of a large one) read together: its objects' files in one abaplint registry,
 * statement facts per file, then the type-aware pass, with the project's DDIC and the S/4HANA
 * stubs, for the objects that name a field of a widened type. Runs in a worker during a scan;
 * in-process for tests.
 */
export function analyseBatch(files: readonly BatchFile[], ddic: ReadonlyArray<{ name: string; text: string }>): BatchResult[] {
  const registry = new abaplint.Registry(abapConfig());
  const kinds = stubKinds();
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
    parseOwnObjects(registry);
  });
  const objects = [...registry.getObjects()]
    .filter((o): o is abaplint.ABAPObject => o instanceof abaplint.ABAPObject && !registry.isDependency(o))
    .map((obj) => ({ obj, files: obj.getABAPFiles().filter((f) => byName.has(f.getFilename())) }))
    .filter((o) => o.files.length > 0);
  const forms = bdcForms(objects.flatMap((o) => o.files));
  const typed = typeAwarePass(registry, objects, files, ddic);
  const results: BatchResult[] = [];
  const seen = new Set<string>();
  for (const { obj, files: abapFiles } of objects) {
    const isInternalTable = internalTableNames(abapFiles, (n) => kinds.get(n) === "ttyp");
    const recordingInclude = abapFiles.some(usesRecordingInclude);
    const outcome = typed.get(obj);
    for (const file of abapFiles) {
      const source = byName.get(file.getFilename())!;
      seen.add(source.path);
      const ctx = {
        object: source.object,
        package: source.package,
        ddicKind: (n: string) => kinds.get(n),
        isInternalTable,
        bdcForms: forms,
        recordingInclude,
      };
      const facts = statementFacts(file, ctx);
      if (outcome?.spaghetti) {
        const enclosingByLine = enclosingLines(facts, source.object);
        for (const fact of typeAwareFacts(file, outcome.spaghetti, enclosingByLine)) {
          fact.detail = { ...fact.detail, object: source.object, ...(source.package ? { package: source.package } : {}) };
          facts.push(fact);
        }
      }
      const problems = abapProblems(obj, file, bounded);
      const result: BatchResult = { path: source.path, facts, problems };
      const hit = problems.find((p) => p.message.startsWith("statement too complex"));
      if (hit)
        result.unanalysed = `${source.object}: the statement at line ${hit.line} is too complex for the parser's bound; it was not analysed`;
      else if (outcome?.problem) result.unanalysed = `${source.object}: ${outcome.problem}`;
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

/**
 * The type-aware pass needs the DDIC, the stubs and abaplint's syntax logic, which is most of the
 * cost of reading ABAP; its facts are about fields of widened types (MATNR, VBTYP), so it runs
 * only for objects whose source names one of them (a cheap test on the text that can only say yes
 * too often). The project's DDIC and the stubs are added to the registry only then.
 */
function typeAwarePass(
  registry: abaplint.Registry,
  objects: ReadonlyArray<{ obj: abaplint.ABAPObject; files: ABAPFile[] }>,
  files: readonly BatchFile[],
  ddic: ReadonlyArray<{ name: string; text: string }>,
): Map<abaplint.ABAPObject, { spaghetti?: abaplint.ISpaghettiScope; problem?: string }> {
  const out = new Map<abaplint.ABAPObject, { spaghetti?: abaplint.ISpaghettiScope; problem?: string }>();
  const names = widenedFieldNames(ddic);
  const mentions = new RegExp(`(${[...names].map((n) => n.replace(/[^A-Za-z0-9_]/g, "")).join("|")})`, "i");
  const candidates = objects.filter((o) => o.files.some((f) => mentions.test(f.getRaw())));
  if (candidates.length === 0) return out;
  const own = new Set(files.map((f) => f.name));
  for (const f of ddicStubFiles()) if (!own.has(f.name)) registry.addDependency(new abaplint.MemoryFile(f.name, f.text));
  for (const f of ddic) if (!own.has(f.name)) registry.addDependency(new abaplint.MemoryFile(f.name, f.text));
  withStepBound(() => registry.parse());
  for (const { obj } of candidates) {
    try {
      const { value } = withStepBound(() => new abaplint.SyntaxLogic(registry, obj).run());
      out.set(obj, { spaghetti: value.spaghetti });
    } catch (error) {
      out.set(obj, { problem: `type-aware checks skipped: ${(error as Error).message.slice(0, 120)}` });
    }
  }
  return out;
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
