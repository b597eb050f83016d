import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileGlobs } from "../src/glob.js";
import { VENDORED, vendoredCheck } from "../src/discover.js";

/** Path segments that make the vendored globs match, or nearly. */
const SEGMENTS = [
  "static",
  "src",
  "lib",
  "vendor",
  "bower_components",
  "a",
  "lib.js",
  "x.min.js",
  ".min.js",
  "min.js",
  "x.MIN.JS",
  "vendors",
  "Static",
  ".js",
];

describe("vendoredCheck", () => {
  it("says what the VENDORED globs say of every path", () => {
    const globs = compileGlobs(VENDORED);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 7 }), (segments) => {
        const path = segments.join("/");
        expect(vendoredCheck()(path), path).toBe(globs(path));
      }),
      { numRuns: 5000 },
    );
  });

  it("finds vendored files by their folders and names", () => {
    const check = vendoredCheck();
    const paths = Array.from({ length: 50 }, (_, i) => `addon/static/lib/f${i}.js`);
    expect(paths.every(check)).toBe(true);
    expect(check("addon/static/src/js/app.js")).toBe(false);
    expect(check("addon/static/src/js/app.min.js")).toBe(true);
    // As the glob says: `**` after a run matches nothing too, so a file named `vendor` is vendored.
    expect(check("vendor")).toBe(true);
    expect(check("vendor.py")).toBe(false);
  });
});
