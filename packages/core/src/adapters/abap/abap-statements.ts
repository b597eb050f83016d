import abaplint from "@abaplint/core";
import type { ABAPFile, Token } from "@abaplint/core";

type ExpressionNode = abaplint.Nodes.ExpressionNode;
type StatementNode = abaplint.Nodes.StatementNode;
import type { Fact, FactDetail, Span } from "../../facts.js";
import { orderRelianceFacts, sqlFacts, type SelectIntoTable } from "./abap-sql.js";
import { literalBindings, type InternalTableTest } from "./abap-declarations.js";
import { bdcFacts } from "./abap-bdc.js";
import { classFacts, objectReferences } from "./abap-classes.js";
import { rowFieldFacts } from "./abap-rows.js";

const { Statements, Expressions } = abaplint;

/** What the statement pass knows about the object a file belongs to. */
export interface AbapContext {
  /** `PROG ZSD_REPORT`, `CLAS ZCL_X`. */
  object: string;
  /** The package, from the folder logic; absent when unknown. */
  package?: string;
  /** The kind of a DDIC name the project or the shipped stubs define (`dtel`, `table`, `struct`, `ttyp`, `view`). */
  ddicKind?: (name: string) => string | undefined;
  /** Whether a name is an internal table at a line of a file: `MODIFY x FROM wa` on it is not a database write. */
  isInternalTable?: InternalTableTest;
  /** FORMs of the package that take a batch input's screen program, with the parameter's position. */
  bdcForms?: ReadonlyMap<string, number>;
  /** The object includes SAP's recording include BDCRECX1. */
  recordingInclude?: boolean;
}

export const BUILTIN_TYPES = new Set(
  (
    "c n d t x i f p string xstring decfloat16 decfloat34 int1 int2 int4 int8 b s utclong any data simple csequence clike " +
    "xsequence numeric decfloat object table index standard sorted hashed abap_bool abap_true abap_false sy syst line"
  ).split(" "),
);

export function spanOfToken(token: Token): Span {
  const s = token.getStart();
  const e = token.getEnd();
  return { line: s.getRow(), column: s.getCol(), endLine: e.getRow(), endColumn: e.getCol() };
}

export function spanOfNode(node: ExpressionNode | StatementNode): Span {
  const s = node.getFirstToken().getStart();
  const e = node.getLastToken().getEnd();
  return { line: s.getRow(), column: s.getCol(), endLine: e.getRow(), endColumn: e.getCol() };
}

