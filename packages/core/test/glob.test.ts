import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileGlob, compileGlobs, globProblem } from "../src/index.js";
import { IgnoreRules } from "../src/ignore-files.js";
import { fuzzRuns } from "./helpers.js";

describe("globs", () => {
  it("match as picomatch did for the globs Uplift's users write", () => {
    const m = (g: string, p: string): boolean => compileGlobs([g])(p);
    expect(m("**/*.js", "a/b/c.js")).toBe(true);
    expect(m("**/*.js", "c.js")).toBe(true);
    expect(m("*.js", "a/b/c.js")).toBe(true); // no slash: the name at any depth
    expect(m("src/*.js", "src/a/b.js")).toBe(false);
    expect(m("**/static/lib/**", "addon/static/lib/x/y.js")).toBe(true);
    expect(m("**/*.{js,ts}", "a/b.ts")).toBe(true);
    expect(m("**/[ab].js", "x/b.js")).toBe(true);
    expect(m("**/[!ab].js", "x/b.js")).toBe(false);
    expect(m("**/.hidden/*", "a/.hidden/x")).toBe(true);
    expect(m("a?c.js", "abc.js")).toBe(true);
    expect(compileGlob("src/*.js", { basename: false })("src/a.js")).toBe(true);
    expect(compileGlob("*.js", { basename: false })("a/b.js")).toBe(false);
  });

  it("refuse extended globs and brace bombs with a sentence", () => {
    expect(globProblem("@(a|aa)+(@(a|aa))")).toMatch(/^extended glob @\(…\) is not supported/);
    expect(globProblem("{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}")).toMatch(/more than 256 alternatives/);
    expect(globProblem("**/*.js")).toBeUndefined();
  });

  it("never backtrack: many stars against a long name", () => {
    // A backtracking matcher takes on the order of n^12 steps here; this one n·m.
    const name = `${"a".repeat(5000)}c`;
    expect(compileGlob(`${"*a".repeat(12)}*b`)(name)).toBe(false);
    expect(compileGlob(`**/${"**/".repeat(30)}x`)(`${"d/".repeat(300)}y`)).toBe(false);
  });

  it("agree with a reference matcher on random globs", () => {
    const pieces = ["a", "b", "*", "?", "/", "**/", "[ab]", "."];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pieces), { maxLength: 8 }),
        fc.array(fc.constantFrom("a", "b", "/", "."), { maxLength: 8 }),
        (g, p) => {
          const glob = g.join("");
          const path = p.join("");
          if (path.split("/").includes("")) return;
          expect(compileGlob(glob, { basename: false })(path), `${glob} ${path}`).toBe(reference(glob, path));
        },
      ),
      { numRuns: fuzzRuns(500), seed: 12 },
    );
  });
});

/** Globs as regular expressions, for short inputs only: `**` takes zero or more whole segments. */
function reference(glob: string, path: string): boolean {
  const segments = (glob.startsWith("./") ? glob.slice(2) : glob).split("/").filter((s, i) => s !== "" || i === 0);
  const source = segments
    .map((s) => {
      if (s === "**") return "(?:/[^/]+)*";
      return `/${s.replace(/\*+/g, "\0").replace(/[.]/g, "\\.").replace(/\?/g, "[^/]").replace(/\0/g, "[^/]*")}`;
    })
    .join("");
  return new RegExp(`^${source}$`).test(`/${path}`);
}

describe("ignore files", () => {
  it("read the way git does", () => {
    const rules = new IgnoreRules();
    rules.add("", "dist/\n*.log\n!keep.log\n/root-only.js\n# comment\n");
    rules.add("sub/", "local.js\n");
    expect(rules.ignores("dist", true)).toBe(true);
    expect(rules.ignores("dist", false)).toBe(false);
    expect(rules.ignores("a/b/x.log", false)).toBe(true);
    expect(rules.ignores("a/keep.log", false)).toBe(false);
    expect(rules.ignores("root-only.js", false)).toBe(true);
    expect(rules.ignores("a/root-only.js", false)).toBe(false);
    expect(rules.ignores("sub/local.js", false)).toBe(true);
    expect(rules.ignores("local.js", false)).toBe(false);
  });

  it("decide as the last matching rule, tried one by one, decides", () => {
    // The reading of one rule as git gives it (what IgnoreRules did rule by rule before it looked names up).
    const reference = (files: Array<[string, string]>, path: string, folder: boolean): boolean => {
      let ignored = false;
      for (const [dir, text] of [...files].sort((a, b) => a[0].length - b[0].length || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
        if (dir && !path.startsWith(dir)) continue;
        for (const raw of text.split(/\r?\n/)) {
          let line = raw.replace(/(?<!\\)[ \t]+$/, "");
          if (line === "" || line.startsWith("#")) continue;
          let negated = false;
          if (line.startsWith("!")) {
            negated = true;
            line = line.slice(1);
          } else if (line.startsWith("\\!") || line.startsWith("\\#")) line = line.slice(1);
          const folderOnly = line.endsWith("/");
          if (folderOnly) line = line.slice(0, -1);
          const anchored = line.includes("/");
          if (line.startsWith("/")) line = line.slice(1);
          if (line === "" || (folderOnly && !folder)) continue;
          const matches = compileGlob(
            line.replace(/[{}()]/g, (c) => `\\${c}`),
            { basename: !anchored },
          );
          if (matches(path.slice(dir.length))) ignored = !negated;
        }
      }
      return ignored;
    };
    const name = fc.constantFrom("a", "b", "a.log", "x.py", "x.pyc", "build", "__pycache__", ".env", "~", "a~");
    const rule = fc
      .tuple(
        fc.constantFrom("", "!", "/", "\\!"),
        fc.constantFrom("a", "b", "*.log", "*.py[cod]", "*", "*~", "build", "__pycache__", "a/b", "**/a", "a*", "?", ".env", "x.py", "{a}"),
        fc.constantFrom("", "/"),
      )
      .map((parts) => parts.join(""));
    const file = fc.tuple(
      fc.constantFrom("", "a/", "a/b/", "b/"),
      fc.array(rule, { maxLength: 8 }).map((r) => r.join("\n")),
    );
    const path = fc.array(name, { minLength: 1, maxLength: 4 }).map((p) => p.join("/"));
    fc.assert(
      fc.property(fc.uniqueArray(file, { maxLength: 3, selector: (f) => f[0] }), path, fc.boolean(), (files, p, folder) => {
        const rules = new IgnoreRules();
        for (const [dir, text] of files) rules.add(dir, text);
        expect(rules.ignores(p, folder)).toBe(reference(files, p, folder));
      }),
      { numRuns: 2000 },
    );
  });

  it("take a hostile pattern literally and cheaply", () => {
    const rules = new IgnoreRules();
    rules.add("", `@(a|aa)+(@(a|aa))\n${"*a".repeat(20)}*b\n`);
    expect(rules.ignores("a".repeat(3000), false)).toBe(false);
    expect(rules.ignores("@(a|aa)+(@(a|aa))", false)).toBe(true);
  });
});
