// Rules for SuiteScript 1.0's objects: their names used in code (`new nlobjSearchFilter`), every
// method Oracle's map lists (matched by `call: { symbol }`: the method of a value Uplift knows is that 1.0
// object), and 1.0 methods called on the 2.x objects that replace them.
import { ESLINT_GLOBALS, firing, LEAD, MAP_OBJECTS, skillFile, slug, suggestionOf, SUNSET, testsOf } from "./common.mjs";
import { argumentsOf, methodCounterExample, methodExample } from "./examples.mjs";
import { METHOD_SUGGESTIONS } from "./suggestions.mjs";
import { methodSentences, UNMAPPED_METHODS } from "./wording.mjs";

/** 1.0 object names eslint-plugin-suitescript declares that Oracle's object map does not list. */
const ESLINT_ONLY_OBJECTS = [
  "nlobjCache",
  "nlobjPivotColumn",
  "nlobjPivotRow",
  "nlobjPivotTable",
  "nlobjPivotTableHandle",
  "nlobjReportColumn",
  "nlobjReportColumnHierarchy",
  "nlobjReportDefinition",
  "nlobjReportForm",
  "nlobjReportRowHierarchy",
  "nlobjServerResponse",
];

/** The 2.x classes that replace a 1.0 object, as Uplift names values of them, and code that makes one. */
const SUCCESSORS = {
  nlobjRecord: ["N/record.Record", "N/currentRecord.CurrentRecord"],
  nlobjSearch: ["N/search.Search"],
  nlobjSearchResultSet: ["N/search.ResultSet"],
  nlobjSearchResult: ["N/search.Result"],
  nlobjRequest: ["N/http.ServerRequest"],
  nlobjResponse: ["N/http.ServerResponse", "N/http.ClientResponse", "N/https.ClientResponse"],
  nlobjForm: ["N/ui/serverWidget.Form"],
  nlobjList: ["N/ui/serverWidget.List"],
  nlobjAssistant: ["N/ui/serverWidget.Assistant"],
  nlobjFile: ["N/file.File"],
  nlobjError: ["N/error.SuiteScriptError"],
};
const MAKERS = {
  "N/record.Record": ["N/record", "record", "record.load({ type: 'salesorder', id: 42 })"],
  "N/search.Search": ["N/search", "search", "search.load({ id: 'customsearch_open' })"],
  "N/search.ResultSet": ["N/search", "search", "search.load({ id: 'customsearch_open' }).run()"],
  "N/search.Result": ["N/search", "search", "search.load({ id: 'customsearch_open' }).run().getRange({ start: 0, end: 1 })[0]"],
  "N/http.ClientResponse": ["N/http", "http", "http.get({ url: 'https://example.com/rates' })"],
  "N/ui/serverWidget.Form": ["N/ui/serverWidget", "serverWidget", "serverWidget.createForm({ title: 'Approvals' })"],
  "N/ui/serverWidget.List": ["N/ui/serverWidget", "serverWidget", "serverWidget.createList({ title: 'Approvals' })"],
  "N/ui/serverWidget.Assistant": ["N/ui/serverWidget", "serverWidget", "serverWidget.createAssistant({ title: 'Setup' })"],
  "N/file.File": ["N/file", "file", "file.load({ id: 42 })"],
  "N/error.SuiteScriptError": ["N/error", "error", "error.create({ name: 'BAD_ORDER', message: 'details' })"],
};

const nameOf = (signature) => signature.split("(")[0].trim();
const byName = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

function classText(o) {
  const client = o.ss2ClientClass ? `; in client scripts ${o.ss2ClientClass} (${o.ss2ClientModule})` : "";
  return `${o.ss2Class} (${o.ss2Module}${client})`;
}

function nameRule(name, o, commit) {
  const known = o !== undefined;
  const constructor = o?.methods.find((m) => nameOf(m.ss1Method) === name);
  const code = constructor
    ? `var filters = [];\nfilters.push(new ${name}(${argumentsOf(constructor.ss1Method)
        .map((a) => `'${a}'`)
        .join(", ")}));\n`
    : `function isOne(value) {\n  return value instanceof ${name};\n}\n`;
  const line = 2;
  const column = code.split("\n")[1].indexOf(name) + 1;
  return {
    id: `netsuite/2.0/${slug(name)}`,
    title: `${name} is a SuiteScript 1.0 object`,
    change: "removed",
    severity: "high",
    artefact: "script",
    match: { global: name },
    message: [
      `${name} is ${LEAD}`,
      constructor
        ? `In 2.x create it with ${constructor.ss2Method.split("(")[0]}(options) instead of a constructor.`
        : known
          ? `In 2.x the object is ${classText(o)}.`
          : "No 2.x equivalent is known.",
    ].join(" "),
    replacement: constructor
      ? `${o.ss2Module}: ${constructor.ss2Method}`
      : known
        ? `${o.ss2Module}: ${o.ss2Class}`
        : "No 2.x equivalent is known.",
    effort: "15m",
    references: known ? [MAP_OBJECTS, skillFile(commit, "object-mapping.json"), SUNSET] : [ESLINT_GLOBALS, MAP_OBJECTS, SUNSET],
    docs: known
      ? undefined
      : "Declared as a SuiteScript 1.0 global by eslint-plugin-suitescript; Oracle's 1.0 → 2.x object map does not list it.",
    tests: ["Run every deployment of the converted script and compare what it writes with the 1.0 version."],
    examples: [
      { file: "SuiteScripts/example.js", code, expect: [{ line, column }] },
      { file: "SuiteScripts/example.js", code: `// ${name} was used here before\nvar text = "new ${name}()";\n`, expect: [] },
    ],
  };
}

