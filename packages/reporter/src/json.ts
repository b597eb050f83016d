import type { ScanResult } from "@uplift/engine";
import type { Progress } from "./compare.js";

/** The versioned result as stable JSON: same input, same bytes; with `progress` when scans are compared. */
export function renderJson(result: ScanResult, extras: { progress?: Progress } = {}): string {
  const out = extras.progress ? { ...result, progress: extras.progress } : result;
  return `${JSON.stringify(out, null, 2)}\n`;
}
