import { extractFacts } from "@uplift/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { globalReturnsOf, refineSuiteScript } from "../src/refine/suitescript.js";
import type { RefineHints } from "../src/refine/index.js";

/** `line:column symbol` of every fact the refiner resolved, in order. */
function symbols(code: string, hints?: RefineHints): string[] {
  const file = { path: "SuiteScripts/a.js", language: "javascript" as const, text: code };
  return refineSuiteScript(file, extractFacts(file), hints)
    .facts.filter((f) => f.detail?.symbol !== undefined)
    .sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column)
    .map((f) => `${f.span.line}:${f.span.column} ${f.detail!.symbol}`);
}

function refs(code: string): string[] {
  const file = { path: "SuiteScripts/a.js", language: "javascript" as const, text: code };
  return refineSuiteScript(file, extractFacts(file))
    .facts.filter((f) => f.kind === "ref")
    .map((f) => `${f.span.line}:${f.span.column} ${f.key}`);
}

describe("SuiteScript 1.0 objects", () => {
  it("follows what a 1.0 function returns through variables, reassignments and chains", () => {
    const code = [
      "var rec = nlapiLoadRecord('salesorder', 1);",
      "rec.setFieldValue('memo', 'x');",
      "var same = rec;",
      "same.getLineItemCount('item');",
      "nlapiGetContext().getSetting('SCRIPT', 'custscript_x');",
      "nlapiLoadSearch(null, 'customsearch_x')",
      "  .runSearch()",
      "  .getResults(0, 10);",
    ].join("\n");
    expect(symbols(code)).toEqual([
      "2:5 nlobjRecord.setFieldValue",
      "4:6 nlobjRecord.getLineItemCount",
      "5:19 nlobjContext.getSetting",
      "7:4 nlobjSearch.runSearch",
      "8:4 nlobjSearchResultSet.getResults",
    ]);
  });

  it("follows helper functions of the file: what they return and what their callers pass", () => {
    const code = [
      "function load(id) { return nlapiLoadRecord('customer', id); }",
      "function stamp(r) { r.setFieldValue('memo', 'x'); }",
      "var Acme = { util: { get: function () { return nlapiGetNewRecord(); } } };",
      "load(1).getFieldValue('email');",
      "stamp(nlapiCreateRecord('task'));",
      "Acme.util.get().getId();",
    ].join("\n");
    expect(symbols(code)).toEqual(["2:23 nlobjRecord.setFieldValue", "4:9 nlobjRecord.getFieldValue", "6:17 nlobjRecord.getId"]);
  });

  it("gives search results to array elements, loops and callbacks", () => {
    const code = [
      "var results = nlapiSearchRecord('customer', null, null, null);",
      "for (var i = 0; i < results.length; i++) { results[i].getValue('entityid'); }",
      "results.forEach(function (r) { r.getId(); });",
      "var open = results.filter(function (r) { return r.getValue('status'); });",
      "open.sort(function (a, b) { return a.getId() - b.getId(); });",
      "open[0].getText('salesrep');",
      "nlapiLoadSearch(null, 's').runSearch().forEachResult(function (row) { row.getValue('x'); return true; });",
      "var filters = [];",
      "filters.push(new nlobjSearchFilter('isinactive', null, 'is', 'F'));",
      "filters[0].setFormula('{x}');",
    ].join("\n");
    const found = symbols(code);
    expect(found).toContain("2:55 nlobjSearchResult.getValue");
    expect(found).toContain("3:34 nlobjSearchResult.getId");
    expect(found).toContain("4:51 nlobjSearchResult.getValue");
    expect(found).toContain("5:38 nlobjSearchResult.getId");
    expect(found).toContain("5:50 nlobjSearchResult.getId");
    expect(found).toContain("6:9 nlobjSearchResult.getText");
    expect(found).toContain("7:75 nlobjSearchResult.getValue");
    expect(found).toContain("10:12 nlobjSearchFilter.setFormula");
  });

  it("reads JSDoc types, instanceof checks and globals a function sets through this", () => {
    const code = [
      "/**",
      " * @param {nlobjRequest} request",
      " * @param {nlobjResponse} response",
      " */",
      "function run(request, response) { response.write(request.getParameter('q')); }",
      "function start() { this.context = nlapiGetContext(); }",
      "function later() { context.getRemainingUsage(); }",
      "try { go(); } catch (e) { if (e instanceof nlobjError) { e.getCode(); } else { e.getCode(); } }",
    ].join("\n");
    expect(symbols(code)).toEqual([
      "5:44 nlobjResponse.write",
      "5:58 nlobjRequest.getParameter",
      "7:28 nlobjContext.getRemainingUsage",
      "8:60 nlobjError.getCode",
    ]);
  });

  it("reads JSDoc whose names sit on the next line, and blocks followed by a line comment", () => {
    const code = [
      "/**",
      " * @param {nlobjForm}",
      " *            form Current form",
      " */",
      "// Before load",
      "function userEventBeforeLoad(type, form) { form.addField('a', 'text', 'A'); }",
    ].join("\n");
    expect(symbols(code)).toEqual(["6:49 nlobjForm.addField"]);
  });

  it("types entry points from what the script record says, and Suitelets from the page they write", () => {
    const ue = "function beforeLoad(type, form, request) {\n  form.addButton('custpage_x', 'X');\n  request.getParameter('a');\n}";
    expect(symbols(ue)).toEqual([]);
    expect(symbols(ue, { entryPoints: [{ name: "beforeLoad", role: "userevent.beforeLoad" }] })).toEqual([
      "2:8 nlobjForm.addButton",
      "3:11 nlobjRequest.getParameter",
    ]);
    const suitelet = [
      "function show(req, res) {",
      "  var form = nlapiCreateForm('Approvals');",
      "  req.getParameter('id');",
      "  res.writePage(form);",
      "}",
    ].join("\n");
    expect(symbols(suitelet)).toEqual(["3:7 nlobjRequest.getParameter", "4:7 nlobjResponse.writePage"]);
    // A function the file calls itself is no entry point.
    expect(symbols(`${suitelet}\nshow(a, b);`)).toEqual([]);
  });

  it("tells apart two objects one variable holds by the method called", () => {
    const code = "var t = nlapiCreateEmailMerger(5);\nt.setEntity('customer', 1);\nt = t.merge();\nt.getSubject();";
    expect(symbols(code)).toEqual(["2:3 nlobjEmailMerger.setEntity", "3:7 nlobjEmailMerger.merge", "4:3 nlobjMergeResult.getSubject"]);
  });

  it("leaves the script's own objects, comments and strings alone", () => {
    const code = [
      "// var rec = nlapiLoadRecord('x', 1); rec.setFieldValue('a', 'b');",
      "var text = \"nlapiLoadRecord('x', 1).setFieldValue('a', 'b')\";",
      "var rec = { setFieldValue: function () {} };",
      "rec.setFieldValue('a', 'b');",
      "function nlapiLoadRecord() { return {}; }",
      "nlapiLoadRecord().setFieldValue('a', 'b');",
      "var loaded = nlapiGetNewRecord(); loaded.toString();",
    ].join("\n");
    expect(symbols(code)).toEqual([]);
  });
});

