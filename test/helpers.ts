import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
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

/** Where a cache pack's entries are, read from its index without checking its seal (a test may look; the scan checks). */
export function packIndex(pack: Buffer): Array<{ name: string; offset: number; length: number }> {
  const at = parseInt(pack.subarray(pack.length - 17, pack.length - 1).toString("latin1"), 16);
  const index = JSON.parse(
    pack
      .subarray(at, pack.length - 17)
      .toString("utf8")
      .slice(65),
  ) as Array<[string, number, number]>;
  return index.map(([name, offset, length]) => ({ name, offset, length }));
}

/** The entries of a cache folder: one per file, and every entry of each pack. */
export function countEntries(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((n, e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return n + countEntries(full);
    return n + (e.name.endsWith(".pack") ? packIndex(readFileSync(full)).length : 1);
  }, 0);
}
