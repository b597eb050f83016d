// Suggested 2.x code for the commonest 1.0 calls, shown in `uplift scan --fix-dry-run` and never
// written by --fix: a 1.0 script cannot call 2.x modules until the whole file is converted, so no
// single call can be changed safely on its own. Each suggestion applies only when every argument
// is a literal, a name or a dotted name; anything else is left for a person to convert.

const A = `('[^'\\n]*'|"[^"\\n]*"|[\\w$.]+)`;
const S = `('[^'\\n]*'|"[^"\\n]*")`;
const REST = "([\\s\\S]+?)";
const sep = "\\s*,\\s*";

/** `name(args)` with the whole call as the span. */
function call(name, args) {
  return `^${name}\\(\\s*${args.join(sep)}\\s*\\)$`;
}

/** `name(args)`: a method call's span starts at the method's name. */
function method(name, args) {
  return call(name, args);
}

const LEVELS = ["DEBUG", "AUDIT", "ERROR", "EMERGENCY"];
/** A log level in any case, as 1.0 accepted it: `[Dd][Ee][Bb][Uu][Gg]`. */
const level = (name) => `['"]${[...name].map((c) => `[${c}${c.toLowerCase()}]`).join("")}['"]`;
const currentRecord = "scriptContext.currentRecord";

