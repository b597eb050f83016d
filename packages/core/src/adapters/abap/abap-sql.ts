import abaplint from "@abaplint/core";
type ExpressionNode = abaplint.Nodes.ExpressionNode;
type StatementNode = abaplint.Nodes.StatementNode;
import type { Fact, FactDetail, Span } from "../../facts.js";
import { spanOfNode } from "./abap-statements.js";
import type { LiteralBinding } from "./abap-declarations.js";
import { readRename, renamable } from "./abap-rename.js";

const { Statements, Expressions } = abaplint;

type Add = (kind: Fact["kind"], key: string, span: Span, detail?: FactDetail) => void;

/** A SELECT that fills an internal table without ORDER BY: its rows come in no defined order on HANA. */
export interface SelectIntoTable {
  index: number;
  table: string;
  target: string;
  span: Span;
  /** ORDER BY PRIMARY KEY can be appended at the end of the statement exactly. */
  appendable: boolean;
}

const VERBS = new Map<unknown, string>([
  [Statements.Select, "select"],
  [Statements.SelectLoop, "select"],
  [Statements.OpenCursor, "open-cursor"],
  [Statements.InsertDatabase, "insert"],
  [Statements.UpdateDatabase, "update"],
  [Statements.ModifyDatabase, "modify"],
  [Statements.DeleteDatabase, "delete"],
]);

function verbOf(s: StatementNode): string | undefined {
  for (const [type, verb] of VERBS) if (s.get() instanceof (type as new () => unknown)) return verb;
  return undefined;
}

/** What the SQL pass needs to know about the rest of the object. */
export interface SqlContext {
  /** Whether a name is an internal table at a line: `MODIFY itab FROM wa` is not a database write. */
  isInternalTable: (name: string, line: number) => boolean;
  /** Literals bound to names in the file, for dynamic table names `FROM (lv_table)`. */
  bindings: readonly LiteralBinding[];
}

/** The writes ABAP reads as internal-table statements when an internal table of the name is declared. */
const AMBIGUOUS_WRITES = new Set(["modify", "delete"]);

/** Open SQL: one `ref table:X` fact per database table the statement names, with the verb and fields. */
export function sqlFacts(
  s: StatementNode,
  index: number,
  add: Add,
  selects: SelectIntoTable[],
  ctx: SqlContext,
  words: ReadonlySet<string>,
): void {
  const verb = verbOf(s);
  if (!verb) {
    if (!words.has("SELECT")) return;
    // Subqueries in other statements (`IF EXISTS`, `… IN ( SELECT … )`) still read tables.
    for (const t of s.findAllExpressions(Expressions.DatabaseTable)) {
      const detail: FactDetail = { value: "select" };
      if (renamable(s, t)) detail.rename = true;
      add("ref", `table:${tableName(t)}`, spanOfNode(t), detail);
    }
    return;
  }
  const upper = s.concatTokens().toUpperCase();
  const fields = fieldsOf(s, verb);
  const orderBy = s.findFirstExpression(Expressions.SQLOrderBy) !== undefined;
  const into = s.findFirstExpression(Expressions.SQLIntoTable);
  const single = /^SELECT\s+SINGLE\b/.test(upper);
  const tables = s.findAllExpressions(Expressions.DatabaseTable);
  // ABAP binds `MODIFY x FROM wa` and `DELETE x FROM …` to an internal table of that name
  // (`DELETE FROM x WHERE …` is always the database).
  const first = tables[0];
  if (
    AMBIGUOUS_WRITES.has(verb) &&
    first &&
    !/^DELETE\s+FROM\b/.test(upper) &&
    ctx.isInternalTable(tableName(first), spanOfNode(first).line)
  )
    return;
  tables.forEach((t, i) => {
    const detail: FactDetail = { value: i === 0 ? verb : "select" };
    if (i === 0 && fields.length > 0) detail.fields = fields;
    if (i === 0 && (verb === "select" || verb === "open-cursor")) {
      detail.orderBy = orderBy;
      if (single) detail.single = true;
      if (s.get() instanceof Statements.SelectLoop) detail.loop = true;
    }
    if (t.concatTokens().startsWith("(")) {
      detail.dynamic = true;
      dynamicFacts(t, index, detail, add, ctx.bindings);
    }
    let span = spanOfNode(t);
    if (verb === "select" || verb === "open-cursor") {
      const rename = readRename(s, t, i, verb, upper, fields);
      if (rename) detail.rename = rename.how;
      if (rename?.span) span = rename.span;
    }
    add("ref", `table:${tableName(t)}`, span, detail);
  });
  if (verb === "select" && into && !orderBy && !single && first && !first.concatTokens().startsWith("(")) {
    const target = targetName(into);
    if (target) {
      const simple =
        tables.length === 1 &&
        !s.findFirstExpression(Expressions.SQLJoin) &&
        /^SELECT\s+\*\s/.test(upper) &&
        !/\b(DISTINCT|GROUP\s+BY|UNION|HAVING)\b/.test(upper);
      const body = s.findDirectExpression(Expressions.Select) ?? s;
      const lastExpression = [...body.getChildren()].reverse().find((c) => c instanceof abaplint.Nodes.ExpressionNode);
      const intoAtEnd = lastExpression?.get() instanceof Expressions.SQLIntoTable;
      const tokens = s.getTokens();
      const last = tokens[tokens.length - 1]!;
      const end = /^[.,]$/.test(last.getStr()) && tokens.length > 1 ? tokens[tokens.length - 2]!.getEnd() : last.getEnd();
      // The finding stands on the statement's last word, where ORDER BY is appended: a fix there
      // never overlaps the fix of the table name in the same statement.
      const lastWord = /^[.,]$/.test(last.getStr()) && tokens.length > 1 ? tokens[tokens.length - 2]! : last;
      const start = lastWord.getStart();
      const statementSpan = { line: start.getRow(), column: start.getCol(), endLine: end.getRow(), endColumn: end.getCol() };
      selects.push({
        index,
        table: tableName(first),
        target,
        span: statementSpan,
        appendable: simple && !intoAtEnd && !/\bUP\s+TO\b/.test(upper),
      });
    }
  }
}

