import abaplint from "@abaplint/core";
import type { Token } from "@abaplint/core";
import { BUILTIN_TYPES, spanOfNode, spanOfToken, type Add } from "./abap-statements.js";

const { Statements, Expressions, Tokens } = abaplint;
type StatementNode = abaplint.Nodes.StatementNode;

/**
 * The class of each object reference the file declares: `DATA lo_x TYPE REF TO cl_x`, attributes,
 * method parameters and `DATA(lo_x) = NEW cl_x( )`. A name declared with two different classes
 * (in two methods) is left out: its calls cannot be told apart without the scope.
 */
export function objectReferences(statements: readonly StatementNode[], localClasses: ReadonlySet<string>): Map<string, string> {
  const found = new Map<string, Set<string>>();
  const note = (name: string, cls: string): void => {
    if (localClasses.has(cls) || BUILTIN_TYPES.has(cls.toLowerCase())) return;
    const set = found.get(name) ?? new Set();
    set.add(cls);
    found.set(name, set);
  };
  for (const s of statements) {
    const st = s.get();
    if (
      (st instanceof Statements.Data || st instanceof Statements.ClassData || st instanceof Statements.Static) &&
      s.getTokens().some((t) => t.getStr().toUpperCase() === "REF")
    ) {
      const name = s.findFirstExpression(Expressions.DefinitionName)?.concatTokens().toUpperCase();
      const m = /\bTYPE\s+REF\s+TO\s+([A-Z0-9_/]+)\s*[.,]?$/.exec(s.concatTokens().toUpperCase());
      if (name && m) note(name, m[1]!);
    } else if (st instanceof Statements.MethodDef) {
      for (const p of s.findAllExpressions(Expressions.MethodParam)) {
        const name = p.findFirstExpression(Expressions.MethodParamName)?.concatTokens().toUpperCase();
        const m = /\bTYPE\s+REF\s+TO\s+([A-Z0-9_/]+)/.exec(p.concatTokens().toUpperCase());
        if (name && m) note(name, m[1]!);
      }
    } else if (st instanceof Statements.Move && s.getFirstToken().getStr().toUpperCase() === "DATA") {
      const m = /^DATA\(\s*([A-Z0-9_]+)\s*\)\s*=\s*NEW\s+([A-Z0-9_/]+)\s*\(/.exec(s.concatTokens().toUpperCase());
      if (m) note(m[1]!, m[2]!);
    }
  }
  const out = new Map<string, string>();
  for (const [name, classes] of found) if (classes.size === 1) out.set(name, [...classes][0]!);
  return out;
}

/** Classes and interfaces used: created, inherited, implemented, caught, static members and instance calls. */
export function classFacts(
  s: StatementNode,
  add: Add,
  localClasses: ReadonlySet<string>,
  references: ReadonlyMap<string, string>,
  tokens: readonly Token[],
  words: ReadonlySet<string>,
): void {
  const st = s.get();
  if (st instanceof Statements.ClassDefinition) {
    const sup = s.findFirstExpression(Expressions.SuperClassName);
    if (sup && !localClasses.has(sup.concatTokens().toUpperCase()))
      add("ref", `class:${sup.concatTokens().toUpperCase()}`, spanOfNode(sup), { value: "inherit" });
    return;
  }
  if (st instanceof Statements.InterfaceDef) {
    for (const n of s.findAllExpressions(Expressions.InterfaceName)) {
      const name = n.concatTokens().toUpperCase();
      if (!localClasses.has(name)) add("ref", `intf:${name}`, spanOfNode(n), { value: "implement" });
    }
    return;
  }
  if (st instanceof Statements.ClassImplementation || st instanceof Statements.Interface || st instanceof Statements.ClassDeferred) return;
  if (st instanceof Statements.CreateObject || st instanceof Statements.Catch) {
    for (const n of s.findAllExpressions(Expressions.ClassName)) {
      const name = n.concatTokens().toUpperCase();
      if (!localClasses.has(name))
        add("ref", `class:${name}`, spanOfNode(n), { value: st instanceof Statements.Catch ? "catch" : "create" });
    }
  }
  if (words.has("NEW")) {
    for (const n of s.findAllExpressions(Expressions.TypeNameOrInfer)) {
      const name = n.concatTokens().toUpperCase();
      if (name !== "#" && !localClasses.has(name) && !BUILTIN_TYPES.has(name.toLowerCase()) && isAfterNew(tokens, n.getFirstToken()))
        add("ref", `class:${name}`, spanOfNode(n), { value: "create" });
    }
  }
  if (!words.has("=>") && !words.has("->")) return;
  // `CALL METHOD x=>m` / `CALL METHOD lo_x->m`: the arrow is the fourth token.
  const callMethod = st instanceof Statements.Call && tokens[1]?.getStr().toUpperCase() === "METHOD";
  for (let i = 1; i + 1 < tokens.length; i++) {
    const arrow = tokens[i]!;
    const isStatic = arrow instanceof Tokens.StaticArrow;
    if (!isStatic && !(arrow instanceof Tokens.InstanceArrow)) continue;
    const owner = tokens[i - 1]!;
    const member = tokens[i + 1]!;
    const next = tokens[i + 2];
    const called =
      (next !== undefined && next.getStr() === "(" && next.getStart().getCol() === member.getEnd().getCol()) || (callMethod && i === 3);
    const span = { ...spanOfToken(owner), endLine: member.getEnd().getRow(), endColumn: member.getEnd().getCol() };
    if (isStatic) {
      // Static members: `cl_x=>method( )`, `CALL METHOD cl_x=>method`, `cl_x=>constant`.
      const ownerName = owner.getStr().toUpperCase();
      if (localClasses.has(ownerName) || !/^[A-Z/][A-Z0-9_/]*$/.test(ownerName)) continue;
      if (called) add("call", `${ownerName}=>${member.getStr().toUpperCase()}`, span, { via: "method" });
      add("ref", `class:${ownerName}`, spanOfToken(owner), { value: called ? "call" : "member" });
      continue;
    }
    // Instance calls `lo_x->method( )` on a reference whose class the declarations name; a chain
    // (`lo_x->get( )->run( )`) is followed no further than its first call.
    const before = tokens[i - 2];
    if (!called || (before && (before instanceof Tokens.InstanceArrow || before instanceof Tokens.StaticArrow))) continue;
    const cls = references.get(owner.getStr().toUpperCase());
    if (cls) add("call", `${cls}->${member.getStr().toUpperCase()}`, span, { via: "method", instance: true });
  }
}

function isAfterNew(tokens: readonly Token[], token: Token): boolean {
  const at = tokens.indexOf(token);
  return at > 0 && tokens[at - 1]!.getStr().toUpperCase() === "NEW";
}
