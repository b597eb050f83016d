import { describe, expect, it } from "vitest";
import { renderGitlab, type GitlabIssue } from "../src/gitlab.js";
import { expectGolden, finding, HOSTILE, odooResult, scanResult } from "./scan-results.js";

const issues = (text: string): GitlabIssue[] => JSON.parse(text) as GitlabIssue[];

describe("renderGitlab", () => {
  it("writes a Code Quality array with the fields GitLab requires, one issue per finding", () => {
    const text = renderGitlab(odooResult());
    expect(text.charCodeAt(0)).not.toBe(0xfeff); // GitLab refuses a byte order mark
    const list = issues(text);
    expect(list).toHaveLength(14);
    for (const issue of list) {
      expect(Object.keys(issue)).toEqual(["description", "check_name", "fingerprint", "severity", "location", "categories"]);
      expect(issue.description).not.toBe("");
      expect(issue.fingerprint).toMatch(/^[0-9a-f]{32}$/);
      expect(["info", "minor", "major", "critical", "blocker"]).toContain(issue.severity);
      expect(issue.location.path).toMatch(/^fixtures\/odoo\/sale_delivery_window\//);
      expect(issue.location.path.startsWith("./")).toBe(false);
      expect(issue.location.lines.begin).toBeGreaterThanOrEqual(1);
      expect(issue.location.lines.end).toBeGreaterThanOrEqual(issue.location.lines.begin);
    }
    expect(new Set(list.map((i) => i.fingerprint)).size).toBe(list.length);
    expect(list[0]).toEqual({
      description:
        "The web.assets_common bundle no longer exists in 17.0; files listed in it are not loaded. Replacement: Move the files to web.assets_backend, web.assets_frontend or the bundle that needs them.",
      check_name: "odoo/17.0/assets-common-removed",
      fingerprint: expect.any(String),
      severity: "critical",
      location: { path: "fixtures/odoo/sale_delivery_window/__manifest__.py", lines: { begin: 20, end: 22 } },
      categories: ["Compatibility"],
    });
  });

  it("maps critical/high/medium/low to blocker/critical/major/minor", () => {
    const list = issues(
      renderGitlab(scanResult((["critical", "high", "medium", "low"] as const).map((severity, i) => finding({ severity, line: i + 1 })))),
    );
    expect(list.map((i) => i.severity)).toEqual(["blocker", "critical", "major", "minor"]);
  });

  it("points archive members at the archive in the repository and names the member in the description", () => {
    const [issue] = issues(
      renderGitlab(scanResult([finding({ file: "exports/sol.zip!/views/form.xml", line: 8, column: 2 })], { root: "./customer/" })),
    );
    expect(issue?.location).toEqual({ path: "customer/exports/sol.zip", lines: { begin: 1, end: 1 } });
    expect(issue?.description.startsWith("exports/sol.zip!/views/form.xml:8:2: ")).toBe(true);
  });

  it("keeps paths relative to an absolute scan root, since GitLab wants repository paths", () => {
    const [issue] = issues(renderGitlab(scanResult([finding()], { root: "/builds/group/project" })));
    expect(issue?.location.path).toBe("addon/views/form.xml");
  });

  it("gives an empty array for a clean scan and a fingerprint to hand-built findings", () => {
    expect(renderGitlab(scanResult([]))).toBe("[]\n");
    const [a, b] = issues(renderGitlab(scanResult([finding({ fingerprint: "" }), finding({ fingerprint: "", line: 9 })])));
    expect(a?.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(a?.fingerprint).not.toBe(b?.fingerprint);
  });

  it("carries hostile text as well-formed JSON", () => {
    const text = renderGitlab(scanResult([finding({ message: HOSTILE, replacement: "", file: "addon/x\u0000.js" })]));
    const [issue] = issues(text);
    expect(issue?.description).toBe(HOSTILE.replace("\ud800", "\ufffd"));
    expect(issue?.location.path).toBe("addon/x\u0000.js");
  });

  it("is deterministic and matches the reviewed golden report for the fixture", () => {
    const text = renderGitlab(odooResult());
    expect(renderGitlab(odooResult())).toBe(text);
    expectGolden("odoo.gitlab.json", text);
  });
});
