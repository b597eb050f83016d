// Uplift's own sentences for what Oracle's SuiteScript 1.0 → 2.x map records about each API. The
// map's short notes are matched here, never copied into messages; a note this table does not know
// stops the generator, so new upstream data gets a sentence written for it.

/** Function-level changes (api-mapping.json `breakingChanges`), by Oracle's note. */
export const BREAKING = {
  "Accessed via context parameter in user event entry points":
    "There is no global for it in 2.x: the user event entry point receives it on its context object.",
  "Attachments must be file.File objects": "Attachments have to be file.File objects.",
  "Call save() on the Record object returned by config.load()": "Save the record that config.load returned with its own save().",
  "Call submit() on CsvImportTask object": "Submit the import by calling submit() on the task object.",
  "Job manager pattern replaced by task module": "Duplicate-merge jobs become tasks of N/task.",
  "Line numbering changed from 1-based to 0-based":
    "Sublist lines count from 0 in 2.x, not from 1: every line number passed or compared changes.",
  "Method on File object instead of global function": "It becomes a method of the file object: file.save().",
  "Method on Record object instead of global function": "It becomes a method of the record object: rec.save().",
  "Method replaced by property on Field object": "It becomes a property of the field object (field.isDisabled).",
  "Must get Field object first": "Get the field object first, then call the method on it.",
  "Must get Field object first via getField()": "Get the field object with getField() first, then call the method on it.",
  "Must get Field object first via getSublistField()": "Get the field object with getSublistField() first, then call the method on it.",
  "N/sso module DEPRECATED as of NetSuite 2025.1":
    "Its 2.x counterpart, N/sso, is itself deprecated since 2025.1: the outbound single sign-on has to be replaced.",
  "No 1000-result limit with each() pattern": "Paging through results with run().each() has no 1,000-row cap.",
  "No create/edit/view distinction in SS2": "2.x has one accessor for creating, editing and viewing a subrecord.",
  "No login object; use auth module methods directly": "There is no login object: call the N/auth functions directly.",
  "Options object replaces positional parameters": "Its arguments move into one options object.",
  "Property instead of global function": "It becomes a property in 2.x, not a function.",
  "Property on Sublist object instead of global function": "It becomes a property of the sublist object.",
  "Property on User object instead of global function": "It becomes a property of runtime.getCurrentUser().",
  "Results accessed via run().each() or run().getRange() instead of direct array return":
    "Results come from run().each() or run().getRange(), not as the returned array (1.0 returned null when nothing matched).",
  "Returns 0-based index in SS2 vs 1-based in SS1": "The line number it returns counts from 0 in 2.x, not from 1.",
  "Returns User object with .id, .name, .role, etc.": "It returns the user object; read .id for what 1.0 returned.",
  "Returns array; use [0] for single node": "It returns an array: take the first element where 1.0 returned one node.",
  "Returns https.ClientResponse": "It returns an https.ClientResponse.",
  "Returns object with arrays for each field value":
    "The returned object changes shape: select fields come back as arrays of {value, text}.",
  "Server-side only": "It runs on the server only.",
  "Single context object split into Script, Session, and User objects":
    "The one 1.0 context object is split into the script, session and user objects of N/runtime.",
  "Single function split into level-specific methods": "One function per log level replaces the level argument.",
  "Single function split into method-specific functions": "One function per HTTP method replaces the method argument.",
  "Single function split into type-specific methods": "One function per target type replaces the type argument.",
  "Subrecord paradigm completely different in SS2": "Subrecords work differently in 2.x: they are saved with their parent record.",
  "Subrecord paradigm completely different in SS2 - no separate commit/cancel":
    "Subrecords work differently in 2.x: there is no commit or cancel, they are saved with their parent record.",
  "Subrecord paradigm different in SS2": "Subrecords work differently in 2.x: they are saved with their parent record.",
  "Two-step: create task then call submit()": "It takes two steps: create the task, then submit() it.",
  "Two-step: select node, then access textContent property": "Select the node, then read its textContent.",
  "Two-step: select nodes, then map textContent": "Select the nodes, then read each one's textContent.",
  "Uses task module instead of direct async call": "The asynchronous start becomes a task of N/task.",
  "fields+values merged into single values object": "The field names and values merge into one values object.",
  "ignoreFieldChange has inverted logic": "Its flag is inverted: 1.0's firefieldchanged=true is 2.x's ignoreFieldChange=false.",
  "ignoreFieldChange has inverted logic from firefieldchanged":
    "Its flag is inverted: 1.0's firefieldchanged=true is 2.x's ignoreFieldChange=false.",
};

/** `Returns search.Search instead of nlobjSearch` and the like. */
export function returnsSentence(note) {
  const m = /^Returns (\S+) (?:directly )?instead of (\S+)$/.exec(note);
  return m ? `It returns a ${m[1]} where 1.0 returned an ${m[2]}.` : undefined;
}

