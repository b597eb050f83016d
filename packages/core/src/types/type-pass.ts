import { existsSync } from "node:fs";
import path from "node:path";
import type { Project, ts as TS } from "ts-morph";
import type { Fact } from "../facts.js";
import { loadTsMorph, SymbolNames } from "./ts-names.js";

/** One file whose member and call facts the type checker should resolve. */
export interface TypeRequest {
  /** Where the file is on disk (or, for an archive member, a path under the archive's folder). */
  absolutePath: string;
  text: string;
  facts: Fact[];
}

/** One TypeScript program: a project's tsconfig.json, or one inferred with the vendor's typings. */
export interface TypeProgramOptions {
  tsconfig?: string;
  /** Declaration files (absolute paths) given to an inferred program. */
  typings: readonly string[];
}

export interface TypePassResult {
  /** Fact → the declared symbol its value has. */
  symbols: Map<Fact, string>;
  /** Facts whose value the checker found declared by the project itself: never the vendor's. */
  own: Set<Fact>;
  files: number;
  /** Milliseconds to load the compiler, build the program and resolve. */
  loadMs: number;
  programMs: number;
  resolveMs: number;
}

/**
 * Resolves facts to declared symbols with the TypeScript checker (through ts-morph), for
 * TypeScript files and JavaScript with JSDoc types. A program is built only when a file needs it
 * and holds only the files that need it (and what they import); the compiler itself is loaded on
 * first use. Only symbols declared outside the project (its typings, node_modules) are kept: the
 * project's own classes are never the vendor's.
 */
export async function resolveWithTypes(requests: readonly TypeRequest[], options: TypeProgramOptions): Promise<TypePassResult> {
  const t0 = performance.now();
  const morph = await loadTsMorph();
  const ts = morph.ts;
  const t1 = performance.now();
  const project = createProject(morph, options);
  // A tsconfig's ambient declarations (global .d.ts files it includes) type every file; its other
  // sources are read only when a file that needs types imports them.
  if (options.tsconfig) {
    for (const file of project.getCompilerOptions() && configFiles(morph, options.tsconfig)) {
      if (file.endsWith(".d.ts") && !project.getSourceFile(file)) project.addSourceFileAtPathIfExists(file);
    }
  }
  const sources = requests.map((r) => project.createSourceFile(r.absolutePath, r.text, { overwrite: true }));
  project.resolveSourceFileDependencies();
  // The vendor's typings, unless the project brings its own copy of the same package.
  const loaded = project.getSourceFiles().map((f) => f.getFilePath().replace(/\\/g, "/"));
  for (const typing of options.typings) {
    const tail = typing.replace(/\\/g, "/").split("/node_modules/").pop() ?? typing;
    if (existsSync(typing) && !loaded.some((f) => f.endsWith(`/${tail}`))) project.addSourceFileAtPath(typing);
  }
  const checker = project.getTypeChecker().compilerObject;
  const program = project.getProgram().compilerObject;
  const t2 = performance.now();
  const names = new SymbolNames(ts, checker);
  const projectFiles = new Set(requests.map((r) => path.resolve(r.absolutePath)));
  // Vendor declarations are declaration files (the typings given, node_modules, or a project's own
  // copy of generated typings); what the project's source files declare is its own.
  const isVendor = (symbol: TS.Symbol): boolean =>
    (symbol.declarations ?? []).some((d) => {
      const file = d.getSourceFile();
      return !projectFiles.has(path.resolve(file.fileName)) && (file.isDeclarationFile || program.isSourceFileFromExternalLibrary(file));
    });
  const symbols = new Map<Fact, string>();
  const own = new Set<Fact>();
  requests.forEach((request, i) => {
    const sf = sources[i]!.compilerNode;
    const nodes = indexNodes(ts, sf);
    for (const fact of request.facts) {
      let node: TS.Node | undefined;
      try {
        const start = sf.getPositionOfLineAndCharacter(fact.span.line - 1, fact.span.column - 1);
        const end = sf.getPositionOfLineAndCharacter(fact.span.endLine - 1, fact.span.endColumn - 1);
        node = nodes.get(`${start}:${end}`);
      } catch {
        continue;
      }
      if (!node) continue;
      const symbol = symbolOf(ts, checker, names, node, isVendor);
      if (symbol === OWN) own.add(fact);
      else if (symbol !== undefined) symbols.set(fact, symbol);
    }
  });
  const t3 = performance.now();
  return { symbols, own, files: requests.length, loadMs: t1 - t0, programMs: t2 - t1, resolveMs: t3 - t2 };
}

