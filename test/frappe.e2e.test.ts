import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expectGolden, repoRoot, uplift } from "./helpers.js";

interface Finding {
  ruleId: string;
  file: string;
  line: number;
  column: number;
  snippet: string;
  embedded?: { pointer: string; line: number; column: number };
  impact: { artefacts: Array<{ type: string; name: string; record?: string }>; processes: string[] };
}

const temp: string[] = [];
afterAll(() => {
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

function scanFixture(): { findings: Finding[]; projects: Array<{ from: string; hops: string[] }> } {
  const r = uplift(["scan", "fixtures/frappe", "--format", "json", "--fail-on", "none"]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as { findings: Finding[]; projects: Array<{ from: string; hops: string[] }> };
}

describe("uplift scan on the Frappe fixture app", () => {
  it("gives the reviewed findings as JSON, byte for byte", () => {
    const r = uplift(["scan", "fixtures/frappe", "--format", "json"]);
    expect(r.status).toBe(1);
    expectGolden("frappe-scan.json", r.stdout);
    expect(uplift(["scan", "fixtures/frappe", "--format", "json"]).stdout).toBe(r.stdout);
  });

  it("shows a bundled library once, with its findings, in every format, and counts translation copies at their source", () => {
    const json = JSON.parse(uplift(["scan", "fixtures/frappe", "--format", "json", "--fail-on", "none"]).stdout) as {
      findings: Array<Finding & { library?: { name: string }; translationOf?: unknown; effortMinutes: number }>;
      summary: { files: { checked: number; relevant: number } };
    };
    const library = json.findings.filter((f) => f.file.endsWith("tiny_notify.js"));
    expect(library.length).toBe(2);
    expect(library.every((f) => f.library?.name === "TinyNotify")).toBe(true);
    expect(library.map((f) => f.effortMinutes).filter((m) => m > 0)).toHaveLength(1);
    // The customer's own scripts are not libraries, and the library file counts as checked.
    expect(json.findings.filter((f) => f.library && !f.file.endsWith("tiny_notify.js"))).toEqual([]);
    expect(json.summary.files.checked).toBe(json.summary.files.relevant);
    const copies = json.findings.filter((f) => f.translationOf);
    expect(copies.map((f) => [f.line, f.effortMinutes])).toEqual([
      [1, 0],
      [1, 0],
    ]);
    const markdown = uplift(["scan", "fixtures/frappe", "--format", "markdown", "--fail-on", "none"]).stdout;
    expect(markdown).toContain("## Bundled libraries");
    expect(markdown).toMatch(/\| TinyNotify 1\.2\.0 \| `acme_sales\/acme_sales\/public\/js\/tiny_notify\.js` \| licence banner \| 2 \|/);
    const stylish = uplift(["scan", "fixtures/frappe", "--no-color", "--fail-on", "none"]).stdout;
    expect(stylish).toContain(
      "Bundled library TinyNotify 1.2.0 (acme_sales/acme_sales/public/js/tiny_notify.js): 2 findings; upgrade or replace it",
    );
    const sarif = JSON.parse(uplift(["scan", "fixtures/frappe", "--format", "sarif", "--fail-on", "none"]).stdout) as {
      runs: Array<{ results: Array<{ properties: Record<string, unknown> }> }>;
    };
    expect(sarif.runs[0]!.results.filter((r) => r.properties.library === "TinyNotify")).toHaveLength(2);
    expect(sarif.runs[0]!.results.filter((r) => r.properties.translationOf)).toHaveLength(2);
    const html = uplift(["scan", "fixtures/frappe", "--format", "html", "--fail-on", "none"]).stdout;
    expect(html).toContain('<tr data-library="TinyNotify"><td>TinyNotify 1.2.0</td>');
  });

  it("reads the version the app states and checks each hop from it", () => {
    expect(scanFixture().projects).toEqual([
      { path: "acme_sales", erp: "frappe", from: "14", to: "16", hops: ["14-15", "15-16"], marker: "acme_sales/acme_sales/hooks.py" },
    ]);
  });

  it("flags removed globals in Client Scripts at the line of the fixture file, with the script's own line", () => {
    const { findings } = scanFixture();
    const alert = findings.find((f) => f.ruleId === "frappe/15/global-show-alert" && f.file.endsWith("client_script.json"))!;
    expect(alert).toMatchObject({ line: 9, embedded: { pointer: "/0/script", line: 4, column: 4 } });
    expect(alert.snippet).toBe("show_alert(__('Draft: check the delivery window'));");
    const text = readFileSync(path.join(repoRoot, "fixtures/frappe", alert.file), "utf8").split("\n")[alert.line - 1]!;
    expect(text.slice(alert.column - 1)).toMatch(/^show_alert\(/);
    expect(alert.impact).toEqual({
      artefacts: [{ type: "client script", name: "Sales Invoice-Form", record: "Sales Invoice" }],
      processes: ["order-to-cash"],
    });
  });

  it("prints where in the script a finding is, and finds the app's version when --include leaves pyproject.toml out", () => {
    const r = uplift(["scan", "fixtures/frappe", "--include", "**/client_script.json", "--fail-on", "none", "--verbose"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("calling it throws a ReferenceError. (script 4:4)  frappe/15/global-show-alert");
    expect(r.stdout).toContain("acme_sales: frappe 14 → 16");
  });

  it("leaves locals that shadow a removed global, dictionary keys and comments alone", () => {
    const { findings } = scanFixture();
    const globals = findings
      .filter((f) => /frappe\/15\/global-(user|roles)/.test(f.ruleId))
      .map((f) => `${f.file.split("/").pop()}:${f.line}`);
    // sales_order.js line 5 reads the globals; lines 2 (comment), 26-27 (a local and keys) do not;
    // the Item Client Script declares its own `user`; the Sales Invoice one silences `roles` with a reason.
    expect(globals).toEqual(["sales_order.js:5", "sales_order.js:5"]);
  });

  it("reads hooks.py and the Python the hooks name", () => {
    const { findings } = scanFixture();
    const at = (rule: string): string[] => findings.filter((f) => f.ruleId === rule).map((f) => `${f.file.split("/").pop()}:${f.line}`);
    expect(at("frappe/16/has-permission-returns-none")).toEqual(["permissions.py:4"]);
    expect(at("frappe/16/add-to-apps-screen")).toEqual(["hooks.py:1"]);
    expect(at("frappe/16/sql-in-fields")).toEqual(["sales_order.js:31", "tasks.py:5"]);
  });

  it("reads a Vue component's script blocks with the rules of the app's .js files, and its template and styles as no code", () => {
    const { findings } = scanFixture();
    const board = findings
      .filter((f) => f.file.endsWith("DeliveryBoard.vue"))
      .map((f) => `${f.ruleId} ${f.line}:${f.column}`)
      .sort();
    // Line 2 (a template comment), line 5 (an event handler) and the styles hold the same calls as
    // the script but are not code; the template's `/app/` route is markup text, which text rules read.
    expect(board).toEqual([
      "frappe/15/global-show-alert 20:4",
      "frappe/15/vue-2 12:1",
      "frappe/16/app-route-literal 21:27",
      "frappe/16/app-route-literal 4:13",
      "frappe/16/sync-frappe-call 19:4",
    ]);
  });

  it("lists a Vue component it cannot read, with the line, and goes on", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "uplift-frappe-vue-broken-"));
    temp.push(dir);
    cpSync(path.join(repoRoot, "fixtures/frappe"), dir, { recursive: true });
    const js = path.join(dir, "acme_sales/acme_sales/public/js");
    writeFileSync(path.join(js, "Open.vue"), "<template><p/></template>\n<script>\nfrappe.call({ async: false });\n");
    writeFileSync(path.join(js, "Deep.vue"), `<script>\nx = ${"(".repeat(100_000)}1${")".repeat(100_000)};\n</script>\n`);
    const r = uplift(["scan", ".", "--format", "json", "--fail-on", "none"], dir);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    const result = JSON.parse(r.stdout) as { findings: Finding[]; unchecked: Array<{ file: string; why: string }> };
    const parse = result.findings.filter((f) => f.ruleId === "uplift/parse-error").map((f) => `${f.file.split("/").pop()}:${f.line}`);
    expect(parse).toEqual(["Open.vue:2"]);
    expect(result.unchecked.filter((u) => u.file.endsWith(".vue")).map((u) => `${u.file.split("/").pop()} ${u.why}`)).toEqual([
      "Deep.vue skipped",
      "Open.vue unparseable",
    ]);
    expect(result.findings.filter((f) => f.file.endsWith("DeliveryBoard.vue"))).toHaveLength(5);
  });

  it("fixes a Vue component inside its script block only", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "uplift-frappe-vue-fix-"));
    temp.push(dir);
    cpSync(path.join(repoRoot, "fixtures/frappe"), dir, { recursive: true });
    const file = path.join(dir, "acme_sales/acme_sales/public/js/DeliveryBoard.vue");
    const before = readFileSync(file, "utf8");
    uplift(["scan", ".", "--fix", "--include", "**/*.vue", "--include", "**/hooks.py", "--fail-on", "none"], dir);
    const after = readFileSync(file, "utf8");
    const script = (text: string): string => text.slice(text.indexOf("<script>"), text.indexOf("</script>"));
    expect(after.slice(0, after.indexOf("<script>"))).toBe(before.slice(0, before.indexOf("<script>")));
    expect(after.slice(after.indexOf("</script>"))).toBe(before.slice(before.indexOf("</script>")));
    expect(script(after)).toContain('frappe.show_alert(__("Delivery windows reloaded"));');
    expect(script(after)).toContain('window.location.href = "/desk/sales-order?delivery_window="');
    expect(after).toContain(`<a :href="'/app/delivery-window/' + window.name">`);
  });

  it("rewrites a fix inside a Client Script as JSON string content", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "uplift-frappe-fix-"));
    temp.push(dir);
    cpSync(path.join(repoRoot, "fixtures/frappe"), dir, { recursive: true });
    const r = uplift(["scan", ".", "--fix", "--format", "json", "--fail-on", "none"], dir);
    expect(r.stderr).toMatch(/uplift: fixed \d+ problems in \d+ files/);
    const fixed = JSON.parse(readFileSync(path.join(dir, "acme_sales/acme_sales/fixtures/client_script.json"), "utf8")) as Array<{
      script: string;
    }>;
    expect(fixed[0]!.script).toContain("\t\t\tfrappe.show_alert(__('Draft: check the delivery window'));\n");
    expect(fixed[0]!.script).toContain("window.location.href = '/desk/delivery-window?sales_invoice='");
    expect(fixed[1]!.script).toContain("frm.set_value('opening_date', frappe.datetime.get_today());");
    const left = (JSON.parse(r.stdout) as { findings: Finding[] }).findings.map((f) => f.ruleId);
    expect(left).not.toContain("frappe/15/global-show-alert");
    expect(uplift(["scan", ".", "--fix-dry-run"], dir).stdout).toBe("");
  });
});

