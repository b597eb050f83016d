import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { uplift } from "./helpers.js";
import { tempFolders } from "./support/trees.js";

interface Result {
  projects: Array<{ path: string; from: string; marker?: string }>;
  findings: Array<{ ruleId: string; file: string; line: number; project: string }>;
}

const tempDir = tempFolders();

function tree(files: Record<string, string>): string {
  const dir = tempDir("uplift-ui5-library-");
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

function scan(dir: string, ...flags: string[]): Result {
  const r = uplift(["scan", dir, "--format", "json", "--fail-on", "none", ...flags]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Result;
}

const page = (src: string): string =>
  `<!DOCTYPE html>\n<html><head>\n<script id="sap-ui-bootstrap" src="${src}"></script>\n</head><body></body></html>\n`;

describe("a UI5 control library without a descriptor", () => {
  it("is a project where its library.js hands it to UI5, rooted where its namespace starts", () => {
    const dir = tree({
      // Before 1.120: the global core's initLibrary; a test page inside says the version.
      "maps/src/acme/maps/library.js":
        'sap.ui.define(["sap/ui/core/library"], function () {\n  sap.ui.getCore().initLibrary({ name: "acme.maps", controls: ["acme.maps.Map"] });\n  return acme.maps;\n});\n',
      "maps/src/acme/maps/Map.js":
        'sap.ui.define(["sap/ui/core/Control"], function (Control) {\n  jQuery.sap.require("acme.maps.util");\n});\n',
      "maps/src/acme/maps/test/index.html": page("https://cdn.example/1.96.3/resources/sap-ui-core.js"),
      // Since 1.120: Lib.init from sap/ui/core/Lib, in TypeScript; a build that maps the namespace onto src.
      "charts/src/library.ts": 'import Lib from "sap/ui/core/Lib";\nexport default Lib.init({ name: "acme.charts", apiVersion: 2 });\n',
      // The Core module's initLibrary; no src folder: the root is where the namespace starts.
      "flat/acme/flat/library.js":
        'sap.ui.define(["sap/ui/core/Core"], function (Core) {\n  Core.initLibrary({ name: "acme.flat" });\n});\n',
    });
    const result = scan(dir);
    expect(result.projects.map((p) => [p.path, p.from, p.marker])).toEqual([
      ["charts/src", "1.0", "charts/src/library.ts"],
      ["flat", "1.0", "flat/acme/flat/library.js"],
      ["maps/src", "1.96", "maps/src/acme/maps/library.js"],
    ]);
    expect(result.findings.map((f) => `${f.project} ${f.file}:${f.line} ${f.ruleId}`)).toContain(
      "maps/src maps/src/acme/maps/Map.js:2 sapui5/2.0/jquery-sap-require",
    );
  });

  it("is none where the call is not UI5's: a local of the same name, a parameter named sap, a comment or a string", () => {
    const dir = tree({
      "app/webapp/manifest.json": '{"sap.app": {"id": "app"}}',
      "own/src/acme/own/library.js":
        'var Lib = { init: function () {} };\nLib.init({ name: "acme.own" });\nfunction start(sap) {\n  sap.ui.getCore().initLibrary({ name: "acme.own" });\n}\n// sap.ui.getCore().initLibrary({ name: "acme.own" });\nvar text = "sap.ui.getCore().initLibrary";\n',
      "core/src/acme/core/library.js": 'sap.ui.define(["acme/Core"], function (Core) {\n  Core.initLibrary({ name: "acme.core" });\n});\n',
    });
    expect(scan(dir).projects.map((p) => p.path)).toEqual(["app/webapp"]);
  });

  it("starts no project of its own where a descriptor marks the library", () => {
    const dir = tree({
      "lib/src/acme/desc/manifest.json": '{"sap.app": {"id": "acme.desc", "type": "library"}}',
      "lib/src/acme/desc/library.js":
        'sap.ui.define(["sap/ui/core/Lib"], function (Library) {\n  return Library.init({ name: "acme.desc", apiVersion: 2 });\n});\n',
    });
    expect(scan(dir).projects.map((p) => [p.path, p.marker])).toEqual([["lib/src/acme/desc", "lib/src/acme/desc/manifest.json"]]);
  });
});
