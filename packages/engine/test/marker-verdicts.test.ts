import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { discover, FactCache, loadSource, StampMemo, type Candidate } from "@uplift/core";
import { describe, expect, it } from "vitest";
import { loadCatalogue } from "../src/index.js";
import { MarkerVerdicts } from "../src/marker-verdicts.js";
import { detectProjects } from "../src/projects.js";
import { age, tempFolders } from "../../../test/support/trees.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const catalogue = loadCatalogue(path.join(repoRoot, "rules"));

const temp = tempFolders();

const DESCRIPTION = "odoo_addon/static/description/index.html";
const BOOTSTRAP = "ui5app/index.html";
const page = (script: string): string =>
  `<!DOCTYPE html>\n<html><head>${script}</head><body><p>Caf&eacute; &amp; more&nbsp;&#8212;</p></body></html>\n`;
const BOOTSTRAP_SCRIPT = '<script id="sap-ui-bootstrap" src="https://sdk.openui5.org/1.71.60/resources/sap-ui-core.js"></script>';

/** An Odoo addon with a description page, and a UI5 app made of a bootstrap page; last changed an hour ago, so stamps are trusted. */
function estate(): string {
  const root = temp("uplift-verdicts-");
  const write = (rel: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  write("odoo_addon/__manifest__.py", "{'name': 'Addon', 'version': '16.0.1.0.0', 'depends': ['sale']}\n");
  write(DESCRIPTION, page('<script src="/web/x.js"></script>'));
  write(BOOTSTRAP, page(BOOTSTRAP_SCRIPT));
  age(root);
  return root;
}

/** Detection as a scan runs it with `--cache`, counting the files it reads and the markers it parses. */
async function detect(root: string, store: string | undefined, key: Buffer) {
  const cache = store ? new FactCache(store, "test-build", key) : undefined;
  const memo = cache && StampMemo.load(cache, root);
  const verdicts = cache && memo && MarkerVerdicts.load(cache, memo, root);
  const { candidates } = await discover(root);
  const read: string[] = [];
  const load = (c: Candidate) => {
    read.push(c.path);
    return loadSource(c);
  };
  const files = { paths: candidates.map((c) => c.path), readText: async () => undefined, cache, verdicts };
  const map = await detectProjects(catalogue, candidates, candidates, {}, new Map(), files, load);
  verdicts?.save();
  memo?.save();
  cache?.flush();
  return {
    read: read.sort(),
    parsed: cache ? cache.hits + cache.misses : undefined,
    projects: map.projects.map((p) => `${p.path} ${p.profile.erp} ${p.from}`),
  };
}

describe("whether a page bootstraps UI5, kept by its content", () => {
  it("reads an unchanged page that does not bootstrap UI5 once, and parses it never", async () => {
    const root = estate();
    const store = temp("uplift-verdicts-cache-");
    const key = randomBytes(32);
    const cold = await detect(root, store, key);
    expect(cold.projects).toEqual(["odoo_addon odoo 16.0", "ui5app sapui5 1.71"]);
    expect(cold.read).toEqual(["odoo_addon/__manifest__.py", DESCRIPTION, BOOTSTRAP]);
    // The description page's text cannot hold the bootstrap's id: only the manifest and the bootstrap page are parsed.
    expect(cold.parsed).toBe(2);
    const warm = await detect(root, store, key);
    expect(warm.projects).toEqual(cold.projects);
    // The markers are read for their versions; the page known by its stamp to hold no bootstrap is not.
    expect(warm.read).toEqual(["odoo_addon/__manifest__.py", BOOTSTRAP]);
    expect(await detect(root, undefined, key)).toMatchObject({ projects: cold.projects });
  });

  it("reads a changed page again, and its verdict follows the change", async () => {
    const root = estate();
    const store = temp("uplift-verdicts-cache-");
    const key = randomBytes(32);
    await detect(root, store, key);
    fs.writeFileSync(path.join(root, DESCRIPTION), page(BOOTSTRAP_SCRIPT.replace("1.71.60", "1.84.3")));
    age(root);
    const changed = await detect(root, store, key);
    expect(changed.read).toContain(DESCRIPTION);
    expect(changed.projects).toEqual((await detect(root, undefined, key)).projects);
    expect(changed.projects).toContain("odoo_addon/static/description sapui5 1.84");
    // And back: the page bootstraps nothing again, and is read no more once that is known.
    fs.writeFileSync(path.join(root, DESCRIPTION), page(""));
    age(root);
    const back = await detect(root, store, key);
    expect(back.read).toContain(DESCRIPTION);
    expect(back.projects).toEqual(["odoo_addon odoo 16.0", "ui5app sapui5 1.71"]);
    expect((await detect(root, store, key)).read).not.toContain(DESCRIPTION);
  });

  it("trusts no verdict that does not read back: altered bytes, another user's key, entries of another shape", async () => {
    const root = estate();
    const store = temp("uplift-verdicts-cache-");
    const key = randomBytes(32);
    await detect(root, store, key);
    expect((await detect(root, store, randomBytes(32))).read).toContain(DESCRIPTION);
    // The verdicts' own entry: the file the save writes when only the verdicts changed.
    const cache = new FactCache(store, "test-build", key);
    const listed = (): Map<string, number> =>
      new Map(
        fs
          .readdirSync(store, { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) => [path.join(e.parentPath, e.name), fs.statSync(path.join(e.parentPath, e.name)).mtimeMs]),
      );
    const before = listed();
    const memo = StampMemo.load(cache, root);
    const verdicts = MarkerVerdicts.load(cache, memo, root);
    const description = (await discover(root)).candidates.find((c) => c.path === DESCRIPTION)!;
    verdicts.record(description, { path: DESCRIPTION, language: "html", text: "changed" }, "html", "script@id=sap-ui-bootstrap", false);
    verdicts.save();
    const written = [...listed()].filter(([file, mtime]) => before.get(file) !== mtime).map(([file]) => file);
    expect(written).toHaveLength(1);
    // Every verdict kept again as it was, then one byte of the entry flipped.
    await detect(root, store, key);
    const bytes = fs.readFileSync(written[0]!);
    bytes[bytes.length >> 1] ^= 1;
    fs.writeFileSync(written[0]!, bytes);
    const altered = await detect(root, store, key);
    expect(altered.read).toContain(DESCRIPTION);
    expect(altered.projects).toEqual(["odoo_addon odoo 16.0", "ui5app sapui5 1.71"]);
    // Sealed with the right key, but not verdicts: nothing is taken from it.
    cache.setResult(`marker-verdicts\0${root}`, [["not a hash", "html", "script@id=sap-ui-bootstrap", false], "x", [1, 2, 3, 4]]);
    expect((await detect(root, store, key)).read).toContain(DESCRIPTION);
  });
});
