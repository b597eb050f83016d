import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeText, extractFacts, LineIndex, prepareLanguage, TooDeepError, type ExtractedFile } from "../src/index.js";

beforeAll(() => prepareLanguage("python"));

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const SEEDS = [
  readFileSync(path.join(root, "fixtures/odoo/sale_delivery_window/models/sale_order.py"), "utf8"),
  readFileSync(path.join(root, "fixtures/odoo/sale_delivery_window/__manifest__.py"), "utf8"),
  [
    "from odoo import _, api, fields, models",
    "class A(models.Model):",
    '    """Doc."""',
    "    _name = 'a.b'",
    "    x = fields.Selection([('a', 'A')], states={'draft': [('readonly', False)]})",
    "    @api.depends('x')",
    "    def name_get(self):",
    "        return [(r.id, f'{r.x}') for r in self.env['a.b'].search([('x', '=', 1)])]",
  ].join("\n"),
];

/** Extracts, and checks what must hold for any input: no crash, every position inside the file. */
function extractChecked(file: string, text: string): ExtractedFile | undefined {
  let r: ExtractedFile;
  try {
    r = extractFacts({ path: file, language: file.endsWith("__manifest__.py") ? "python-literal" : "python", text });
  } catch (error) {
    if (error instanceof TooDeepError) return undefined;
    throw error;
  }
  const lines = new LineIndex(text);
  const inside = (line: number, column: number): boolean =>
    line >= 1 && line <= lines.lineCount && column >= 1 && column <= lines.lineText(line).length + 2;
  for (const f of r.facts) {
    expect(inside(f.span.line, f.span.column), `${f.kind} ${f.key} starts outside`).toBe(true);
    expect(inside(f.span.endLine, f.span.endColumn), `${f.kind} ${f.key} ends outside`).toBe(true);
    expect(f.span.endLine > f.span.line || (f.span.endLine === f.span.line && f.span.endColumn >= f.span.column)).toBe(true);
  }
  for (const p of r.problems) expect(inside(p.line, p.column), `problem ${p.message}`).toBe(true);
  for (const [s, e] of r.comments) expect(0 <= s && s <= e && e <= text.length).toBe(true);
  return r;
}

const mutation = fc.record({
  seed: fc.nat(SEEDS.length - 1),
  at: fc.nat(),
  cut: fc.nat(40),
  insert: fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom("(", ")", "'''", '"', "\\", ":", "\n    ", "\t", "def ", "class ", "@", "\u00e9", "\ud83d\ude00", "\r\n", "\0"),
  ),
});

describe("the Python adapter on hostile input", () => {
  it("never throws, and keeps every position inside the file, whatever is cut or inserted", () => {
    fc.assert(
      fc.property(mutation, ({ seed, at, cut, insert }) => {
        const base = SEEDS[seed]!;
        const i = at % (base.length + 1);
        const text = base.slice(0, i) + insert + base.slice(i + cut);
        const file = seed === 1 ? "m/__manifest__.py" : "m/models/a.py";
        const first = extractChecked(file, text);
        // The same input gives the same facts.
        if (first) expect(extractChecked(file, text)).toEqual(first);
      }),
      { numRuns: 300 },
    );
  });

  it("reads arbitrary bytes as any decoded file would be read", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const decoded = decodeText(bytes);
        if (decoded.ok) extractChecked("m/a.py", decoded.text);
      }),
      { numRuns: 200 },
    );
  });

  it("reports a problem for a broken definition inserted at any line", () => {
    fc.assert(
      fc.property(fc.nat(SEEDS.length - 1), fc.nat(), (seed, n) => {
        if (seed === 1) return;
        const lines = SEEDS[seed]!.split("\n");
        const at = n % (lines.length + 1);
        const text = [...lines.slice(0, at), "def broken(:", ...lines.slice(at)].join("\n");
        const r = extractChecked("m/a.py", text);
        expect(r?.problems.length).toBeGreaterThan(0);
        expect(r!.problems[0]!.line).toBeLessThanOrEqual(at + 1);
      }),
      { numRuns: 100 },
    );
  });
});