function methodRule(o, m, commit) {
  const method = nameOf(m.ss1Method);
  const key = `${o.ss1Object}.${method}`;
  const unmapped = m.unmapped === true || /^\(no|^no direct/i.test(m.ss2Method);
  const suggestion = suggestionOf(METHOD_SUGGESTIONS, key);
  const args = METHOD_SUGGESTIONS[key]?.args ?? argumentsOf(m.ss1Method);
  const example = methodExample(o.ss1Object, method, args);
  const advice = UNMAPPED_METHODS[key];
  if (unmapped && !advice) throw new Error(`no wording for the unmapped method ${key}: add it to scripts/netsuite-pack/wording.mjs`);
  const sentences = unmapped ? [advice] : [`In 2.x use ${m.ss2Method}.`, ...methodSentences(method, m.ss2Method, m.notes ?? "")];
  return {
    id: `netsuite/2.0/${slug(o.ss1Object)}-${slug(method)}`,
    title: unmapped ? `${key} is SuiteScript 1.0 and has no 2.x equivalent` : `${key} is SuiteScript 1.0`,
    change: "removed",
    severity: "high",
    artefact: "script",
    match: { call: { symbol: key } },
    message: [`${key} is ${LEAD}`, `The object becomes ${classText(o)}.`, ...sentences].join(" "),
    replacement: unmapped ? advice : `${o.ss2Module}: ${m.ss2Method}`,
    suggest: suggestion,
    effort: unmapped ? "30m-2h" : "5m-15m",
    references: [MAP_OBJECTS, skillFile(commit, "object-mapping.json"), SUNSET],
    tests: testsOf(m.notes ?? ""),
    examples: [
      firing(example.code, example.line, example.column, suggestion, key),
      { file: "SuiteScripts/example.js", code: methodCounterExample(method, args), expect: [] },
    ],
  };
}

/** 1.0 method names that 2.x objects do not have (their 2.x counterpart has another name or is a property). */
function missingIn2x(o) {
  return o.methods
    .filter((m) => {
      const target = /(?:^|\.)(\w+)\(/.exec(m.ss2Method)?.[1];
      return target !== nameOf(m.ss1Method);
    })
    .map((m) => [nameOf(m.ss1Method), m.ss2Method]);
}

function leftoverRule(o, commit) {
  const classes = SUCCESSORS[o.ss1Object];
  const missing = missingIn2x(o);
  const keys = classes.flatMap((c) => missing.map(([name]) => `${c}.${name}`));
  const maker = classes.map((c) => MAKERS[c]).find(Boolean);
  const [first] = missing[0];
  const header = `/**\n * @NApiVersion 2.1\n */\n`;
  const code = maker
    ? `${header}define(['${maker[0]}'], function (${maker[1]}) {\n  var obj = ${maker[2]};\n  obj.${first}();\n});\n`
    : `${header}define([], function () {\n  function onRequest(context) {\n    context.request.${first}();\n  }\n  return { onRequest: onRequest };\n});\n`;
  const script = maker ? "" : " * @NScriptType Suitelet\n";
  const full = code.replace(" */\n", `${script} */\n`);
  const lines = full.split("\n");
  const line = lines.findIndex((l) => l.includes(`.${first}(`)) + 1;
  const column = lines[line - 1].indexOf(`.${first}(`) + 2;
  return {
    id: `netsuite/2.0/${slug(o.ss1Object)}-method-on-2x-object`,
    title: `A SuiteScript 1.0 ${o.ss1Object} method called on its 2.x successor`,
    change: "removed",
    severity: "critical",
    artefact: "script",
    match: { call: { symbol: keys } },
    message:
      `This value is a 2.x ${classes.join(" / ")}, which has no such method: the call was written for ${o.ss1Object} in SuiteScript 1.0 ` +
      "and throws a TypeError in a 2.x script.",
    replacement: `Use the 2.x member: ${missing.map(([name, target]) => `${name} → ${target}`).join("; ")}.`,
    effort: "5m-15m",
    references: [MAP_OBJECTS, skillFile(commit, "object-mapping.json")],
    tests: ["Run the code path once: the 1.0 call stops the script with a TypeError."],
    examples: [
      { file: "SuiteScripts/example.js", code: full, expect: [{ line, column }] },
      {
        file: "SuiteScripts/example.js",
        code: `${header}define([], function () {\n  var obj = { ${first}: function () {} };\n  obj.${first}();\n});\n`,
        expect: [],
      },
    ],
  };
}

export function objectRules(objects, commit) {
  const rules = [];
  const byObject = new Map(objects.objects.map((o) => [o.ss1Object, o]));
  for (const name of [...byObject.keys(), ...ESLINT_ONLY_OBJECTS].sort(byName)) rules.push(nameRule(name, byObject.get(name), commit));
  for (const o of [...objects.objects].sort((a, b) => byName(a.ss1Object, b.ss1Object))) {
    const seen = new Set();
    const unmapped = objects.unmappedObjectMethods
      .filter((u) => u.ss1Object === o.ss1Object)
      .map((u) => ({ ss1Method: u.ss1Method, ss2Method: "", unmapped: true }));
    for (const m of [...o.methods, ...unmapped].sort((a, b) => byName(nameOf(a.ss1Method), nameOf(b.ss1Method)))) {
      const method = nameOf(m.ss1Method);
      if (method === o.ss1Object || seen.has(method)) continue;
      seen.add(method);
      rules.push(methodRule(o, m, commit));
    }
  }
  for (const name of Object.keys(SUCCESSORS).sort(byName)) rules.push(leftoverRule(byObject.get(name), commit));
  return rules;
}
