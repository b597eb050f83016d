import abaplint from "@abaplint/core";
import { scopeEnd, targetName } from "./abap-sql.js";
import { spanOfNode, type Add } from "./abap-statements.js";

type StatementNode = abaplint.Nodes.StatementNode;

const { Statements, Expressions } = abaplint;

interface Row {
  table: string;
  /** The index of the statement past which the name is no longer followed. */
  end: number;
}

/**
 * Fields of rows read from a database table: after `SELECT … FROM knkk INTO gs_knkk` (or `INTO
 * TABLE lt` and then `LOOP AT lt INTO ls` / `READ TABLE lt INTO ls`), each `gs_knkk-klimk` read
 * gives `ref row:KNKK` with the field. The name is followed as the order-reliance check follows a
 * table: to the end of the routine that declares it, else to the end of the file, and until a
 * SELECT fills it from another table.
 */
export function rowFieldFacts(statements: readonly StatementNode[], add: Add): void {
  const rows = new Map<string, Row>();
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i]!;
    if (rows.size > 0) {
      for (const chain of s.findAllExpressions(Expressions.FieldChain)) {
        const m = /^(<?[A-Z_][A-Z0-9_/]*>?)-([A-Z_][A-Z0-9_]*)$/.exec(chain.concatTokens().toUpperCase());
        const row = m ? rows.get(m[1]!) : undefined;
        if (!row || i >= row.end) continue;
        add("ref", `row:${row.table}`, spanOfNode(chain), { value: "field", field: m![2]!, target: m![1]! });
      }
    }
    bindRows(statements, s, i, rows);
  }
}

function bindRows(statements: readonly StatementNode[], s: StatementNode, i: number, rows: Map<string, Row>): void {
  const st = s.get();
  if (st instanceof Statements.Select || st instanceof Statements.SelectLoop) {
    const into = s.findFirstExpression(Expressions.SQLIntoStructure) ?? s.findFirstExpression(Expressions.SQLIntoTable);
    const target = into ? targetName(into) : undefined;
    if (!target) return;
    const tables = s.findAllExpressions(Expressions.DatabaseTable);
    const table = tables[0]?.concatTokens().toUpperCase();
    // A join's or a dynamic table's rows are not one table's.
    if (tables.length !== 1 || !table || table.startsWith("(") || s.findFirstExpression(Expressions.SQLJoin)) rows.delete(target);
    else rows.set(target, { table, end: scopeEnd(statements, { index: i, target }) });
    return;
  }
  if (!(st instanceof Statements.Loop || st instanceof Statements.ReadTable)) return;
  const text = s.concatTokens().toUpperCase();
  const m =
    /^(?:LOOP\s+AT|READ\s+TABLE)\s+([A-Z_][A-Z0-9_]*)(?:\[\])?\s.*\b(?:INTO|ASSIGNING)\s+(?:(?:DATA|FIELD-SYMBOL)\(\s*)?(<?[A-Z_][A-Z0-9_/]*>?)(?=[\s.)]|$)/.exec(
      text,
    );
  const source = m ? rows.get(m[1]!) : undefined;
  if (!m || !source || i >= source.end) return;
  rows.set(m[2]!, { table: source.table, end: scopeEnd(statements, { index: i, target: m[2]! }) });
}
