import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { strToU8, zipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { cliPath, repoRoot, uplift } from "./helpers.js";

interface Finding {
  ruleId: string;
  file: string;
  line: number;
  severity: string;
  occurrences?: number;
  effortMinutes: number;
  message: string;
}
interface Result {
  projects: Array<{ path: string; erp: string; from: string; unchecked?: boolean }>;
  findings: Finding[];
  unanalysed: Array<{ file: string; reason: string }>;
  summary: { filesScanned: number; effortMinutes: number };
  suppressed?: number;
  baseline?: { matched: number };
  config?: string;
}

const temp: string[] = [];
afterAll(() => {
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), "uplift-hostile-"));
  temp.push(d);
  return d;
}
function write(dir: string, rel: string | Buffer, content: string | Uint8Array): void {
  const file = typeof rel === "string" ? path.join(dir, rel) : Buffer.concat([Buffer.from(`${dir}/`), rel]);
  if (typeof rel === "string") mkdirSync(path.dirname(file as string), { recursive: true });
  writeFileSync(file, content);
}
function scanJson(args: string[], cwd?: string, env?: Record<string, string>): { status: number; result: Result; stderr: string } {
  const r = uplift(["scan", ...args, "--format", "json"], cwd, env);
  expect(r.stderr, r.stderr).not.toMatch(/internal error|\n\s+at /);
  return { status: r.status, result: r.stdout ? (JSON.parse(r.stdout) as Result) : ({} as Result), stderr: r.stderr };
}

const MANIFEST = "{'name': 'x', 'version': '16.0.1.0.0'}";
const VIEW = `<odoo><record id="v" model="ir.ui.view"><field name="arch" type="xml">
<form><field name="a" attrs="{'invisible': [('b', '=', 1)]}"/></form>
</field></record></odoo>
`;
const SOLUTION = '<ImportExportXml version="9.2.1.1"><SolutionManifest/></ImportExportXml>';

describe("XML with '<' and a Unicode space", () => {
  it("is a parse error, not a crash: in a view, a solution.xml and a customizations.xml in a zip", () => {
    const dir = tempDir();
    write(dir, "addon/__manifest__.py", MANIFEST);
    write(dir, "addon/views/v.xml", VIEW.replace("<form>", "<form><\u3000x/><\u2028y/>"));
    write(dir, "Sol/solution.xml", SOLUTION.replace("<SolutionManifest/>", "<SolutionManifest/><\u205Fz/>"));
    write(dir, "Sol/a.js", "Xrm.Page.getAttribute('x');\n");
    const customizations = `<ImportExportXml><WebResources><WebResource><Name>a.js</Name><FileName>/WebResources/a</FileName><WebResourceType>3</WebResourceType><\u3000/></WebResource></WebResources></ImportExportXml>`;
    write(
      dir,
      "Sol_1_0.zip",
      zipSync({
        "solution.xml": strToU8(SOLUTION.replace("/>", "/><\u2000/>")),
        "customizations.xml": strToU8(customizations),
        "WebResources/a": strToU8("Xrm.Page.ui;"),
      }),
    );
    const { status, result } = scanJson([dir]);
    expect(status).toBe(1);
    const parseErrors = result.findings.filter((f) => f.ruleId === "uplift/parse-error").map((f) => f.file);
    expect(parseErrors).toEqual(["Sol/solution.xml", "Sol_1_0.zip!/customizations.xml", "Sol_1_0.zip!/solution.xml", "addon/views/v.xml"]);
    // The web resource typed by the damaged customizations.xml is still read.
    expect(result.findings.some((f) => f.file === "Sol_1_0.zip!/WebResources/a")).toBe(true);
  });
});