/** By 1.0 function: the replacements to try, in order, and the arguments its example uses. */
export const FUNCTION_SUGGESTIONS = {
  nlapiLoadRecord: { args: ["'salesorder'", "id"], replace: [[call("nlapiLoadRecord", [A, A]), "record.load({ type: $1, id: $2 })"]] },
  nlapiCreateRecord: { args: ["'customer'"], replace: [[call("nlapiCreateRecord", [A]), "record.create({ type: $1 })"]] },
  nlapiCopyRecord: { args: ["'salesorder'", "id"], replace: [[call("nlapiCopyRecord", [A, A]), "record.copy({ type: $1, id: $2 })"]] },
  nlapiTransformRecord: {
    args: ["'salesorder'", "id", "'invoice'"],
    replace: [[call("nlapiTransformRecord", [A, A, A]), "record.transform({ fromType: $1, fromId: $2, toType: $3 })"]],
  },
  nlapiDeleteRecord: { args: ["'customer'", "id"], replace: [[call("nlapiDeleteRecord", [A, A]), "record.delete({ type: $1, id: $2 })"]] },
  nlapiSubmitRecord: { args: ["rec"], replace: [[call("nlapiSubmitRecord", [A]), "$1.save()"]] },
  nlapiSubmitField: {
    args: ["'salesorder'", "id", "'memo'", "text"],
    replace: [[call("nlapiSubmitField", [A, A, S, A]), "record.submitFields({ type: $1, id: $2, values: { $3: $4 } })"]],
  },
  nlapiLookupField: {
    args: ["'customer'", "id", "'email'"],
    replace: [[call("nlapiLookupField", [A, A, A]), "search.lookupFields({ type: $1, id: $2, columns: $3 })"]],
  },
  nlapiLoadSearch: {
    args: ["'transaction'", "'customsearch_open'"],
    replace: [[call("nlapiLoadSearch", [A, A]), "search.load({ type: $1, id: $2 })"]],
  },
  nlapiLogExecution: {
    args: ["'DEBUG'", "'Saved'", "id"],
    replace: LEVELS.flatMap((name) => [
      [call("nlapiLogExecution", [level(name), A, REST]), `log.${name.toLowerCase()}({ title: $1, details: $2 })`],
      [call("nlapiLogExecution", [level(name), A]), `log.${name.toLowerCase()}({ title: $1 })`],
    ]),
  },
  nlapiGetUser: { args: [], replace: [[call("nlapiGetUser", []), "runtime.getCurrentUser().id"]] },
  nlapiGetRole: { args: [], replace: [[call("nlapiGetRole", []), "runtime.getCurrentUser().role"]] },
  nlapiGetSubsidiary: { args: [], replace: [[call("nlapiGetSubsidiary", []), "runtime.getCurrentUser().subsidiary"]] },
  nlapiGetDepartment: { args: [], replace: [[call("nlapiGetDepartment", []), "runtime.getCurrentUser().department"]] },
  nlapiGetLocation: { args: [], replace: [[call("nlapiGetLocation", []), "runtime.getCurrentUser().location"]] },
  nlapiGetNewRecord: { args: [], replace: [[call("nlapiGetNewRecord", []), "scriptContext.newRecord"]] },
  nlapiGetOldRecord: { args: [], replace: [[call("nlapiGetOldRecord", []), "scriptContext.oldRecord"]] },
  nlapiGetFieldValue: { args: ["'entity'"], replace: [[call("nlapiGetFieldValue", [A]), `${currentRecord}.getValue({ fieldId: $1 })`]] },
  nlapiSetFieldValue: {
    args: ["'memo'", "text"],
    replace: [[call("nlapiSetFieldValue", [A, A]), `${currentRecord}.setValue({ fieldId: $1, value: $2 })`]],
  },
  nlapiGetFieldText: { args: ["'entity'"], replace: [[call("nlapiGetFieldText", [A]), `${currentRecord}.getText({ fieldId: $1 })`]] },
  nlapiSetFieldText: {
    args: ["'terms'", "text"],
    replace: [[call("nlapiSetFieldText", [A, A]), `${currentRecord}.setText({ fieldId: $1, text: $2 })`]],
  },
  nlapiGetLineItemCount: {
    args: ["'item'"],
    replace: [[call("nlapiGetLineItemCount", [A]), `${currentRecord}.getLineCount({ sublistId: $1 })`]],
  },
  nlapiGetLineItemValue: {
    args: ["'item'", "'quantity'", "i"],
    replace: [[call("nlapiGetLineItemValue", [A, A, A]), `${currentRecord}.getSublistValue({ sublistId: $1, fieldId: $2, line: $3 - 1 })`]],
  },
  nlapiGetLineItemText: {
    args: ["'item'", "'item'", "i"],
    replace: [[call("nlapiGetLineItemText", [A, A, A]), `${currentRecord}.getSublistText({ sublistId: $1, fieldId: $2, line: $3 - 1 })`]],
  },
  nlapiGetCurrentLineItemValue: {
    args: ["'item'", "'quantity'"],
    replace: [[call("nlapiGetCurrentLineItemValue", [A, A]), `${currentRecord}.getCurrentSublistValue({ sublistId: $1, fieldId: $2 })`]],
  },
  nlapiSetCurrentLineItemValue: {
    args: ["'item'", "'quantity'", "qty"],
    replace: [
      [
        call("nlapiSetCurrentLineItemValue", [A, A, A]),
        `${currentRecord}.setCurrentSublistValue({ sublistId: $1, fieldId: $2, value: $3 })`,
      ],
    ],
  },
  nlapiSelectNewLineItem: {
    args: ["'item'"],
    replace: [[call("nlapiSelectNewLineItem", [A]), `${currentRecord}.selectNewLine({ sublistId: $1 })`]],
  },
  nlapiCommitLineItem: {
    args: ["'item'"],
    replace: [[call("nlapiCommitLineItem", [A]), `${currentRecord}.commitLine({ sublistId: $1 })`]],
  },
  nlapiDateToString: {
    args: ["today"],
    replace: [[call("nlapiDateToString", [A]), "format.format({ value: $1, type: format.Type.DATE })"]],
  },
  nlapiStringToDate: { args: ["text"], replace: [[call("nlapiStringToDate", [A]), "format.parse({ value: $1, type: format.Type.DATE })"]] },
  nlapiCreateError: {
    args: ["'BAD_ORDER'", "text"],
    replace: [[call("nlapiCreateError", [A, A]), "error.create({ name: $1, message: $2 })"]],
  },
  nlapiLoadFile: { args: ["fileId"], replace: [[call("nlapiLoadFile", [A]), "file.load({ id: $1 })"]] },
  nlapiScheduleScript: {
    args: ["'customscript_sync'", "'customdeploy_sync'"],
    replace: [
      [
        call("nlapiScheduleScript", [A, A]),
        "task.create({ taskType: task.TaskType.SCHEDULED_SCRIPT, scriptId: $1, deploymentId: $2 }).submit()",
      ],
    ],
  },
  nlapiEscapeXML: { args: ["text"], replace: [[call("nlapiEscapeXML", [A]), "xml.escape({ xmlText: $1 })"]] },
  nlapiStringToXML: { args: ["text"], replace: [[call("nlapiStringToXML", [A]), "xml.Parser.fromString({ text: $1 })"]] },
  nlapiCreateForm: { args: ["'Approvals'"], replace: [[call("nlapiCreateForm", [A]), "serverWidget.createForm({ title: $1 })"]] },
  nlapiCreateList: { args: ["'Approvals'"], replace: [[call("nlapiCreateList", [A]), "serverWidget.createList({ title: $1 })"]] },
  nlapiRequestURL: { args: ["url"], replace: [[call("nlapiRequestURL", [A]), "https.get({ url: $1 })"]] },
  nlapiSendEmail: {
    args: ["author", "to", "'Order shipped'", "text"],
    replace: [[call("nlapiSendEmail", [A, A, A, A]), "email.send({ author: $1, recipients: $2, subject: $3, body: $4 })"]],
  },
  nlapiExchangeRate: {
    args: ["'EUR'", "'USD'"],
    replace: [[call("nlapiExchangeRate", [A, A]), "currency.exchangeRate({ source: $1, target: $2 })"]],
  },
  nlapiResolveURL: {
    args: ["'RECORD'", "'salesorder'", "id"],
    replace: [
      [call("nlapiResolveURL", ["['\"]RECORD['\"]", A, A]), "url.resolveRecord({ recordType: $1, recordId: $2 })"],
      [call("nlapiResolveURL", ["['\"]SUITELET['\"]", A, A]), "url.resolveScript({ scriptId: $1, deploymentId: $2 })"],
    ],
  },
  nlapiSetRedirectURL: {
    args: ["'RECORD'", "'salesorder'", "id"],
    replace: [
      [call("nlapiSetRedirectURL", ["['\"]RECORD['\"]", A, A]), "redirect.toRecord({ type: $1, id: $2 })"],
      [call("nlapiSetRedirectURL", ["['\"]SUITELET['\"]", A, A]), "redirect.toSuitelet({ scriptId: $1, deploymentId: $2 })"],
    ],
  },
};

