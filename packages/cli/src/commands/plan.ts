import { scan, UsageError, type Severity } from "@uplift/engine";
import type { PlanFormat } from "@uplift/reporter";
import { Command, Option } from "commander";
import { writeReport } from "../output.js";
import { progressLine } from "../progress.js";
import { addCommonOptions, FAIL_ON, prepareScan, type CommonFlags } from "./scan-options.js";

interface PlanFlags extends CommonFlags {
  format: PlanFormat;
  output?: string;
  failOn?: Severity | "none";
}

/**
 * `uplift plan [path]`: scans every project to the furthest version its ERP's packs reach (or to
 * --to) and shows, for each version on the way, the findings, the effort and the regression tests.
 */
export function planCommand(): Command {
  const command = new Command("plan").description("what each reachable target version costs: findings, effort and regression tests");
  return addCommonOptions(command)
    .addOption(new Option("--format <format>", "output format").choices(["stylish", "json", "markdown"]).default("stylish"))
    .option("-o, --output <file>", "write to a file instead of stdout")
    .addOption(new Option("--fail-on <severity>", "the severity at or above which findings block (default high)").choices(FAIL_ON))
    .action(async (target: string, flags: PlanFlags) => {
      const { options, config } = prepareScan(target, flags);
      if (options.shard) throw new UsageError("--shard is for scan; plan needs every project");
      if (!options.to) options.toFurthest = true;
      const failOn = flags.failOn ?? config?.config.failOn;
      if (failOn && failOn !== "none") options.failOn = failOn;
      const progress = progressLine(process.stderr, { force: flags.progress });
      options.onProgress = (done, total) => progress.update(done, total);
      const result = await scan(options);
      progress.clear();
      const { renderPlan } = await import("@uplift/reporter");
      const text = renderPlan(result, flags.format);
      if (flags.output) writeReport(flags.output, text);
      else process.stdout.write(text);
    });
}
