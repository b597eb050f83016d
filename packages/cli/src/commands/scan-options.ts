import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { globProblem, readRegularFileSync, userCacheDir } from "@uplift/core";
import {
  checkErp,
  ConfigError,
  loadCatalogue,
  parseBaseline,
  SEVERITIES,
  UsageError,
  type Catalogue,
  type ScanOptions,
  type Severity,
} from "@uplift/engine";
import { Command, Option } from "commander";
import { findConfig, loadConfig, type LoadedConfig } from "../config.js";
import { changedFiles } from "../git.js";
import { catalogueOptions, defaultRulesDir } from "../paths.js";

export const FAIL_ON = [...SEVERITIES, "none"] as const;

/** The flags `scan` and `baseline` share. */
export interface CommonFlags {
  config?: string;
  erp?: string;
  from?: string;
  to?: string;
  include: string[];
  exclude: string[];
  rules?: string;
  maxFileSize?: string;
  shard?: string;
  changedSince?: string;
  cache?: boolean;
  progress?: boolean;
  cacheLocation?: string;
  maxPerRule?: string;
  jobs?: string;
  includeVendored?: boolean;
  cleanCore?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function addCommonOptions(command: Command): Command {
  return command
    .argument("[path]", "folder or file to scan", ".")
    .option("-c, --config <file>", "config file (default: uplift.config.json or .yaml in the current or scanned folder)")
    .option("--erp <erp>", "the ERP (dynamics365, frappe, netsuite, odoo, sap, sapui5); detected from the project when omitted")
    .option("--from <version>", "the version the project runs today; detected when omitted")
    .option("--to <version>", "the version to upgrade to (default: the latest known)")
    .option("--include <glob>", "only scan files matching this glob (repeatable)", collect, [])
    .option("--exclude <glob>", "skip files matching this glob (repeatable)", collect, [])
    .option("--rules <dir>", "rule packs folder (default: the packs shipped with Uplift)")
    .option("--max-file-size <size>", "files larger than this are listed as unanalysed (default 4m)")
    .addOption(new Option("--shard <i/n>", "scan only shard i of n (whole projects; merge the results with uplift merge)"))
    .option("--changed-since <ref>", "report findings only in files changed since this git ref (everything is still read)")
    .option("--include-vendored", "also scan third-party libraries bundled in the project (static/lib, *.min.js, vendor/)")
    .option("--clean-core", "SAP: also report uses of SAP objects not released for ABAP Cloud (always on for ABAP Cloud projects)")
    .option("--cache", "keep what each file holds, by content, and reuse it on the next run")
    .option("--cache-location <dir>", "where --cache keeps it (default: the per-user cache folder)")
    .option("--max-per-rule <n>", "list at most n occurrences of one rule in one file; one more finding counts the rest (default 100)")
    .option("--jobs <n>", "threads that parse files (default: one per core on large scans; 1 parses in one thread)")
    .option("--progress", "show progress (files, rate, time) even when stderr is not a terminal or in CI");
}

function parseSize(value: string): number {
  const m = /^(\d+)(k|m)?$/i.exec(value.trim());
  if (!m) throw new UsageError(`--max-file-size ${value} is not a size; write e.g. 512k or 4m`);
  const unit = m[2]?.toLowerCase();
  return Number(m[1]) * (unit === "m" ? 1024 * 1024 : unit === "k" ? 1024 : 1);
}

function parseShard(value: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) throw new UsageError(`--shard ${value} must be i/n with 1 ≤ i ≤ n, e.g. --shard 2/4`);
  return { index, count };
}

export interface PreparedScan {
  options: ScanOptions;
  config: LoadedConfig | undefined;
}

