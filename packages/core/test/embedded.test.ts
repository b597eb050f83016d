import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeJsonString, encodeJsonStringContent, extractFacts, hostOffset, hostSpan, LineIndex, prepareLanguage } from "../src/index.js";

// JSON that may hold Frappe records needs their adapter (and the Python parser for Server Scripts).
beforeAll(() => prepareLanguage("json"));

describe("JSON strings decoded with the way back to the file", () => {
  it("maps every decoded character to where it is written", () => {
    const text = '{"s": "a\\nb\\u00e9\\"c"}';
    const start = text.indexOf('"a');
    const d = decodeJsonString(text, start)!;
    expect(d.value).toBe('a\nbé"c');
    expect([0, 1, 2, 3, 4, 5, 6].map((i) => hostOffset(d.offsets, i))).toEqual([7, 8, 10, 11, 17, 19, 20]);
    expect(d.end).toBe(text.length - 1);
  });

  it("refuses what JSON does not allow in a string", () => {
    expect(decodeJsonString('"a\nb"', 0)).toBeUndefined();
    expect(decodeJsonString('"a\\x"', 0)).toBeUndefined();
    expect(decodeJsonString('"open', 0)).toBeUndefined();
    expect(decodeJsonString("'single'", 0)).toBeUndefined();
  });

  it("round-trips any text, and every offset lands on its own character in the file", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme-composite", maxLength: 60 }), fc.string({ maxLength: 8 }), (value, prefix) => {
        const text = `${JSON.stringify(prefix)}: ${JSON.stringify(value)}`;
        const start = text.lastIndexOf(JSON.stringify(value));
        const d = decodeJsonString(text, start);
        expect(d?.value).toBe(value);
        let last = start;
        for (let i = 0; i <= value.length; i++) {
          const at = hostOffset(d!.offsets, i);
          expect(at).toBeGreaterThan(start);
          expect(at).toBeLessThanOrEqual(text.length - 1);
          expect(at).toBeGreaterThanOrEqual(last);
          last = at;
          if (i < value.length) {
            // The host text between this character's offset and the next one decodes to it.
            const piece = text.slice(at, hostOffset(d!.offsets, i + 1));
            expect(JSON.parse(`"${piece}"`)).toBe(value[i]);
          }
        }
      }),
    );
  });

  it("writes text back as the content of a JSON string", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(JSON.parse(`"${encodeJsonStringContent(s)}"`)).toBe(s);
      }),
    );
  });
});

describe("code inside Frappe records is read at the JSON file's real positions", () => {
  const script = "frappe.ui.form.on('Sales Invoice', {\n  refresh(frm) {\n    show_alert('Dr\\u00e4ft');\n  }\n});";
  const fixture = `[\n {\n  "doctype": "Client Script",\n  "dt": "Sales Invoice",\n  "script": "${script.replace(/\n/g, "\\n")}"\n }\n]\n`;

  it("places a fact of the script on the line of the JSON file", () => {
    const extracted = extractFacts({ path: "fixtures/client_script.json", language: "json", text: fixture });
    const source = extracted.embedded?.[0];
    expect(source?.path).toBe("fixtures/client_script.json#/0/script.js");
    expect(source?.context).toEqual({ doctype: "Client Script", target: "Sales Invoice" });
    const call = source!.facts.find((f) => f.kind === "call" && f.key === "show_alert")!;
    expect(call.span.line).toBe(3);
    const span = hostSpan(source!, new LineIndex(source!.text), extracted.lines, call.span);
    expect(span.line).toBe(5);
    expect(fixture.split("\n")[4]!.slice(span.column - 1, span.endColumn - 1)).toBe("show_alert('Dr\\u00e4ft')");
  });

  it("keeps every embedded fact inside the string that holds it, whatever the code", () => {
    const code = fc.array(
      fc.constantFrom(
        "show_alert('x');",
        "let user = 1;",
        "cur_frm.doc.name",
        "\n",
        "\t",
        '"quoted \\" text"',
        "é",
        "😀",
        "/* comment */",
        "// line\n",
        "{",
        "}",
        "(",
        "frappe.db.get_list('Item', { fields: ['count(name)'] });",
        "`tpl ${a}`",
        "\\",
        "\u2028",
      ),
      { maxLength: 25 },
    );
    fc.assert(
      fc.property(code, fc.nat(3), (parts, indent) => {
        const js = parts.join("");
        const pad = " ".repeat(indent);
        const host = `[\n${pad}{"doctype": "Client Script", "dt": "Item", "script": ${JSON.stringify(js)}}\n]`;
        const extracted = extractFacts({ path: "c.json", language: "json", text: host });
        const source = extracted.embedded?.[0];
        if (js.trim() === "") return;
        expect(source?.text).toBe(js);
        const start = host.indexOf('"script": ') + '"script": '.length;
        const end = start + JSON.stringify(js).length;
        const code = new LineIndex(js);
        for (const f of source!.facts) {
          const s = hostSpan(source!, code, extracted.lines, f.span);
          const a = extracted.lines.offset(s.line, s.column);
          const b = extracted.lines.offset(s.endLine, s.endColumn);
          expect(a).toBeGreaterThan(start);
          expect(b).toBeLessThan(end);
          expect(a).toBeLessThanOrEqual(b);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("never fails on broken or hostile records", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (junk) => {
        const text = `[{"doctype": "Client Script", "script": ${JSON.stringify(junk)}, "x": ${junk}}]`;
        const r = extractFacts({ path: "c.json", language: "json", text });
        expect(Array.isArray(r.facts)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