/** By `object.method`: the same for method calls, whose span starts at the receiver. */
export const METHOD_SUGGESTIONS = {
  "nlobjRecord.getFieldValue": { args: ["'memo'"], replace: [[method("getFieldValue", [A]), "getValue({ fieldId: $1 })"]] },
  "nlobjRecord.setFieldValue": {
    args: ["'memo'", "text"],
    replace: [[method("setFieldValue", [A, A]), "setValue({ fieldId: $1, value: $2 })"]],
  },
  "nlobjRecord.getFieldText": { args: ["'entity'"], replace: [[method("getFieldText", [A]), "getText({ fieldId: $1 })"]] },
  "nlobjRecord.setFieldText": {
    args: ["'terms'", "text"],
    replace: [[method("setFieldText", [A, A]), "setText({ fieldId: $1, text: $2 })"]],
  },
  "nlobjRecord.getLineItemCount": { args: ["'item'"], replace: [[method("getLineItemCount", [A]), "getLineCount({ sublistId: $1 })"]] },
  "nlobjRecord.getLineItemValue": {
    args: ["'item'", "'quantity'", "i"],
    replace: [[method("getLineItemValue", [A, A, A]), "getSublistValue({ sublistId: $1, fieldId: $2, line: $3 - 1 })"]],
  },
  "nlobjRecord.getLineItemText": {
    args: ["'item'", "'item'", "i"],
    replace: [[method("getLineItemText", [A, A, A]), "getSublistText({ sublistId: $1, fieldId: $2, line: $3 - 1 })"]],
  },
  "nlobjRecord.setLineItemValue": {
    args: ["'item'", "'quantity'", "i", "qty"],
    replace: [[method("setLineItemValue", [A, A, A, A]), "setSublistValue({ sublistId: $1, fieldId: $2, line: $3 - 1, value: $4 })"]],
  },
  "nlobjRecord.getId": { args: [], replace: [[method("getId", []), "id"]] },
  "nlobjRecord.getRecordType": { args: [], replace: [[method("getRecordType", []), "type"]] },
  "nlobjRecord.selectNewLineItem": { args: ["'item'"], replace: [[method("selectNewLineItem", [A]), "selectNewLine({ sublistId: $1 })"]] },
  "nlobjRecord.getCurrentLineItemValue": {
    args: ["'item'", "'quantity'"],
    replace: [[method("getCurrentLineItemValue", [A, A]), "getCurrentSublistValue({ sublistId: $1, fieldId: $2 })"]],
  },
  "nlobjRecord.setCurrentLineItemValue": {
    args: ["'item'", "'quantity'", "qty"],
    replace: [[method("setCurrentLineItemValue", [A, A, A]), "setCurrentSublistValue({ sublistId: $1, fieldId: $2, value: $3 })"]],
  },
  "nlobjRecord.commitLineItem": { args: ["'item'"], replace: [[method("commitLineItem", [A]), "commitLine({ sublistId: $1 })"]] },
  "nlobjSearchResult.getValue": {
    args: ["'entityid'"],
    replace: [
      [method("getValue", [A]), "getValue({ name: $1 })"],
      [method("getValue", [A, A]), "getValue({ name: $1, join: $2 })"],
    ],
  },
  "nlobjSearchResult.getText": {
    args: ["'salesrep'"],
    replace: [
      [method("getText", [A]), "getText({ name: $1 })"],
      [method("getText", [A, A]), "getText({ name: $1, join: $2 })"],
    ],
  },
  "nlobjSearchResult.getId": { args: [], replace: [[method("getId", []), "id"]] },
  "nlobjSearchResult.getRecordType": { args: [], replace: [[method("getRecordType", []), "recordType"]] },
  "nlobjRequest.getParameter": { args: ["'custpage_id'"], replace: [[method("getParameter", [A]), "parameters[$1]"]] },
  "nlobjRequest.getMethod": { args: [], replace: [[method("getMethod", []), "method"]] },
  "nlobjRequest.getBody": { args: [], replace: [[method("getBody", []), "body"]] },
  "nlobjResponse.write": { args: ["text"], replace: [[method("write", [A]), "write({ output: $1 })"]] },
  "nlobjResponse.writePage": { args: ["page"], replace: [[method("writePage", [A]), "writePage({ pageObject: $1 })"]] },
  "nlobjResponse.getBody": { args: [], replace: [[method("getBody", []), "body"]] },
  "nlobjResponse.getCode": { args: [], replace: [[method("getCode", []), "code"]] },
  "nlobjError.getCode": { args: [], replace: [[method("getCode", []), "name"]] },
  "nlobjError.getDetails": { args: [], replace: [[method("getDetails", []), "message"]] },
};
