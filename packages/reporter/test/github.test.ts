import { describe, expect, it } from "vitest";
import { escapeData, escapeProperty, renderGithub } from "../src/github.js";
import { expectGolden, finding, HOSTILE, odooResult, scanResult } from "./scan-results.js";

/** Reads a workflow command back the way the runner does: properties split on ",", then "=". */
function parseCommand(line: string): { command: string; properties: Record<string, string>; message: string } {
  const m = /^::(\w+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!m) throw new Error(`not a workflow command: ${line}`);
  const unescape = (s: string): string =>
    s.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%3A/g, ":").replace(/%2C/g, ",").replace(/%25/g, "%");
  const properties: Record<string, string> = {};
  for (const pair of (m[2] ?? "").split(",").filter(Boolean)) {
    const at = pair.indexOf("=");
    properties[pair.slice(0, at)] = unescape(pair.slice(at + 1));
  }
  return { command: m[1] ?? "", properties, message: unescape(m[3] ?? "") };
}

describe("renderGithub", () => {
  it("writes one annotation command per finding, levels from severity", () => {
    const lines = renderGithub(odooResult()).trimEnd().split("\n");
    expect(lines).toHaveLength(14);
    const first = parseCommand(lines[0] ?? "");
    expect(first).toEqual({
      command: "error",
      properties: {
        file: "fixtures/odoo/sale_delivery_window/__manifest__.py",
        line: "20",
        endLine: "22",
        title: "web.assets_common is removed (odoo/17.0/assets-common-removed)",
      },
      message:
        "The web.assets_common bundle no longer exists in 17.0; files listed in it are not loaded. Replacement: Move the files to web.assets_backend, web.assets_frontend or the bundle that needs them.",
    });
    const levels = (["critical", "high", "medium", "low"] as const).map(
      (severity) => parseCommand(renderGithub(scanResult([finding({ severity })])).trimEnd()).command,
    );
    expect(levels).toEqual(["error", "error", "warning", "notice"]);
  });

  it("gives columns only for annotations on one line", () => {
    const one = parseCommand(renderGithub(scanResult([finding({ line: 4, column: 7, endLine: 4, endColumn: 12 })])).trimEnd());
    expect(one.properties).toMatchObject({ line: "4", col: "7", endLine: "4", endColumn: "12" });
    const two = parseCommand(renderGithub(scanResult([finding({ line: 4, column: 7, endLine: 6, endColumn: 2 })])).trimEnd());
    expect(two.properties).not.toHaveProperty("col");
    expect(two.properties).not.toHaveProperty("endColumn");
  });

  it("escapes %, CR and LF in the message and also : and , in properties, as @actions/core does", () => {
    expect(escapeData("100% done\r\nnext: a, b")).toBe("100%25 done%0D%0Anext: a, b");
    expect(escapeProperty("100% done\r\nnext: a, b")).toBe("100%25 done%0D%0Anext%3A a%2C b");
    const out = renderGithub(scanResult([finding({ message: HOSTILE, replacement: "", title: HOSTILE, file: "addon/a,b:c%d\n.js" })]));
    expect(out.split("\n")).toHaveLength(2); // one line and the final newline: nothing can start a second command
    const parsed = parseCommand(out.trimEnd());
    expect(parsed.command).toBe("error");
    expect(parsed.properties.file).toBe("addon/a,b:c%d\n.js");
    expect(parsed.properties.title).toBe(`${HOSTILE} (odoo/17.0/view-attrs-removed)`);
    expect(parsed.message).toBe(HOSTILE);
  });

  it("annotates the archive for a finding inside one and names the member in the message", () => {
    const parsed = parseCommand(renderGithub(scanResult([finding({ file: "x.zip!/views/form.xml", line: 8, column: 2 })])).trimEnd());
    expect(parsed.properties).toEqual({ file: "x.zip", title: "attrs is no longer read in views (odoo/17.0/view-attrs-removed)" });
    expect(parsed.message.startsWith("x.zip!/views/form.xml:8:2: ")).toBe(true);
  });

  it("prints nothing for a clean scan and matches the reviewed golden output for the fixture", () => {
    expect(renderGithub(scanResult([]))).toBe("");
    const text = renderGithub(odooResult());
    expect(renderGithub(odooResult())).toBe(text);
    expectGolden("odoo.github.txt", text);
  });
});