/** `'VA01'` or `` `VA01` `` → `VA01`; anything not a literal → undefined. */
export function literalText(node: ExpressionNode | undefined): string | undefined {
  if (!node) return undefined;
  const text = node.concatTokens().trim();
  const m = /^(['`])(.*)\1$/s.exec(text);
  return m ? m[2]!.trim() : undefined;
}

/**
 * One walk over a file's statements: table accesses, DDIC type references, calls of function
 * modules and static methods, transactions and programs started, class usage and obsolete
 * statements. Comments are statements of their own and are never read.
 */
export function statementFacts(file: ABAPFile, ctx: AbapContext): Fact[] {
  const facts: Fact[] = [];
  const statements = file.getStatements();
  const localTypes = new Set<string>();
  const localClasses = new Set<string>();
  let structureDepth = 0;
  for (const s of statements) {
    const st = s.get();
    // Components of TYPES BEGIN OF … END OF are not type names.
    if (st instanceof Statements.TypeEnd) structureDepth = Math.max(0, structureDepth - 1);
    if (structureDepth > 0 && !(st instanceof Statements.TypeBegin)) continue;
    if (st instanceof Statements.TypeBegin) structureDepth++;
    if (st instanceof Statements.Type || st instanceof Statements.TypeBegin || st instanceof Statements.TypeEnum) {
      const name = s.findFirstExpression(Expressions.NamespaceSimpleName) ?? s.findFirstExpression(Expressions.DefinitionName);
      if (name) localTypes.add(name.concatTokens().toUpperCase());
    } else if (st instanceof Statements.ClassDefinition || st instanceof Statements.ClassDeferred || st instanceof Statements.Interface) {
      const name = s.findFirstExpression(Expressions.ClassName) ?? s.findFirstExpression(Expressions.InterfaceName);
      if (name) localClasses.add(name.concatTokens().toUpperCase());
    }
  }
  let functionModule: string | undefined;
  const selects: SelectIntoTable[] = [];
  const bindings = literalBindings(file);
  const references = objectReferences(statements, localClasses);
  const sqlContext = {
    isInternalTable: (name: string, line: number) => ctx.isInternalTable?.(name, file.getFilename(), line) ?? false,
    bindings,
  };
  const add = (kind: Fact["kind"], key: string, span: Span, detail: FactDetail = {}): void => {
    const fact: Fact = { kind, key, span, enclosing: functionModule ? `FUNC ${functionModule}` : ctx.object };
    const full: FactDetail = { ...detail, object: ctx.object };
    if (ctx.package) full.package = ctx.package;
    fact.detail = full;
    facts.push(fact);
  };
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i]!;
    const st = s.get();
    if (st instanceof Statements.FunctionModule) {
      functionModule = s.findFirstExpression(Expressions.Field)?.concatTokens().toUpperCase() ?? s.getTokens()[1]?.getStr().toUpperCase();
      continue;
    }
    if (st instanceof Statements.EndFunction) {
      functionModule = undefined;
      continue;
    }
    if (st instanceof abaplint.Comment || st instanceof abaplint.Empty || st instanceof abaplint.Unknown) continue;
    // The words of the statement, once: most checks need one of a few keywords to be present.
    const tokens = s.getTokens();
    const words = new Set(tokens.map((t) => t.getStr().toUpperCase()));
    sqlFacts(s, i, add, selects, sqlContext, words);
    if (st instanceof Statements.CallFunction) {
      const name = s.findDirectExpression(Expressions.FunctionName);
      const literal = literalText(name?.findFirstExpression(Expressions.Constant));
      if (name && literal) {
        const detail: FactDetail = { via: "function" };
        if (s.findDirectTokenByText("DESTINATION")) detail.destination = true;
        add("call", literal.toUpperCase(), spanOfNode(name), detail);
      }
    } else if (st instanceof Statements.CallTransaction || st instanceof Statements.Leave) {
      const upper = s.concatTokens().toUpperCase();
      if (st instanceof Statements.Leave && !/^LEAVE\s+TO\s+TRANSACTION\b/.test(upper)) continue;
      const source = s.findFirstExpression(Expressions.Source) ?? s.findFirstExpression(Expressions.Constant);
      const code = literalText(source);
      const bdc = / USING /.test(upper);
      if (source && code) add("ref", `tcode:${code.toUpperCase()}`, spanOfNode(source), { value: code.toUpperCase(), bdc });
      else if (source) {
        // `CALL TRANSACTION gc_tcode`: the constant (or the literals the variable is given) names it.
        const name = source.concatTokens().toUpperCase();
        const values = new Set(bindings.filter((b) => b.name === name && (b.constant || b.index < i)).map((b) => b.value));
        for (const value of [...values].sort())
          if (/^[A-Z0-9_/]+$/.test(value)) add("ref", `tcode:${value}`, spanOfNode(source), { value, bdc, constant: name });
      }
    } else if (st instanceof Statements.Submit) {
      const target = s.getTokens()[1];
      if (target) {
        const raw = target.getStr();
        const name = /^['`]/.test(raw) ? raw.slice(1, -1) : raw.startsWith("(") ? undefined : raw;
        if (name) add("ref", `program:${name.toUpperCase()}`, spanOfToken(target), { via: "submit" });
      }
    }
    if (TYPE_WORDS.some((w) => words.has(w))) typeFacts(s, add, localTypes, localClasses, ctx);
    classFacts(s, add, localClasses, references, tokens, words);
    obsoleteFacts(s, add, tokens);
  }
  orderRelianceFacts(statements, selects, add);
  const functionAt = functionLines(statements);
  rowFieldFacts(statements, (kind, key, span, detail) => {
    functionModule = functionAt(span.line);
    add(kind, key, span, detail);
  });
  bdcFacts(file, ctx.bdcForms ?? new Map(), ctx.recordingInclude ?? false, (kind, key, span, detail) => {
    functionModule = enclosingFunction(statements, span.line);
    add(kind, key, span, detail);
  });
  return facts;
}

/** A statement names a type only after one of these words. */
const TYPE_WORDS = ["TYPE", "LIKE", "TABLES", "STRUCTURE", "TO", "OF", "INCLUDE"];

export type Add = (kind: Fact["kind"], key: string, span: Span, detail?: FactDetail) => void;

/** `TYPE x`, `TYPE x-f`, `TYPE REF TO x`, `TYPE TABLE OF x`, `TABLES x`, `INCLUDE STRUCTURE x`. */
function typeFacts(s: StatementNode, add: Add, localTypes: ReadonlySet<string>, localClasses: ReadonlySet<string>, ctx: AbapContext): void {
  const st = s.get();
  if (st instanceof Statements.Tables) {
    const field = s.findFirstExpression(Expressions.Field);
    if (field) add("ref", `table:${field.concatTokens().toUpperCase()}`, spanOfNode(field), { value: "tables" });
    return;
  }
  const tokens = s.getTokens();
  for (const t of s.findAllExpressions(Expressions.TypeName)) {
    const text = t.concatTokens().toUpperCase();
    const first = t.getFirstToken();
    const at = tokens.indexOf(first);
    const refTo = at >= 2 && tokens[at - 1]!.getStr().toUpperCase() === "TO" && tokens[at - 2]!.getStr().toUpperCase() === "REF";
    if (text.includes("=>")) {
      const owner = text.slice(0, text.indexOf("=>"));
      if (!localClasses.has(owner)) add("ref", `class:${owner}`, spanOfNode(t), { value: "type" });
      continue;
    }
    if (refTo) {
      if (!localClasses.has(text) && !BUILTIN_TYPES.has(text.toLowerCase()))
        add("ref", `class:${text}`, spanOfNode(t), { value: "type-ref" });
      continue;
    }
    const [head, ...rest] = text.split("-");
    if (!head || BUILTIN_TYPES.has(head.toLowerCase()) || localTypes.has(head)) continue;
    if (rest.length > 0) {
      add("ref", `${ctx.ddicKind?.(head) === "struct" ? "struct" : "table"}:${head}`, spanOfNode(t), {
        value: "type",
        fields: [rest.join("-")],
      });
    } else {
      add("ref", `${ctx.ddicKind?.(head) ?? "type"}:${head}`, spanOfNode(t), { value: "type" });
    }
  }
  if (st instanceof Statements.IncludeType) {
    const name = s.findFirstExpression(Expressions.TypeName) ?? s.findFirstExpression(Expressions.SimpleName);
    if (name && !s.findFirstExpression(Expressions.TypeName)) {
      const text = name.concatTokens().toUpperCase();
      if (!localTypes.has(text)) add("ref", `${ctx.ddicKind?.(text) ?? "struct"}:${text}`, spanOfNode(name), { value: "type" });
    }
  }
}

/** Statements and additions ABAP keeps only for compatibility (obsolete, or not in ABAP Cloud). */
function obsoleteFacts(s: StatementNode, add: Add, tokens: readonly Token[]): void {
  const st = s.get();
  const first = tokens[0];
  if (!first) return;
  const word = (i: number): string => tokens[i]?.getStr().toUpperCase() ?? "";
  const mark = (key: string, token: Token): void => add("ref", `syntax:${key}`, spanOfToken(token));
  if (st instanceof Statements.Refresh) mark("REFRESH", first);
  else if (st instanceof Statements.Move && word(0) === "MOVE") mark("MOVE", first);
  else if (st instanceof Statements.Compute) mark("COMPUTE", first);
  else if (st instanceof Statements.Ranges) mark("RANGES", first);
  else if (st instanceof Statements.Tables) mark("TABLES", first);
  else if (st instanceof Statements.OnChange) mark("ON-CHANGE-OF", first);
  else if (st instanceof Statements.ExecSQL) mark("EXEC-SQL", first);
  for (let i = 0; i < tokens.length; i++) {
    const w = word(i);
    if (w === "OCCURS") mark("OCCURS", tokens[i]!);
    else if (w === "WITH" && word(i + 1) === "HEADER" && word(i + 2) === "LINE") mark("WITH-HEADER-LINE", tokens[i]!);
    else if (w === "CLIENT" && word(i + 1) === "SPECIFIED") mark("CLIENT-SPECIFIED", tokens[i]!);
    else if (w === "%_HINTS") mark("DB-HINTS", tokens[i]!);
  }
}

/** The function module a line stands in, if any. */
function enclosingFunction(statements: readonly StatementNode[], line: number): string | undefined {
  let current: string | undefined;
  for (const s of statements) {
    if (s.getStart().getRow() > line) break;
    if (s.get() instanceof Statements.FunctionModule)
      current = s.findFirstExpression(Expressions.Field)?.concatTokens().toUpperCase() ?? s.getTokens()[1]?.getStr().toUpperCase();
    else if (s.get() instanceof Statements.EndFunction) current = undefined;
  }
  return current;
}

/** The function module each line stands in, looked up without walking the statements again. */
function functionLines(statements: readonly StatementNode[]): (line: number) => string | undefined {
  const starts: Array<[number, string | undefined]> = [];
  for (const s of statements) {
    const st = s.get();
    if (st instanceof Statements.FunctionModule)
      starts.push([
        s.getStart().getRow(),
        s.findFirstExpression(Expressions.Field)?.concatTokens().toUpperCase() ?? s.getTokens()[1]?.getStr().toUpperCase(),
      ]);
    else if (st instanceof Statements.EndFunction) starts.push([s.getStart().getRow() + 1, undefined]);
  }
  return (line) => {
    let current: string | undefined;
    for (const [from, name] of starts) {
      if (from > line) break;
      current = name;
    }
    return current;
  };
}
