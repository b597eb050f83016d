import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cliPath, repoRoot } from "./helpers.js";
import { age, tempFolders } from "./support/trees.js";

const temp = tempFolders();

/** A scan with `--cache`, and the modules of the tool's packages it loaded (by their path under `packages/`). */
function scanLoading(root: string, cache: string, work: string): { output: string; loaded: string[] } {
  const list = path.join(work, `loaded-${Math.random().toString(36).slice(2)}.txt`);
  const hook = path.join(work, "hook.mjs");
  const hooks = `import { appendFileSync } from "node:fs"; export async function load(url, context, next) { appendFileSync(${JSON.stringify(list)}, url + "\\n"); return next(url, context); }`;
  fs.writeFileSync(
    hook,
    `import { register } from "node:module"; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});\n`,
  );
  const out = path.join(work, "out.json");
  const r = spawnSync(
    process.execPath,
    ["--import", hook, cliPath, "scan", root, "--format", "json", "-o", out, "--cache", "--cache-location", cache],
    {
      encoding: "utf8",
    },
  );
  expect(r.stderr).toMatch(/wrote/);
  const loaded = fs
    .readFileSync(list, "utf8")
    .split("\n")
    .map((u) => /\/packages\/(.*)$/.exec(u)?.[1])
    .filter((p): p is string => p !== undefined);
  return { output: fs.readFileSync(out, "utf8"), loaded };
}

/** The adapters of the languages of the addons' other files: scripts, views and access lists. */
const ADAPTERS = ["core/dist/adapters/js/js-facts.js", "core/dist/adapters/xml.js", "core/dist/adapters/csv.js"];

describe("what a rerun loads", () => {
  it("loads no adapter of a language whose files are all replayed", () => {
    const work = temp("uplift-loaded-");
    const root = path.join(work, "odoo");
    fs.cpSync(path.join(repoRoot, "fixtures/odoo"), root, { recursive: true });
    age(root);
    const cache = path.join(work, "cache");
    const cold = scanLoading(root, cache, work);
    expect(cold.loaded).toEqual(expect.arrayContaining(ADAPTERS));
    const changed = path.join(root, "sale_delivery_window/models/sale_order.py");
    expect(fs.existsSync(changed)).toBe(true);
    fs.appendFileSync(changed, "\n# changed\n");
    const warm = scanLoading(root, cache, work);
    // Only the changed Python file is read: its adapter is loaded, no other language's.
    expect(warm.loaded).toContain("core/dist/adapters/python/py-facts.js");
    for (const adapter of [...ADAPTERS, "core/dist/adapters/html.js"]) expect(warm.loaded).not.toContain(adapter);
    const fresh = scanLoading(root, path.join(work, "fresh-cache"), work);
    expect(warm.output).toBe(fresh.output);
    for (const adapter of ADAPTERS) expect(fresh.loaded).toContain(adapter);
  });
});
