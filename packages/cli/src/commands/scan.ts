import { existsSync } from "node:fs";
import { scan, SEVERITIES, UsageError, type ScanResult, type Severity } from "@uplift/engine";
import { renderJson, renderStylish } from "@uplift/reporter";
import { Command, Option } from "commander";
import { writeReport } from "../output.js";
import { defaultRulesDir } from "../paths.js";
import { progressLine } from "../progress.js";

export const FORMATS = ["stylish", "json"] as const;
export type Format = (typeof FORMATS)[number];
export const FAIL_ON = [...SEVERITIES, "none"] as const;

interface ScanFlags {
  erp?: string;
  from?: string;
  to?: string;
  format: Format;
  output?: string;
  failOn: Severity | "none";
  include: string[];
  exclude: string[];
  rules?: string;
  maxFileSize: number;
  color?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function parseSize(value: string): number {
  const m = /^(\d+)(k|m)?$/i.exec(value.trim());
  if (!m) throw new UsageError(`--max-file-size ${value} is not a size; write e.g. 512k or 4m`);
  const unit = m[2]?.toLowerCase();
  return Number(m[1]) * (unit === "m" ? 1024 * 1024 : unit === "k" ? 1024 : 1);
}

/** Exit code 1 when anything at or above the threshold is left. */
export function exitCodeFor(result: ScanResult, failOn: Severity | "none"): number {
  if (failOn === "none") return 0;
  const limit = SEVERITIES.indexOf(failOn);
  return result.findings.some((f) => SEVERITIES.indexOf(f.severity) <= limit) ? 1 : 0;
}

export function scanCommand(setExitCode: (code: number) => void): Command {
  return new Command("scan")
    .description("scan a customisation project for what the upgrade breaks")
    .argument("[path]", "folder or file to scan", ".")
    .option("--erp <erp>", "the ERP (odoo, …); detected from the project when omitted")
    .option("--from <version>", "the version the project runs today; detected when omitted")
    .option("--to <version>", "the version to upgrade to (default: the latest known)")
    .addOption(new Option("--format <format>", "output format").choices(FORMATS).default("stylish"))
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .addOption(new Option("--fail-on <severity>", "exit 1 when findings at or above this severity remain").choices(FAIL_ON).default("high"))
    .option("--include <glob>", "only scan files matching this glob (repeatable)", collect, [])
    .option("--exclude <glob>", "skip files matching this glob (repeatable)", collect, [])
    .option("--rules <dir>", "rule packs folder (default: the packs shipped with Uplift)")
    .option("--max-file-size <size>", "files larger than this are listed as unanalysed", "4m")
    .option("--no-color", "plain output")
    .action(async (target: string, raw: Omit<ScanFlags, "maxFileSize"> & { maxFileSize: string }) => {
      if (!existsSync(target))
        throw new UsageError(`${target} does not exist; give the folder of your customisations, e.g. uplift scan ./addons`);
      const flags: ScanFlags = { ...raw, maxFileSize: parseSize(raw.maxFileSize) };
      const progress = progressLine(process.stderr);
      const rulesDir = flags.rules ?? defaultRulesDir();
      if (!existsSync(rulesDir)) throw new UsageError(`--rules ${rulesDir} does not exist`);
      const result = await scan({
        root: target,
        rulesDir,
        erp: flags.erp,
        from: flags.from,
        to: flags.to,
        include: flags.include,
        exclude: flags.exclude,
        maxFileBytes: flags.maxFileSize,
        onProgress: (done, total) => progress.update(done, total),
      });
      progress.clear();
      const color = flags.color !== false && !flags.output && process.stdout.isTTY === true && !process.env.NO_COLOR;
      const text = flags.format === "json" ? renderJson(result) : renderStylish(result, { color });
      if (flags.output) {
        writeReport(flags.output, text);
        process.stderr.write(`uplift: wrote ${flags.output} (${result.summary.findings} findings)\n`);
      } else {
        process.stdout.write(text);
      }
      setExitCode(exitCodeFor(result, flags.failOn));
    });
}
