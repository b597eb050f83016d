import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extractFacts } from "../src/index.js";
import { factsOf, find } from "./helpers.js";

const PYPROJECT = `[project]
name = "acme"   # the app
requires-python = ">=3.10"
dependencies = [
    "pycryptodome~=3.19.0",
    'pypng',
]

[tool.bench.frappe-dependencies]
frappe = ">=15.0.0,<16.0.0"
"erpnext" = '>=15.0.0'

[[tool.x]]
a = 1
[[tool.x]]
a = { b = true, c = [1, 2] }
long = """
two
lines"""
`;

describe("TOML", () => {
  it("reads pyproject.toml as pointers with their values and positions", () => {
    const facts = factsOf("pyproject.toml", PYPROJECT);
    expect(find(facts, "json", "/project/name").detail?.value).toBe("acme");
    expect(find(facts, "json", "/project/dependencies/1").detail?.value).toBe("pypng");
    expect(find(facts, "json", "/tool/bench/frappe-dependencies/frappe")).toMatchObject({
      span: { line: 10, column: 1, endLine: 10, endColumn: 28 },
      detail: { value: ">=15.0.0,<16.0.0" },
    });
    expect(find(facts, "json", "/tool/bench/frappe-dependencies/erpnext").detail?.value).toBe(">=15.0.0");
    expect(find(facts, "json", "/tool/x/1/a/c/1").detail?.value).toBe(2);
    expect(find(facts, "json", "/tool/x/1/a/b").detail?.value).toBe(true);
    expect(find(facts, "json", "/tool/x/1/long").detail?.value).toBe("two\nlines");
    expect(extractFacts({ path: "pyproject.toml", language: "toml", text: PYPROJECT }).comments).toEqual([[26, 35]]);
  });

  it("reports a broken line and reads on", () => {
    const r = extractFacts({ path: "p.toml", language: "toml", text: 'a = "open\nb = 2\nc = [1,\n' });
    expect(r.problems.map((p) => p.line)).toEqual([1, 3]);
    expect(r.facts.find((f) => f.key === "/b")?.detail?.value).toBe(2);
  });

  it("never throws, and every position stays in the file", () => {
    const pieces = fc.constantFrom(
      "[a]",
      "[[b]]",
      "k = ",
      '"s"',
      "'t'",
      '"""m\n"""',
      "1",
      "true",
      "[",
      "]",
      "{",
      "}",
      ",",
      "=",
      "\n",
      "#c",
      "\\",
      ".",
      "x.y",
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string({ maxLength: 5 })), { maxLength: 40 }), (parts) => {
        const text = parts.join("");
        const r = extractFacts({ path: "p.toml", language: "toml", text });
        const last = r.lines.lineCount;
        for (const f of r.facts) {
          expect(f.span.line).toBeGreaterThanOrEqual(1);
          expect(f.span.endLine).toBeLessThanOrEqual(last);
        }
      }),
      { numRuns: 500 },
    );
  });
});