describe("functions of other files", () => {
  it("lists what a 1.0 file's top-level functions return, and nothing of a module", () => {
    const returns = (text: string): Record<string, string[]> =>
      Object.fromEntries(globalReturnsOf({ path: "lib.js", language: "javascript", text }));
    expect(
      returns(
        [
          "function load(id) { return nlapiLoadRecord('customer', id); }",
          "function total(rec) { return 1; }",
          "Acme = {}; Acme.find = function () { return nlapiSearchRecord('item'); };",
          "function outer() { function inner() { return nlapiLoadRecord('item', 1); } }",
        ].join("\n"),
      ),
    ).toEqual({ load: ["nlobjRecord"], "Acme.find": ["nlobjSearchResult[]"] });
    expect(returns("define([], function () { function load(id) { return nlapiLoadRecord('customer', id); } });")).toEqual({});
  });

  it("types a call of another file's function, unless the file defines the name itself", () => {
    const globalReturns = new Map([["loadCustomer", ["nlobjRecord"]]]);
    expect(symbols("var c = loadCustomer(1);\nc.getFieldValue('x');\n", { globalReturns })).toEqual(["2:3 nlobjRecord.getFieldValue"]);
    expect(symbols("function loadCustomer() { return {}; }\nvar c = loadCustomer(1);\nc.getFieldValue('x');\n", { globalReturns })).toEqual(
      [],
    );
  });
});

