import { LineIndex, type ExtractedFile, type ParseProblem } from "@uplift/core";
import { describe, expect, it } from "vitest";
import { parseErrorFinding, parserGapReason } from "../src/match-file.js";

const file = { path: "zcl_x.clas.locals_imp.abap", language: "abap" as const, text: "A.\nB.\nC.\n" };
const extracted = (problems: ParseProblem[]): ExtractedFile => ({ facts: [], problems, comments: [], lines: new LineIndex(file.text) });

describe("syntax errors and the parser's gaps", () => {
  const gap: ParseProblem = { message: "statement not understood: B.", line: 2, column: 1, parserGap: true };
  const error: ParseProblem = { message: "unexpected '.'", line: 3, column: 2 };

  it("makes a finding of a syntax error only, and counts the others with it", () => {
    const finding = parseErrorFinding(file, extracted([gap, error, { ...error, line: 1 }]), ".");
    expect(finding).toMatchObject({ ruleId: "uplift/parse-error", line: 3, column: 2 });
    expect(finding?.message).toMatch(/^Syntax error: unexpected '\.' \(and 1 more\)\./);
  });

  it("makes no finding of a construct the parser does not know, and says where the file went unread", () => {
    const only = extracted([gap, { ...gap, line: 3 }]);
    expect(parseErrorFinding(file, only, ".")).toBeUndefined();
    expect(parserGapReason(only)).toBe(
      "line 2: statement not understood: B. (and 1 more); the parser does not read it, the rest of the file was checked",
    );
    expect(parserGapReason(extracted([error]))).toBeUndefined();
  });
});
