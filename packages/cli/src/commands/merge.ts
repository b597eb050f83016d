import { readFileSync } from "node:fs";
import path from "node:path";
import { FileError, SCHEMA_VERSION, UsageError, type ScanResult, type Severity } from "@uplift/engine";
import { Command, Option } from "commander";
import { FORMATS, render, reportDate, type Format } from "../formats.js";
import { writeReport } from "../output.js";
import { exitCodeFor, parseReport } from "./scan.js";
import { FAIL_ON } from "./scan-options.js";

export function readResult(file: string): ScanResult {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new FileError(file, undefined, `cannot read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  let data: ScanResult;
  try {
    data = JSON.parse(text) as ScanResult;
  } catch {
    throw new FileError(file, undefined, "not JSON; write results with uplift scan --format json");
  }
  if (data?.schemaVersion !== SCHEMA_VERSION || !Array.isArray(data.findings)) {
    throw new FileError(file, 1, `not an Uplift result of schema version ${SCHEMA_VERSION}`);
  }
  return data;
}

interface RenderFlags {
  format: Format;
  output?: string;
  title: string;
  report: string[];
  failOn?: Severity | "none";
  maxFindings?: string;
  compare: string[];
  verbose?: boolean;
  quiet?: boolean;
}

/** The label of a scan in a series: its file name without the folder and `.json`. */
export function scanLabel(file: string): string {
  return path.basename(file).replace(/\.json$/i, "");
}

function renderCommand(
  name: string,
  description: string,
  defaultFormat: Format,
  defaultFailOn: Severity | "none",
  setExitCode: (code: number) => void,
): Command {
  return new Command(name)
    .description(description)
    .argument("<results...>", "JSON results of uplift scan --format json")
    .addOption(new Option("--format <format>", "output format").choices(FORMATS).default(defaultFormat))
    .option("-o, --output <file>", "write to a file instead of stdout")
    .option("--report <format=file>", "also write a report in another format (repeatable)", (v: string, p: string[]) => [...p, v], [])
    .addOption(
      new Option(
        "--fail-on <severity>",
        `exit 1 when findings at or above this severity remain (default ${defaultFailOn}); also the threshold of the verdict and readiness (default: the scan's)`,
      ).choices(FAIL_ON),
    )
    .option("--max-findings <n>", "exit 1 when more findings than this remain")
    .option("--title <title>", "the report title (html, markdown)", "Upgrade impact")
    .option(
      "--compare <result>",
      "an earlier result of the same estate to show progress against (repeatable, oldest first)",
      (v: string, p: string[]) => [...p, v],
      [],
    )
    .option("--verbose", "stylish: every finding under its file")
    .option("-q, --quiet", "stylish: the verdict only")
    .action(async (files: string[], flags: RenderFlags) => {
      const reports = flags.report.map(parseReport);
      if (flags.maxFindings !== undefined && !/^\d+$/.test(flags.maxFindings))
        throw new UsageError(`--max-findings ${flags.maxFindings} must be a whole number`);
      const { mergeResults } = await import("@uplift/reporter");
      const result = mergeResults(files.map(readResult));
      const compare = flags.compare.map((file) => ({ label: scanLabel(file), result: readResult(file) }));
      const ctx = {
        color: false,
        title: flags.title,
        generatedAt: reportDate(),
        ...(flags.failOn ? { failOn: flags.failOn } : {}),
        ...(compare.length > 0 ? { compare, currentLabel: files.length === 1 ? scanLabel(files[0]!) : "current" } : {}),
        ...(flags.verbose ? { verbose: true } : {}),
        ...(flags.quiet ? { quiet: true } : {}),
      };
      const text = await render(flags.format, result, ctx);
      if (flags.output) writeReport(flags.output, text);
      else process.stdout.write(text);
      for (const [format, file] of reports) writeReport(file, await render(format, result, ctx));
      setExitCode(
        exitCodeFor(result, flags.failOn ?? defaultFailOn, flags.maxFindings === undefined ? undefined : Number(flags.maxFindings)),
      );
    });
}

/** `uplift merge`: shards or several apps into one result, with the same gate as scan. */
export function mergeCommand(setExitCode: (code: number) => void): Command {
  return renderCommand("merge", "merge results (shards, several apps) into one", "json", "high", setExitCode);
}

/** `uplift report`: render a saved result (or several, merged) in any format. */
export function reportCommand(setExitCode: (code: number) => void): Command {
  return renderCommand("report", "render saved results as a report", "html", "none", setExitCode);
}
