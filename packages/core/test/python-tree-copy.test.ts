import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { prepareLanguage } from "../src/index.js";
import { copiesOf } from "../src/adapters/python/parser.js";

beforeAll(() => prepareLanguage("python"));

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

function pythonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...pythonFiles(full));
    else if (e.name.endsWith(".py")) out.push(full);
  }
  return out.sort();
}

/** The direct copy must exist with the runtime Uplift pins, and equal the public cursor's copy. */
function expectSameCopies(text: string): void {
  const { direct, byCursor } = copiesOf(text);
  expect(direct).toBeDefined();
  expect(direct).toEqual(byCursor);
}

describe("the Python tree copied through the runtime's cursor functions", () => {
  it("equals the public cursor's copy on every Python fixture", () => {
    const files = pythonFiles(path.join(root, "fixtures"));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) expectSameCopies(readFileSync(file, "utf8"));
  });

  it("equals it on broken, deep, non-ASCII and f-string text, and throws the same error past the depth limit", () => {
    for (const text of [
      "",
      "def f(:\n  return )\n",
      "x = f'{a!r:>{w}}' + '''s'''\nclass A(B, metaclass=M): pass\n",
      "é = '🙂'; y = 🙂 + 1\n",
      "\0\uFFFD\r\n\tif",
      `x = ${"(".repeat(300)}1${")".repeat(300)}\n`,
      `x = ${"[".repeat(1500)}${"]".repeat(1500)}\n`,
    ]) {
      const { direct, byCursor } = copiesOf(text);
      expect(direct).toEqual(byCursor);
      if (byCursor instanceof Error) expect((direct as Error).message).toBe(byCursor.message);
    }
  });

  it("equals it on random Python-like text", () => {
    const token = fc.constantFrom(
      "def ",
      "class ",
      "f(",
      ")",
      "(",
      "[",
      "]",
      "{",
      "}",
      ":",
      "\n",
      "    ",
      "x",
      ".y",
      "=",
      "'s'",
      'f"{x}"',
      "1",
      ",",
      "lambda a: a",
      "import os",
      "from . import m",
      "#c",
      "\\",
      "é",
      "🙂",
      "async ",
      "await ",
      "@d\n",
      "return ",
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), (parts) => {
        const { direct, byCursor } = copiesOf(parts.join(""));
        expect(direct).toEqual(byCursor);
      }),
      { numRuns: 300, seed: 17 },
    );
  });
});
