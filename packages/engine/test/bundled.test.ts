import { describe, expect, it } from "vitest";
import { bundledLibraryOf } from "../src/bundled.js";

const banner = "/*! Gadget v1.2.0 | MIT License */\nfunction f() {}\n";

describe("bundledLibraryOf", () => {
  it("names a library by its text wherever it is", () => {
    expect(bundledLibraryOf({ path: "app/public/js/gadget.js", language: "javascript", text: banner }, "app")).toEqual({
      name: "Gadget",
      version: "1.2.0",
      evidence: "licence",
    });
  });

  it("takes a file in a third-party folder (scanned with --include-vendored) by its path, named by its file", () => {
    const text = "var x = 1;\n";
    expect(bundledLibraryOf({ path: "app/static/lib/widget.min.js", language: "javascript", text }, "app")).toEqual({
      name: "widget",
      evidence: "path",
    });
    expect(bundledLibraryOf({ path: "app/public/js/widget.js", language: "javascript", text }, "app")).toBeUndefined();
  });

  it("keeps the project's own code published under a licence, and reads only JavaScript", () => {
    const own = "/*! acme_sales v2.0.0 | MIT License */\nfunction f() {}\n";
    expect(bundledLibraryOf({ path: "acme_sales/public/js/a.js", language: "javascript", text: own }, "acme_sales")).toBeUndefined();
    expect(bundledLibraryOf({ path: "app/a.py", language: "python", text: banner }, "app")).toBeUndefined();
  });
});