/** What to do for the 1.0 functions Oracle's map lists without a 2.x equivalent. */
export const UNMAPPED = {
  nlapiAddDays: "Add the days to a native Date (setDate(getDate() + days)).",
  nlapiAddMonths: "Add the months to a native Date (setMonth(getMonth() + months)).",
  nlapiEncrypt: "Hash or encrypt with N/crypto and encode with N/encode, choosing what matches the algorithm the 1.0 call used.",
  nlapiGetCurrentLineItemDateTimeValue: "Read the plain value with getCurrentSublistValue() and convert its time zone with N/format.",
  nlapiGetDateTimeValue: "Read the plain value with getValue() and convert its time zone with N/format.",
  nlapiGetLineItemDateTimeValue: "Read the plain value with getSublistValue() and convert its time zone with N/format.",
  nlapiRefreshLineItems: "2.x has no way to refresh a sublist from a script: the behaviour that relied on it has to change.",
  nlapiSendFax: "NetSuite 2.x scripts cannot send faxes: another channel is needed.",
  nlapiSetCurrentLineItemDateTimeValue: "Format the date and time with N/format and set it with setCurrentSublistValue().",
  nlapiSetDateTimeValue: "Format the date and time with N/format and set it with setValue().",
  nlapiSetLineItemDateTimeValue: "Format the date and time with N/format and set it with setSublistValue().",
  nlapiSetRecoveryPoint: "Move the work to a map/reduce script, which yields and resumes by itself.",
  nlapiYieldScript: "Move the work to a map/reduce script, which yields and resumes by itself.",
};

/** Object methods Oracle's map lists as unmapped, by `object.method`. */
export const UNMAPPED_METHODS = {
  "nlobjCredentialBuilder.replace":
    "Replace in the plain text before building the secure string (SecureString.replaceString covers part of it).",
  "nlobjPortlet.setRefreshInterval": "2.x portlets cannot set a refresh interval.",
  "nlobjRecord.getCurrentLineItemDateTimeValue":
    "Read the plain value with getCurrentSublistValue() and convert its time zone with N/format.",
  "nlobjRecord.getDateTimeValue": "Read the plain value with getValue() and convert its time zone with N/format.",
  "nlobjRecord.getLineItemDateTimeValue": "Read the plain value with getSublistValue() and convert its time zone with N/format.",
  "nlobjRecord.setCurrentLineItemDateTimeValue": "Format the date and time with N/format and set it with setCurrentSublistValue().",
  "nlobjRecord.setDateTimeValue": "Format the date and time with N/format and set it with setValue().",
  "nlobjRecord.setLineItemDateTimeValue": "Format the date and time with N/format and set it with setSublistValue().",
  "nlobjResponse.getError": "2.x responses carry no error object: check the response code and body.",
  "nlobjResponse.setContentType": "Set the Content-Type header with setHeader().",
  "nlobjResponse.setEncoding": "2.x responses are UTF-8; drop the call unless another encoding is really needed.",
  "nlobjSubList.setLineItemValues": "Set the lines one by one with setSublistValue().",
  "nlobjSubrecord.cancel": "2.x subrecords have no cancel: they are saved, or not, with their parent record.",
  "nlobjSubrecord.commit": "2.x subrecords have no commit: they are saved with their parent record.",
  "nlobjError.getUserEvent": "2.x errors do not say which user event raised them.",
  "nlobjFuture.isCancelled": "Read the task status instead; 2.x does not report a cancelled deduplication task.",
};

/** A sentence for an object method from how its 2.x counterpart is written in the map. */
export function methodSentences(ss1Name, ss2Method, notes) {
  const out = [];
  const target = ss2Method.trim();
  const lower = notes.toLowerCase();
  if (/no (direct )?(ss2 )?equivalent|^\(no/i.test(target) || /no ss2 equivalent/i.test(notes)) {
    out.push("2.x has no direct equivalent.");
  } else if (/ = /.test(target) || /\.\w+$/.test(target.split(" / ")[0]) || !target.includes("(")) {
    // `File.name`, `File.name = name`, `runtime.getCurrentUser().id`: a property, not a call.
    out.push("The method becomes a property.");
  } else {
    const names = [...target.split(" / ")[0].matchAll(/(\w+)\(/g)].map((m) => m[1]);
    const name = names[names.length - 1];
    if (name && name !== ss1Name) out.push(`It is called ${name} in 2.x.`);
    if (/\((options|\{)/.test(target)) out.push("Its arguments move into one options object.");
  }
  if (lower.includes("inverted")) out.push("Its flag is inverted.");
  if (lower.includes("0-based")) out.push("Sublist lines count from 0 in 2.x, not from 1.");
  if (lower.includes("dynamic mode")) out.push("It works on records opened in dynamic mode (isDynamic: true).");
  if (lower.includes("multi-select") || lower.includes("returns array")) out.push("Multi-select values are arrays.");
  return out;
}
