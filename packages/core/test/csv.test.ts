import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extractFacts } from "../src/index.js";
import { factsOf, find } from "./helpers.js";

describe("CSV facts", () => {
  it("keys each cell by its row and column name, with the cell's exact span", () => {
    const text = 'id,name,model_id:id\r\naccess_a,"Kit, officer",stock.model_stock_quant_package\n\nb,"say ""hi""",x\n';
    const facts = factsOf("security/ir.model.access.csv", text);
    expect(find(facts, "json", "/0/model_id:id")).toMatchObject({
      detail: { value: "stock.model_stock_quant_package" },
      span: { line: 2, column: 25, endLine: 2, endColumn: 56 },
    });
    expect(find(facts, "json", "/0/name").detail?.value).toBe("Kit, officer");
    // The blank line is not a row.
    expect(find(facts, "json", "/1/name").detail?.value).toBe('say "hi"');
    expect(facts.filter((f) => f.kind === "json")).toHaveLength(6);
  });

  it("reports a quoted cell left open and reads the rest as that cell", () => {
    const r = extractFacts({ path: "a.csv", language: "csv", text: 'id,name\nx,"open\nstill open' });
    expect(r.problems).toEqual([{ message: "a quoted cell is not closed", line: 2, column: 3 }]);
    expect(r.facts.find((f) => f.key === "/0/name")?.detail?.value).toBe("open\nstill open");
  });

  it("never throws, and every span lies inside the text (fuzz)", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", ",", '"', "\n", "\r", " ", "é"), maxLength: 200 }), (text) => {
        const r = extractFacts({ path: "f.csv", language: "csv", text });
        const lines = text.split(/\r\n|\r|\n/).length;
        for (const f of r.facts) {
          expect(f.span.line).toBeGreaterThanOrEqual(1);
          expect(f.span.endLine).toBeLessThanOrEqual(lines);
        }
      }),
      { numRuns: 300 },
    );
  });
});
