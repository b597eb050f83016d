import {
  createBaseline,
  renderBaseline,
  scan,
  SEVERITIES,
  UsageError,
  type ScanOptions,
  type ScanResult,
  type Severity,
} from "@uplift/engine";
import { Command, Option } from "commander";
import { FORMATS, isFormat, render, reportDate, type Format } from "../formats.js";
import { diffOf, MAX_FIX_ROUNDS, planFixes, settle, suggestionsDiffOf, writeFixes, type FileFix } from "../fix.js";
import { writeReport } from "../output.js";
import { progressLine } from "../progress.js";
import { addCommonOptions, FAIL_ON, prepareScan, readBaselineFile, type CommonFlags } from "./scan-options.js";

interface ScanFlags extends CommonFlags {
  format?: Format;
  output?: string;
  report: string[];
  failOn?: Severity | "none";
  maxFindings?: string;
  baseline?: string;
  prune?: boolean;
  title?: string;
  color?: boolean;
  fix?: boolean;
  fixDryRun?: boolean;
  verbose?: boolean;
  quiet?: boolean;
}

/**
 * Exit code 1 when findings at or above the threshold remain (all findings for `none`); with
 * --max-findings, only when more than that many remain, so a team can ease in.
 */
export function exitCodeFor(result: ScanResult, failOn: Severity | "none", maxFindings?: number): number {
  const limit = failOn === "none" ? -1 : SEVERITIES.indexOf(failOn);
  const counted =
    failOn === "none" ? result.findings.length : result.findings.filter((f) => SEVERITIES.indexOf(f.severity) <= limit).length;
  if (maxFindings !== undefined) return counted > maxFindings ? 1 : 0;
  return failOn !== "none" && counted > 0 ? 1 : 0;
}

/** A report to write: its format, its file, and the folder it must stay in when a config named it. */
type ReportTarget = [Format, string, string?];

export function parseReport(spec: string): [Format, string] {
  const eq = spec.indexOf("=");
  const format = spec.slice(0, eq);
  if (eq < 1 || eq === spec.length - 1 || !isFormat(format)) {
    throw new UsageError(`--report ${spec} must be FORMAT=FILE with FORMAT one of ${FORMATS.join(", ")}, e.g. --report sarif=uplift.sarif`);
  }
  return [format, spec.slice(eq + 1)];
}

