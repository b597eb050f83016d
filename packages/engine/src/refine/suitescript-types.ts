/**
 * What SuiteScript's own functions return, so that a value can be followed from where NetSuite
 * hands it out to where a script calls its methods. SuiteScript 1.0 names are Oracle's (`nlobjRecord`);
 * 2.x names are module-qualified as Uplift writes module members (`N/record.Record`).
 *
 * Sources: Oracle's SuiteScript 1.0 API reference (the 1.0 → 2.x map, section_4752724744 and
 * section_4752730521: "Returns record.Record instead of nlobjRecord" and the like), the SuiteScript 1.0
 * API declarations Oracle shipped for IDEs (SuiteScriptAPITS.d.ts, as kept in the MIT-licensed
 * typings-suitescript-2.0 project), and the SuiteScript 2.x module reference. A suffix `[]` is an array.
 */

/** SuiteScript 1.0 global functions that return an object. */
export const GLOBAL_RETURNS: Readonly<Record<string, string>> = {
  nlapiCopyRecord: "nlobjRecord",
  nlapiCreateRecord: "nlobjRecord",
  nlapiLoadRecord: "nlobjRecord",
  nlapiTransformRecord: "nlobjRecord",
  nlapiGetNewRecord: "nlobjRecord",
  nlapiGetOldRecord: "nlobjRecord",
  nlapiCreateSubrecord: "nlobjSubrecord",
  nlapiEditSubrecord: "nlobjSubrecord",
  nlapiViewSubrecord: "nlobjSubrecord",
  nlapiCreateCurrentLineItemSubrecord: "nlobjSubrecord",
  nlapiEditCurrentLineItemSubrecord: "nlobjSubrecord",
  nlapiViewCurrentLineItemSubrecord: "nlobjSubrecord",
  nlapiViewLineItemSubrecord: "nlobjSubrecord",
  nlapiLoadConfiguration: "nlobjConfiguration",
  nlapiCreateSearch: "nlobjSearch",
  nlapiLoadSearch: "nlobjSearch",
  nlapiSearchRecord: "nlobjSearchResult[]",
  nlapiSearchGlobal: "nlobjSearchResult[]",
  nlapiSearchDuplicate: "nlobjSearchResult[]",
  nlapiGetContext: "nlobjContext",
  nlapiCreateError: "nlobjError",
  nlapiCreateFile: "nlobjFile",
  nlapiLoadFile: "nlobjFile",
  nlapiXMLToPDF: "nlobjFile",
  nlapiPrintRecord: "nlobjFile",
  nlapiMergeRecord: "nlobjFile",
  nlapiCreateForm: "nlobjForm",
  nlapiCreateList: "nlobjList",
  nlapiCreateAssistant: "nlobjAssistant",
  nlapiGetField: "nlobjField",
  nlapiGetLineItemField: "nlobjField",
  nlapiGetLineItemMatrixField: "nlobjField",
  nlapiGetMatrixField: "nlobjField",
  nlapiCreateCSVImport: "nlobjCSVImport",
  nlapiCreateEmailMerger: "nlobjEmailMerger",
  nlapiCreateTemplateRenderer: "nlobjTemplateRenderer",
  nlapiGetJobManager: "nlobjJobManager",
  nlapiGetLogin: "nlobjLogin",
  nlapiGetCache: "nlobjCache",
  nlapiCreateReportDefinition: "nlobjReportDefinition",
  nlapiCreateReportForm: "nlobjReportForm",
  nlapiRequestURL: "nlobjResponse",
  nlapiRequestURLWithCredentials: "nlobjResponse",
};

/** SuiteScript 1.0 constructors used with `new`. */
export const CONSTRUCTED: ReadonlySet<string> = new Set(["nlobjSearchFilter", "nlobjSearchColumn", "nlobjCredentialBuilder"]);

