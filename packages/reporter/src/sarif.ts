import type { Finding, ScanResult, Severity } from "@uplift/engine";
import {
  archiveChain,
  ARCHIVE_SEPARATOR,
  ciJson,
  joinRoot,
  messageWithReplacement,
  scanRoot,
  sortedFindings,
  type ScanRoot,
} from "./ci-paths.js";
import { ruleDescriptors } from "./sarif-rules.js";
import type {
  SarifArtifact,
  SarifArtifactLocation,
  SarifLevel,
  SarifLocation,
  SarifNotification,
  SarifRegion,
  SarifResult,
} from "./sarif-types.js";

export const SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
export const UPLIFT_URI = "https://uplift.dev/";
export const SRCROOT = "%SRCROOT%";
const UNANALYSED = "uplift/unanalysed";

export const SARIF_LEVEL: Record<Severity, SarifLevel> = { critical: "error", high: "error", medium: "warning", low: "note" };

/**
 * SARIF 2.1.0 for code scanning: one run, rule descriptors from the rule metadata, results with
 * stable fingerprints, archive members as nested artifacts, unanalysed files as notifications.
 */
export function renderSarif(result: ScanResult): string {
  const findings = sortedFindings(result);
  const root = scanRoot(result.root);
  const artifacts = new ArtifactTable(root, [...findings.map((f) => f.file), ...result.unanalysed.map((u) => u.file)]);
  const rules = ruleDescriptors(result, findings, SARIF_LEVEL);
  const results = findings.map((f) => sarifResult(f, rules.index.get(f.ruleId) ?? -1, artifacts));
  const notifications = [...result.unanalysed]
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
    .map((u): SarifNotification => ({
      level: notificationLevel(u.reason),
      message: { text: `${joinRoot(root, u.file)} was not analysed: ${u.reason.replace(/[.\s]+$/, "")}.` },
      locations: [{ physicalLocation: { artifactLocation: artifacts.locate(u.file) } }],
      descriptor: { id: UNANALYSED, index: 0 },
    }));
  const driver = {
    name: "Uplift",
    version: result.tool.version,
    informationUri: UPLIFT_URI,
    rules: rules.descriptors,
    ...(notifications.length > 0 ? { notifications: [unanalysedDescriptor()] } : {}),
  };
  const run = {
    tool: { driver },
    invocations: [{ executionSuccessful: true, ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}) }],
    ...(artifacts.usesSrcRoot ? { originalUriBaseIds: { [SRCROOT]: srcRootDescription(root) } } : {}),
    artifacts: artifacts.list,
    results,
    columnKind: "utf16CodeUnits",
  };
  return ciJson({ $schema: SARIF_SCHEMA, version: "2.1.0", runs: [run] });
}

function sarifResult(f: Finding, ruleIndex: number, artifacts: ArtifactTable): SarifResult {
  const location: SarifLocation = { physicalLocation: { artifactLocation: artifacts.locate(f.file), region: region(f) } };
  const chain = archiveChain(f.file);
  const out: SarifResult = {
    ruleId: f.ruleId,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    level: SARIF_LEVEL[f.severity],
    message: { text: messageWithReplacement(f) },
    locations: [location],
  };
  if (chain.length > 1) {
    // Code scanning knows nothing of nested artifacts: point at the archive in the repository too.
    out.relatedLocations = [
      {
        id: 0,
        message: { text: `${chain[0]} holds ${chain.slice(1).join(ARCHIVE_SEPARATOR)}.` },
        physicalLocation: { artifactLocation: artifacts.locate(chain[0]) },
      },
    ];
  }
  if (f.fingerprint) out.partialFingerprints = { "upliftFingerprint/v1": f.fingerprint };
  out.properties = {
    project: f.project,
    ...(f.hop ? { hop: f.hop } : {}),
    change: f.change,
    severity: f.severity,
    effortMinutes: f.effortMinutes,
    effortMaxMinutes: f.effortMaxMinutes,
    ...(f.enclosing ? { enclosing: f.enclosing } : {}),
    ...(f.impact.processes.length > 0 ? { processes: f.impact.processes } : {}),
    ...(f.library ? { library: f.library.name, ...(f.library.version ? { libraryVersion: f.library.version } : {}) } : {}),
    ...(f.translationOf ? { translationOf: `${f.translationOf.file}:${f.translationOf.line}` } : {}),
  };
  return out;
}

