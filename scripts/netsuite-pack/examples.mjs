// Example code for the generated rules: a script that gets an object of each SuiteScript 1.0 type
// the way real scripts do, and one where the same names belong to the script itself.

/** An expression that yields an object of the type, from a 1.0 function or constructor. */
const FACTORIES = {
  nlobjRecord: "nlapiLoadRecord('salesorder', 42)",
  nlobjConfiguration: "nlapiLoadConfiguration('companypreferences')",
  nlobjSearch: "nlapiLoadSearch('transaction', 'customsearch_open')",
  nlobjSearchResultSet: "nlapiLoadSearch('transaction', 'customsearch_open').runSearch()",
  nlobjSearchResult: "nlapiSearchRecord('customer', null, null, null)[0]",
  nlobjSearchColumn: "new nlobjSearchColumn('entityid')",
  nlobjSearchFilter: "new nlobjSearchFilter('isinactive', null, 'is', 'F')",
  nlobjContext: "nlapiGetContext()",
  nlobjError: "nlapiCreateError('BAD_ORDER', 'details')",
  nlobjFile: "nlapiLoadFile(42)",
  nlobjForm: "nlapiCreateForm('Approvals')",
  nlobjList: "nlapiCreateList('Approvals')",
  nlobjAssistant: "nlapiCreateAssistant('Setup')",
  nlobjAssistantStep: "nlapiCreateAssistant('Setup').addStep('first', 'First')",
  nlobjField: "nlapiCreateForm('Approvals').addField('custpage_note', 'text', 'Note')",
  nlobjFieldGroup: "nlapiCreateForm('Approvals').addFieldGroup('custpage_group', 'Group')",
  nlobjSubList: "nlapiCreateForm('Approvals').addSubList('custpage_lines', 'list', 'Lines')",
  nlobjButton: "nlapiCreateForm('Approvals').addButton('custpage_go', 'Go')",
  nlobjTab: "nlapiCreateForm('Approvals').addTab('custpage_tab', 'Tab')",
  nlobjColumn: "nlapiCreateList('Approvals').addColumn('name', 'text', 'Name')",
  nlobjCSVImport: "nlapiCreateCSVImport()",
  nlobjEmailMerger: "nlapiCreateEmailMerger(7)",
  nlobjMergeResult: "nlapiCreateEmailMerger(7).merge()",
  nlobjTemplateRenderer: "nlapiCreateTemplateRenderer()",
  nlobjJobManager: "nlapiGetJobManager('DUPLICATERECORDS')",
  nlobjDuplicateJobRequest: "nlapiGetJobManager('DUPLICATERECORDS').createJobRequest()",
  nlobjFuture: "nlapiGetJobManager('DUPLICATERECORDS').getFuture()",
  nlobjLogin: "nlapiGetLogin()",
  nlobjSubrecord: "nlapiLoadRecord('employee', 42).editSubrecord('addressbookaddress')",
  nlobjSelectOption: "nlapiGetField('custbody_status').getSelectOptions()[0]",
  nlobjResponse: "nlapiRequestURL('https://example.com/rates')",
  nlobjCache: "nlapiGetCache('rates')",
};

/** A positive example: the call on the line it expects, and the column of the method's name. */
export function methodExample(type, method, args) {
  const call = `obj.${method}(${args.join(", ")});`;
  const factory = FACTORIES[type];
  if (factory) return { code: `var obj = ${factory};\n${call}\n`, line: 2, column: 5 };
  // Objects NetSuite hands to entry points (a Suitelet's request, a portlet) come typed by JSDoc here.
  return {
    code: `/**\n * @param {${type}} obj\n */\nfunction handle(obj) {\n  ${call}\n}\n`,
    line: 5,
    column: 7,
  };
}

/** The same call on the script's own object: nothing to report. */
export function methodCounterExample(method, args) {
  return `var obj = { ${method}: function () {} };\nobj.${method}(${args.join(", ")});\n`;
}

/** A 1.0 global function called in a script. */
export function functionExample(name, args) {
  return { code: `function run() {\n  var result = ${name}(${args.join(", ")});\n  return result;\n}\n`, line: 2, column: 16 };
}

/** The name in a comment and a string, and the script's own function of that name. */
export function functionCounterExample(name) {
  return `// ${name}() was used here before\nvar text = "${name}(...)";\nfunction ${name}() {}\n${name}();\n`;
}

const RESERVED = new Set(
  "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof let new null return static super switch this throw true try typeof var void while with yield".split(
    " ",
  ),
);

/** Example arguments from a 1.0 signature: `nlapiLoadRecord(type, id, initializeValues)`. */
export function argumentsOf(signature) {
  const inside = /\(([^)]*)\)/.exec(signature)?.[1] ?? "";
  return inside
    .split(",")
    .map((a) => a.trim().replace(/[^\w$]/g, ""))
    .filter(Boolean)
    .map((a) => (RESERVED.has(a) ? `${a}Name` : a));
}