/** Flags over config over defaults, checked before anything is scanned. */
export function prepareScan(target: string, flags: CommonFlags): PreparedScan {
  if (!existsSync(target))
    throw new UsageError(`${target} does not exist; give the folder of your customisations, e.g. uplift scan ./addons`);
  const kind = statSync(target);
  if (!kind.isDirectory() && !kind.isFile()) throw new UsageError(`${target} is neither a folder nor a file`);
  const configFile = findConfig(flags.config, target);
  const loaded = configFile ? loadConfig(configFile) : undefined;
  const config = loaded?.config ?? {};
  const chosenRules = flags.rules ?? config.rulesDir;
  const rulesDir = chosenRules ?? defaultRulesDir();
  if (!existsSync(rulesDir)) throw new UsageError(`--rules ${rulesDir} does not exist`);
  const erp = flags.erp ?? config.erp;
  const catalogue = loadCatalogue(rulesDir, erp, catalogueOptions(chosenRules));
  if (flags.erp) checkErp(catalogue, flags.erp);
  else if (erp && loaded) checkErpInConfig(catalogue, erp, loaded);
  checkGlobs(flags, loaded);
  if (loaded && config.rules) {
    const known = new Set([...catalogue.packs.values()].flat().flatMap((p) => p.rules.map((r) => r.id)));
    for (const id of Object.keys(config.rules)) {
      if (!known.has(id))
        throw new ConfigError(loaded.file, loaded.lineOf(["rules", id]), `rules: no rule '${id}' (see uplift rules list)`);
    }
  }
  if (config.processes) {
    for (const profile of catalogue.profiles.values()) {
      if (config.processes.artefacts) profile.artefacts = { ...profile.artefacts, ...config.processes.artefacts };
      if (config.processes.modules) profile.modules = { ...profile.modules, ...config.processes.modules };
    }
  }
  const options: ScanOptions = {
    root: target,
    rulesDir,
    catalogue,
    erp,
    from: flags.from ?? config.from,
    to: flags.to ?? config.to,
    include: flags.include.length > 0 ? flags.include : (config.include ?? []),
    exclude: [...(config.exclude ?? []), ...flags.exclude],
    maxFileBytes: parseSize(flags.maxFileSize ?? config.maxFileSize ?? "4m"),
  };
  if (config.rules) options.ruleOverrides = config.rules;
  if (config.suppressions) options.suppressions = config.suppressions;
  if (flags.shard) options.shard = parseShard(flags.shard);
  if (flags.includeVendored) options.includeVendored = true;
  if (flags.cleanCore) options.cleanCore = true;
  if (flags.cache) options.cacheDir = flags.cacheLocation ?? defaultCacheDir();
  const maxPerRule = flags.maxPerRule ?? (config.maxPerRule !== undefined ? String(config.maxPerRule) : undefined);
  if (maxPerRule !== undefined) {
    if (!/^[1-9]\d*$/.test(maxPerRule)) throw new UsageError(`--max-per-rule ${maxPerRule} must be a whole number of at least 1`);
    options.maxPerRule = Number(maxPerRule);
  }
  if (flags.jobs !== undefined) {
    if (!/^[1-9]\d*$/.test(flags.jobs) || Number(flags.jobs) > 256)
      throw new UsageError(`--jobs ${flags.jobs} must be a whole number from 1 to 256`);
    options.jobs = Number(flags.jobs);
  }
  if (loaded) options.config = loaded.file.split(path.sep).join("/");
  if (flags.changedSince) {
    options.onlyFiles = changedFiles(target, flags.changedSince);
    options.changedSince = flags.changedSince;
  }
  return { options, config: loaded };
}

export function readBaselineFile(file: string): ScanOptions["baseline"] {
  let text: string;
  try {
    text = readRegularFileSync(file, { followLinks: true }).toString("utf8");
  } catch {
    throw new UsageError(`--baseline ${file} cannot be read; create it with: uplift baseline create --baseline ${file}`);
  }
  return { file, baseline: parseBaseline(text, file) };
}

export function failThreshold(value: string | undefined): Severity | "none" {
  return (value ?? "high") as Severity | "none";
}

/** Where --cache keeps facts unless told: this user's cache folder, never the scanned tree. */
function defaultCacheDir(): string {
  const dir = userCacheDir();
  if (!dir) throw new UsageError("--cache needs a home folder for its cache; give one with --cache-location <dir>");
  return path.join(dir, "facts");
}

function checkErpInConfig(catalogue: Catalogue, erp: string, loaded: LoadedConfig): void {
  try {
    checkErp(catalogue, erp, `erp '${erp}'`);
  } catch (error) {
    if (error instanceof UsageError) throw new ConfigError(loaded.file, loaded.lineOf(["erp"]), error.message);
    throw error;
  }
}

/** Globs are matched without backtracking; one that needs it (an extended glob) is refused where it is written. */
function checkGlobs(flags: CommonFlags, loaded: LoadedConfig | undefined): void {
  for (const [flag, globs] of [
    ["--include", flags.include],
    ["--exclude", flags.exclude],
  ] as const) {
    for (const glob of globs) {
      const problem = globProblem(glob);
      if (problem) throw new UsageError(`${flag} ${glob}: ${problem}`);
    }
  }
  if (!loaded) return;
  const c = loaded.config;
  const lists: Array<[Array<string | number>, readonly string[]]> = [
    [["include"], c.include ?? []],
    [["exclude"], c.exclude ?? []],
    ...(c.suppressions ?? []).map((s, i): [Array<string | number>, readonly string[]] => [["suppressions", i, "files"], s.files]),
  ];
  for (const [at, globs] of lists) {
    globs.forEach((glob, i) => {
      const problem = globProblem(glob);
      if (problem)
        throw new ConfigError(loaded.file, loaded.lineOf([...at, i]) ?? loaded.lineOf(at), `${at.join(".")}[${i}] ${glob}: ${problem}`);
    });
  }
}
