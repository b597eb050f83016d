import { PARSE_ERROR_RULE, type Finding, type ScanResult, type Severity } from "@uplift/engine";
import type { SarifLevel, SarifReportingDescriptor } from "./sarif-types.js";

/** What a descriptor is built from: a rule's metadata, or for Uplift's own checks, its findings. */
interface RuleSource {
  title: string;
  severity: Severity;
  change: string;
  hop?: string;
  erp?: string;
  effort?: string;
  references: string[];
  tests?: string[];
  docs?: string;
  doubt?: string;
  replacement: string;
}

const PARSE_ERROR_DOCS =
  "Uplift could not parse this file. What is in it is unknown, so what the upgrade breaks in it is unknown too; " +
  "only what the parser recovered was checked.";

/** One descriptor per rule that has a finding, sorted by id; `index` gives each result its ruleIndex. */
export function ruleDescriptors(
  result: ScanResult,
  findings: readonly Finding[],
  levels: Record<Severity, SarifLevel>,
): { descriptors: SarifReportingDescriptor[]; index: Map<string, number> } {
  const sources = new Map<string, RuleSource>();
  for (const [id, info] of Object.entries(result.rules)) sources.set(id, info);
  for (const f of findings) if (!sources.has(f.ruleId)) sources.set(f.ruleId, sourceFromFinding(result, f));
  const sorted = [...sources.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(sorted.map(([id], i) => [id, i]));
  const descriptors = sorted.map(([id, source]) => descriptor(id, source, levels));
  return { descriptors, index };
}

function sourceFromFinding(result: ScanResult, f: Finding): RuleSource {
  const erp = result.projects.find((p) => p.path === f.project)?.erp;
  return {
    title: f.title,
    severity: f.severity,
    change: f.change,
    ...(f.hop ? { hop: f.hop } : {}),
    ...(erp && f.hop ? { erp } : {}),
    references: f.references,
    ...(f.ruleId === PARSE_ERROR_RULE ? { docs: PARSE_ERROR_DOCS } : {}),
    replacement: f.replacement,
  };
}

function descriptor(id: string, rule: RuleSource, levels: Record<Severity, SarifLevel>): SarifReportingDescriptor {
  const helpUri = rule.references.find(isAbsoluteUrl);
  const tags = [...new Set([rule.erp, rule.hop, rule.change].filter((t): t is string => Boolean(t)))];
  return {
    id,
    name: pascalName(id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.docs ?? sentence(rule.title, rule.replacement) },
    help: { text: helpText(rule) },
    ...(helpUri ? { helpUri } : {}),
    defaultConfiguration: { level: levels[rule.severity] },
    properties: {
      tags,
      severity: rule.severity,
      ...(rule.effort ? { effort: rule.effort } : {}),
    },
  };
}

// Help is plain text: rule packs quote code in backticks but are not Markdown (a JSDoc opener would turn bold).
function helpText(rule: RuleSource): string {
  const parts = [rule.docs ?? rule.title];
  if (rule.replacement) parts.push(`What to do: ${rule.replacement}`);
  if (rule.tests?.length) parts.push(`Test after the change:\n${rule.tests.map((t) => `- ${t}`).join("\n")}`);
  if (rule.doubt) parts.push(`Why this may be a false alarm: ${rule.doubt}`);
  if (rule.references.length) parts.push(`References:\n${rule.references.map((r) => `- ${r}`).join("\n")}`);
  return parts.join("\n\n");
}

function sentence(title: string, replacement: string): string {
  if (!replacement) return title;
  return `${title}${/[.!?]$/.test(title) ? "" : "."} ${replacement}`;
}

/** `odoo/17.0/view-attrs-removed` → `ViewAttrsRemoved`: SARIF wants a readable identifier. */
export function pascalName(id: string): string {
  const last = id.split("/").pop() ?? id;
  const name = last
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]?.toUpperCase() + w.slice(1))
    .join("");
  return name || id;
}

function isAbsoluteUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}