/** Methods of 1.0 objects that return another object (setters that return their object included). */
export const METHOD_RETURNS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  nlobjRecord: {
    getField: "nlobjField",
    getLineItemField: "nlobjField",
    getLineItemMatrixField: "nlobjField",
    getMatrixField: "nlobjField",
    createSubrecord: "nlobjSubrecord",
    editSubrecord: "nlobjSubrecord",
    viewSubrecord: "nlobjSubrecord",
    createCurrentLineItemSubrecord: "nlobjSubrecord",
    editCurrentLineItemSubrecord: "nlobjSubrecord",
    viewCurrentLineItemSubrecord: "nlobjSubrecord",
    viewLineItemSubrecord: "nlobjSubrecord",
  },
  nlobjConfiguration: { getField: "nlobjField" },
  nlobjSearch: { runSearch: "nlobjSearchResultSet", getColumns: "nlobjSearchColumn[]", getFilters: "nlobjSearchFilter[]" },
  nlobjSearchResultSet: { getResults: "nlobjSearchResult[]", getColumns: "nlobjSearchColumn[]" },
  nlobjSearchResult: { getAllColumns: "nlobjSearchColumn[]" },
  nlobjSearchColumn: {
    setSort: "nlobjSearchColumn",
    setFormula: "nlobjSearchColumn",
    setFunction: "nlobjSearchColumn",
    setLabel: "nlobjSearchColumn",
    setWhenOrderBy: "nlobjSearchColumn",
  },
  nlobjSearchFilter: { setFormula: "nlobjSearchFilter", setSummaryType: "nlobjSearchFilter" },
  nlobjForm: {
    addButton: "nlobjButton",
    addResetButton: "nlobjButton",
    addSubmitButton: "nlobjButton",
    getButton: "nlobjButton",
    addCredentialField: "nlobjField",
    addField: "nlobjField",
    getField: "nlobjField",
    insertField: "nlobjField",
    addFieldGroup: "nlobjFieldGroup",
    addSubList: "nlobjSubList",
    getSubList: "nlobjSubList",
    insertSubList: "nlobjSubList",
    addSubTab: "nlobjTab",
    addTab: "nlobjTab",
    getSubTab: "nlobjTab",
    getTab: "nlobjTab",
    insertSubTab: "nlobjTab",
    insertTab: "nlobjTab",
  },
  nlobjList: { addColumn: "nlobjColumn", addEditColumn: "nlobjColumn", addButton: "nlobjButton" },
  nlobjPortlet: { addColumn: "nlobjColumn", addEditColumn: "nlobjColumn", addField: "nlobjField" },
  nlobjSubList: { addButton: "nlobjButton", addRefreshButton: "nlobjButton", addField: "nlobjField", setUniqueField: "nlobjField" },
  nlobjAssistant: {
    addField: "nlobjField",
    getField: "nlobjField",
    addFieldGroup: "nlobjFieldGroup",
    getFieldGroup: "nlobjFieldGroup",
    addStep: "nlobjAssistantStep",
    getStep: "nlobjAssistantStep",
    getCurrentStep: "nlobjAssistantStep",
    getLastStep: "nlobjAssistantStep",
    getNextStep: "nlobjAssistantStep",
    getAllSteps: "nlobjAssistantStep[]",
    addSubList: "nlobjSubList",
    getSubList: "nlobjSubList",
  },
  nlobjAssistantStep: { setHelpText: "nlobjAssistantStep" },
  nlobjField: {
    getSelectOptions: "nlobjSelectOption[]",
    setAlias: "nlobjField",
    setBreakType: "nlobjField",
    setDefaultValue: "nlobjField",
    setDisplaySize: "nlobjField",
    setDisplayType: "nlobjField",
    setHelpText: "nlobjField",
    setLabel: "nlobjField",
    setLayoutType: "nlobjField",
    setLinkText: "nlobjField",
    setMandatory: "nlobjField",
    setMaxLength: "nlobjField",
    setPadding: "nlobjField",
  },
  nlobjFieldGroup: {
    setCollapsible: "nlobjFieldGroup",
    setLabel: "nlobjFieldGroup",
    setShowBorder: "nlobjFieldGroup",
    setSingleColumn: "nlobjFieldGroup",
  },
  nlobjButton: { setDisabled: "nlobjButton", setLabel: "nlobjButton", setVisible: "nlobjButton" },
  nlobjTab: { setHelpText: "nlobjTab", setLabel: "nlobjTab" },
  nlobjCSVImport: { setLinkedFile: "nlobjCSVImport" },
  nlobjCredentialBuilder: {
    append: "nlobjCredentialBuilder",
    base64: "nlobjCredentialBuilder",
    md5: "nlobjCredentialBuilder",
    replace: "nlobjCredentialBuilder",
    sha256: "nlobjCredentialBuilder",
    utf8: "nlobjCredentialBuilder",
  },
  nlobjEmailMerger: { merge: "nlobjMergeResult" },
  nlobjJobManager: { createJobRequest: "nlobjDuplicateJobRequest", getFuture: "nlobjFuture" },
  nlobjResponse: { getError: "nlobjError" },
  nlobjReportForm: { getFile: "nlobjFile" },
};

/** A 1.0 subrecord is a record with its own commit and cancel; its other methods are the record's. */
export const SUBRECORD_OWN_METHODS: ReadonlySet<string> = new Set(["commit", "cancel"]);

/**
 * Methods that call a function back with a known argument: `resultSet.forEachResult(function (r) {…})`
 * gives `r` a search result. Array methods give the element.
 */
export const CALLBACK_ARGUMENTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  nlobjSearchResultSet: { forEachResult: "nlobjSearchResult" },
  "N/search.ResultSet": { each: "N/search.Result" },
};
export const ARRAY_CALLBACKS: ReadonlySet<string> = new Set(["forEach", "map", "filter", "some", "every", "find", "findIndex"]);

/**
 * The parameters NetSuite passes to a 1.0 entry point, by the role the script record gives the
 * function (Oracle, "SuiteScript 1.0 Script Types": user event beforeLoad(type, form, request),
 * Suitelet (request, response), portlet (portlet, column)); other 1.0 entry points get strings.
 */
