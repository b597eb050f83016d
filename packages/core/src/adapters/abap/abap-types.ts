import abaplint from "@abaplint/core";
import type { ABAPFile, ISpaghettiScope } from "@abaplint/core";
import type { Fact, FactDetail, Span } from "../../facts.js";
import { spanOfNode } from "./abap-statements.js";
import { componentDeclaration } from "./abap-declarations.js";

const { Statements, Expressions, BasicTypes } = abaplint;
type StatementNode = abaplint.Nodes.StatementNode;
type ExpressionNode = abaplint.Nodes.ExpressionNode;
type AbstractType = abaplint.AbstractType;

/** Data elements whose values are longer on S/4HANA than the fields ECC code moves them into. */
export const WIDENED_DATA_ELEMENTS = new Set(["MATNR", "VBTYPL"]);

/** Comparisons that read a value character by character (contains any, contains only, matches pattern …). */
const CHARACTER_COMPARISONS = new Set(["CA", "NA", "CO", "CN", "CS", "NS", "CP", "NP"]);

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

/** `a`, `a-b-c`, `<fs>-b` or `itab[]`: the only shapes whose type is looked up. */
const CHAIN = /^(<[A-Za-z0-9_/]+>|[A-Za-z_/][A-Za-z0-9_/]*)(-[A-Za-z0-9_]+)*$/;

/** The type of `a`, `a-b-c`, `<fs>-b` or `itab[]` where the scope knows `a`; anything else is unknown. */
function chainType(spaghetti: ISpaghettiScope, file: ABAPFile, node: ExpressionNode): Typed | undefined {
  return chainTypeOfText(spaghetti, file, node, node.concatTokens().replace(/\[\]$/, ""));
}

function chainTypeOfText(spaghetti: ISpaghettiScope, file: ABAPFile, node: ExpressionNode, text: string): Typed | undefined {
  if (!CHAIN.test(text)) return undefined;
  const scope = spaghetti.lookupPosition(node.getFirstToken().getStart(), file.getFilename());
  const [head, ...fields] = text.split("-");
  let type: AbstractType | undefined = scope?.findVariable(head!)?.getType();
  for (const field of fields) {
    if (type instanceof BasicTypes.TableType) type = type.getRowType();
    type = type instanceof BasicTypes.StructureType ? type.getComponentByName(field) : undefined;
  }
  return describe(type);
}

/**
 * Where the field a value is cut into is declared, when that is in this file: the variable, or
 * the component of the local structure type (`TYPES: BEGIN OF …`, `DATA: BEGIN OF …`). The
 * declaration is what the conversion changes, so that is where the finding stands.
 */
function declarationSpan(spaghetti: ISpaghettiScope, file: ABAPFile, node: ExpressionNode): Span | undefined {
  const text = node.concatTokens().replace(/\[\]$/, "");
  if (!CHAIN.test(text)) return undefined;
  const [head, ...fields] = text.split("-");
  if (fields.length > 1) return undefined;
  const scope = spaghetti.lookupPosition(node.getFirstToken().getStart(), file.getFilename());
  const variable = scope?.findVariable(head!);
  if (!variable || variable.getFilename() !== file.getFilename()) return undefined;
  if (fields.length === 0) return identifierSpan(variable);
  let type: AbstractType = variable.getType();
  if (type instanceof BasicTypes.TableType) type = type.getRowType();
  const typeName = type.getQualifiedName();
  const declared = typeName ? scope?.findType(typeName) : variable;
  if (!declared || declared.getFilename() !== file.getFilename()) return undefined;
  return componentDeclaration(file, declared.getStart().getRow(), fields[0]!);
}

/** Which field a chain names: its variable's declaration and the components, the same wherever it is written. */
function chainKey(spaghetti: ISpaghettiScope, file: ABAPFile, node: ExpressionNode): string | undefined {
  const text = node.concatTokens().replace(/\[\]$/, "").toUpperCase();
  if (!CHAIN.test(text)) return undefined;
  const [head, ...fields] = text.split("-");
  const variable = spaghetti.lookupPosition(node.getFirstToken().getStart(), file.getFilename())?.findVariable(head!);
  if (!variable) return undefined;
  const at = variable.getStart();
  return [variable.getFilename(), at.getRow(), at.getCol(), ...fields].join(":");
}

function identifierSpan(id: abaplint.Identifier): Span {
  const s = id.getStart();
  const e = id.getEnd();
  return { line: s.getRow(), column: s.getCol(), endLine: e.getRow(), endColumn: e.getCol() };
}

/**
 * The type-aware pass, run with the shipped S/4HANA DDIC stubs in the registry: a value of a
 * data element S/4HANA made longer (MATNR 18 → 40, VBTYP → VBTYPL 1 → 4) that is moved into a
 * shorter character field, cut with offset/length, concatenated into a fixed-length field, or
 * compared character by character (`CA`, `CO`, `CP` …). Each becomes a `ref dtel:<name>` fact
 * whose value says how. A field too short is reported once, at its declaration when that is in
 * this file (the statements that cut the value are in `detail.at`), else at the statement.
 */
