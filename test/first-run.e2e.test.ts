import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cliPath, repoRoot } from "./helpers.js";
import { tempFolders } from "./support/trees.js";

const temp = tempFolders();

/** A scan with an empty cache folder, as on a fresh install or a CI runner, and the modules it loaded. */
function firstScan(work: string, extra: string[]): { output: string; loaded: string[]; kept: boolean } {
  const list = path.join(work, `loaded-${Math.random().toString(36).slice(2)}.txt`);
  // yaml and ajv are CommonJS, required on first use: the modules required by the end are those loaded.
  const hook = path.join(work, "hook.cjs");
  fs.writeFileSync(
    hook,
    `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(list)}, Object.keys(require.cache).join("\\n")));\n`,
  );
  const home = path.join(work, `home-${Math.random().toString(36).slice(2)}`);
  const out = path.join(work, "out.json");
  const r = spawnSync(process.execPath, ["--require", hook, cliPath, "scan", "fixtures/frappe", "--format", "json", "-o", out, ...extra], {
    cwd: repoRoot,
    encoding: "utf8",
    env: { ...process.env, XDG_CACHE_HOME: home },
  });
  expect(r.stderr).toMatch(/wrote/);
  const loaded = fs.readFileSync(list, "utf8").split("\n");
  return { output: fs.readFileSync(out, "utf8"), loaded, kept: fs.existsSync(path.join(home, "uplift", "catalogue")) };
}

const yamlOrSchemas = (loaded: string[]): string[] => loaded.filter((u) => /\/node_modules\/(yaml|ajv)\//.test(u));

describe("the first scan after an install", () => {
  it("reads the shipped packs from the catalogue compiled at build, with the output of reading their YAML", () => {
    const work = temp("uplift-first-");
    expect(fs.existsSync(path.join(repoRoot, "packages/cli/dist/catalogue/catalogue.json"))).toBe(true);
    const first = firstScan(work, []);
    // No YAML parsed, no schema compiled, nothing to keep in the user's folder.
    expect(yamlOrSchemas(first.loaded)).toEqual([]);
    expect(first.kept).toBe(false);
    // The same packs named with --rules are the user's: read from their YAML (and kept), same findings.
    const named = firstScan(work, ["--rules", "rules"]);
    expect(yamlOrSchemas(named.loaded)).not.toEqual([]);
    expect(named.kept).toBe(true);
    expect(first.output).toBe(named.output);
  });
});
