import { ownFinding, type OwnCheck } from "./own-finding.js";
import type { Project } from "./projects.js";
import type { Finding } from "./result.js";

export const MARKER_RULE = "uplift/project-marker";

const MARKER: OwnCheck = {
  ruleId: MARKER_RULE,
  title: "Project marker does not tell the version",
  severity: "high",
  change: "unanalysable",
  effortMinutes: 15,
  effortMaxMinutes: 60,
  references: [],
};

/**
 * A marker that cannot be read, or that does not state a version Uplift knows, is a finding: high
 * when the marker is broken or the project's files were left unchecked (what is in them is
 * unknown), low when --from or the profile's default said what to check against.
 */
export function markerFinding(project: Project, fromFlag: boolean): Finding | undefined {
  const problem = project.markerProblem;
  if (!problem || !project.marker) return undefined;
  const name = project.profile.name;
  const file = project.marker.slice(project.marker.lastIndexOf("/") + 1);
  const consequence = project.unchecked
    ? "Uplift cannot tell which version it is for, so none of its files were checked."
    : `It was checked from ${project.from}, ${fromFlag ? "as --from says" : "the version assumed when a project does not say"}.`;
  const versions = project.profile.versions.join("|");
  const replacement = problem.broken
    ? `Fix ${file} so that ${name} can read it${project.unchecked ? `, or pass --from <${versions}> to check the project` : ""}.`
    : `State the version in ${file}${project.unchecked ? `, or pass --from <${versions}> to check the project` : ""}.`;
  const severity = problem.broken || project.unchecked ? "high" : "low";
  return ownFinding(
    { ...MARKER, severity },
    { project: project.path, file: project.marker, span: problem.span, snippet: problem.snippet },
    `This ${name} project's ${file} ${problem.reason}. ${consequence}`,
    replacement,
  );
}
