import { afterEach, describe, expect, it, vi } from "vitest";
import { decodeFacts, encodeFacts } from "../src/cache.js";
import { extractFacts, prepareLanguage } from "../src/extract.js";
import { LineIndex, type SourceFile } from "../src/source-file.js";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("a file's line index", () => {
  it("finds the line starts only when first asked, once", async () => {
    const file: SourceFile = { path: "a.py", language: "python", text: "import os\r\nos.getcwd()\rx = 1\n" };
    await prepareLanguage(file.language, file.text);
    const encoded = encodeFacts(extractFacts(file));
    const read = vi.spyOn(String.prototype, "charCodeAt");
    const decoded = decodeFacts(encoded, file)!;
    expect(read).not.toHaveBeenCalled();
    expect(decoded.lines.lineCount).toBe(4);
    const calls = read.mock.calls.length;
    expect(calls).toBeGreaterThanOrEqual(file.text.length);
    expect(decoded.lines.position(12)).toEqual({ line: 2, column: 2 });
    expect(decoded.lines.lineText(3)).toBe("x = 1");
    expect(decoded.lines.offset(3, 1)).toBe(23);
    expect(read.mock.calls.length).toBe(calls);
  });

  it("maps offsets as before across line endings", () => {
    const lines = new LineIndex("a\nb\r\nc\rd");
    expect(lines.span(0, 8)).toEqual({ line: 1, column: 1, endLine: 4, endColumn: 2 });
    expect([1, 2, 3, 4, 5].map((n) => lines.lineText(n))).toEqual(["a", "b", "c", "d", ""]);
  });
});
