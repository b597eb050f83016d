import fs from "node:fs";
import path from "node:path";
import { syncBuiltinESMExports } from "node:module";
import { fileURLToPath } from "node:url";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { loadCatalogue, scan, type ScanResult } from "../src/index.js";
import { RuleScope } from "../src/rule-scope.js";
import { countMatches } from "./count-matches.js";
import { age, tempFolders } from "../../../test/support/trees.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const rulesDir = path.join(repoRoot, "rules");
const catalogue = loadCatalogue(rulesDir);

const temp = tempFolders();

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** A copy of some fixture folders, last changed an hour ago, so that the next scans trust their stamps. */
function estate(folders: string[]): string {
  const root = temp("uplift-warm-");
  for (const f of folders) fs.cpSync(path.join(repoRoot, "fixtures", f), path.join(root, f), { recursive: true });
  age(root);
  return root;
}

/** A scan, and the files it opened under the root (POSIX, relative to it). */
async function scanCounting(
  root: string,
  cacheDir?: string,
  more: { include?: string[] } = {},
): Promise<{ result: string; opened: string[] }> {
  const opened: string[] = [];
  const open = fs.openSync;
  fs.openSync = ((file: fs.PathLike, ...rest: unknown[]) => {
    if (typeof file === "string" && file.startsWith(root)) opened.push(path.relative(root, file).split(path.sep).join("/"));
    return (open as (...args: unknown[]) => number)(file, ...rest);
  }) as typeof fs.openSync;
  syncBuiltinESMExports();
  try {
    const result: ScanResult = await scan({ root, rulesDir, catalogue, cacheDir, ...more });
    return { result: JSON.stringify(result), opened };
  } finally {
    fs.openSync = open;
    syncBuiltinESMExports();
  }
}

const code = (file: string): boolean => /\.(js|ts|html)$/.test(file);

describe("a warm scan replays kept results without reading the files", () => {
  it("replays JavaScript bound across files, and re-binds an ERP's code when a module it imports changes", async () => {
    const root = estate(["bindings/odoo", "frappe", "sapui5"]);
    const cache = temp("uplift-warm-cache-");
    const cold = await scanCounting(root, cache);
    expect(cold.opened.filter(code).length).toBeGreaterThan(10);
    const warm = await scanCounting(root, cache);
    expect(warm.result).toBe(cold.result);
    expect(warm.opened.filter(code)).toEqual([]);

    const importer = (out: string): number =>
      (JSON.parse(out) as ScanResult).findings.filter((f) => f.file.endsWith("sale_bindings/static/src/js/order_form_patch.js")).length;
    expect(importer(warm.result)).toBeGreaterThan(0);
    // The module the importer takes `patch` from no longer hands out the framework's.
    const exporter = path.join(root, "bindings/odoo/sale_bindings/static/src/js/patch_utils.js");
    fs.writeFileSync(exporter, fs.readFileSync(exporter, "utf8").replace(/^import \{ patch \}.*$/m, "const patch = (target) => target;"));
    age(path.dirname(exporter));
    const changed = await scanCounting(root, cache);
    expect(changed.result).toBe((await scanCounting(root)).result);
    expect(importer(changed.result)).toBe(0);
    // Odoo's code is bound again; the other ERPs' code is not read.
    expect(changed.opened.filter(code).some((f) => f.startsWith("bindings/odoo/"))).toBe(true);
    expect(changed.opened.filter((f) => code(f) && !f.startsWith("bindings/odoo/"))).toEqual([]);

    // The changed module's new stamp was kept: the next run reads no code again.
    const after = await scanCounting(root, cache);
    expect(after.result).toBe(changed.result);
    expect(after.opened.filter(code)).toEqual([]);
  });

  it("replays a Frappe app, whose linker takes back what it collected, reading only its marker", async () => {
    const root = estate(["frappe"]);
    const cache = temp("uplift-warm-cache-");
    const cold = await scanCounting(root, cache);
    expect(cold.opened.filter((f) => /\.(py|json|js)$/.test(f)).length).toBeGreaterThan(15);
    const warm = await scanCounting(root, cache);
    expect(warm.result).toBe(cold.result);
    // hooks.py says what the project is (its marker), so it is read to find the project.
    expect(warm.opened.filter((f) => /\.(py|json|js)$/.test(f) && !f.endsWith("/hooks.py"))).toEqual([]);
    // A change to hooks.py (what the linker collects across the app) is seen.
    const hooks = walk(root).find((f) => f.endsWith(`${path.sep}hooks.py`))!;
    fs.writeFileSync(hooks, fs.readFileSync(hooks, "utf8").replace(/^has_permission\s*=/m, "has_permission_off ="));
    const changed = await scanCounting(root, cache);
    expect(changed.result).toBe((await scanCounting(root)).result);
    expect(changed.result).not.toBe(cold.result);
  });
});

