import abaplint from "@abaplint/core";
import type { Span } from "../../facts.js";
import { spanOfNode } from "./abap-statements.js";

type ExpressionNode = abaplint.Nodes.ExpressionNode;
type StatementNode = abaplint.Nodes.StatementNode;

/**
 * Whether the table a statement reads can be replaced by another name (a compatibility view) and
 * nothing else in the statement changes: a static name that no field of the statement qualifies
 * (`vbuk~gbstk` would name a table no longer in the statement).
 */
export function renamable(s: StatementNode, t: ExpressionNode): boolean {
  const name = t.concatTokens().toUpperCase();
  if (name.startsWith("(")) return false;
  const qualified = `${name}~`;
  return !s.getTokens().some((token, i, all) => {
    const text = token.getStr().toUpperCase();
    return text.startsWith(qualified) || (text === name && all[i + 1]?.getStr() === "~");
  });
}

/**
 * How the table of a read can be replaced by a compatibility view exactly, as SAP's quick fix
 * does: by its name alone (`true`), or, for `SELECT *` into a target typed by the old table,
 * whose rows must then go INTO CORRESPONDING FIELDS (the view's fields are not the table's), by
 * its name and `CORRESPONDING FIELDS OF` after the `INTO` that follows it (`"corresponding"`, with
 * the span from the table to that `INTO`). Not when the SELECT has no INTO or APPENDING (it fills the work area
 * of TABLES vbuk, which the view would leave empty), or locks (FOR UPDATE: a view cannot be locked).
 */
export function readRename(
  s: StatementNode,
  t: ExpressionNode,
  i: number,
  verb: string,
  upper: string,
  fields: readonly string[],
): { how: true | "corresponding"; span?: Span } | undefined {
  if (/\bFOR\s+UPDATE\b/.test(upper)) return undefined;
  if (i === 0 && verb === "select" && !/\b(INTO|APPENDING)\b/.test(upper)) return undefined;
  if (!renamable(s, t)) return undefined;
  if (fields[0] !== "*" || /\bCORRESPONDING\s+FIELDS\b/.test(upper)) return { how: true };
  const into = i === 0 && verb === "select" ? intoAfter(s, t) : undefined;
  return into
    ? { how: "corresponding", span: { ...spanOfNode(t), endLine: into.getEnd().getRow(), endColumn: into.getEnd().getCol() } }
    : undefined;
}

/**
 * The `INTO` or `APPENDING` right after the table, when `CORRESPONDING FIELDS OF` can be put after
 * it: not before a list of fields `INTO (a, b)` or an inline declaration `INTO @DATA(x)`, which
 * CORRESPONDING does not take.
 */
function intoAfter(s: StatementNode, t: ExpressionNode): abaplint.Token | undefined {
  const tokens = s.getTokens();
  const last = t.getLastToken();
  const at = tokens.findIndex((k) => k.getStart().equals(last.getStart()));
  const into = tokens[at + 1];
  if (at < 0 || !into || !/^(INTO|APPENDING)$/i.test(into.getStr())) return undefined;
  const rest = tokens
    .slice(at + 2, at + 6)
    .map((k) => k.getStr().toUpperCase())
    .join("");
  if (/^(TABLE)?@?(\(|DATA\(|FINAL\()/.test(rest)) return undefined;
  return into;
}
