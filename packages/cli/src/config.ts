import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError, firstSchemaProblem, readYaml, schemaValidator, type ConfigSuppression, type Severity } from "@uplift/engine";

export const CONFIG_NAMES = ["uplift.config.json", "uplift.config.yaml", "uplift.config.yml"];

export interface UpliftConfig {
  erp?: string;
  from?: string;
  to?: string;
  include?: string[];
  exclude?: string[];
  failOn?: Severity | "none";
  maxFindings?: number;
  maxFileSize?: string;
  rules?: Record<string, Severity | "off">;
  processes?: { artefacts?: Record<string, string[]>; modules?: Record<string, string[]> };
  baseline?: string;
  reports?: Record<string, string>;
  suppressions?: ConfigSuppression[];
  rulesDir?: string;
}

export interface LoadedConfig {
  file: string;
  config: UpliftConfig;
  /** The line of a top-level key or a rule id, for later complaints. */
  lineOf(path: ReadonlyArray<string | number>): number | undefined;
}

function schemaFile(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../schema/uplift.config.schema.json");
}

/** The config named by --config, or the first uplift.config.* in the working folder or the scanned one. */
export function findConfig(explicit: string | undefined, scanRoot: string | undefined): string | undefined {
  if (explicit) {
    if (!existsSync(explicit)) throw new ConfigError(explicit, undefined, "no such config file");
    return explicit;
  }
  const folders = [process.cwd()];
  if (scanRoot && existsSync(scanRoot) && path.resolve(scanRoot) !== process.cwd()) folders.push(path.resolve(scanRoot));
  for (const folder of folders) {
    for (const name of CONFIG_NAMES) {
      const file = path.join(folder, name);
      if (existsSync(file)) return path.relative(process.cwd(), file) || name;
    }
  }
  return undefined;
}

/** Reads and checks a config file (JSON or YAML); every error names file:line. Paths in it are relative to it. */
export function loadConfig(file: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError(file, undefined, `cannot read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  const parsed = readYaml(text);
  if (!parsed.ok)
    throw new ConfigError(file, parsed.problem.line, `${file.endsWith(".json") ? "JSON" : "YAML"}: ${parsed.problem.message}`);
  const data = parsed.source.data ?? {};
  const validate = schemaValidator(schemaFile());
  if (!validate(data)) {
    const problem = firstSchemaProblem(validate.errors ?? [], parsed.source);
    throw new ConfigError(file, problem.line, problem.message);
  }
  const config = data as UpliftConfig;
  const dir = path.dirname(file);
  const rel = (p: string | undefined): string | undefined => (p === undefined ? undefined : path.isAbsolute(p) ? p : path.join(dir, p));
  if (config.baseline) config.baseline = rel(config.baseline);
  if (config.rulesDir) config.rulesDir = rel(config.rulesDir);
  if (config.reports) config.reports = Object.fromEntries(Object.entries(config.reports).map(([k, v]) => [k, rel(v)!]));
  return { file, config, lineOf: parsed.source.lineOf };
}
