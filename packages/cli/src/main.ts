import { TOOL_VERSION, UpliftError } from "@uplift/engine";
import { Command, CommanderError } from "commander";
import { baselineCommand } from "./commands/baseline.js";
import { factsCommand } from "./commands/facts.js";
import { mergeCommand, reportCommand } from "./commands/merge.js";
import { planCommand } from "./commands/plan.js";
import { rulesCommand } from "./commands/rules.js";
import { scanCommand } from "./commands/scan.js";

/** Commander's own errors read like ours: `uplift: …` on one line. */
const OUTPUT = {
  outputError: (text: string, write: (s: string) => void) => write(text.startsWith("error: ") ? `uplift: ${text.slice(7)}` : text),
};

/**
 * Runs the program and returns its exit code: 0 clean, 1 findings at or above --fail-on,
 * 2 a mistake in the invocation, config or rule packs (one line, no stack) or an internal error.
 */
export async function main(argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  const setExitCode = (code: number): void => {
    exitCode = code;
  };
  const program = new Command("uplift")
    .description("Upgrade-readiness analysis for ERP customisations")
    .version(TOOL_VERSION)
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput(OUTPUT);
  for (const command of [
    scanCommand(setExitCode),
    baselineCommand(setExitCode),
    mergeCommand(setExitCode),
    reportCommand(setExitCode),
    planCommand(),
    rulesCommand(setExitCode),
    factsCommand(),
  ]) {
    program.addCommand(command);
  }
  for (const command of program.commands) {
    command.exitOverride().configureOutput(OUTPUT).showHelpAfterError(`(run uplift ${command.name()} --help for usage)`);
    for (const sub of command.commands) {
      sub.exitOverride().configureOutput(OUTPUT).showHelpAfterError(`(run uplift ${command.name()} ${sub.name()} --help for usage)`);
    }
  }
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help" ? 0 : 2;
    }
    if (error instanceof UpliftError) {
      process.stderr.write(`uplift: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(
      `uplift: internal error — please report it with the command you ran\n${(error as Error).stack ?? String(error)}\n`,
    );
    return 2;
  }
}