export function typeAwareFacts(file: ABAPFile, spaghetti: ISpaghettiScope, enclosingAt: (line: number) => Fact["enclosing"]): Fact[] {
  const facts: Fact[] = [];
  const byDeclaration = new Map<string, Fact>();
  // Fields too short that a widened value was cut into: they now hold it, and must grow with it.
  const carriers = new Map<string, { source: Typed; name: string }>();
  const add: AddTyped = (node, source, how, target, through) => {
    if (target) {
      const key = chainKey(spaghetti, file, target.node);
      if (key && !carriers.has(key)) carriers.set(key, { source, name: target.node.concatTokens().toUpperCase() });
    }
    const detail: FactDetail = { value: how, length: source.length };
    if (through) detail.through = through;
    const at = spanOfNode(node);
    let span = at;
    if (target) {
      detail.targetLength = target.length;
      const declared = declarationSpan(spaghetti, file, target.node);
      if (declared) {
        const key = `${source.ddic}:${how}:${declared.line}:${declared.column}`;
        const seen = byDeclaration.get(key);
        if (seen) {
          (seen.detail!.at as number[]).push(at.line);
          return;
        }
        span = declared;
        detail.declaration = true;
        detail.at = [at.line];
      }
    }
    const fact: Fact = { kind: "ref", key: `dtel:${source.ddic}`, span, enclosing: enclosingAt(span.line), detail };
    if (detail.declaration) byDeclaration.set(`${source.ddic}:${how}:${span.line}:${span.column}`, fact);
    facts.push(fact);
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
    for (const compare of s.findAllExpressions(Expressions.Compare)) compareFacts(compare, spaghetti, file, add);
  }
  carriedFacts(file, spaghetti, carriers, add);
  return facts;
}

type AddTyped = (
  node: ExpressionNode,
  source: Typed,
  how: string,
  target?: { node: ExpressionNode; length: number },
  through?: string,
) => void;

/**
 * A field that was given a widened value (`CONCATENATE ls_marc-matnr ls_marc-werks INTO lv_key`)
 * must grow, and so must every shorter field it is copied into (`ls_label-key = lv_key`): the
 * value is cut there next. Followed from copy to copy until no new field is reached.
 */
function carriedFacts(
  file: ABAPFile,
  spaghetti: ISpaghettiScope,
  carriers: Map<string, { source: Typed; name: string }>,
  add: AddTyped,
): void {
  const moves = file.getStatements().filter((s) => s.get() instanceof Statements.Move);
  const done = new Set<StatementNode>();
  for (let round = 0, before = -1; round < 8 && carriers.size !== before; round++) {
    before = carriers.size;
    for (const s of moves) {
      if (done.has(s)) continue;
      const source = s.findDirectExpression(Expressions.Source);
      const chain = source?.getChildren().length === 1 ? source.findDirectExpression(Expressions.FieldChain) : undefined;
      const key = chain ? chainKey(spaghetti, file, chain) : undefined;
      const carrier = key ? carriers.get(key) : undefined;
      if (!source || !carrier) continue;
      done.add(s);
      for (const target of s.findDirectExpressions(Expressions.Target)) {
        const to = chainType(spaghetti, file, target);
        if (to?.length === undefined || to.length >= carrier.source.length!) continue;
        add(source, carrier.source, "truncate", { node: target, length: to.length }, carrier.name);
      }
    }
  }
}

function widened(spaghetti: ISpaghettiScope, file: ABAPFile, source: ExpressionNode | undefined): Typed | undefined {
  const chain = source?.findDirectExpression(Expressions.FieldChain);
  if (!source || !chain || source.getChildren().length !== 1) return undefined;
  const from = chainType(spaghetti, file, chain);
  return from?.ddic && WIDENED_DATA_ELEMENTS.has(from.ddic) && from.length !== undefined ? from : undefined;
}

function moveFacts(s: StatementNode, spaghetti: ISpaghettiScope, file: ABAPFile, add: AddTyped): void {
  const source = s.findDirectExpression(Expressions.Source);
  const from = widened(spaghetti, file, source);
  if (!source || !from) return;
  for (const target of s.findDirectExpressions(Expressions.Target)) {
    const to = chainType(spaghetti, file, target);
    if (to?.length !== undefined && to.length < from.length!) add(source, from, "truncate", { node: target, length: to.length });
  }
}

function concatenateFacts(s: StatementNode, spaghetti: ISpaghettiScope, file: ABAPFile, add: AddTyped): void {
  const target = s.findDirectExpression(Expressions.Target);
  const to = target ? chainType(spaghetti, file, target) : undefined;
  // Into a string nothing is cut; into a fixed-length field the parts after a longer value move.
  if (!target || to?.length === undefined) return;
  const sources = [...s.findDirectExpressions(Expressions.Source), ...s.findDirectExpressions(Expressions.SimpleSource3)];
  for (const source of sources) {
    const from = widened(spaghetti, file, source);
    if (from) add(source, from, "concatenate", { node: target, length: to.length });
  }
}

/** `vbak-vbtyp CA 'CGI'`: a four-character category matches on any of its characters. */
function compareFacts(compare: ExpressionNode, spaghetti: ISpaghettiScope, file: ABAPFile, add: AddTyped): void {
  const operator = compare.findDirectExpression(Expressions.CompareOperator);
  if (!operator || !CHARACTER_COMPARISONS.has(operator.concatTokens().toUpperCase())) return;
  for (const source of compare.findDirectExpressions(Expressions.Source)) {
    const from = widened(spaghetti, file, source);
    if (from?.ddic === "VBTYPL") {
      add(compare, from, "compare-characters");
      return;
    }
  }
}