describe("SuiteScript 2.x", () => {
  it("types modules and entry points' context objects by the script type", () => {
    const code = [
      "/**",
      " * @NApiVersion 2.1",
      " * @NScriptType UserEventScript",
      " */",
      "define(['N/record', 'N/search'], function (record, search) {",
      "  function beforeSubmit(context) {",
      "    var rec = context.newRecord;",
      "    rec.getFieldValue('memo');",
      "    record.load({ type: 'customer', id: 1 }).setValue({ fieldId: 'x', value: 1 });",
      "    search.load({ id: 's' }).run().each(function (r) { r.getId(); return true; });",
      "  }",
      "  return { beforeSubmit: beforeSubmit };",
      "});",
    ].join("\n");
    expect(symbols(code)).toEqual([
      "8:9 N/record.Record.getFieldValue",
      "9:46 N/record.Record.setValue",
      "10:30 N/search.Search.run",
      "10:36 N/search.ResultSet.each",
      "10:58 N/search.Result.getId",
    ]);
  });

  it("marks 2.1-only syntax in files tagged 2.0 or 2.x, once per form, and only there", () => {
    const body = "define([], function () {\n  let a = 1;\n  let b = () => a;\n  return { b };\n});";
    expect(refs(`/**\n * @NApiVersion 2.x\n */\n${body}`)).toEqual(["5:3 syntax:let", "6:11 syntax:arrow-function"]);
    expect(refs(`/**\n * @NApiVersion 2.1\n */\n${body}`)).toEqual([]);
  });

  it("marks a script's own log or util, not a module bound to the name", () => {
    expect(refs("function go(util) { var log = 'x'; }")).toEqual(["1:13 declares:util", "1:25 declares:log"]);
    expect(refs("define(['N/log'], function (log) { log.debug('x'); });")).toEqual([]);
  });
});

describe("hostile input", () => {
  it("never throws and never drops the adapter's facts", () => {
    const tokens = [
      "nlapiLoadRecord(",
      ").",
      "rec",
      " = ",
      ";",
      "function (",
      "{",
      "}",
      "[",
      "]",
      "define([",
      "'N/record'",
      "/**",
      "*/",
      "@NApiVersion 2.x",
      "=>",
      "\n",
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...tokens), { maxLength: 40 }), (parts) => {
        const file = { path: "a.js", language: "javascript" as const, text: parts.join("") };
        const extracted = extractFacts(file);
        const refined = refineSuiteScript(file, extracted, { globalReturns: globalReturnsOf(file) });
        expect(refined.facts.length).toBeGreaterThanOrEqual(extracted.facts.length);
      }),
      { numRuns: 150 },
    );
  });

  it("survives deep nesting", () => {
    const deep = `${"(".repeat(3000)}nlapiLoadRecord('a', 1)${")".repeat(3000)}.getId();`;
    const file = { path: "a.js", language: "javascript" as const, text: deep };
    expect(() =>
      refineSuiteScript(file, { facts: [], problems: [], comments: [], lines: extractFacts({ ...file, text: "" }).lines }),
    ).not.toThrow();
    expect(globalReturnsOf({ ...file, text: `function f() { return ${deep} }` }).size).toBe(0);
  });
});
