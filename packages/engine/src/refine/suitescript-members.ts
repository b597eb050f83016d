/**
 * The methods of each SuiteScript 1.0 object, by name: Oracle's 1.0 → 2.x object map
 * (object-mapping.json in oracle/netsuite-suitecloud-sdk, UPL 1.0) and the 1.0 API declarations
 * Oracle shipped for IDEs (SuiteScriptAPITS.d.ts). When a variable may hold two 1.0 objects
 * (`template = template.merge()`), the method called tells which one it is.
 */
const METHOD_NAMES: Readonly<Record<string, string>> = {
  nlobjAssistant:
    "addField addFieldGroup addStep addSubList getAllFieldGroups getAllFields getAllSteps getAllSubLists getCurrentStep getField getFieldGroup getLastAction getLastStep getNextStep getStep getStepCount getSubList hasError isFinished sendRedirect setCurrentStep setError setFieldValues setFinished setNumbered setOrdered setScript setShortcut setSplash setTitle",
  nlobjAssistantStep:
    "getAllFields getAllLineItemFields getAllLineItems getFieldValue getFieldValues getLineItemCount getLineItemValue getStepNumber setHelpText setLabel",
  nlobjButton: "setDisabled setLabel setVisible",
  nlobjCSVImport: "setLinkedFile setMapping setOption setPrimaryFile setQueue",
  nlobjCache: "get put remove",
  nlobjColumn: "addParamToURL setLabel setURL",
  nlobjConfiguration:
    "getAllFields getField getFieldText getFieldTexts getFieldValue getFieldValues getType setFieldText setFieldTexts setFieldValue setFieldValues",
  nlobjContext:
    "getCompany getDepartment getDeploymentId getEmail getEnvironment getExecutionContext getFeature getLocation getLogLevel getName getPercentComplete getPermission getPreference getQueueCount getRemainingUsage getRole getRoleCenter getRoleId getScriptId getSessionObject getSetting getSubsidiary getUser getVersion setPercentComplete setSessionObject setSetting",
  nlobjCredentialBuilder: "append base64 md5 replace sha256 utf8",
  nlobjDuplicateJobRequest: "setEntityType setMasterId setMasterSelectionMode setOperation setRecords",
  nlobjEmailMerger: "merge setCustomRecord setEntity setRecipient setSupportCase setTransaction",
  nlobjError: "getCode getDetails getId getInternalID getInternalId getStackTrace getUserEvent",
  nlobjField:
    "addSelectOption getLabel getName getSelectOptions getType isDisabled isMandatory isVisible setAlias setBreakType setDefaultValue setDisplaySize setDisplayType setHelpText setLabel setLayoutType setLinkText setMandatory setMaxLength setPadding setRichTextHeight setRichTextWidth",
  nlobjFieldGroup: "setCollapsible setLabel setShowBorder setSingleColumn",
  nlobjFile:
    "getDescription getFolder getId getName getSize getType getURL getValue isInactive isOnline setDescription setEncoding setFolder setIsInactive setIsOnline setName",
  nlobjForm:
    "addButton addCredentialField addField addFieldGroup addPageLink addResetButton addSubList addSubTab addSubmitButton addTab getButton getField getSubList getSubTab getTab getTabs insertField insertSubList insertSubTab insertTab removeButton setFieldValues setScript setTitle",
  nlobjFuture: "cancel getId isCancelled isDone",
  nlobjJobManager: "createJobRequest getFuture submit",
  nlobjList: "addButton addColumn addEditColumn addPageLink addRow addRows setScript setStyle setTitle",
  nlobjLogin: "changeEmail changePassword",
  nlobjMergeResult: "getBody getSubject",
  nlobjPivotColumn: "getAlias getColumnHierarchy getDependency getLabel getSummaryLine",
  nlobjPivotRow: "getAlias getChildren getOpeningLine getParent getSummaryLine",
  nlobjPivotTable: "getParent getRowHierarchy",
  nlobjPivotTableHandle: "getPivotTable isReady",
  nlobjPortlet: "addColumn addEditColumn addField addLine addRow addRows setHtml setRefreshInterval setScript setSubmitButton setTitle",
  nlobjRecord:
    "commitLineItem createCurrentLineItemSubrecord createSubrecord editCurrentLineItemSubrecord editSubrecord findLineItemMatrixValue findLineItemValue getAllFields getAllLineItemFields getCurrentLineItemDateTimeValue getCurrentLineItemMatrixValue getCurrentLineItemText getCurrentLineItemValue getCurrentLineItemValues getDateTimeValue getField getFieldText getFieldTexts getFieldValue getFieldValues getId getLineItemCount getLineItemDateTimeValue getLineItemField getLineItemMatrixField getLineItemMatrixValue getLineItemText getLineItemValue getLineItemValues getMatrixCount getMatrixField getMatrixValue getRecordType insertLineItem removeCurrentLineItemSubrecord removeLineItem removeSubrecord selectLineItem selectNewLineItem setCurrentLineItemDateTimeValue setCurrentLineItemMatrixValue setCurrentLineItemText setCurrentLineItemValue setDateTimeValue setFieldText setFieldTexts setFieldValue setFieldValues setLineItemDateTimeValue setLineItemValue setMatrixValue viewCurrentLineItemSubrecord viewLineItemSubrecord viewSubrecord",
  nlobjReportColumn: "getFormula getParent isMeasure",
  nlobjReportColumnHierarchy: "getChildren getParent",
  nlobjReportDefinition: "addColumn addColumnHierarchy addRowHierarchy addSearchDatasource executeReport setTitle",
  nlobjReportForm:
    "getAllFiles getAllHeaders getAllParameters getBody getFile getHeader getLineItemCount getLineItemValue getMethod getParameter getParameterValues getURL",
  nlobjReportRowHierarchy: "getChildren getParent",
  nlobjRequest:
    "getAllHeaders getAllParameters getBody getFile getHeader getLineItemCount getLineItemValue getMethod getParameter getParameterValues getURL",
  nlobjResponse:
    "addHeader getAllHeaders getBody getCode getContentType getError getHeader getHeaders renderPDF sendRedirect setCDNCacheable setContentType setEncoding setHeader write writeLine writePage",
  nlobjSearch:
    "addColumn addColumns addFilter addFilters deleteSearch getColumns getFilterExpression getFilters getId getIsPublic getScriptId getSearchType runSearch saveSearch setColumns setFilterExpression setFilters setIsPublic setRedirectURLToSearch setRedirectURLToSearchResults",
  nlobjSearchColumn:
    "getFormula getFunction getJoin getLabel getName getSort getSummary setFormula setFunction setLabel setSort setWhenOrderBy",
  nlobjSearchFilter: "getFormula getJoin getName getOperator getSummaryType setFormula setSummaryType",
  nlobjSearchResult: "getAllColumns getId getRecordType getText getValue",
  nlobjSearchResultSet: "forEachResult getColumns getResults",
  nlobjSelectOption: "getId getText",
  nlobjSubList:
    "addButton addField addMarkAllButtons addRefreshButton getLineItemCount getLineItemValue setAmountField setDisplayType setHelpText setLabel setLineItemValue setLineItemValues setUniqueField",
  nlobjSubrecord: "cancel commit commitLineItem selectLineItem selectNewLineItem setCurrentLineItemValue setFieldValue",
  nlobjTab: "setHelpText setLabel",
  nlobjTemplateRenderer:
    "addRecord addSearchResults merge renderToResponse renderToString setCustomRecord setEntity setRecipient setSupportCase setTemplate setTransaction",
};

const MEMBERS = new Map(Object.entries(METHOD_NAMES).map(([type, names]) => [type, new Set(names.split(" "))]));

/** Whether a 1.0 object has this method; undefined for a type Uplift has no list for. */
export function hasMethod(type: string, name: string): boolean | undefined {
  const owner = type === "nlobjSubrecord" && name !== "commit" && name !== "cancel" ? "nlobjRecord" : type;
  return MEMBERS.get(owner)?.has(name);
}