function createProject(morph: typeof import("ts-morph"), options: TypeProgramOptions): Project {
  const ts = morph.ts;
  if (options.tsconfig && existsSync(options.tsconfig)) {
    return new morph.Project({
      tsConfigFilePath: options.tsconfig,
      skipAddingFilesFromTsConfig: true,
      compilerOptions: { noEmit: true, allowJs: true, skipLibCheck: true },
    });
  }
  return new morph.Project({
    compilerOptions: {
      allowJs: true,
      checkJs: false,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2020,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ["lib.es2020.d.ts"],
      types: [],
    },
    skipAddingFilesFromTsConfig: true,
  });
}

/** The files a tsconfig.json includes, as the compiler lists them. */
function configFiles(morph: typeof import("ts-morph"), tsconfig: string): string[] {
  const ts = morph.ts;
  const read = ts.readConfigFile(tsconfig, (p) => ts.sys.readFile(p));
  if (read.error) return [];
  return ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(tsconfig)).fileNames;
}

/** Property accesses, element accesses, calls and `new` by their exact range, as facts give spans. */
function indexNodes(ts: typeof TS, sf: TS.SourceFile): Map<string, TS.Node> {
  const out = new Map<string, TS.Node>();
  const visit = (node: TS.Node): void => {
    if (
      ts.isPropertyAccessExpression(node) ||
      ts.isElementAccessExpression(node) ||
      ts.isCallExpression(node) ||
      ts.isNewExpression(node)
    ) {
      out.set(`${node.getStart(sf)}:${node.getEnd()}`, node);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** What the checker says when the member is declared by the project itself. */
const OWN = "\0own";

/**
 * The declared symbol of a member access or the callee of a call; a member its type lacks is
 * `<type>.<name>`; `OWN` when the project declares it.
 */
function symbolOf(
  ts: typeof TS,
  checker: TS.TypeChecker,
  names: SymbolNames,
  node: TS.Node,
  isVendor: (s: TS.Symbol) => boolean,
): string | undefined {
  let target: TS.Node = node;
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) target = node.expression;
  while (ts.isParenthesizedExpression(target) || ts.isNonNullExpression(target)) target = target.expression;
  let nameNode: TS.Node | undefined;
  let receiver: TS.Expression | undefined;
  let name: string | undefined;
  if (ts.isPropertyAccessExpression(target)) {
    nameNode = target.name;
    receiver = target.expression;
    name = target.name.text;
  } else if (ts.isElementAccessExpression(target) && ts.isStringLiteralLike(target.argumentExpression)) {
    nameNode = target.argumentExpression;
    receiver = target.expression;
    name = target.argumentExpression.text;
  } else if (ts.isIdentifier(target) && (ts.isNewExpression(node) || ts.isCallExpression(node))) {
    nameNode = target;
  }
  if (!nameNode) return undefined;
  let symbol = checker.getSymbolAtLocation(nameNode);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  if (symbol) return isVendor(symbol) ? names.of(symbol) : symbol.declarations?.length ? OWN : undefined;
  if (!receiver || name === undefined) return undefined;
  // Not declared on the receiver's type (removed from the declarations, or never there).
  const type = checker.getTypeAtLocation(receiver);
  const owner = type.aliasSymbol ?? type.getSymbol();
  if (!owner || !isVendor(owner) || !(owner.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.Class))) return undefined;
  return `${names.of(owner)}.${name}`;
}
