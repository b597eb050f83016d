// Rules for SuiteScript 1.0's global functions: the ones Oracle maps to 2.x, the ones it lists
// without an equivalent, and the 1.0 globals eslint-plugin-suitescript declares that the map lacks.
import { ESLINT_GLOBALS, firing, LEAD, MAP_FUNCTIONS, sentencesFor, skillFile, slug, suggestionOf, SUNSET, testsOf } from "./common.mjs";
import { argumentsOf, functionCounterExample, functionExample } from "./examples.mjs";
import { FUNCTION_SUGGESTIONS } from "./suggestions.mjs";
import { UNMAPPED } from "./wording.mjs";

/**
 * Globals eslint-plugin-suitescript's `suitescript1` configuration declares that Oracle's map
 * does not list. Left out: createSubrecord, editSubrecord, removeSubrecord and viewSubrecord,
 * which that list declares as globals but SuiteScript 1.0 has only as nlobjRecord methods.
 */
const ESLINT_ONLY = [
  "nlapiCalculateTax",
  "nlapiCreateCurrentLineSubrecord",
  "nlapiCreateReportDefinition",
  "nlapiCreateReportForm",
  "nlapiGetCache",
  "nlapiGetFieldMandatory",
  "nlapiGetLineItemMandatory",
  "nlapiMergeRecord",
  "nlapiSetFieldMandatory",
  "nlapiSetLineItemDisabled",
  "nlapiSetLineItemMandatory",
];

function effortOf(m) {
  const text = `${m.category} ${m.breakingChanges.join(" ")}`;
  if (/subrecord/i.test(text)) return "30m-2h";
  if (/split|Two-step|Results accessed|context parameter/i.test(text)) return "30m-1h";
  return "15m";
}

const byName = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

export function functionRules(api, commit) {
  const rules = [];
  const covered = new Set();
  for (const m of [...api.mappings].sort((a, b) => byName(a.ss1Function, b.ss1Function))) {
    const name = m.ss1Function;
    covered.add(name);
    const suggestion = suggestionOf(FUNCTION_SUGGESTIONS, name);
    const example = functionExample(name, FUNCTION_SUGGESTIONS[name]?.args ?? argumentsOf(m.ss1Signature));
    const params = m.parameterChanges.map((p) => `${p.ss1Param} → ${p.ss2Param} (${p.notes.toLowerCase()})`);
    rules.push({
      id: `netsuite/2.0/${slug(name)}`,
      title: `${name} is SuiteScript 1.0`,
      change: "removed",
      severity: "high",
      artefact: "script",
      match: { any: [{ call: name }, { global: name }] },
      message: [`${name} is ${LEAD}`, `In 2.x use ${m.ss2Method} (${m.ss2Module}).`, ...sentencesFor(m.breakingChanges)].join(" "),
      replacement: `${m.ss2Module}: ${m.ss2Signature}`,
      suggest: suggestion,
      effort: effortOf(m),
      references: [MAP_FUNCTIONS, skillFile(commit, "api-mapping.json"), SUNSET],
      docs: params.length > 0 ? `Arguments in Oracle's map: ${params.join("; ")}.` : undefined,
      tests: testsOf(m.breakingChanges.join(" ")),
      examples: [
        firing(example.code, example.line, example.column, suggestion, name),
        { file: "SuiteScripts/example.js", code: functionCounterExample(name), expect: [] },
      ],
    });
  }
  const unmapped = [
    ...api.unmappedApis.map((u) => ({ name: u.ss1Function, signature: u.ss1Signature, source: "oracle" })),
    ...ESLINT_ONLY.map((name) => ({ name, signature: `${name}()`, source: "eslint" })),
  ];
  for (const u of unmapped.sort((a, b) => byName(a.name, b.name))) {
    if (covered.has(u.name)) continue;
    covered.add(u.name);
    const advice = UNMAPPED[u.name];
    const example = functionExample(u.name, argumentsOf(u.signature));
    const oracle = u.source === "oracle";
    rules.push({
      id: `netsuite/2.0/${slug(u.name)}`,
      title: `${u.name} is SuiteScript 1.0 and has no 2.x equivalent`,
      change: "removed",
      severity: "high",
      artefact: "script",
      match: { any: [{ call: u.name }, { global: u.name }] },
      message: `${u.name} is ${LEAD} ${advice ?? "No 2.x equivalent is known: the code that depends on it has to be redesigned."}`,
      replacement: advice ?? "No 2.x equivalent is known.",
      effort: /YieldScript|RecoveryPoint/.test(u.name) ? "2h-1d" : "1h-4h",
      references: oracle
        ? [MAP_FUNCTIONS, skillFile(commit, "api-mapping.json"), skillFile(commit, "unmapped-apis.md"), SUNSET]
        : [ESLINT_GLOBALS, MAP_FUNCTIONS, SUNSET],
      docs: oracle
        ? undefined
        : "Declared as a SuiteScript 1.0 global by eslint-plugin-suitescript; Oracle's 1.0 → 2.x map does not list it.",
      tests: ["Run every deployment of the script and check the behaviour that relied on this function."],
      examples: [
        firing(example.code, example.line, example.column, undefined, u.name),
        { file: "SuiteScripts/example.js", code: functionCounterExample(u.name), expect: [] },
      ],
    });
  }
  return rules;
}
