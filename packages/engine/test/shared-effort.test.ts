import { describe, expect, it } from "vitest";
import type { Finding } from "../src/index.js";
import { countLibrariesOnce, csvFields, LIBRARY_EFFORT, markTranslationCopies } from "../src/shared-effort.js";

function finding(over: Partial<Finding>): Finding {
  return {
    project: "app",
    ruleId: "r/1",
    title: "t",
    severity: "low",
    change: "deprecated",
    file: "app/a.js",
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 2,
    message: "m",
    replacement: "",
    snippet: "",
    fingerprint: "",
    effortMinutes: 30,
    effortMaxMinutes: 60,
    references: [],
    fixable: false,
    impact: { artefacts: [], processes: [] },
    ...over,
  };
}

describe("countLibrariesOnce", () => {
  it("puts a library's effort on its first finding, capped, and none on the others; again gives the same", () => {
    const lib = { name: "Toolkit", version: "2.2", evidence: "minified" as const };
    const fs = Array.from({ length: 10 }, (_, i) => finding({ line: i + 1, library: { ...lib } }));
    const own = finding({ file: "app/own.js" });
    countLibrariesOnce([...fs, own]);
    expect(fs[0]!.effortMinutes).toBe(LIBRARY_EFFORT.min);
    expect(fs[0]!.effortMaxMinutes).toBe(LIBRARY_EFFORT.max);
    expect(fs.slice(1).every((f) => f.effortMinutes === 0 && f.effortMaxMinutes === 0)).toBe(true);
    expect(own.effortMinutes).toBe(30);
    countLibrariesOnce([...fs, own]);
    expect(fs[0]!.effortMinutes).toBe(LIBRARY_EFFORT.min);
  });

  it("counts a small library by its findings, and another version apart", () => {
    const a = finding({ library: { name: "X", version: "1", evidence: "licence" } });
    const b = finding({ line: 2, library: { name: "X", version: "2", evidence: "licence" } });
    countLibrariesOnce([a, b]);
    expect([a.effortMinutes, b.effortMinutes]).toEqual([30, 30]);
  });
});

describe("markTranslationCopies", () => {
  it("marks a translation row whose source text stands in a code finding's line, and keeps the others", () => {
    const code = finding({
      file: "app/app/public/js/so.js",
      line: 41,
      snippet: 'frappe.msgprint(__("Open <a href=\\"/app/so/{0}\\">{0}</a>", [n]));',
    });
    const copy = finding({
      file: "app/app/translations/de.csv",
      snippet: '"Open <a href=""/app/so/{0}"">{0}</a>","Öffnen <a href=""/app/so/{0}"">{0}</a>",',
    });
    const own = finding({
      file: "app/app/translations/de.csv",
      line: 2,
      snippet: '"See <a href=""/app/x"">x</a>","Siehe <a href=""/app/x"">x</a>",',
    });
    const otherRule = finding({ ruleId: "r/2", file: "app/app/translations/de.csv", line: 3, snippet: copy.snippet });
    markTranslationCopies([code, copy, own, otherRule]);
    expect(copy.translationOf).toEqual({ file: "app/app/public/js/so.js", line: 41 });
    expect(copy.effortMinutes).toBe(0);
    expect(own.translationOf).toBeUndefined();
    expect(own.effortMinutes).toBe(30);
    expect(otherRule.translationOf).toBeUndefined();
    // The same text in a file that is not a translation is the customer's own.
    const notTranslation = finding({ file: "app/app/data/rows.csv", snippet: copy.snippet });
    markTranslationCopies([code, notTranslation]);
    expect(notTranslation.translationOf).toBeUndefined();
  });

  it("splits rows with doubled quotes and backslash escapes", () => {
    expect(csvFields('a,"b ""c"" d","e \\"f\\"",')).toEqual(["a", 'b "c" d', 'e "f"', ""]);
    expect(csvFields("")).toEqual([""]);
  });
});