describe("a warm scan of unchanged projects", () => {
  it("replays a page read only to tell whether it bootstraps UI5, and the code beside it, unread even by detection until it changes", async () => {
    const root = estate(["odoo"]);
    const page = path.join(root, "odoo/sale_delivery_window/static/description/index.html");
    fs.mkdirSync(path.dirname(page), { recursive: true });
    fs.writeFileSync(page, "<section><h2>Delivery windows</h2><script>var x = 1;</script></section>\n");
    age(root);
    const cache = temp("uplift-warm-cache-");
    const cold = await scanCounting(root, cache);
    expect(cold.opened).toContain("odoo/sale_delivery_window/static/description/index.html");
    const warm = await scanCounting(root, cache);
    expect(warm.result).toBe(cold.result);
    // Neither detection (it kept, by the page's content, that it bootstraps no UI5) nor the scan reads the page again, nor any JavaScript.
    expect(warm.opened.filter((f) => f.endsWith(".js") || f.endsWith(".html"))).toEqual([]);
    // A changed page is read again, and what it now holds counts: it bootstraps UI5, and starts a project.
    fs.writeFileSync(
      page,
      '<script id="sap-ui-bootstrap" src="https://sdk.openui5.org/1.84.3/resources/sap-ui-core.js"></script><script>var x = 1;</script>\n',
    );
    age(root);
    const changed = await scanCounting(root, cache);
    expect(changed.opened).toContain("odoo/sale_delivery_window/static/description/index.html");
    expect(changed.result).toBe((await scanCounting(root)).result);
    expect((JSON.parse(changed.result) as ScanResult).projects.map((p) => p.path)).toContain(
      "odoo/sale_delivery_window/static/description",
    );
  });

  it("matches no file, not even the markers read to find the projects", async () => {
    const root = estate(["odoo", "frappe"]);
    const cache = temp("uplift-warm-cache-");
    const matches = countMatches();
    const cold = await scanCounting(root, cache);
    expect(matches.count()).toBeGreaterThan(10);
    matches.reset();
    const warm = await scanCounting(root, cache);
    expect(warm.result).toBe(cold.result);
    expect(matches.count()).toBe(0);
    // A marker changed is matched again, and the result is the cold one.
    const manifest = walk(root).find((f) => f.endsWith(`${path.sep}__manifest__.py`))!;
    fs.appendFileSync(manifest, "\n# changed\n");
    const changed = await scanCounting(root, cache);
    expect(matches.count()).toBeGreaterThan(0);
    expect(changed.result).toBe((await scanCounting(root)).result);
  });

  it("asks no project's rules which files they can check: a replayed file is admitted as it was", async () => {
    const root = estate(["odoo", "frappe", "sapui5"]);
    const cache = temp("uplift-warm-cache-");
    let asked = 0;
    const covers = RuleScope.prototype.covers;
    RuleScope.prototype.covers = function (this: RuleScope, ...args: Parameters<RuleScope["covers"]>) {
      asked++;
      return covers.apply(this, args);
    };
    try {
      const cold = await scanCounting(root, cache);
      expect(asked).toBeGreaterThan(10);
      asked = 0;
      const warm = await scanCounting(root, cache);
      // The coverage (checked, irrelevant, unchecked for want of rules) is the cold one's.
      expect(warm.result).toBe(cold.result);
      expect(asked).toBe(0);
    } finally {
      RuleScope.prototype.covers = covers;
    }
  });
});

