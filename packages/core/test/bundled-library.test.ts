import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { recogniseLibrary } from "../src/index.js";

const code = "function f(a) {\n  return a + 1;\n}\n";
/** Statement-dense lines of more than 500 characters, as a minifier writes them. */
const minified = Array.from({ length: 6 }, (_, i) => `var a${i}=function(b){if(b){return b(1)}else{return null};};`.repeat(12)).join("\n");

describe("recogniseLibrary", () => {
  it("names a library from its licence banner, with the version", () => {
    expect(recogniseLibrary(`/*! TinyNotify v1.2.0 | (c) 2019 Example Authors | MIT License */\n${code}`)).toEqual({
      name: "TinyNotify",
      version: "1.2.0",
      evidence: "licence",
    });
    expect(recogniseLibrary(`/**\n * @license Gadget 2.4.1\n * (c) Someone\n */\n${code}`)).toEqual({
      name: "Gadget",
      version: "2.4.1",
      evidence: "licence",
    });
    expect(recogniseLibrary(`// Widgets, copyright (c) by A. Author and others\n// Distributed under an MIT license\n${code}`)).toEqual({
      name: "Widgets",
      evidence: "licence",
    });
    expect(
      recogniseLibrary(
        `\uFEFF/*!\n * Tiny plugin\n * Version 2.70.0\n * Requires jQuery v1.7\n * Dual licensed under the MIT and GPL licenses\n */\n${code}`,
      ),
    ).toEqual({
      name: "Tiny plugin",
      version: "2.70.0",
      evidence: "licence",
    });
  });

  it("does not take the customer's own header for a library", () => {
    const headers = [
      "// Copyright (c) 2021, Contoso and contributors\n// For license information, please see license.txt\n",
      "/**\n * @NApiVersion 2.1\n * @NScriptType UserEventScript\n * @author Jane Doe\n * @version 1.3.0\n */\n",
      "/* Contoso account form script, version 1.3, (c) Contoso Ltd. All rights reserved. */\n",
      "/*! my-project 16-10-2015 */\n",
      "// This file is part of contoso_sales.\n// Copyright (c) Contoso\n",
    ];
    for (const header of headers) expect(recogniseLibrary(`${header}${code}`)).toBeUndefined();
    // A licence without anything that names the code: the customer's own, published.
    expect(recogniseLibrary(`// SPDX: MIT License\n${code}`)).toBeUndefined();
  });

  it("knows a library by its distribution wrapper and names it by the global it sets", () => {
    const umd = `(function (root, factory) {\n  if (typeof define === "function" && define.amd) define([], factory);\n  else if (typeof module === "object" && module.exports) module.exports = factory();\n  else root.Gizmo = factory();\n})(this, function () { return {}; });\n`;
    expect(recogniseLibrary(umd)).toEqual({ name: "Gizmo", evidence: "umd" });
    // An IIFE alone is how customers write their own scripts.
    expect(recogniseLibrary(`(function () {\n  window.Contoso = {};\n})();\n`)).toBeUndefined();
  });

  it("knows an SDK sample by its header", () => {
    const header = "// This file is part of the Example Vendor SDK code samples.\n// Copyright (C) Example Vendor.  All rights reserved.\n";
    expect(recogniseLibrary(`${header}${code}`)).toEqual({ name: "Example Vendor SDK code samples", evidence: "sdk-sample" });
  });

  it("takes minified code for a library only when its header names a released version", () => {
    expect(recogniseLibrary(`/**\n * Toolkit for forms\n * @current version : 2.2\n */\n${minified}`)).toEqual({
      name: "Toolkit for forms",
      version: "2.2",
      evidence: "minified",
    });
    expect(recogniseLibrary(minified)).toBeUndefined();
    expect(recogniseLibrary(`/*! my-project 16-10-2015 */\n${minified}`)).toBeUndefined();
    // A long string is not minified code.
    expect(recogniseLibrary(`/** Logo, version 1.0 */\nvar logo = "${"QUJD".repeat(2000)}";\n`)).toBeUndefined();
  });

  it("never throws, and gives the same answer for the same text", () => {
    const pieces = fc.constantFrom(
      "/*!",
      "*/",
      "/*",
      "//",
      "\n",
      " ",
      "@license ",
      "MIT License",
      "v1.2.3",
      "Name",
      "typeof define",
      "define.amd",
      "module.exports",
      "\uFEFF",
      ";{}()",
      "Copyright (c) ",
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string()), { maxLength: 40 }), (parts) => {
        const text = parts.join("");
        const first = recogniseLibrary(text);
        expect(recogniseLibrary(text)).toEqual(first);
        if (first?.name !== undefined) expect(first.name.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it("a customer's copyright header in front of any code never makes it a library", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("Contoso", "ACME Corp", "libracore and contributors"),
        fc.integer({ min: 2000, max: 2030 }),
        fc.string(),
        (holder, year, body) => {
          const text = `// Copyright (c) ${year}, ${holder}\n// All rights reserved.\n${body.replace(/define|\/\*|\/\//g, "")}`;
          expect(recogniseLibrary(text)).toBeUndefined();
        },
      ),
      { numRuns: 200 },
    );
  });
});
