import type { Span } from "@uplift/core";
import type { Artefact, Finding } from "./result.js";
import type { Change, Severity } from "./rule-types.js";

/** What Uplift's own checks (parse errors, suppressions, links) say, beside the packs' rules. */
export interface OwnCheck {
  ruleId: string;
  title: string;
  severity: Severity;
  change: Change;
  effortMinutes: number;
  effortMaxMinutes: number;
  references: string[];
}

/** A finding of one of Uplift's own checks, shaped like every other finding. */
export function ownFinding(
  check: OwnCheck,
  at: { project: string; file: string; span: Span; snippet: string },
  message: string,
  replacement: string,
  artefacts: Artefact[] = [],
): Finding {
  return {
    project: at.project,
    ruleId: check.ruleId,
    title: check.title,
    severity: check.severity,
    change: check.change,
    file: at.file,
    ...at.span,
    message,
    replacement,
    snippet: at.snippet,
    fingerprint: "",
    effortMinutes: check.effortMinutes,
    effortMaxMinutes: check.effortMaxMinutes,
    references: check.references,
    fixable: false,
    impact: { artefacts, processes: [] },
  };
}
