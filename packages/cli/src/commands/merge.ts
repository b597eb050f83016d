import { readFileSync } from "node:fs";
import { FileError, SCHEMA_VERSION, type ScanResult } from "@uplift/engine";
import { mergeResults } from "@uplift/reporter";
import { Command, Option } from "commander";
import { FORMATS, render, reportDate, type Format } from "../formats.js";
import { writeReport } from "../output.js";

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

function renderCommand(name: string, description: string, defaultFormat: Format): Command {
  return new Command(name)
    .description(description)
    .argument("<results...>", "JSON results of uplift scan --format json")
    .addOption(new Option("--format <format>", "output format").choices(FORMATS).default(defaultFormat))
    .option("-o, --output <file>", "write to a file instead of stdout")
    .option("--title <title>", "the report title (html, markdown)", "Upgrade impact")
    .action((files: string[], flags: { format: Format; output?: string; title: string }) => {
      const result = mergeResults(files.map(readResult));
      const text = render(flags.format, result, { color: false, title: flags.title, generatedAt: reportDate() });
      if (flags.output) writeReport(flags.output, text);
      else process.stdout.write(text);
    });
}

/** `uplift merge`: shards or several apps into one result. */
export function mergeCommand(): Command {
  return renderCommand("merge", "merge results (shards, several apps) into one", "json");
}

/** `uplift report`: render a saved result (or several, merged) in any format. */
export function reportCommand(): Command {
  return renderCommand("report", "render saved results as a report", "html");
}
