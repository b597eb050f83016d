import abaplint from "@abaplint/core";
import type { ABAPFile } from "@abaplint/core";
import type { Span } from "../../facts.js";

const { Statements, Expressions } = abaplint;
type StatementNode = abaplint.Nodes.StatementNode;

function spanOfToken(token: abaplint.Token): Span {
  const s = token.getStart();
  const e = token.getEnd();
  return { line: s.getRow(), column: s.getCol(), endLine: e.getRow(), endColumn: e.getCol() };
}

function declaredName(s: StatementNode): abaplint.Token | undefined {
  const name = s.findFirstExpression(Expressions.DefinitionName) ?? s.findFirstExpression(Expressions.NamespaceSimpleName);
  return name?.getFirstToken();
}

/**
 * The name of component `field` in the structure declared (`TYPES: BEGIN OF …` or `DATA: BEGIN
 * OF …`) by the statement on line `row` of the file; undefined when it is not found there.
 */
export function componentDeclaration(file: ABAPFile, row: number, field: string): Span | undefined {
  const statements = file.getStatements();
  const start = statements.findIndex((s) => s.getStart().getRow() <= row && s.getEnd().getRow() >= row);
  if (start < 0) return undefined;
  const isBegin = (s: StatementNode): boolean => s.get() instanceof Statements.TypeBegin || s.get() instanceof Statements.DataBegin;
  const isEnd = (s: StatementNode): boolean => s.get() instanceof Statements.TypeEnd || s.get() instanceof Statements.DataEnd;
  if (!isBegin(statements[start]!)) return undefined;
  let depth = 0;
  for (let i = start; i < statements.length; i++) {
    const s = statements[i]!;
    if (isBegin(s)) depth++;
    else if (isEnd(s)) {
      depth--;
      if (depth === 0) return undefined;
    } else if (depth === 1 && (s.get() instanceof Statements.Type || s.get() instanceof Statements.Data)) {
      const name = declaredName(s);
      if (name && name.getStr().toUpperCase() === field.toUpperCase()) return spanOfToken(name);
    }
  }
  return undefined;
}

const TABLE_TYPE =
  /\b(TYPE|LIKE)\s+(STANDARD\s+|SORTED\s+|HASHED\s+|ANY\s+|INDEX\s+)?(TABLE|RANGE)\s+OF\b|\bOCCURS\b|\bWITH\s+HEADER\s+LINE\b/;

const ROUTINE_START = [Statements.Form, Statements.MethodImplementation, Statements.FunctionModule, Statements.Module];
const ROUTINE_END = [Statements.EndForm, Statements.EndMethod, Statements.EndFunction, Statements.EndModule];

/** Whether `name` is an internal table where `line` of `file` stands. */
export type InternalTableTest = (name: string, file: string, line: number) => boolean;

/**
 * The names an object declares as internal tables: `DATA x TYPE TABLE OF …`, `OCCURS`, header
 * lines, `RANGES`, `SELECT-OPTIONS`, a local or DDIC table type, `TABLES` parameters of FORMs, and
 * method parameters typed as tables. ABAP binds `MODIFY x FROM wa` to the internal table when one
 * of that name is visible, so such a statement is not a database write. A name declared in a
 * FORM, method or function module is visible there only (a FORM's parameters too).
 */
