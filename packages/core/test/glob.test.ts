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

  it("take a hostile pattern literally and cheaply", () => {
    const rules = new IgnoreRules();
    rules.add("", `@(a|aa)+(@(a|aa))\n${"*a".repeat(20)}*b\n`);
    expect(rules.ignores("a".repeat(3000), false)).toBe(false);
    expect(rules.ignores("@(a|aa)+(@(a|aa))", false)).toBe(true);
  });
});
