import abaplint from "@abaplint/core";
import type { ABAPFile, IObject } from "@abaplint/core";
import type { ParseProblem } from "../../facts.js";

/** Every grammar abaplint knows is accepted: ECC code is read with the newest standard ABAP. */
export const ABAP_VERSION = abaplint.Version.v758;

let configText: string | undefined;

export function abapConfig(): abaplint.Config {
  if (configText === undefined) {
    const config = abaplint.Config.getDefault(ABAP_VERSION).get();
    // Nothing is an error for being unknown: an object of another package (or SAP's) has an unknown
    // type, and the type-aware pass goes on past it instead of stopping at the first such use.
    config.syntax.errorNamespace = "^(?!)";
    // Only the parser and the syntax logic are used; abaplint's rules are not run.
    config.rules = {};
    configText = JSON.stringify(config);
  }
  return new abaplint.Config(configText);
}

/**
 * The problems abaplint met while reading a file: statements it could not parse and broken
 * structure. Each is a gap of the parser, not an error of the code: ABAP comes out of a system whose
 * compiler activated it, and abaplint lags SAP's newest statements (`DEFINITION DEFERRED FOR
 * TESTING`, EML's `READ ENTITY`, `CORRESPONDING … MAPPING TO ENTITY`).
 */
export function abapProblems(obj: IObject, file: ABAPFile, bounded: ReadonlySet<object>): ParseProblem[] {
  const problems: ParseProblem[] = [];
  for (const s of file.getStatements()) {
    if (!(s.get() instanceof abaplint.Unknown)) continue;
    const start = s.getStart();
    problems.push({
      message: s.getTokens().some((t) => bounded.has(t))
        ? "statement too complex to parse within the parser's bound (a condition with very many AND/OR terms)"
        : `statement not understood: ${s.concatTokens().slice(0, 60)}`,
      line: start.getRow(),
      column: start.getCol(),
      parserGap: true,
    });
  }
  if (problems.length === 0 && file.getStructure() === undefined && file.getStatements().length > 0) {
    const issue = (obj as { getParsingIssues?(): readonly abaplint.Issue[] })
      .getParsingIssues?.()
      .find((i) => i.getFilename() === file.getFilename());
    const start = issue?.getStart();
    problems.push({
      message: issue?.getMessage() ?? "statements do not nest (a missing END…)",
      line: start?.getRow() ?? 1,
      column: start?.getCol() ?? 1,
      parserGap: true,
    });
  }
  return problems;
}

export { commentRanges } from "./abap-comments.js";