describe("a Frappe app that states its version nowhere but in the branch it is on", () => {
  function app(head: string | undefined): string {
    const dir = mkdtempSync(path.join(tmpdir(), "uplift-frappe-branch-"));
    temp.push(dir);
    mkdirSync(path.join(dir, "myapp/myapp"), { recursive: true });
    writeFileSync(path.join(dir, "myapp/myapp/hooks.py"), 'app_name = "myapp"\n');
    writeFileSync(path.join(dir, "myapp/myapp/api.py"), "import frappe\n\ndef total():\n    return frappe.db.get_value('User', 'x')\n");
    if (head !== undefined) {
      mkdirSync(path.join(dir, "myapp/.git"));
      writeFileSync(path.join(dir, "myapp/.git/HEAD"), head);
    }
    return dir;
  }
  const projects = (dir: string) =>
    (JSON.parse(uplift(["scan", dir, "--format", "json", "--fail-on", "none"]).stdout) as { projects: Array<{ from: string }> }).projects;

  it("reads the version from Frappe's release branch name the repository has checked out", () => {
    expect(projects(app("ref: refs/heads/version-14\n")).map((p) => p.from)).toEqual(["14"]);
    expect(projects(app("ref: refs/heads/version-15-hotfix\n")).map((p) => p.from)).toEqual(["15"]);
  });

  it("does not guess from another branch, a detached head, or a HEAD outside the scanned folder", () => {
    expect(projects(app("ref: refs/heads/develop\n")).map((p) => p.from)).toEqual(["unknown"]);
    expect(projects(app("0123456789abcdef0123456789abcdef01234567\n")).map((p) => p.from)).toEqual(["unknown"]);
    const outside = mkdtempSync(path.join(tmpdir(), "uplift-frappe-git-"));
    temp.push(outside);
    writeFileSync(path.join(outside, "HEAD"), "ref: refs/heads/version-14\n");
    const dir = app(undefined);
    symlinkSync(outside, path.join(dir, "myapp/.git"));
    expect(projects(dir).map((p) => p.from)).toEqual(["unknown"]);
  });
});