export function internalTableNames(files: readonly ABAPFile[], isTableType: (name: string) => boolean): InternalTableTest {
  const global = new Set<string>();
  const local: Array<{ file: string; from: number; to: number; names: Set<string> }> = [];
  const localTableTypes = new Set<string>();
  for (const s of files.flatMap((f) => f.getStatements())) {
    if (!(s.get() instanceof Statements.Type)) continue;
    const name = declaredName(s);
    if (name && TABLE_TYPE.test(s.concatTokens().toUpperCase())) localTableTypes.add(name.getStr().toUpperCase());
  }
  const tableTyped = (text: string): boolean => {
    if (TABLE_TYPE.test(text)) return true;
    const m = /\bTYPE\s+([A-Z0-9_/]+)\s*[.,]?$/.exec(text);
    return m !== null && (localTableTypes.has(m[1]!) || isTableType(m[1]!));
  };
  for (const file of files) {
    let routine: { file: string; from: number; to: number; names: Set<string> } | undefined;
    for (const s of file.getStatements()) {
      const st = s.get();
      const names = routine?.names ?? global;
      if (ROUTINE_START.some((r) => st instanceof r)) {
        routine = { file: file.getFilename(), from: s.getStart().getRow(), to: Number.MAX_SAFE_INTEGER, names: new Set() };
        local.push(routine);
      } else if (ROUTINE_END.some((r) => st instanceof r) && routine) {
        routine.to = s.getEnd().getRow();
        routine = undefined;
      }
      if (st instanceof Statements.Ranges || st instanceof Statements.SelectOption) {
        const name = declaredName(s);
        if (name) names.add(name.getStr().toUpperCase());
      } else if (st instanceof Statements.Data || st instanceof Statements.ClassData || st instanceof Statements.Static) {
        const name = declaredName(s);
        if (name && tableTyped(s.concatTokens().toUpperCase())) names.add(name.getStr().toUpperCase());
      } else if (st instanceof Statements.Form && routine) {
        const m = /\bTABLES\s+(.*?)(\s+(USING|CHANGING|RAISING)\b|\s*\.$)/.exec(s.concatTokens().toUpperCase());
        for (const part of m?.[1]?.split(/\s+/) ?? []) {
          if (/^[A-Z_][A-Z0-9_]*$/.test(part) && part !== "STRUCTURE" && part !== "TYPE" && part !== "LIKE") routine.names.add(part);
        }
      } else if (st instanceof Statements.MethodDef) {
        // Method parameters are visible in the method's implementation only; their names are
        // usually prefixed (it_, ct_), so they are kept with the globals.
        for (const p of s.findAllExpressions(Expressions.MethodParam)) {
          const name = p.findFirstExpression(Expressions.MethodParamName) ?? p.findFirstExpression(Expressions.SimpleName);
          if (name && tableTyped(p.concatTokens().toUpperCase()))
            global.add(
              name
                .concatTokens()
                .replace(/^VALUE\(|\)$/gi, "")
                .toUpperCase(),
            );
        }
      }
    }
  }
  return (name, file, line) =>
    global.has(name) || local.some((r) => r.file === file && r.from <= line && line <= r.to && r.names.has(name));
}

/** A character literal a name is bound to: `CONSTANTS c VALUE 'X'`, `DATA v … VALUE 'X'` or `v = 'X'`. */
export interface LiteralBinding {
  name: string;
  value: string;
  /** The literal's span, quotes included. */
  span: Span;
  /** The statement's index in its file. */
  index: number;
  constant: boolean;
}

/** Every literal a name is bound to in a file, in order. */
export function literalBindings(file: ABAPFile): LiteralBinding[] {
  const out: LiteralBinding[] = [];
  file.getStatements().forEach((s, index) => {
    const st = s.get();
    let name: string | undefined;
    let literal: abaplint.Nodes.ExpressionNode | undefined;
    if (st instanceof Statements.Constant || st instanceof Statements.Data || st instanceof Statements.Static) {
      name = declaredName(s)?.getStr();
      literal = s.findFirstExpression(Expressions.Value)?.findFirstExpression(Expressions.Constant);
    } else if (st instanceof Statements.Move) {
      const targets = s.findDirectExpressions(Expressions.Target);
      const source = s.findDirectExpression(Expressions.Source);
      if (targets.length === 1 && source?.getChildren().length === 1) {
        name = targets[0]!.concatTokens();
        literal = source.findDirectExpression(Expressions.Constant);
      }
    }
    if (!name || !literal || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return;
    const m = /^(['`])(.*)\1$/s.exec(literal.concatTokens().trim());
    if (!m) return;
    const first = literal.getFirstToken();
    const last = literal.getLastToken();
    out.push({
      name: name.toUpperCase(),
      value: m[2]!.trim().toUpperCase(),
      span: { ...spanOfToken(first), endLine: last.getEnd().getRow(), endColumn: last.getEnd().getCol() },
      index,
      constant: st instanceof Statements.Constant,
    });
  });
  return out;
}
