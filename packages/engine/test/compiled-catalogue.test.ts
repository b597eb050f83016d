import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { loadCatalogue, readCatalogue, type Catalogue } from "../src/catalogue.js";
import { writeCompiledCatalogue } from "../src/compiled-catalogue.js";
import { yamlDocumentsParsed } from "../src/yaml-source.js";

const repoRules = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../rules");
const work = mkdtempSync(path.join(tmpdir(), "uplift-compiled-"));
const rules = path.join(work, "rules");
const compiled = path.join(work, "compiled");
const home = path.join(work, "home");
for (const part of ["schema", "frappe", "sap"]) cpSync(path.join(repoRules, part), path.join(rules, part), { recursive: true });
process.env.XDG_CACHE_HOME = home;

afterAll(() => rmSync(work, { recursive: true, force: true }));
beforeEach(() => writeCompiledCatalogue(readCatalogue(rules), compiled));

/** Every ERP's packs read on a fresh install (nothing kept in the user's cache folder), with the YAML documents parsed meanwhile. */
function load(onlyErp?: string, options = { compiled }): { catalogue: Catalogue; parsed: number } {
  rmSync(home, { recursive: true, force: true });
  const before = yamlDocumentsParsed();
  const catalogue = loadCatalogue(rules, onlyErp, options);
  for (const erp of [...catalogue.packs.keys()]) catalogue.packs.get(erp);
  return { catalogue, parsed: yamlDocumentsParsed() - before };
}

const same = (a: Catalogue, b: Catalogue): void => {
  expect([...a.packs]).toEqual([...b.packs]);
  expect(a.profiles).toEqual(b.profiles);
  expect(a.declarations).toEqual(b.declarations);
};

describe("the compiled catalogue", () => {
  it("serves the packs it was compiled from without parsing YAML, equal to reading them", () => {
    const { catalogue, parsed } = load();
    expect(parsed).toBe(0);
    same(catalogue, readCatalogue(rules));
    // Nothing was kept in the user's folder: nothing had to be read.
    expect(existsSync(path.join(home, "uplift", "catalogue"))).toBe(false);
    // The key for the result cache is the one a catalogue read from the YAML has.
    expect(catalogue.key).toBeDefined();
    expect(catalogue.key).toBe(load(undefined, { compiled: path.join(work, "none") }).catalogue.key);
  });

  it("serves one ERP's packs when a scan asks for one", () => {
    const { catalogue, parsed } = load("sap");
    expect(parsed).toBe(0);
    expect([...catalogue.packs.keys()]).toEqual(["sap"]);
    same(catalogue, readCatalogue(rules, "sap"));
  });

  it("reads a pack edited since afresh", () => {
    const pack = path.join(rules, "frappe", "14-15.yaml");
    const original = readFileSync(pack, "utf8");
    try {
      writeFileSync(pack, original.replace("The user, user_fullname and user_email globals are gone", "Edited title"));
      const { catalogue, parsed } = load();
      expect(parsed).toBeGreaterThan(0);
      expect(JSON.stringify(catalogue.packs.get("frappe"))).toContain("Edited title");
      same(catalogue, readCatalogue(rules));
      // Even an edit that changes no rule: the files' bytes decide.
      writeFileSync(pack, original);
      appendFileSync(pack, "# a comment\n");
      expect(load().parsed).toBeGreaterThan(0);
    } finally {
      writeFileSync(pack, original);
    }
    expect(load().parsed).toBe(0);
  });

  it("falls back to the YAML when a compiled file is corrupt, from another build or gone", () => {
    const expected = readCatalogue(rules);
    const sap = path.join(compiled, "sap.json");
    writeFileSync(sap, "{ not json");
    let run = load();
    expect(run.parsed).toBeGreaterThan(0);
    same(run.catalogue, expected);

    writeCompiledCatalogue(expected, compiled);
    writeFileSync(sap, JSON.stringify({ ...JSON.parse(readFileSync(sap, "utf8")), key: "another build" }));
    run = load();
    expect(run.parsed).toBeGreaterThan(0);
    same(run.catalogue, expected);

    writeCompiledCatalogue(expected, compiled);
    const head = path.join(compiled, "catalogue.json");
    writeFileSync(head, readFileSync(head, "utf8").slice(0, 100));
    run = load();
    expect(run.parsed).toBeGreaterThan(0);
    same(run.catalogue, expected);

    rmSync(compiled, { recursive: true, force: true });
    run = load();
    expect(run.parsed).toBeGreaterThan(0);
    same(run.catalogue, expected);
  });

  it("is not used unless asked for", () => {
    expect(load(undefined, {} as { compiled: string }).parsed).toBeGreaterThan(0);
  });
});