/**
 * `FROM (lv_table)` where the file gives `lv_table` a literal (`lv_table = 'VBUK'`, `CONSTANTS …
 * VALUE 'VBUK'`): the literal names the table, so it gets the table fact, with the statement's verb.
 * The span is the literal with its quotes.
 */
function dynamicFacts(t: ExpressionNode, index: number, detail: FactDetail, add: Add, bindings: readonly LiteralBinding[]): void {
  const name = t
    .concatTokens()
    .replace(/^\(\s*|\s*\)$/g, "")
    .toUpperCase();
  for (const b of bindings) {
    if (b.name !== name || !(b.constant || b.index < index) || !/^[A-Z][A-Z0-9_/]*$/.test(b.value)) continue;
    add("ref", `table:${b.value}`, b.span, { ...detail, via: "literal", statement: spanOfNode(t).line });
  }
}

export function tableName(t: ExpressionNode): string {
  return t.concatTokens().toUpperCase();
}

function fieldsOf(s: StatementNode, verb: string): string[] {
  if (verb === "update") {
    return s.findAllExpressions(Expressions.SQLFieldAndValue).map((f) => f.getFirstToken().getStr().toUpperCase());
  }
  if (verb !== "select" && verb !== "open-cursor") return [];
  const list = s.findFirstExpression(Expressions.SQLFieldList) ?? s.findFirstExpression(Expressions.SQLFields);
  if (!list) return [];
  if (list.concatTokens().trim() === "*") return ["*"];
  return list.findAllExpressions(Expressions.SQLFieldName).map((f) => f.concatTokens().toUpperCase().replace(/^.*~/, ""));
}

export function targetName(into: ExpressionNode): string | undefined {
  const target = into.findFirstExpression(Expressions.Target);
  if (!target) return undefined;
  const inline = target.findFirstExpression(Expressions.InlineData);
  const text = (inline ? (inline.findFirstExpression(Expressions.TargetField)?.concatTokens() ?? "") : target.concatTokens()).toUpperCase();
  return /^[A-Z_][A-Z0-9_]*$/.test(text) ? text : undefined;
}

const ROUTINE_START = [Statements.Form, Statements.MethodImplementation, Statements.FunctionModule, Statements.Module];
const ROUTINE_END = [Statements.EndForm, Statements.EndMethod, Statements.EndFunction, Statements.EndModule];

function isOneOf(s: StatementNode, types: ReadonlyArray<new () => unknown>): boolean {
  return types.some((t) => s.get() instanceof t);
}

/**
 * Code that relies on the order of a SELECT's rows: `READ TABLE … BINARY SEARCH`, `DELETE
 * ADJACENT DUPLICATES` or control levels (`AT NEW`) on the table it filled, with no `SORT` in
 * between. Before HANA, many of these tables came back sorted by their key; on HANA they do not.
 * A table declared in a routine is followed to the end of that routine; any other to the end of
 * the file.
 */
