import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, uplift } from "./helpers.js";

let estate: string;
const ADDON = "sale_delivery_window";

function read(file: string): string {
  return readFileSync(path.join(estate, file), "utf8");
}
function json<T = Record<string, unknown>>(text: string): T {
  return JSON.parse(text) as T;
}
interface Result {
  findings: Array<{ ruleId: string; file: string; line: number; severity: string; fingerprint: string }>;
  baseline?: { matched: number; stale: unknown[] };
  suppressed?: number;
}

/** A small estate: the fixture addon twice, as two projects, in a scratch folder. */
beforeAll(() => {
  estate = mkdtempSync(path.join(tmpdir(), "uplift-ci-"));
  cpSync(path.join(repoRoot, "fixtures/odoo", ADDON), path.join(estate, "addons", ADDON), { recursive: true });
  cpSync(path.join(repoRoot, "fixtures/odoo", ADDON), path.join(estate, "addons", "sale_delivery_copy"), { recursive: true });
});
afterAll(() => rmSync(estate, { recursive: true, force: true }));

describe("reports for pipelines", () => {
  it("writes several formats in one run with --report", () => {
    const r = uplift(
      [
        "scan",
        "addons",
        "--report",
        "sarif=out/uplift.sarif",
        "--report",
        "junit=out/junit.xml",
        "--report",
        "gitlab=out/gl.json",
        "--format",
        "github",
      ],
      estate,
    );
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^::error file=addons\/sale_delivery_copy\/__manifest__\.py,line=20/m);
    const sarif = json<{ version: string; runs: Array<{ results: unknown[] }> }>(read("out/uplift.sarif"));
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0]!.results.length).toBeGreaterThan(10);
    expect(read("out/junit.xml")).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /);
    expect(json<unknown[]>(read("out/gl.json")).length).toBe(sarif.runs[0]!.results.length);
  });

  it("refuses a malformed --report", () => {
    const r = uplift(["scan", "addons", "--report", "pdf=x.pdf"], estate);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^uplift: --report pdf=x\.pdf must be FORMAT=FILE/);
  });

  it("fails on --max-findings", () => {
    expect(uplift(["scan", "addons", "--fail-on", "none", "--max-findings", "1000"], estate).status).toBe(0);
    expect(uplift(["scan", "addons", "--fail-on", "none", "--max-findings", "3"], estate).status).toBe(1);
  });
});

