import abaplint from "@abaplint/core";
import type { ABAPFile, ISpaghettiScope } from "@abaplint/core";
import type { Fact, FactDetail } from "../../facts.js";
import { spanOfNode } from "./abap-statements.js";

const { Statements, Expressions, BasicTypes } = abaplint;
type StatementNode = abaplint.Nodes.StatementNode;
type ExpressionNode = abaplint.Nodes.ExpressionNode;
type AbstractType = abaplint.AbstractType;

/** Data elements whose values are longer on S/4HANA than the fields ECC code moves them into. */
export const WIDENED_DATA_ELEMENTS = new Set(["MATNR", "VBTYPL"]);

interface Typed {
  type: AbstractType;
  length: number | undefined;
  ddic: string | undefined;
}

function describe(type: AbstractType | undefined): Typed | undefined {
  if (!type) return undefined;
  const length = type instanceof BasicTypes.CharacterType ? type.getLength() : undefined;
  return { type, length, ddic: type.getDDICName()?.toUpperCase() };
}

/** The type of `a`, `a-b-c` or `itab[]` where the scope knows `a`; anything else is unknown. */
function chainType(spaghetti: ISpaghettiScope, file: ABAPFile, node: ExpressionNode): Typed | undefined {
  return chainTypeOfText(spaghetti, file, node, node.concatTokens().replace(/\[\]$/, ""));
}

/**
 * The type-aware pass, run with the shipped S/4HANA DDIC stubs in the registry: a value of a
 * data element S/4HANA made longer (MATNR 18 → 40, VBTYP → VBTYPL 1 → 4) that is moved into a
 * shorter character field, cut with offset/length, or concatenated into a fixed-length field.
 * Each becomes a `ref dtel:<name>` fact whose value says how it is cut.
 */
export function typeAwareFacts(file: ABAPFile, spaghetti: ISpaghettiScope, enclosingAt: (line: number) => Fact["enclosing"]): Fact[] {
  const facts: Fact[] = [];
  const add = (node: ExpressionNode, source: Typed, how: string, targetLength?: number): void => {
    const detail: FactDetail = { value: how, length: source.length };
    if (targetLength !== undefined) detail.targetLength = targetLength;
    const span = spanOfNode(node);
    facts.push({ kind: "ref", key: `dtel:${source.ddic}`, span, enclosing: enclosingAt(span.line), detail });
  };
  for (const s of file.getStatements()) {
    const st = s.get();
    if (st instanceof abaplint.Comment || st instanceof abaplint.Unknown) continue;
    if (st instanceof Statements.Move) moveFacts(s, spaghetti, file, add);
    else if (st instanceof Statements.Concatenate) concatenateFacts(s, spaghetti, file, add);
    for (const chain of s.findAllExpressions(Expressions.FieldChain)) {
      const offset = chain.findDirectExpression(Expressions.FieldOffset) ?? chain.findDirectExpression(Expressions.FieldLength);
      if (!offset) continue;
      const text = chain.concatTokens().replace(/[+(].*$/, "");
      const probe = chainTypeOfText(spaghetti, file, chain, text);
      if (probe?.ddic && WIDENED_DATA_ELEMENTS.has(probe.ddic)) add(chain, probe, "offset");
    }
  }
  return facts;
}

function chainTypeOfText(spaghetti: ISpaghettiScope, file: ABAPFile, node: ExpressionNode, text: string): Typed | undefined {
  if (!/^[A-Za-z_/][A-Za-z0-9_/]*(-[A-Za-z0-9_]+)*$/.test(text)) return undefined;
  const scope = spaghetti.lookupPosition(node.getFirstToken().getStart(), file.getFilename());
  const [head, ...fields] = text.split("-");
  let type: AbstractType | undefined = scope?.findVariable(head!)?.getType();
  for (const field of fields) {
    if (type instanceof BasicTypes.TableType) type = type.getRowType();
    type = type instanceof BasicTypes.StructureType ? type.getComponentByName(field) : undefined;
  }
  return describe(type);
}

type AddTyped = (node: ExpressionNode, source: Typed, how: string, targetLength?: number) => void;

function moveFacts(s: StatementNode, spaghetti: ISpaghettiScope, file: ABAPFile, add: AddTyped): void {
  const source = s.findDirectExpression(Expressions.Source);
  const targets = s.findDirectExpressions(Expressions.Target);
  const chain = source?.findDirectExpression(Expressions.FieldChain);
  if (!source || !chain || source.getChildren().length !== 1 || targets.length === 0) return;
  const from = chainType(spaghetti, file, chain);
  if (!from?.ddic || !WIDENED_DATA_ELEMENTS.has(from.ddic) || from.length === undefined) return;
  for (const target of targets) {
    const to = chainType(spaghetti, file, target);
    if (to?.length !== undefined && to.length < from.length) add(source, from, "truncate", to.length);
  }
}

function concatenateFacts(s: StatementNode, spaghetti: ISpaghettiScope, file: ABAPFile, add: AddTyped): void {
  const target = s.findDirectExpression(Expressions.Target);
  const to = target ? chainType(spaghetti, file, target) : undefined;
  // Into a string nothing is cut; into a fixed-length field the parts after a longer value move.
  if (to?.length === undefined) return;
  for (const source of s.findDirectExpressions(Expressions.Source)) {
    const chain = source.findDirectExpression(Expressions.FieldChain);
    const from = chain ? chainType(spaghetti, file, chain) : undefined;
    if (from?.ddic && WIDENED_DATA_ELEMENTS.has(from.ddic)) add(source, from, "concatenate", to.length);
  }
}
