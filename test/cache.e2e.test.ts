import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { countEntries, packIndex, repoRoot, uplift } from "./helpers.js";
import { age } from "./support/trees.js";

const cache = mkdtempSync(path.join(tmpdir(), "uplift-cache-"));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

describe("the content cache", () => {
  it("gives exactly what a cold run gives, on every fixture", () => {
    const cold = uplift(["scan", "fixtures", "--format", "json"]).stdout;
    const first = uplift(["scan", "fixtures", "--format", "json", "--cache", "--cache-location", cache]).stdout;
    const entries = countEntries(cache);
    expect(entries).toBeGreaterThan(10);
    const warm = uplift(["scan", "fixtures", "--format", "json", "--cache", "--cache-location", cache]).stdout;
    expect(countEntries(cache)).toBe(entries);
    expect(first).toBe(cold);
    expect(warm).toBe(cold);
  });

  it("ignores an entry it cannot read", () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    for (const file of walk(cache)) writeFileSync(file, "{ not json");
    const cold = uplift(["scan", "fixtures", "--format", "json"]).stdout;
    expect(uplift(["scan", "fixtures", "--format", "json", "--cache", "--cache-location", cache]).stdout).toBe(cold);
  });
});

describe("results kept by content", () => {
  it("after one file changes, a warm run equals a cold run of the changed tree and reads only that file afresh", () => {
    const tree = mkdtempSync(path.join(tmpdir(), "uplift-estate-"));
    const store = mkdtempSync(path.join(tmpdir(), "uplift-cache-"));
    try {
      cpSync(path.join(repoRoot, "fixtures"), tree, { recursive: true });
      // Files and folders last changed an hour ago, so that every stamp is trusted on the first run
      // whatever the machine's speed (a change a moment ago is not): what the second run adds is then
      // only what the change made.
      age(tree, { folders: true });
      const args = ["scan", tree, "--format", "json", "--cache", "--cache-location", store];
      uplift(args);
      const entries = countEntries(store);
      const changed = path.join(tree, "odoo/sale_delivery_window/models/sale_order.py");
      writeFileSync(changed, `${readFileSync(changed, "utf8")}\n\ndef extra(self):\n    return self.env["sale.order"].name_get()\n`);
      const warm = uplift(args).stdout;
      const cold = uplift(["scan", tree, "--format", "json"]).stdout;
      expect(warm).toBe(cold);
      expect(JSON.parse(warm).findings.some((f: { file: string; line: number }) => f.file.endsWith("models/sale_order.py"))).toBe(true);
      // The changed file's facts and its result (two entries of one pack) and the root's results
      // written again (one bundle); every other file's facts and result were reused, no folder changed.
      expect(countEntries(store) - entries).toBe(3);
    } finally {
      rmSync(tree, { recursive: true, force: true });
      rmSync(store, { recursive: true, force: true });
    }
  });
  it("knows unchanged files by their stamps, and a change to an exported module reaches its importers", () => {
    const tree = mkdtempSync(path.join(tmpdir(), "uplift-estate-"));
    const store = mkdtempSync(path.join(tmpdir(), "uplift-cache-"));
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    try {
      cpSync(path.join(repoRoot, "fixtures"), tree, { recursive: true });
      // Files last changed an hour ago: their stamps are trusted on the next run (a change a moment ago is not).
      const past = new Date(Date.now() - 3600_000);
      for (const file of walk(tree)) utimesSync(file, past, past);
      const args = ["scan", tree, "--format", "json", "--cache", "--cache-location", store];
      const cold = uplift(args).stdout;
      expect(uplift(args).stdout).toBe(cold);
      const importer = (out: string): number =>
        JSON.parse(out).findings.filter((f: { file: string }) => f.file.endsWith("sale_bindings/static/src/js/order_form_patch.js")).length;
      expect(importer(cold)).toBeGreaterThan(0);
      // The module the importer takes `patch` from no longer hands out the framework's: its importer has nothing to report.
      const exporter = path.join(tree, "bindings/odoo/sale_bindings/static/src/js/patch_utils.js");
      writeFileSync(exporter, readFileSync(exporter, "utf8").replace(/^import \{ patch \}.*$/m, "const patch = (target) => target;"));
      const python = path.join(tree, "odoo/sale_delivery_window/models/sale_order.py");
      writeFileSync(python, `${readFileSync(python, "utf8")}\n\ndef extra(self):\n    return self.env["sale.order"].name_get()\n`);
      const netsuite = walk(tree).find(
        (f) => f.includes(`${path.sep}netsuite${path.sep}`) && f.endsWith(".js") && !f.endsWith("config.js"),
      )!;
      writeFileSync(netsuite, `${readFileSync(netsuite, "utf8")}\n// changed\n`);
      const warm = uplift(args).stdout;
      expect(warm).toBe(uplift(["scan", tree, "--format", "json"]).stdout);
      expect(importer(warm)).toBe(0);
      expect(uplift(args).stdout).toBe(warm);
    } finally {
      rmSync(tree, { recursive: true, force: true });
      rmSync(store, { recursive: true, force: true });
    }
  });

  it("keeps the count of --max-per-rule apart: a warm run with another limit equals its cold run", () => {
    const store = mkdtempSync(path.join(tmpdir(), "uplift-cache-"));
    try {
      const args = ["scan", "fixtures", "--format", "json"];
      const kept = ["--cache", "--cache-location", store];
      const unbounded = uplift([...args, ...kept]).stdout;
      const cold = uplift([...args, "--max-per-rule", "1"]).stdout;
      expect(cold).not.toBe(unbounded);
      expect(JSON.parse(cold).findings.some((f: { occurrences?: number }) => (f.occurrences ?? 0) > 1)).toBe(true);
      expect(uplift([...args, "--max-per-rule", "1", ...kept]).stdout).toBe(cold);
      expect(uplift([...args, "--max-per-rule", "1", ...kept]).stdout).toBe(cold);
      expect(uplift([...args, ...kept]).stdout).toBe(unbounded);
    } finally {
      rmSync(store, { recursive: true, force: true });
    }
  });

  it("treats a kept result someone else wrote or altered as a miss", () => {
    const home = mkdtempSync(path.join(tmpdir(), "uplift-home-"));
    const store = mkdtempSync(path.join(tmpdir(), "uplift-cache-"));
    const env = { XDG_CACHE_HOME: home };
    try {
      const args = ["scan", "fixtures/odoo", "--format", "json"];
      const cold = uplift(args, repoRoot, env).stdout;
      expect(JSON.parse(cold).findings.length).toBeGreaterThan(0);
      uplift([...args, "--cache", "--cache-location", store], repoRoot, env);
      const walk = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
          e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)],
        );
      let doctored = 0;
      // A result with nothing found: trusted, it would hide every finding of the file.
      const nothing = (format: number): string => JSON.stringify({ format, result: { findings: [], suppressed: 0, extracted: false } });
      for (const file of walk(store)) {
        if (file.endsWith(".pack")) {
          // Each packed result keeps its seal, its name and its length (the index still fits): only what it says changes.
          const pack = readFileSync(file);
          for (const { offset, length } of packIndex(pack)) {
            const entry = pack.subarray(offset, offset + length).toString("utf8");
            const nameEnd = entry.indexOf("\n", 65);
            const content = JSON.parse(entry.slice(nameEnd + 1)) as { format: number; result?: unknown };
            if (content.result === undefined) continue;
            const head = entry.slice(0, nameEnd + 1);
            const body = nothing(content.format);
            const padded = `${head}${body}${" ".repeat(Buffer.byteLength(entry) - Buffer.byteLength(head) - Buffer.byteLength(body))}`;
            if (Buffer.byteLength(padded) !== length) continue;
            pack.write(padded, offset, "utf8");
            doctored++;
          }
          writeFileSync(file, pack);
          continue;
        }
        const text = readFileSync(file, "utf8");
        if (file.endsWith(".results")) {
          // Results kept together: every entry says nothing was found, under the seal they were kept with.
          const end = text.indexOf("\n", 65);
          const index = JSON.parse(text.slice(65, end)) as Array<[string, number, number]>;
          const body = JSON.stringify({ findings: [], suppressed: 0, extracted: false });
          let offset = 0;
          const entries = index.map(([name]) => [name, (offset += body.length) - body.length, body.length]);
          writeFileSync(file, `${text.slice(0, 65)}${JSON.stringify(entries)}\n${body.repeat(index.length)}`);
          doctored++;
          continue;
        }
        const content = JSON.parse(text.slice(65)) as { format: number; result?: unknown };
        if (content.result === undefined) continue;
        writeFileSync(file, `${text.slice(0, 65)}${nothing(content.format)}`);
        doctored++;
      }
      expect(doctored).toBeGreaterThan(3);
      expect(uplift([...args, "--cache", "--cache-location", store], repoRoot, env).stdout).toBe(cold);
    } finally {
      rmSync(home, { recursive: true, force: true });
      rmSync(store, { recursive: true, force: true });
    }
  });
});

