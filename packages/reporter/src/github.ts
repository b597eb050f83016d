import type { Finding, ScanResult, Severity } from "@uplift/engine";
import { archiveChain, isArchiveMember, joinRoot, messageWithReplacement, scanRoot, sortedFindings, type ScanRoot } from "./ci-paths.js";

export type GithubCommand = "error" | "warning" | "notice";

export const GITHUB_COMMAND: Record<Severity, GithubCommand> = { critical: "error", high: "error", medium: "warning", low: "notice" };

/**
 * GitHub Actions workflow commands, one line per finding, which the runner turns into annotations
 * on the pull request. Escaping follows @actions/core: data escapes %, CR and LF; property values
 * also escape ":" and ",", which delimit the command.
 */
export function renderGithub(result: ScanResult): string {
  const root = scanRoot(result.root);
  return sortedFindings(result)
    .map((f) => `${githubCommand(f, root)}\n`)
    .join("");
}

function githubCommand(f: Finding, root: ScanRoot): string {
  const properties: Array<[string, string | number]> = [["file", joinRoot(root, archiveChain(f.file)[0])]];
  let message = messageWithReplacement(f);
  if (isArchiveMember(f.file)) {
    // The runner can only annotate files in the repository: annotate the archive as a whole.
    message = `${f.file}:${f.line}:${f.column}: ${message}`;
  } else {
    const endLine = Math.max(f.line, f.endLine);
    // Columns may only be sent when the annotation starts and ends on the same line.
    if (endLine === f.line)
      properties.push(["line", f.line], ["col", f.column], ["endLine", endLine], ["endColumn", Math.max(f.column, f.endColumn)]);
    else properties.push(["line", f.line], ["endLine", endLine]);
  }
  properties.push(["title", truncate(`${f.title} (${f.ruleId})`, TITLE_LIMIT)]);
  const props = properties.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(",");
  return `::${GITHUB_COMMAND[f.severity]} ${props}::${escapeData(message)}`;
}

/** Check-run annotations take titles of at most 255 characters. */
const TITLE_LIMIT = 255;

function truncate(value: string, limit: number): string {
  const chars = [...value];
  return chars.length <= limit ? value : `${chars.slice(0, limit - 1).join("")}…`;
}

export function escapeData(value: string): string {
  return value.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
