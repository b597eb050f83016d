import abaplint from "@abaplint/core";
import type { ABAPFile } from "@abaplint/core";
import type { Fact, FactDetail, Span } from "../../facts.js";

const { Statements, Expressions } = abaplint;
type StatementNode = abaplint.Nodes.StatementNode;
type Add = (kind: Fact["kind"], key: string, span: Span, detail?: FactDetail) => void;

/**
 * Batch input names the module pool of each screen it fills (`bdcdata-program = 'SAPMF02D'`),
 * which says which transaction it drives even when the transaction code is a variable. A program
 * is a BDC program only by binding: the literal goes into the PROGRAM field of a structure typed
 * BDCDATA, directly or through a FORM parameter (as in SAP's recording include BDCRECX1, whose
 * `bdc_dynpro` takes the program first).
 */

/** SAP's include for batch input recordings and the parameter of its form that takes the program. */
const SAP_RECORDING_INCLUDE = "BDCRECX1";
const SAP_RECORDING_FORM = "BDC_DYNPRO";

function literal(node: abaplint.Nodes.ExpressionNode | abaplint.Nodes.TokenNode | undefined): { value: string; span: Span } | undefined {
  if (!node) return undefined;
  const text = node.concatTokens().trim();
  const m = /^(['`])([A-Za-z0-9_/]+)\1$/.exec(text);
  if (!m) return undefined;
  const first = node.getFirstToken();
  const last = node.getLastToken();
  return {
    value: m[2]!.toUpperCase(),
    span: {
      line: first.getStart().getRow(),
      column: first.getStart().getCol(),
      endLine: last.getEnd().getRow(),
      endColumn: last.getEnd().getCol(),
    },
  };
}

/** Names typed with BDCDATA: work areas, header lines and the tables' `LIKE LINE OF`. */
function bdcStructures(file: ABAPFile): Set<string> {
  const structures = new Set<string>();
  const tables = new Set<string>();
  if (!/bdcdata/i.test(file.getRaw())) return structures;
  for (const s of file.getStatements()) {
    const st = s.get();
    if (!(st instanceof Statements.Data || st instanceof Statements.Static || st instanceof Statements.FieldSymbol)) continue;
    const name = (s.findFirstExpression(Expressions.DefinitionName) ?? s.findFirstExpression(Expressions.FieldSymbol))
      ?.concatTokens()
      .toUpperCase();
    if (!name) continue;
    const text = s.concatTokens().toUpperCase();
    if (/\b(TABLE|RANGE)\s+OF\s+BDCDATA\b/.test(text)) {
      tables.add(name);
      if (/\bWITH\s+HEADER\s+LINE\b/.test(text)) structures.add(name);
    } else if (/\b(TYPE|LIKE)\s+BDCDATA\b/.test(text)) structures.add(name);
    else {
      const line = /\bLIKE\s+LINE\s+OF\s+([A-Z0-9_]+)/.exec(text);
      if (line && tables.has(line[1]!)) structures.add(name);
    }
  }
  return structures;
}

/** `x-program = …` where x is typed BDCDATA: the source expression. */
function programSource(s: StatementNode, structures: ReadonlySet<string>): abaplint.Nodes.ExpressionNode | undefined {
  if (!(s.get() instanceof Statements.Move)) return undefined;
  const target = s.findDirectExpression(Expressions.Target)?.concatTokens().toUpperCase();
  const m = target ? /^(.+)-PROGRAM$/.exec(target) : null;
  if (!m || !structures.has(m[1]!)) return undefined;
  const source = s.findDirectExpression(Expressions.Source);
  return source?.getChildren().length === 1 ? source : undefined;
}

/** FORMs whose USING parameter goes into the PROGRAM field of a BDCDATA structure, with its position. */
export function bdcForms(files: readonly ABAPFile[]): Map<string, number> {
  const forms = new Map<string, number>();
  for (const file of files) {
    const structures = bdcStructures(file);
    if (structures.size === 0) continue;
    const statements = file.getStatements();
    let params: string[] = [];
    let form: string | undefined;
    for (const s of statements) {
      if (s.get() instanceof Statements.Form) {
        form = s.findFirstExpression(Expressions.FormName)?.concatTokens().toUpperCase();
        params = (s.findDirectExpression(Expressions.FormUsing)?.findAllExpressions(Expressions.FormParamName) ?? []).map((p) =>
          p.concatTokens().toUpperCase(),
        );
      } else if (s.get() instanceof Statements.EndForm) form = undefined;
      const source = form ? programSource(s, structures) : undefined;
      const at = source ? params.indexOf(source.concatTokens().toUpperCase()) : -1;
      if (form && at >= 0) forms.set(form, at);
    }
  }
  return forms;
}

/** Whether a file includes SAP's recording include (whose `bdc_dynpro` is SAP's). */
export function usesRecordingInclude(file: ABAPFile): boolean {
  return file
    .getStatements()
    .some(
      (s) =>
        s.get() instanceof Statements.Include &&
        s.findFirstExpression(Expressions.IncludeName)?.concatTokens().toUpperCase() === SAP_RECORDING_INCLUDE,
    );
}

const ROUTINES = [Statements.Form, Statements.MethodImplementation, Statements.FunctionModule, Statements.Module];

/**
 * `ref program:<module pool>` with `via: bdc` for each screen program a batch input fills, once per
 * routine (a recording names the same program for screen after screen).
 */
export function bdcFacts(file: ABAPFile, forms: ReadonlyMap<string, number>, recordingInclude: boolean, add: Add): void {
  const structures = bdcStructures(file);
  if (structures.size === 0 && forms.size === 0 && !recordingInclude) return;
  const statements = file.getStatements();
  const localForms = new Set(
    statements
      .filter((s) => s.get() instanceof Statements.Form)
      .map((s) => s.findFirstExpression(Expressions.FormName)?.concatTokens().toUpperCase()),
  );
  let routine = 0;
  const seen = new Set<string>();
  const found = (program: { value: string; span: Span } | undefined, dynpro: string | undefined): void => {
    if (!program) return;
    const key = `${routine}:${program.value}`;
    if (seen.has(key)) return;
    seen.add(key);
    const detail: FactDetail = { via: "bdc" };
    if (dynpro) detail.dynpro = dynpro;
    add("ref", `program:${program.value}`, program.span, detail);
  };
  statements.forEach((s, i) => {
    if (ROUTINES.some((r) => s.get() instanceof r)) routine = i;
    const source = programSource(s, structures);
    if (source) found(literal(source.findDirectExpression(Expressions.Constant)), undefined);
    if (!(s.get() instanceof Statements.Perform)) return;
    const name = s.findFirstExpression(Expressions.FormName)?.concatTokens().toUpperCase();
    if (!name) return;
    let position = forms.get(name);
    if (position === undefined && name === SAP_RECORDING_FORM && recordingInclude && !localForms.has(name)) position = 0;
    if (position === undefined) return;
    const args =
      s
        .findDirectExpression(Expressions.PerformUsing)
        ?.getChildren()
        .filter((c) => c instanceof abaplint.Nodes.ExpressionNode) ?? [];
    const program = literal(args[position] as abaplint.Nodes.ExpressionNode | undefined);
    found(program, literal(args[position + 1] as abaplint.Nodes.ExpressionNode | undefined)?.value);
  });
}
