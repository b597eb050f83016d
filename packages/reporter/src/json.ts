import type { ScanResult } from "@uplift/engine";

/** The versioned result as stable JSON: same input, same bytes. */
export function renderJson(result: ScanResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
