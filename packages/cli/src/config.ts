import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readRegularFileSync } from "@uplift/core";
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
  maxPerRule?: number;
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
  /** The config's folder: what it writes (reports, a pruned baseline) stays inside it. */
  dir: string;
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
    text = readRegularFileSync(file, { maxBytes: 4 * 1024 * 1024, followLinks: true }).toString("utf8");
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
  const inside = (p: string, at: Array<string | number>): void => {
    if (path.isAbsolute(p) || /^[A-Za-z]:/.test(p) || p.split(/[\\/]/).includes("..")) {
      throw new ConfigError(
        file,
        parsed.source.lineOf(at),
        `${at.join(".")} ${p}: a config file writes only inside its own folder; give a relative path without '..'`,
      );
    }
  };
  for (const [format, report] of Object.entries(config.reports ?? {})) inside(report, ["reports", format]);
  if (config.baseline) inside(config.baseline, ["baseline"]);
  const rel = (p: string | undefined): string | undefined => (p === undefined ? undefined : path.isAbsolute(p) ? p : path.join(dir, p));
  if (config.baseline) config.baseline = rel(config.baseline);
  if (config.rulesDir) config.rulesDir = rel(config.rulesDir);
  if (config.reports) config.reports = Object.fromEntries(Object.entries(config.reports).map(([k, v]) => [k, rel(v)!]));
  return { file, dir: path.resolve(dir), config, lineOf: parsed.source.lineOf };
}
