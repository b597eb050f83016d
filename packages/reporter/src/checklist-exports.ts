import type { ScanResult } from "@uplift/engine";
import { buildChecklist } from "./checklist.js";
import { azureTestPlansCsv, testRailCsv, xrayCsv } from "./checklist-formats.js";
import { prepareResult } from "./merge.js";

export {
  AZURE_COLUMNS,
  AZURE_TITLE_MAX,
  azureTestPlansCsv,
  CSV_COLUMNS,
  csvField,
  numberedSteps,
  STATUS_DONE,
  STATUS_OPEN,
  testRailCsv as checklistCsv,
  XRAY_COLUMNS,
  xrayCsv,
} from "./checklist-formats.js";

/** The TestRail CSV of a result (or of several, merged): every item still to run. */
export function renderChecklistCsv(result: ScanResult | readonly ScanResult[]): string {
  return testRailCsv(buildChecklist(prepareResult(result)).sections);
}

export function renderAzureTestPlansCsv(result: ScanResult | readonly ScanResult[]): string {
  return azureTestPlansCsv(buildChecklist(prepareResult(result)).sections);
}

export function renderXrayCsv(result: ScanResult | readonly ScanResult[]): string {
  return xrayCsv(buildChecklist(prepareResult(result)).sections);
}