/** Lines and columns are 1-based with an exclusive end column, as SARIF wants; keep them ordered. */
function region(f: Finding): SarifRegion {
  const startLine = Math.max(1, Math.trunc(f.line) || 1);
  const startColumn = Math.max(1, Math.trunc(f.column) || 1);
  const endLine = Math.max(startLine, Math.trunc(f.endLine) || startLine);
  const rawEnd = Math.max(1, Math.trunc(f.endColumn) || 1);
  const endColumn = endLine === startLine ? Math.max(startColumn, rawEnd) : rawEnd;
  return { startLine, startColumn, endLine, endColumn, ...(f.snippet ? { snippet: { text: f.snippet } } : {}) };
}

/** Files the tool could not read at all are worth a look; files of kinds it has no adapter for are notes. */
function notificationLevel(reason: string): "note" | "warning" {
  return /^(binary file|symbolic link|no adapter)/.test(reason) ? "note" : "warning";
}

function unanalysedDescriptor(): Record<string, unknown> {
  return {
    id: UNANALYSED,
    name: "Unanalysed",
    shortDescription: { text: "A file Uplift did not analyse" },
    fullDescription: {
      text: "The file was skipped (binary, too large, unreadable or of a kind Uplift has no adapter for): what the upgrade breaks in it is unknown.",
    },
    defaultConfiguration: { level: "warning" },
  };
}

function srcRootDescription(root: ScanRoot): SarifArtifactLocation {
  const scanned = root.path === "" ? "" : ` Uplift scanned ${root.path}.`;
  return { description: { text: `The directory Uplift ran in: the repository root in CI.${scanned}` } };
}

/**
 * `run.artifacts`: every file a result or notification names, and each archive that holds one
 * (SARIF §3.24.3: a member is a nested artifact whose parentIndex is its archive's index).
 */
class ArtifactTable {
  readonly list: SarifArtifact[] = [];
  readonly usesSrcRoot: boolean;
  private readonly index = new Map<string, number>();

  constructor(
    private readonly root: ScanRoot,
    files: readonly string[],
  ) {
    const keys = new Set<string>();
    for (const file of files) {
      const chain = archiveChain(file);
      for (let depth = 1; depth <= chain.length; depth++) keys.add(chain.slice(0, depth).join(ARCHIVE_SEPARATOR));
    }
    // A key sorts after its own prefix, so every archive comes before its members.
    for (const key of [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      const chain = archiveChain(key);
      const parent = chain.length > 1 ? this.index.get(chain.slice(0, -1).join(ARCHIVE_SEPARATOR)) : undefined;
      const artifact: SarifArtifact = { location: this.location(chain) };
      if (parent !== undefined) artifact.parentIndex = parent;
      this.index.set(key, this.list.length);
      this.list.push(artifact);
    }
    this.usesSrcRoot = !root.absolute && this.list.length > 0;
  }

  locate(file: string): SarifArtifactLocation {
    const index = this.index.get(file);
    return { ...this.location(archiveChain(file)), ...(index !== undefined ? { index } : {}) };
  }

  private location(chain: readonly string[]): SarifArtifactLocation {
    const last = chain[chain.length - 1] ?? "";
    // A member's uri is its path from the archive's root, and carries no uriBaseId (§3.24.2, §3.4.4).
    if (chain.length > 1) return { uri: `/${encodePath(contained(last))}` };
    const path = joinRoot(this.root, contained(last));
    if (this.root.absolute) return { uri: fileUri(path) };
    return { uri: encodePath(path), uriBaseId: SRCROOT };
  }
}

/**
 * A path that stays where it is put: no empty, `.` or `..` segment survives to be resolved, so a
 * refused archive member named `/../evil.js` or `//host/x` cannot point a code-scanning service
 * outside the archive or the repository.
 */
function contained(path: string): string {
  const segments = path
    .split("/")
    .filter((s) => s !== "" && s !== ".")
    .map((s) => (s === ".." ? "%2E%2E" : s));
  return segments.join("/") || "%2F";
}

function encodePath(path: string): string {
  return path
    .split("/")
    .map((segment, i) => (i === 0 && /^[A-Za-z]:$/.test(segment) ? segment : encodeURIComponent(segment)))
    .join("/");
}

function fileUri(absolutePath: string): string {
  return absolutePath.startsWith("/") ? `file://${encodePath(absolutePath)}` : `file:///${encodePath(absolutePath)}`;
}
