import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const cliPath = path.join(repoRoot, "packages/cli/dist/bin.js");

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would. */
export function uplift(args: string[], cwd = repoRoot, env: Record<string, string> = {}): CliRun {
  if (!existsSync(cliPath)) throw new Error("build first: npm run build");
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...env } });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Compares with a reviewed golden file; UPDATE_GOLDEN=1 rewrites it. */
export function expectGolden(name: string, actual: string): void {
  const file = path.join(repoRoot, "test/golden", name);
  if (process.env.UPDATE_GOLDEN === "1" || !existsSync(file)) {
    writeFileSync(file, actual);
    if (process.env.UPDATE_GOLDEN !== "1") throw new Error(`golden file ${name} was missing and has been written: review it`);
  }
  expect(actual).toBe(readFileSync(file, "utf8"));
}
