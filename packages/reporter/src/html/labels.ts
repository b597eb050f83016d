import { SEVERITIES, type Artefact, type ProjectInfo, type Severity } from "@uplift/engine";

export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = {
  critical: "Critical",
  high: "High",
  medium: "Medium",
  low: "Low",
};

/** What each severity means to a project manager (shown beside the counts). */
export const SEVERITY_MEANINGS: Readonly<Record<Severity, string>> = {
  critical: "breaks on upgrade: a screen, module or process stops working",
  high: "breaks part of a feature or loses data or behaviour",
  medium: "behaves differently; works, but needs checking",
  low: "deprecated or cosmetic; plan it, no outage",
};

export const CHANGE_LABELS: Readonly<Record<string, string>> = {
  removed: "Removed",
  renamed: "Renamed",
  signature: "Signature changed",
  behaviour: "Behaviour changed",
  deprecated: "Deprecated",
  unanalysable: "Could not be analysed",
};

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** The worse of two severities (critical is worst). */
export function worse(a: Severity | undefined, b: Severity): Severity {
  return a === undefined || severityRank(b) < severityRank(a) ? b : a;
}

export function changeLabel(change: string): string {
  return CHANGE_LABELS[change] ?? change;
}

/** `16.0-17.0` → `16.0 → 17.0`. */
export function hopLabel(hop: string): string {
  const parts = hop.split("-");
  return parts.length === 2 ? `${parts[0]} → ${parts[1]}` : hop;
}

export function projectLabel(path: string): string {
  return path === "." || path === "" ? "(root)" : path;
}

export function projectUpgrade(p: ProjectInfo): string {
  return `${p.erp} ${p.from} → ${p.to}`;
}

/** `view sale.view_order_form`. */
export function artefactLabel(a: Artefact): string {
  return `${a.type} ${a.name}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}