describe("the content cache and ABAP", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "uplift-cache-sap-"));
  const sapCache = path.join(dir, "cache");
  const tree = path.join(dir, "tree");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
  const scan = (cached: boolean): string =>
    uplift([
      "scan",
      tree,
      "--erp",
      "sap",
      "--format",
      "json",
      ...(cached ? ["--cache", "--cache-location", sapCache] : []),
    ]).stdout.replaceAll(tree, "<tree>");

  it("keeps the facts of ABAP packages, and a warm run gives exactly the cold result", () => {
    cpSync(path.join(repoRoot, "fixtures/sap"), tree, { recursive: true });
    const cold = scan(false);
    expect(scan(true)).toBe(cold);
    // The ABAP pass's facts are in the cache (they are not parsed again on the next run).
    expect(walk(sapCache).some((f) => readFileSync(f, "utf8").includes('"key":"table:VBUK"'))).toBe(true);
    expect(scan(true)).toBe(cold);
  });

  it("reads a package again when one of its files changed", () => {
    const file = path.join(tree, "src/sd/zcl_sd_pricing.clas.abap");
    writeFileSync(file, readFileSync(file, "utf8").replaceAll("konv", "prcd_elements"));
    const cold = scan(false);
    expect(cold).not.toContain("konv-read");
    expect(scan(true)).toBe(cold);
  });
});