describe("a warm Dynamics 365 scan", () => {
  it("replays a solution, whose linker takes back what it collected, reading only its marker", async () => {
    const root = estate(["dynamics365/ContosoSales", "bindings/dynamics365"]);
    const cache = temp("uplift-warm-cache-");
    const cold = await scanCounting(root, cache);
    const unpacked = (f: string): boolean => /\.(xml|js|html)$/.test(f);
    expect(cold.opened.filter(unpacked).length).toBeGreaterThan(15);
    const warm = await scanCounting(root, cache);
    expect(warm.result).toBe(cold.result);
    // Solution.xml says what the project is (its marker), so it is read to find the project.
    expect(warm.opened.filter((f) => unpacked(f) && !f.endsWith("/Other/Solution.xml"))).toEqual([]);

    // A form handler renamed: the links are the new ones, and the code is bound again with them.
    const form = walk(root).find((f) => f.includes(`${path.sep}bindings${path.sep}`) && f.includes(`${path.sep}FormXml${path.sep}`))!;
    const text = fs.readFileSync(form, "utf8");
    fs.writeFileSync(form, text.replace('functionName="Contoso.Case.Main.onLoad"', 'functionName="Contoso.Case.Main.onLoadGone"'));
    age(path.dirname(form));
    const changed = await scanCounting(root, cache);
    expect(changed.result).toBe((await scanCounting(root)).result);
    const missing = (out: string): string[] =>
      (JSON.parse(out) as ScanResult).findings
        .filter((f) => f.ruleId === "dynamics365/link/handler-function-missing")
        .map((f) => f.message);
    expect(missing(changed.result).filter((m) => m.includes("onLoadGone"))).toHaveLength(1);
    expect(missing(cold.result).filter((m) => m.includes("onLoadGone"))).toHaveLength(0);
    const after = await scanCounting(root, cache);
    expect(after.result).toBe(changed.result);
    expect(after.opened.filter((f) => unpacked(f) && !f.endsWith("/Other/Solution.xml"))).toEqual([]);
  });

  it("replays an unchanged export's members unread (stamped by their archive), and reads a changed export again", async () => {
    const root = estate(["dynamics365"]);
    const cache = temp("uplift-warm-cache-");
    const zip = "dynamics365/ContosoSales_1_4_0_0.zip";
    const opens = (r: { opened: string[] }): number => r.opened.filter((f) => f === zip).length;
    const cold = await scanCounting(root, cache);
    const warm = await scanCounting(root, cache);
    expect(warm.result).toBe(cold.result);
    // Listing the archive and its customizations.xml (the members' languages); no member is inflated.
    const listed = opens(await scanCounting(root, temp("uplift-warm-none-"), { include: ["nothing-matches/**"] }));
    expect(opens(warm)).toBeLessThan(opens(cold));
    expect(opens(warm)).toBeLessThanOrEqual(Math.max(listed, 2));

    // A web resource changed inside the archive: its members are read again, as a cold scan reads them.
    const file = path.join(root, zip);
    const members = unzipSync(new Uint8Array(fs.readFileSync(file)));
    const name = Object.keys(members).find((m) => m.startsWith("WebResources/new_scriptsaccount_form"))!;
    members[name] = strToU8(`${strFromU8(members[name]!)}\nXrm.Page.getAttribute("name").getValue();\n`);
    fs.writeFileSync(file, zipSync(members));
    age(root);
    const changed = await scanCounting(root, cache);
    expect(changed.result).toBe((await scanCounting(root)).result);
    expect(changed.result).not.toBe(cold.result);
    expect(opens(changed)).toBeGreaterThan(opens(warm));
  });

  it("takes back the configuration's links and replays the code of an unchanged export and of the unpacked solutions", async () => {
    const root = estate(["dynamics365", "bindings/dynamics365"]);
    const cache = temp("uplift-warm-cache-");
    const cold = await scanCounting(root, cache);
    const warm = await scanCounting(root, cache);
    expect(warm.result).toBe(cold.result);
    // The unpacked solutions' forms and ribbons are not read again, nor any code (the export's members are stamped by it).
    expect(warm.opened.filter((f) => f.endsWith(".xml") && !f.endsWith("/Other/Solution.xml"))).toEqual([]);
    expect(warm.opened.filter((f) => f.endsWith(".js"))).toEqual([]);
    expect(cold.opened.some((f) => f.endsWith(".js"))).toBe(true);
  });
});