describe("nothing is dropped without a word", () => {
  it("a name that is not UTF-8 hides nothing and does not flip the exit code", () => {
    const dir = tempDir();
    write(dir, "addon/__manifest__.py", MANIFEST);
    write(dir, "addon/views/v.xml", VIEW);
    write(dir, Buffer.from("addon/views/caf\xe9.xml", "latin1"), VIEW);
    const { status, result } = scanJson([dir]);
    expect(status).toBe(1);
    expect(result.findings.map((f) => f.file)).toContain("addon/views/v.xml");
    expect(result.unanalysed).toContainEqual({ file: "addon/views/caf%E9.xml", reason: "file name is not valid UTF-8; not read" });
  });

  it("a manifest with a NUL byte, no version or broken Python still makes a project, and a finding", () => {
    const dir = tempDir();
    for (const [name, manifest] of [
      ["nul", "{'name': 'x',\0 'version': '16.0.1.0.0'}"],
      ["none", "{'name': 'x'}"],
      ["broken", "{'name': 'x' 'version': '16.0.1.0.0'}"],
    ]) {
      write(dir, `${name}/__manifest__.py`, manifest!);
      write(dir, `${name}/views/v.xml`, VIEW);
    }
    const bare = scanJson([dir]);
    expect(bare.status).toBe(1);
    expect(bare.result.projects.map((p) => [p.path, p.from, p.unchecked])).toEqual([
      ["broken", "unknown", true],
      ["none", "unknown", true],
      ["nul", "unknown", true],
    ]);
    expect(bare.result.findings.map((f) => `${f.ruleId} ${f.file} ${f.severity}`)).toEqual([
      "uplift/project-marker broken/__manifest__.py high",
      "uplift/project-marker none/__manifest__.py high",
      "uplift/project-marker nul/__manifest__.py high",
    ]);
    expect(bare.result.unanalysed).toContainEqual({
      file: "none/views/v.xml",
      reason: "in the Odoo project none, whose version is unknown; pass --from to check it",
    });
    // With --from, every project is checked as that version; the markers are still findings.
    const given = scanJson([dir, "--from", "16.0"]);
    expect(given.status).toBe(1);
    const ids = given.result.findings.map((f) => `${f.ruleId} ${f.file} ${f.severity}`);
    for (const name of ["nul", "none", "broken"]) expect(ids).toContain(`odoo/17.0/view-attrs-removed ${name}/views/v.xml critical`);
    expect(ids).toContain("uplift/project-marker nul/__manifest__.py high");
    expect(ids).toContain("uplift/project-marker none/__manifest__.py low");
    expect(ids).toContain("uplift/parse-error broken/__manifest__.py high");
  });

  it("named pipes, files outside every project and a cut-off archive are listed", () => {
    const dir = tempDir();
    write(dir, "Sol/Other/Solution.xml", SOLUTION);
    write(dir, "Sol/WebResources/a.js", "Xrm.Page.getAttribute('x');\n");
    write(dir, "loose/form.js", "Xrm.Page.ui.close();\n");
    expect(spawnSync("mkfifo", [path.join(dir, "Sol/WebResources/pipe.js")]).status).toBe(0);
    const zip = Buffer.from(
      zipSync({ "solution.xml": strToU8(SOLUTION), "WebResources/b.js": strToU8("Xrm.Page.ui;\n".repeat(50)) }, { level: 0 }),
    );
    // Cut in the middle of the second member: it, and the directory, are lost.
    write(dir, "Cut_1_0.zip", zip.subarray(0, zip.indexOf("Xrm.Page.ui") + 100));
    const { result } = scanJson([dir]);
    expect(result.unanalysed).toEqual(
      expect.arrayContaining([
        { file: "Sol/WebResources/pipe.js", reason: "named pipe, not read" },
        { file: "loose/form.js", reason: expect.stringMatching(/^not inside any project/) },
        { file: "Cut_1_0.zip", reason: "the archive is cut off after 2 members; anything after that is not read" },
        { file: "Cut_1_0.zip!/WebResources/b.js", reason: "member is cut off (the archive is truncated); not read" },
      ]),
    );
  });

  it("--erp on a tree with nothing of that ERP is an error naming what is there", () => {
    const r = uplift(["scan", "fixtures/odoo", "--erp", "dynamics365"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^uplift: --erp dynamics365: nothing in fixtures\/odoo belongs to Dynamics 365; it holds \d+ Odoo projects \(/,
    );
    const known = readdirSync(path.join(repoRoot, "rules"))
      .filter((d) => existsSync(path.join(repoRoot, "rules", d, "profile.yaml")))
      .sort()
      .join(", ");
    for (const erp of ["Odoo", "acme"]) {
      const bad = uplift(["scan", "fixtures/odoo", "--erp", erp]);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(
        new RegExp(`^uplift: --erp ${erp} is not known; use one of: ${known}${erp === "Odoo" ? " \\(did you mean odoo\\?\\)" : ""}\\n`),
      );
    }
  });
});

describe("bounded work", () => {
  it("counts the occurrences of one rule in one file past --max-per-rule in one finding, which baselines and suppressions reach", () => {
    const dir = tempDir();
    write(dir, "addon/__manifest__.py", MANIFEST);
    const fields = Array.from({ length: 250 }, (_, i) => `<field name="f${i}" attrs="{}"/>`).join("\n");
    write(dir, "addon/views/v.xml", VIEW.replace(/<form>.*<\/form>/, `<form>\n${fields}\n</form>`));
    const { result } = scanJson([dir, "--max-per-rule", "20"]);
    const attrs = result.findings.filter((f) => f.ruleId === "odoo/17.0/view-attrs-removed");
    expect(attrs).toHaveLength(21);
    expect(attrs[20]).toMatchObject({ occurrences: 230, effortMinutes: 230 * 15, line: 23 });
    expect(result.summary.effortMinutes).toBeGreaterThanOrEqual(250 * 15);
    uplift(["baseline", "create", dir, "--baseline", path.join(dir, "b.json"), "--max-per-rule", "20"]);
    expect(scanJson([dir, "--max-per-rule", "20", "--baseline", path.join(dir, "b.json")]).result.findings).toEqual([]);
    writeFileSync(
      path.join(dir, "uplift.config.yaml"),
      "maxPerRule: 20\nsuppressions:\n  - rule: odoo/17.0/view-attrs-*\n    files: ['**/v.xml']\n    reason: rewritten in the 17.0 branch\n",
    );
    const suppressed = scanJson([dir]);
    expect(suppressed.result.findings).toEqual([]);
    expect(suppressed.result.suppressed).toBe(21);
  });

  it("makes one occurrence past --max-per-rule an ordinary finding, not a count of one", () => {
    const dir = tempDir();
    write(dir, "addon/__manifest__.py", MANIFEST);
    const fields = Array.from({ length: 3 }, (_, i) => `<field name="f${i}" attrs="{}"/>`).join("\n");
    write(dir, "addon/views/v.xml", VIEW.replace(/<form>.*<\/form>/, `<form>\n${fields}\n</form>`));
    const attrs = scanJson([dir, "--max-per-rule", "2"]).result.findings.filter((f) => f.ruleId === "odoo/17.0/view-attrs-removed");
    expect(attrs).toHaveLength(3);
    expect(attrs.some((f) => "occurrences" in f)).toBe(false);
  });

  it("runs a pack pattern that would backtrack forever, and refuses an extended glob in the config with file:line", () => {
    const dir = tempDir();
    write(dir, "a.js", `getFormType${"a1".repeat(30_000)}\n`);
    const rules = path.join(dir, "rules");
    cpSync(path.join(repoRoot, "rules/schema"), path.join(rules, "schema"), { recursive: true });
    cpSync(path.join(repoRoot, "rules/dynamics365/profile.yaml"), path.join(rules, "dynamics365/profile.yaml"));
    cpSync(path.join(repoRoot, "rules/dynamics365/declarations"), path.join(rules, "dynamics365/declarations"), { recursive: true });
    writeFileSync(
      path.join(rules, "dynamics365/5.0-6.0.yaml"),
      `erp: dynamics365
from: "5.0"
to: "6.0"
title: t
rules:
  - id: dynamics365/6.0/form-type
    title: t
    change: removed
    severity: high
    match: { text: { pattern: 'getFormType(\\w|\\d)+!', needle: getFormType } }
    message: m
    replacement: r
    effort: 1m
    references: [https://example.com/vendor]
    examples:
      - { file: a.js, code: "getFormTypeab!", expect: [{ line: 1, column: 1 }] }
      - { file: a.js, code: "getFormType();", expect: [] }
`,
    );
    const { status, result } = scanJson([dir, "--erp", "dynamics365", "--rules", rules, "--exclude", "rules/**"]);
    expect(status).toBe(0);
    expect(result.findings).toEqual([]);
    writeFileSync(path.join(dir, "uplift.config.json"), '{\n  "exclude": [\n    "x/**",\n    "@(a|aa)+(@(a|aa))"\n  ]\n}\n');
    const r = uplift(["scan", ".", "--erp", "dynamics365"], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      "uplift: uplift.config.json:4: exclude[1] @(a|aa)+(@(a|aa)): extended glob @(…) is not supported; list the alternatives with {a,b} or write several globs\n",
    );
  });
});

describe("nothing trusted that a stranger can write", () => {
  it("keeps the catalogue and the fact cache in a private per-user folder and treats a doctored entry as a miss", () => {
    const home = tempDir();
    const env = { XDG_CACHE_HOME: home };
    // Packs named with --rules (the shipped ones are served from the catalogue compiled at build).
    const rules = ["--rules", "rules"];
    const cold = uplift(["scan", "fixtures/odoo", ...rules, "--format", "json"], repoRoot, env).stdout;
    const warm = uplift(["scan", "fixtures/odoo", ...rules, "--format", "json", "--cache"], repoRoot, env).stdout;
    expect(warm).toBe(cold);
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)],
      );
    const kept = files(path.join(home, "uplift"));
    expect(kept.some((f) => f.includes(`${path.sep}catalogue${path.sep}`))).toBe(true);
    expect(kept.some((f) => f.includes(`${path.sep}facts${path.sep}`))).toBe(true);
    // An emptied catalogue and doctored facts (valid JSON, no facts) change nothing.
    for (const f of kept) {
      if (f.endsWith(`${path.sep}key`)) continue;
      const text = readFileSync(f, "utf8");
      writeFileSync(
        f,
        f.includes("catalogue")
          ? `${text.slice(0, 65)}{"profiles":[],"packs":[]}`
          : `${text.slice(0, 65)}{"format":4,"steps":[],"paths":[],"facts":[],"problems":[],"comments":[]}`,
      );
    }
    expect(uplift(["scan", "fixtures/odoo", ...rules, "--format", "json", "--cache"], repoRoot, env).stdout).toBe(cold);
    // Not even a folder the repository holds is read by default.
    expect(readdirSync(path.join(repoRoot, "fixtures/odoo"))).not.toContain(".uplift-cache");
  });

  it("refuses a config that writes outside its folder, never writes through a link, and names the config applied", () => {
    const dir = tempDir();
    const outside = tempDir();
    cpSync(path.join(repoRoot, "fixtures/odoo/sale_delivery_window"), path.join(dir, "addon"), { recursive: true });
    for (const [at, config] of [
      [3, `{\n  "reports": {\n    "json": "../escape.json"\n  }\n}\n`],
      [2, `{\n  "baseline": "${outside}/b.json"\n}\n`],
    ] as const) {
      writeFileSync(path.join(dir, "uplift.config.json"), config);
      const r = uplift(["scan", dir]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^uplift: .*uplift\\.config\\.json:${at}: .*a config file writes only inside its own folder`));
    }
    symlinkSync(outside, path.join(dir, "out"));
    writeFileSync(path.join(dir, "uplift.config.json"), `{ "reports": { "json": "out/r.json" } }\n`);
    const r = uplift(["scan", dir, "--fail-on", "none"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/leads outside .* \(through a symbolic link\)/);
    expect(readdirSync(outside)).toEqual([]);
    writeFileSync(path.join(dir, "uplift.config.json"), `{ "reports": { "json": "reports/r.json" } }\n`);
    const { result } = scanJson([dir, "--fail-on", "none"]);
    expect(result.config).toBe(path.relative(repoRoot, path.join(dir, "uplift.config.json")).split(path.sep).join("/"));
    expect(JSON.parse(readFileSync(path.join(dir, "reports/r.json"), "utf8")).config).toBe(result.config);
  });

  it("neutralises the SARIF URIs of archive members that climb out", () => {
    const dir = tempDir();
    const zip = Buffer.from(zipSync({ "solution.xml": strToU8(SOLUTION), "aaa/evil.js": strToU8("x"), "abcab/x.js": strToU8("y") }));
    for (const [from, to] of [
      ["aaa/evil.js", "/../evil.js"],
      ["abcab/x.js", "//abs/x.js"],
    ]) {
      for (let i = zip.indexOf(from!); i !== -1; i = zip.indexOf(from!, i + 1)) zip.write(to!, i, "latin1");
    }
    write(dir, "Sol_1_0.zip", zip);
    const r = uplift(["scan", dir, "--format", "sarif", "--fail-on", "none"]);
    const uris = [...r.stdout.matchAll(/"uri": "([^"]*)"/g)].map((m) => m[1]!);
    expect(uris.length).toBeGreaterThan(0);
    for (const uri of uris) {
      expect(uri.startsWith("//")).toBe(false);
      expect(uri.split("/")).not.toContain("..");
    }
  });
});

describe("--fix", () => {
  it("keeps a byte-order mark and CRLF line endings, and settles in one run", () => {
    const dir = tempDir();
    const crlf = (s: string): string => s.replace(/\n/g, "\r\n");
    write(dir, "Sol/Other/Solution.xml", SOLUTION);
    write(
      dir,
      "Sol/WebResources/a.js",
      Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from(crlf('function u() {\n  return Xrm.Page.context.getServerUrl() + "/x";\n}\n')),
      ]),
    );
    const first = uplift(["scan", dir, "--fix", "--fail-on", "none"]);
    expect(first.status).toBe(0);
    const bytes = readFileSync(path.join(dir, "Sol/WebResources/a.js"));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString("utf8")).toBe(
      crlf('function u() {\n  return Xrm.Utility.getGlobalContext().getClientUrl() + "/x";\n}\n'),
    );
    expect(uplift(["scan", dir, "--fix-dry-run"]).stdout).toBe("");
  });
});

describe("output piped to a reader that goes away", () => {
  it("ends quietly with the scan's exit code", async () => {
    const child = spawn(process.execPath, [cliPath, "scan", "fixtures", "--format", "json"], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).toBe("");
    expect(code).toBe(1);
  });
});