export const ENTRY_POINT_PARAMETERS: Readonly<Record<string, ReadonlyArray<string | undefined>>> = {
  "userevent.beforeLoad": [undefined, "nlobjForm", "nlobjRequest"],
  suitelet: ["nlobjRequest", "nlobjResponse"],
  portlet: ["nlobjPortlet"],
};

/** 2.x modules: what their functions return. */
export const MODULE_RETURNS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "N/record": {
    load: "N/record.Record",
    create: "N/record.Record",
    copy: "N/record.Record",
    transform: "N/record.Record",
  },
  "N/currentRecord": { get: "N/currentRecord.CurrentRecord" },
  "N/search": { create: "N/search.Search", load: "N/search.Search" },
  "N/ui/serverWidget": {
    createForm: "N/ui/serverWidget.Form",
    createList: "N/ui/serverWidget.List",
    createAssistant: "N/ui/serverWidget.Assistant",
  },
  "N/file": { load: "N/file.File", create: "N/file.File" },
  "N/error": { create: "N/error.SuiteScriptError" },
  "N/http": { get: "N/http.ClientResponse", post: "N/http.ClientResponse", put: "N/http.ClientResponse", request: "N/http.ClientResponse" },
  "N/https": {
    get: "N/https.ClientResponse",
    post: "N/https.ClientResponse",
    put: "N/https.ClientResponse",
    request: "N/https.ClientResponse",
  },
};

/** 2.x objects: methods and properties that hand out other objects. */
export const MEMBER_TYPES_2X: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "N/record.Record": {
    getSubrecord: "N/record.Record",
    getSublistSubrecord: "N/record.Record",
    getCurrentSublistSubrecord: "N/record.Record",
  },
  "N/search.Search": { run: "N/search.ResultSet" },
  "N/search.ResultSet": { getRange: "N/search.Result[]" },
};

/**
 * The context object of a 2.x entry point, by script type (`@NScriptType`) and entry point
 * (Oracle, "SuiteScript 2.x Script Types": scriptContext.newRecord, .currentRecord, .request …).
 */
export function contextTypeOf(scriptType: string, entryPoint: string): string | undefined {
  const type = scriptType.toLowerCase();
  switch (type) {
    case "usereventscript":
      if (entryPoint === "beforeLoad") return `ctx:${type}.beforeLoad`;
      return entryPoint === "beforeSubmit" || entryPoint === "afterSubmit" ? `ctx:${type}.submit` : undefined;
    case "clientscript":
      return `ctx:${type}`;
    case "suitelet":
      return entryPoint === "onRequest" ? `ctx:${type}` : undefined;
    case "workflowactionscript":
      return entryPoint === "onAction" ? `ctx:${type}` : undefined;
    default:
      return undefined;
  }
}

export const CONTEXT_PROPERTIES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "ctx:usereventscript.beforeLoad": {
    newRecord: "N/record.Record",
    form: "N/ui/serverWidget.Form",
    request: "N/http.ServerRequest",
  },
  "ctx:usereventscript.submit": { newRecord: "N/record.Record", oldRecord: "N/record.Record" },
  "ctx:clientscript": { currentRecord: "N/currentRecord.CurrentRecord" },
  "ctx:suitelet": { request: "N/http.ServerRequest", response: "N/http.ServerResponse" },
  "ctx:workflowactionscript": { newRecord: "N/record.Record", oldRecord: "N/record.Record", form: "N/ui/serverWidget.Form" },
};

/** JSDoc type names that stand for a 1.0 object. */
export function jsdocType(raw: string): string | undefined {
  let text = raw.trim().replace(/^\?|[=!]$/g, "");
  const union = text.split("|").map((s) => s.trim());
  const objects = union.filter((s) => /nlobj/i.test(s));
  if (objects.length !== 1) return undefined;
  text = objects[0]!;
  let array = false;
  const generic = /^Array\.?<(.+)>$/.exec(text);
  if (generic) {
    text = generic[1]!.trim();
    array = true;
  } else if (text.endsWith("[]")) {
    text = text.slice(0, -2);
    array = true;
  }
  const name = KNOWN_1X_TYPES.get(text.toLowerCase());
  return name === undefined ? undefined : array ? `${name}[]` : name;
}

const KNOWN_1X_TYPES = new Map<string, string>();
for (const name of [
  ...Object.values(GLOBAL_RETURNS),
  ...Object.keys(METHOD_RETURNS),
  ...Object.values(METHOD_RETURNS).flatMap((m) => Object.values(m)),
  ...CONSTRUCTED,
  "nlobjRequest",
  "nlobjResponse",
  "nlobjPortlet",
]) {
  const base = name.replace(/\[\]$/, "");
  KNOWN_1X_TYPES.set(base.toLowerCase(), base);
}
// What nlapiRequestURL returns is declared nlobjServerResponse in the IDE declarations and
// nlobjResponse in Oracle's map; Uplift follows the map.
KNOWN_1X_TYPES.set("nlobjserverresponse", "nlobjResponse");
