export { renderJson } from "./json.js";
export { formatEffort, renderStylish, type StylishOptions } from "./stylish.js";
export { renderHtml } from "./html/render-html.js";
export { buildReport, type ReportContext, type ReportModel } from "./report-model.js";
export { renderMarkdown } from "./markdown.js";
export { buildChecklist, type Checklist, type ChecklistItem, type ChecklistSection } from "./checklist.js";
export {
  azureTestPlansCsv,
  AZURE_COLUMNS,
  checklistCsv,
  CSV_COLUMNS,
  renderAzureTestPlansCsv,
  renderChecklistCsv,
  renderXrayCsv,
  xrayCsv,
  XRAY_COLUMNS,
} from "./checklist-exports.js";
export { checklistDocument, checklistMarkdown, type FormatSection } from "./checklist-formats.js";
export { mergeResults, prepareResult } from "./merge.js";
export { readiness, thresholdOf, READINESS_BANDS, type Readiness } from "./html/readiness.js";
export { verdictOf, scopeNotes, type Verdict } from "./verdict.js";
export { compareSeries, type LabelledResult, type Progress } from "./compare.js";
export { planOf, type TargetCost } from "./plan.js";
export { renderPlan, type PlanFormat } from "./plan-render.js";
export { renderSarif } from "./sarif.js";
export { renderJunit } from "./junit.js";
export { renderGitlab } from "./gitlab.js";
export { renderGithub } from "./github.js";
