import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { discover, FactCache, loadSource, StampMemo, type Candidate } from "@uplift/core";
import { describe, expect, it } from "vitest";
import { loadCatalogue, scan } from "../src/index.js";
import { MarkerReadings } from "../src/marker-readings.js";
import { detectProjects } from "../src/projects.js";
import { age, tempFolders } from "../../../test/support/trees.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const rulesDir = path.join(repoRoot, "rules");
const catalogue = loadCatalogue(rulesDir);

const temp = tempFolders();

const STATED = "stated/__manifest__.py";
const SILENT = "silent/__manifest__.py";
const HOOKS = "frappe_app/frappe_app/hooks.py";

/** Two Odoo addons (one states no version) and a Frappe app whose version is beside its marker; last changed an hour ago. */
function estate(): string {
  const root = temp("uplift-readings-");
  write(root, STATED, "{'name': 'Stated', 'version': '16.0.1.0.0', 'depends': ['sale']}\n");
  write(root, SILENT, "{'name': 'Silent', 'depends': ['sale']}\n");
  write(root, HOOKS, 'app_name = "frappe_app"\n');
  write(
    root,
    "frappe_app/pyproject.toml",
    '[project]\nname = "frappe_app"\n\n[tool.bench.frappe-dependencies]\nfrappe = ">=15.0.0,<16.0.0"\n',
  );
  age(root);
  return root;
}

function write(root: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

/** Detection as a scan runs it with `--cache`, counting the markers it reads. */
async function detect(root: string, store: string | undefined, key: Buffer) {
  const cache = store ? new FactCache(store, "test-build", key) : undefined;
  const memo = cache && StampMemo.load(cache, root);
  const readings = cache && memo && MarkerReadings.load(cache, memo, root);
  const { candidates } = await discover(root);
  const read: string[] = [];
  const load = (c: Candidate) => {
    read.push(c.path);
    return loadSource(c);
  };
  const files = {
    paths: candidates.map((c) => c.path),
    readText: async (p: string) => fs.readFileSync(path.join(root, p), "utf8"),
    cache,
    readings,
  };
  const map = await detectProjects(catalogue, candidates, candidates, {}, new Map(), files, load);
  readings?.save();
  memo?.save();
  cache?.flush();
  return {
    read: read.sort(),
    projects: map.projects.map((p) => ({ path: p.path, erp: p.profile.erp, from: p.from, problem: p.markerProblem })),
  };
}

describe("what a marker says of its version, kept by its content", () => {
  it("reads an unchanged marker once; the projects are the same as when it is read", async () => {
    const root = estate();
    const store = temp("uplift-readings-cache-");
    const key = randomBytes(32);
    const cold = await detect(root, store, key);
    expect(cold.read).toEqual([HOOKS, SILENT, STATED]);
    expect(cold.projects.map((p) => `${p.path} ${p.erp} ${p.from}`)).toEqual([
      "frappe_app frappe 15",
      "silent odoo unknown",
      "stated odoo 16.0",
    ]);
    expect(cold.projects.find((p) => p.path === "silent")?.problem?.reason).toMatch(/does not state its version/);
    const warm = await detect(root, store, key);
    expect(warm.projects).toEqual(cold.projects);
    // The Odoo manifests say all there is to know alone; a Frappe app's version is in a file beside its marker.
    expect(warm.read).toEqual([HOOKS]);
    expect(await detect(root, undefined, key)).toEqual({ read: cold.read, projects: cold.projects });
  });

  it("reads a changed marker again, and what it says follows the change", async () => {
    const root = estate();
    const store = temp("uplift-readings-cache-");
    const key = randomBytes(32);
    await detect(root, store, key);
    write(root, STATED, "{'name': 'Stated', 'version': '17.0.1.0.0', 'depends': ['sale']}\n");
    write(root, SILENT, "{'name': 'Silent', 'version': '15.0.2.0.0'}\n");
    age(root);
    const changed = await detect(root, store, key);
    expect(changed.read).toEqual([HOOKS, SILENT, STATED]);
    expect(changed.projects).toEqual((await detect(root, undefined, key)).projects);
    expect(changed.projects.map((p) => p.from)).toEqual(["15", "15.0", "17.0"]);
    expect((await detect(root, store, key)).read).toEqual([HOOKS]);
  });

  it("trusts no reading that does not read back: another user's key, altered bytes, entries of another shape", async () => {
    const root = estate();
    const store = temp("uplift-readings-cache-");
    const key = randomBytes(32);
    const cold = await detect(root, store, key);
    expect((await detect(root, store, randomBytes(32))).read).toEqual(cold.read);
    // The readings' own entry: the file the save writes when only the readings changed.
    const cache = new FactCache(store, "test-build", key);
    const listed = (): Map<string, number> =>
      new Map(
        fs
          .readdirSync(store, { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) => [path.join(e.parentPath, e.name), fs.statSync(path.join(e.parentPath, e.name)).mtimeMs]),
      );
    const before = listed();
    const readings = MarkerReadings.load(cache, StampMemo.load(cache, root), root);
    const stated = (await discover(root)).candidates.find((c) => c.path === STATED)!;
    readings.record(stated, { path: STATED, language: "python-literal", text: "changed" }, "b".repeat(64), { detected: "16.0" });
    readings.save();
    const written = [...listed()].filter(([f, mtime]) => before.get(f) !== mtime).map(([f]) => f);
    expect(written).toHaveLength(1);
    // Every reading kept again as it was (and trusted), then one byte of the entry flipped.
    await detect(root, store, key);
    expect((await detect(root, store, key)).read).toEqual([HOOKS]);
    const bytes = fs.readFileSync(written[0]!);
    bytes[bytes.length >> 1] ^= 1;
    fs.writeFileSync(written[0]!, bytes);
    const altered = await detect(root, store, key);
    expect(altered.read).toEqual(cold.read);
    expect(altered.projects).toEqual(cold.projects);
    // Sealed with the right key, but not readings: nothing is taken from it.
    const hash = "a".repeat(64);
    cache.setResult(`marker-readings\0${root}`, [
      ["not a hash", hash, { detected: "16.0" }],
      [hash, hash, { detected: 16 }],
      [hash, hash, { problem: { reason: "x", span: { line: 0, column: 1, endLine: 1, endColumn: 1 }, snippet: "", broken: false } }],
      [hash, hash, { detected: "16.0", more: true }],
      "x",
    ]);
    expect((await detect(root, store, key)).read).toEqual(cold.read);
  });

  it("a warm scan equals a cold one when a marker's version changed between them", async () => {
    const root = estate();
    const store = temp("uplift-readings-cache-");
    const options = { root, rulesDir, catalogue, cacheDir: store };
    await scan(options);
    write(root, STATED, "{'name': 'Stated', 'version': '17.0.1.0.0', 'depends': ['sale']}\n");
    age(root);
    const warm = await scan(options);
    expect(warm.projects.find((p) => p.path === "stated")?.from).toBe("17.0");
    expect(JSON.stringify(warm)).toBe(JSON.stringify(await scan({ root, rulesDir, catalogue })));
  });
});