export function orderRelianceFacts(statements: readonly StatementNode[], selects: readonly SelectIntoTable[], add: Add): void {
  const sortedTables = new Set<string>();
  for (const s of statements) {
    if (!(s.get() instanceof Statements.Data || s.get() instanceof Statements.Type)) continue;
    const m = /^(?:DATA|TYPES)\s*:?\s*([A-Z0-9_]+)\s+(?:TYPE|LIKE)\s+(?:SORTED|HASHED)\s+TABLE\b/.exec(s.concatTokens().toUpperCase());
    if (m) sortedTables.add(m[1]!);
  }
  for (const select of selects) {
    if (sortedTables.has(select.target)) continue;
    const end = scopeEnd(statements, select);
    const reliance = firstReliance(statements, select, end);
    if (!reliance) continue;
    const detail: FactDetail = { value: reliance.kind, target: select.target, consumer: reliance.line };
    if (select.appendable) detail.fix = "append-order-by-primary-key";
    add("ref", `unsorted:${select.table}`, select.span, detail);
  }
}

/** Where a name a statement fills stops being followed: the end of the routine that declares it, else of the file. */
export function scopeEnd(statements: readonly StatementNode[], select: { index: number; target: string }): number {
  let start = -1;
  for (let i = select.index; i >= 0; i--) {
    if (isOneOf(statements[i]!, ROUTINE_END)) break;
    if (isOneOf(statements[i]!, ROUTINE_START)) {
      start = i;
      break;
    }
  }
  if (start < 0) return statements.length;
  let end = statements.length;
  for (let i = select.index; i < statements.length; i++) {
    if (isOneOf(statements[i]!, ROUTINE_END)) {
      end = i;
      break;
    }
  }
  const declaredHere = statements.slice(start, end).some((s) => {
    const text = s.concatTokens().toUpperCase();
    return (
      (s.get() instanceof Statements.Data && new RegExp(`^DATA\\s*:?\\s*${select.target}\\b`).test(text)) ||
      new RegExp(`@?DATA\\(\\s*${select.target}\\s*\\)`).test(text)
    );
  });
  return declaredHere ? end : statements.length;
}

function firstReliance(
  statements: readonly StatementNode[],
  select: SelectIntoTable,
  end: number,
): { kind: string; line: number } | undefined {
  const name = select.target;
  const mentions = (s: StatementNode): boolean =>
    new RegExp(`(^|[\\s(@])${name}(\\[\\])?($|[\\s.,)])`).test(s.concatTokens().toUpperCase());
  let loopDepth = 0;
  for (let i = select.index + 1; i < end; i++) {
    const s = statements[i]!;
    const st = s.get();
    const text = s.concatTokens().toUpperCase();
    if (loopDepth > 0) {
      if (st instanceof Statements.Loop) loopDepth++;
      else if (st instanceof Statements.EndLoop) loopDepth--;
      else if (st instanceof Statements.At && /^AT\s+(NEW|END\s+OF)\b/.test(text) && loopDepth === 1) {
        return { kind: "control-level", line: s.getStart().getRow() };
      }
      continue;
    }
    if (!mentions(s)) continue;
    if (st instanceof Statements.Sort && new RegExp(`^SORT\\s+${name}\\b`).test(text)) return undefined;
    if (st instanceof Statements.Select && s.findFirstExpression(Expressions.SQLIntoTable) && /INTO\s+TABLE/.test(text)) {
      const into = s.findFirstExpression(Expressions.SQLIntoTable);
      if (into && targetName(into) === name) return undefined;
    }
    if (st instanceof Statements.ReadTable && new RegExp(`^READ\\s+TABLE\\s+${name}\\b`).test(text) && /\bBINARY\s+SEARCH\b/.test(text)) {
      return { kind: "binary-search", line: s.getStart().getRow() };
    }
    if (st instanceof Statements.DeleteInternal && new RegExp(`^DELETE\\s+ADJACENT\\s+DUPLICATES\\s+FROM\\s+${name}\\b`).test(text)) {
      return { kind: "adjacent-duplicates", line: s.getStart().getRow() };
    }
    // `READ TABLE itab INDEX 1`: the first row, which on HANA is any row.
    if (st instanceof Statements.ReadTable && new RegExp(`^READ\\s+TABLE\\s+${name}\\b.*\\bINDEX\\b`).test(text)) {
      return { kind: "index-read", line: s.getStart().getRow() };
    }
    if (st instanceof Statements.Loop && new RegExp(`^LOOP\\s+AT\\s+${name}\\b`).test(text)) loopDepth = 1;
  }
  return undefined;
}