describe("baseline", () => {
  it("hides exactly the old findings after lines move, and catches a new duplicate", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "uplift-bl-"));
    cpSync(path.join(repoRoot, "fixtures/odoo", ADDON), path.join(dir, ADDON), { recursive: true });
    const created = uplift(["baseline", "create", ".", "--baseline", "baseline.json"], dir);
    expect(created.status).toBe(0);
    expect(uplift(["baseline", "create", ".", "--baseline", "baseline.json"], dir).status).toBe(2);
    const views = path.join(dir, ADDON, "views/sale_order_views.xml");
    const original = readFileSync(views, "utf8");
    // Move every line down, and add one more line identical to an existing finding's.
    const moved = original
      .replace("<odoo>", "<odoo>\n\n\n")
      .replace(
        '<field name="commitment_date" position="attributes">',
        "<field name=\"commitment_date\" position=\"attributes\">\n                <attribute name=\"attrs\">{'invisible': [('delivery_window_start', '!=', False)]}</attribute>",
      );
    writeFileSync(views, moved);
    const r = uplift(["scan", ".", "--baseline", "baseline.json", "--format", "json"], dir);
    const result = json<Result>(r.stdout);
    expect(result.baseline?.matched).toBe(
      json<{ entries: unknown[] }>(readFileSync(path.join(dir, "baseline.json"), "utf8")).entries.length,
    );
    expect(result.findings.map((f) => `${f.ruleId}:${f.line}`)).toEqual(["odoo/17.0/view-attrs-removed:24"]);
    expect(r.status).toBe(1);
    // The terminal and the report say what the baseline accepted, so its findings are never forgotten.
    const terminal = uplift(["scan", ".", "--baseline", "baseline.json"], dir).stdout;
    expect(terminal).toContain(`A baseline (baseline.json) accepted ${result.baseline!.matched} known findings, not counted here.`);
    // Fix the two attrs of the first field: their entries are stale, and --prune drops them.
    writeFileSync(views, original.replace(/\s+attrs="\{'readonly': \[\('state', 'not in', \('draft', 'sent'\)\)\]\}"/, ""));
    const stale = uplift(["scan", ".", "--baseline", "baseline.json", "--format", "json"], dir);
    expect(json<Result>(stale.stdout).baseline?.stale).toHaveLength(1);
    expect(stale.stderr).toMatch(/1 baseline entries no longer match; drop them with --prune/);
    expect(stale.status).toBe(0);
    uplift(["scan", ".", "--baseline", "baseline.json", "--prune"], dir);
    const after = uplift(["scan", ".", "--baseline", "baseline.json", "--format", "json"], dir);
    expect(json<Result>(after.stdout).baseline?.stale).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("shards", () => {
  it("merge back to the single-run result, byte for byte", () => {
    const single = uplift(["scan", "addons", "--format", "json"], estate).stdout;
    const shards = [1, 2, 3].map((i) => {
      const file = `shard-${i}.json`;
      uplift(["scan", "addons", "--shard", `${i}/3`, "--format", "json", "--output", file], estate);
      return file;
    });
    const merged = uplift(["merge", ...shards, "--fail-on", "none"], estate);
    expect(merged.status).toBe(0);
    expect(merged.stdout).toBe(single);
    expect(uplift(["scan", "addons", "--shard", "4/3"], estate).status).toBe(2);
  });
});

describe("suppressions and config", () => {
  it("silences a finding with a reason, reports one without and an unused one", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "uplift-sup-"));
    cpSync(path.join(repoRoot, "fixtures/odoo", ADDON), path.join(dir, ADDON), { recursive: true });
    const js = path.join(dir, ADDON, "static/src/js/sale_order_form_patch.js");
    const text = readFileSync(js, "utf8")
      .replace(
        "patch(FormController.prototype,",
        "// uplift-ignore-next-line odoo/17.0/patch-name-argument -- rewritten in the 17.0 branch\npatch(FormController.prototype,",
      )
      .replace(
        "        this._super(...arguments);\n        this.windowLabel",
        "        // uplift-ignore-next-line odoo/17.0/patch-this-super\n        this._super(...arguments);\n        this.windowLabel",
      )
      .replace("const WINDOW_LABEL", "// uplift-ignore-next-line odoo/17.0/view-attrs-removed -- not here\nconst WINDOW_LABEL");
    writeFileSync(js, text);
    const result = json<Result>(uplift(["scan", ".", "--format", "json"], dir).stdout);
    const inFile = result.findings.filter((f) => f.file.endsWith("sale_order_form_patch.js")).map((f) => f.ruleId);
    expect(inFile).not.toContain("odoo/17.0/patch-name-argument");
    expect(inFile.filter((id) => id === "odoo/17.0/patch-this-super")).toHaveLength(1);
    expect(inFile).toContain("uplift/suppression-without-reason");
    expect(inFile).toContain("uplift/unused-suppression");
    expect(result.suppressed).toBe(2);
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads suppressions in XML comments and, for files without comments, in the config", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "uplift-sup-xml-"));
    cpSync(path.join(repoRoot, "fixtures/odoo", ADDON), path.join(dir, ADDON), { recursive: true });
    const views = path.join(dir, ADDON, "views/sale_order_views.xml");
    writeFileSync(
      views,
      readFileSync(views, "utf8").replace(
        '<button name="action_confirm_window"',
        '<!-- uplift-ignore-next-line odoo/17.0/view-states-removed - rewritten in the 17.0 branch -->\n                <button name="action_confirm_window"',
      ),
    );
    writeFileSync(
      path.join(dir, "uplift.config.yaml"),
      `suppressions:\n  - rule: odoo/17.0/assets-common-*\n    files: ["**/__manifest__.py"]\n    reason: the common bundle moves with the 17.0 branch\n`,
    );
    const result = json<Result>(uplift(["scan", ".", "--format", "json"], dir).stdout);
    const ids = result.findings.map((f) => f.ruleId);
    expect(ids).not.toContain("odoo/17.0/view-states-removed");
    expect(ids).not.toContain("odoo/17.0/assets-common-removed");
    expect(ids.filter((id) => id.startsWith("uplift/"))).toEqual([]);
    expect(result.suppressed).toBe(2);
    rmSync(dir, { recursive: true, force: true });
  });

  it("turns rules off, changes severities and suppresses JSON files from uplift.config.json", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "uplift-cfg-"));
    cpSync(path.join(repoRoot, "fixtures/odoo", ADDON), path.join(dir, ADDON), { recursive: true });
    writeFileSync(
      path.join(dir, "uplift.config.json"),
      JSON.stringify(
        { rules: { "odoo/17.0/legacy-module-definition": "off", "odoo/17.0/view-states-removed": "low" }, failOn: "none" },
        null,
        2,
      ),
    );
    const r = uplift(["scan", ".", "--format", "json"], dir);
    expect(r.status).toBe(0);
    const result = json<Result>(r.stdout);
    expect(result.findings.some((f) => f.ruleId === "odoo/17.0/legacy-module-definition")).toBe(false);
    expect(result.findings.find((f) => f.ruleId === "odoo/17.0/view-states-removed")?.severity).toBe("low");
    writeFileSync(path.join(dir, "uplift.config.json"), '{\n  "rules": {\n    "odoo/17.0/no-such-rule": "off"\n  }\n}\n');
    const bad = uplift(["scan", "."], dir);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe("uplift: uplift.config.json:3: rules: no rule 'odoo/17.0/no-such-rule' (see uplift rules list)\n");
    writeFileSync(path.join(dir, "uplift.config.json"), '{\n  "failOn": "sometimes"\n}\n');
    expect(uplift(["scan", "."], dir).stderr).toBe(
      "uplift: uplift.config.json:2: failOn must be one of critical, high, medium, low, none\n",
    );
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("--changed-since", () => {
  it("reports only the files changed on the branch", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "uplift-git-"));
    cpSync(path.join(repoRoot, "fixtures/odoo", ADDON), path.join(dir, ADDON), { recursive: true });
    const git = (...args: string[]): void => {
      const r = spawnSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { cwd: dir, encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
    };
    git("init", "-q", "-b", "main");
    git("add", ".");
    git("commit", "-qm", "base");
    const xml = path.join(dir, ADDON, "static/src/xml/delivery_window.xml");
    writeFileSync(xml, readFileSync(xml, "utf8").replace("<span t-esc", "<span t-raw"));
    const result = json<Result & { changedSince?: { ref: string; files: number; findingsLeftOut: number } }>(
      uplift(["scan", ".", "--changed-since", "main", "--format", "json"], dir).stdout,
    );
    expect([...new Set(result.findings.map((f) => f.file))]).toEqual([`${ADDON}/static/src/xml/delivery_window.xml`]);
    expect(result.changedSince).toEqual({ ref: "main", files: 1, findingsLeftOut: expect.any(Number) });
    expect(result.changedSince!.findingsLeftOut).toBeGreaterThan(10);
    const quiet = uplift(["scan", ".", "--changed-since", "main", "--fail-on", "critical"], dir).stdout;
    expect(quiet).toContain(
      `Only the 1 file changed since main are reported: ${result.changedSince!.findingsLeftOut} findings in other files were left out.`,
    );
    rmSync(dir, { recursive: true, force: true });
  });
});
