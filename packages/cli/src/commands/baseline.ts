import { existsSync } from "node:fs";
import { createBaseline, renderBaseline, scan, UsageError } from "@uplift/engine";
import { Command } from "commander";
import { writeReport } from "../output.js";
import { addCommonOptions, prepareScan, type CommonFlags } from "./scan-options.js";

interface BaselineFlags extends CommonFlags {
  baseline?: string;
}

/** `uplift baseline create|update`: accept today's findings, so that only new ones fail the build. */
export function baselineCommand(setExitCode: (code: number) => void): Command {
  const baseline = new Command("baseline").description("record accepted findings so that only new ones fail the build");
  for (const [name, description] of [
    ["create", "write a new baseline from the findings of a scan (refuses to overwrite)"],
    ["update", "rewrite the baseline from the findings of a scan"],
  ] as const) {
    const sub = new Command(name).description(description);
    addCommonOptions(sub)
      .option("--baseline <file>", "the baseline file (default: the config's baseline, or uplift-baseline.json)")
      .action(async (target: string, flags: BaselineFlags) => {
        const { options, config } = prepareScan(target, flags);
        const file = flags.baseline ?? config?.config.baseline ?? "uplift-baseline.json";
        if (name === "create" && existsSync(file)) throw new UsageError(`${file} exists; use uplift baseline update to rewrite it`);
        const result = await scan(options);
        const within = flags.baseline === undefined && config?.config.baseline !== undefined ? config.dir : undefined;
        writeReport(file, renderBaseline(createBaseline(result.findings)), within);
        process.stderr.write(`uplift: wrote ${file} (${result.findings.length} accepted findings)\n`);
        setExitCode(0);
      });
    baseline.addCommand(sub);
  }
  return baseline;
}