export function scanCommand(setExitCode: (code: number) => void): Command {
  const command = new Command("scan").description("scan a customisation project for what the upgrade breaks");
  return addCommonOptions(command)
    .addOption(new Option("--format <format>", "output format for stdout or --output").choices(FORMATS))
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .option(
      "--report <format=file>",
      "also write a report in another format (repeatable), e.g. sarif=uplift.sarif",
      (v: string, p: string[]) => [...p, v],
      [],
    )
    .addOption(new Option("--fail-on <severity>", "exit 1 when findings at or above this severity remain (default high)").choices(FAIL_ON))
    .option("--max-findings <n>", "exit 1 when more findings than this remain after baseline and suppressions")
    .option("--baseline <file>", "report only findings that are not in this baseline")
    .option("--prune", "with --baseline: drop entries that no longer match from the baseline file")
    .option(
      "--fix",
      "apply the rules' automatic fixes (never outside the scanned folder, never leaving a file that does not parse), then report what is left",
    )
    .option(
      "--fix-dry-run",
      "print the automatic fixes as a unified diff instead of the report, then the rules' suggestions (which --fix never applies); change nothing",
    )
    .option("--title <title>", "the report title (html, markdown)")
    .option("--verbose", "in the terminal: every finding under its file, with what to do instead (default: one line per rule)")
    .option("-q, --quiet", "in the terminal: the verdict only")
    .option("--no-color", "plain output")
    .action(async (target: string, flags: ScanFlags) => {
      const reports: ReportTarget[] = flags.report.map(parseReport);
      const { options, config } = prepareScan(target, flags);
      const c = config?.config ?? {};
      const maxFindingsRaw = flags.maxFindings ?? (c.maxFindings !== undefined ? String(c.maxFindings) : undefined);
      if (maxFindingsRaw !== undefined && !/^\d+$/.test(maxFindingsRaw))
        throw new UsageError(`--max-findings ${maxFindingsRaw} must be a whole number`);
      const baselineFile = flags.baseline ?? c.baseline;
      const baselineWithin = flags.baseline === undefined && c.baseline !== undefined ? config?.dir : undefined;
      if (baselineFile) options.baseline = readBaselineFile(baselineFile);
      if (flags.prune && !baselineFile) throw new UsageError("--prune needs --baseline <file>");
      for (const [format, file] of Object.entries(c.reports ?? {})) if (isFormat(format)) reports.push([format, file, config?.dir]);
      const failOn = flags.failOn ?? c.failOn ?? "high";
      // "none" keeps the build from failing; the reports still judge at the default threshold.
      if (failOn !== "none") options.failOn = failOn;

      const progress = progressLine(process.stderr, { force: flags.progress });
      options.onProgress = (done, total) => progress.update(done, total);
      let result = await scan(options);
      progress.clear();
      if (flags.fix || flags.fixDryRun) {
        const { fixes, full } = await settleFixes(target, options, result);
        const applied = [...fixes.values()].reduce((n, o) => n + o.applied, 0);
        if (flags.fixDryRun) {
          // Suggestions are never settled in rounds: each file's are shown against its text on disk, before the fixes.
          const suggestions = await planFixes(target, full, new Map(), "suggestion");
          process.stdout.write(diffOf(fixes.values()) + suggestionsDiffOf(suggestions));
          process.stderr.write(`uplift: ${applied} fixes in ${fixes.size} files (dry run)\n`);
          const proposed = suggestions.outcomes.reduce((n, o) => n + o.applied, 0);
          if (proposed > 0)
            process.stderr.write(`uplift: ${proposed} suggestions in ${suggestions.outcomes.length} files, not applied by --fix\n`);
          setExitCode(0);
          return;
        }
        writeFixes(target, fixes.values());
        process.stderr.write(`uplift: fixed ${applied} problems in ${fixes.size} files\n`);
        result = await scan(options);
      }

      const ctx = {
        color: false,
        failOn,
        title: flags.title ?? `Upgrade impact: ${target}`,
        generatedAt: reportDate(),
        ...(flags.verbose ? { verbose: true } : {}),
        ...(flags.quiet ? { quiet: true } : {}),
      };
      const format = flags.format ?? "stylish";
      const text = await render(format, result, {
        ...ctx,
        color: flags.color !== false && !flags.output && process.stdout.isTTY === true && !process.env.NO_COLOR,
      });
      if (flags.output) {
        writeReport(flags.output, text);
        process.stderr.write(`uplift: wrote ${flags.output} (${result.summary.findings} findings)\n`);
      } else process.stdout.write(text);
      for (const [f, file, within] of reports) writeReport(file, await render(f, result, ctx), within);
      if (result.baseline && result.baseline.stale.length > 0) {
        if (flags.prune && baselineFile && options.baseline) {
          const staleSet = new Set(result.baseline.stale.map((e) => e.fingerprint));
          const kept = options.baseline.baseline.entries.filter((e) => !staleSet.has(e.fingerprint));
          writeReport(baselineFile, renderBaseline({ ...createBaseline([]), entries: kept }), baselineWithin);
          process.stderr.write(`uplift: pruned ${staleSet.size} stale entries from ${baselineFile}\n`);
        } else {
          process.stderr.write(`uplift: ${result.baseline.stale.length} baseline entries no longer match; drop them with --prune\n`);
        }
      }
      setExitCode(exitCodeFor(result, failOn, maxFindingsRaw === undefined ? undefined : Number(maxFindingsRaw)));
    });
}

/**
 * Fixes in rounds until none applies, all in memory: two fixes that touch the same code (a rename
 * inside a replaced expression) both land in one run, and a second run has nothing left to do.
 * Nothing is written here.
 */
async function settleFixes(
  target: string,
  options: ScanOptions,
  first: ScanResult,
): Promise<{ fixes: Map<string, FileFix>; full: ScanResult }> {
  const settled = new Map<string, FileFix>();
  const skipped = new Map<string, string>();
  // Every occurrence, not only the first ones a report lists: a fix run fixes them all.
  const all: ScanOptions = { ...options, maxPerRule: Number.MAX_SAFE_INTEGER, onProgress: undefined };
  // The first result serves when no rule was cut short by --max-per-rule.
  const full = first.findings.some((f) => f.occurrences !== undefined) ? await scan(all) : first;
  let result = full;
  for (let round = 0; round < MAX_FIX_ROUNDS; round++) {
    const run = await planFixes(target, result, settled);
    for (const s of run.skipped) if (!skipped.has(s.file)) skipped.set(s.file, s.reason);
    if (run.outcomes.length === 0) break;
    settle(settled, run);
    if (round === MAX_FIX_ROUNDS - 1) process.stderr.write(`uplift: fixes still apply after ${MAX_FIX_ROUNDS} rounds; run --fix again\n`);
    else result = await scan({ ...all, overrides: new Map([...settled].map(([file, fix]) => [file, fix.after])) });
  }
  for (const [file, reason] of [...skipped].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    process.stderr.write(`uplift: not fixed: ${file} (${reason})\n`);
  }
  return { fixes: settled, full };
}
