import { createHash } from "node:crypto";
import type { Finding, ScanResult, Severity } from "@uplift/engine";
import {
  archiveChain,
  ciJson,
  isArchiveMember,
  joinRoot,
  messageWithReplacement,
  scanRoot,
  sortedFindings,
  type ScanRoot,
} from "./ci-paths.js";

export type GitlabSeverity = "info" | "minor" | "major" | "critical" | "blocker";

export const GITLAB_SEVERITY: Record<Severity, GitlabSeverity> = { critical: "blocker", high: "critical", medium: "major", low: "minor" };

/** One issue of a GitLab Code Quality report (the subset of the Code Climate format GitLab reads). */
export interface GitlabIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: GitlabSeverity;
  location: { path: string; lines: { begin: number; end: number } };
  categories: string[];
}

/**
 * A GitLab Code Quality report: a JSON array, one issue per finding, paths relative to the
 * repository. An absolute scan root cannot be made relative without the working directory, so
 * its findings keep their paths relative to the scanned root, which is the repository when the
 * job scans $CI_PROJECT_DIR.
 */
export function renderGitlab(result: ScanResult): string {
  const root = scanRoot(result.root);
  const issues = sortedFindings(result).map((f) => gitlabIssue(f, root));
  return ciJson(issues);
}

function gitlabIssue(f: Finding, root: ScanRoot): GitlabIssue {
  const repoPath = (file: string): string => (root.absolute ? file : joinRoot(root, file));
  // GitLab links to files in the repository: a finding inside an archive points at the archive.
  const member = isArchiveMember(f.file);
  const where = member ? `${f.file}:${f.line}:${f.column}: ` : "";
  const begin = member ? 1 : Math.max(1, f.line);
  return {
    description: `${where}${messageWithReplacement(f)}`,
    check_name: f.ruleId,
    fingerprint: f.fingerprint || fallbackFingerprint(f),
    severity: GITLAB_SEVERITY[f.severity],
    location: { path: repoPath(archiveChain(f.file)[0]), lines: { begin, end: member ? 1 : Math.max(begin, f.endLine) } },
    categories: ["Compatibility"],
  };
}

/** Results always carry fingerprints; a hand-built one may not, and GitLab needs one per issue. */
function fallbackFingerprint(f: Finding): string {
  return createHash("sha256").update(`${f.ruleId}\0${f.file}\0${f.line}\0${f.column}\0${f.message}`).digest("hex").slice(0, 32);
}
