import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { discover } from "@uplift/core";
import { describe, expect, it } from "vitest";
import type { Catalogue } from "../src/catalogue.js";
import { compareVersions, planUpgrade } from "../src/plan.js";
import { activeRules } from "../src/rule-scope.js";
import { detectProjects, type Project } from "../src/projects.js";
import type { Profile, Rule, RulePack } from "../src/rule-types.js";
import { testRule } from "./test-rule.js";

const versions = ["1.0", "1.38", "1.60", "1.71", "1.75", "1.84", "1.96", "1.120", "1.136", "2.0"];

const profile: Profile = {
  erp: "ui",
  name: "UI",
  versions,
  milestones: ["1.0", "1.38", "1.71", "1.84", "1.96", "1.120", "1.136", "2.0"],
  defaultFrom: "1.0",
  defaultTo: "2.0",
  detect: [
    {
      file: "ui5.yaml",
      outermost: true,
      requires: "/specVersion",
      version: { json: "/framework/version", pattern: "^(\\d+\\.\\d+)" },
    },
    {
      file: "manifest.json",
      outermost: true,
      requires: "/sap.app",
      version: { json: "/sap.ui5/dependencies/minUI5Version", pattern: "^(\\d+\\.\\d+)" },
    },
    { file: "index.html", versionOnly: true, version: { attribute: "script@src", pattern: "/(\\d+\\.\\d+)\\.\\d+/resources/" } },
  ],
  source: "profile.yaml",
};

const rule = (id: string, extra: Partial<Rule> = {}): Rule => testRule(id, { call: "x" }, extra);

function pack(from: string, to: string, rules: Rule[]): RulePack {
  return { erp: "ui", from, to, title: `${from}-${to}`, rules, source: `${from}-${to}.yaml`, ruleLines: {} };
}

function catalogue(packs: RulePack[]): Catalogue {
  return { rulesDir: "rules", profiles: new Map([["ui", profile]]), packs: new Map([["ui", packs]]) };
}

function project(cat: Catalogue, from: string, to: string): Project {
  const last = versions[versions.length - 1]!;
  return {
    path: ".",
    profile,
    marker: undefined,
    from,
    to,
    hops: planUpgrade(cat, profile, from, to),
    pastHops: from === versions[0] ? [] : planUpgrade(cat, profile, versions[0]!, from),
    laterHops: to === last ? [] : planUpgrade(cat, profile, to, last),
  };
}

describe("versions", () => {
  it("orders dotted versions by their numbers", () => {
    expect(compareVersions(profile, "1.120", "1.96")).toBeGreaterThan(0);
    expect(compareVersions(profile, "1.58.2", "1.60")).toBeLessThan(0);
    expect(compareVersions(profile, "2.0", "1.136")).toBeGreaterThan(0);
    expect(compareVersions(profile, "1.71", "1.71.0")).toBe(0);
  });

  it("hops from milestone to milestone, starting inside the pack that covers the project's version", () => {
    const main = pack("1.71", "1.84", []);
    const hops = planUpgrade(catalogue([main, pack("1.136", "2.0", [])]), profile, "1.75", "2.0");
    expect(hops.map((h) => h.label)).toEqual(["1.75-1.84", "1.84-1.96", "1.96-1.120", "1.120-1.136", "1.136-2.0"]);
    expect(hops[0]!.pack).toBe(main);
    expect(hops[1]!.pack).toBeUndefined();
  });

  it("merges a hop's packs once per catalogue: hundreds of projects planning the same hop share it", () => {
    const written = pack("1.136", "2.0", [rule("ui/2.0/written")]);
    const derived = { ...pack("1.136", "2.0", [rule("ui/2.0/derived")]), derivedFrom: { package: "@ui/types", version: "2.0.0" } };
    const cat = catalogue([written, derived]);
    const first = planUpgrade(cat, profile, "1.136", "2.0")[0]!.pack!;
    expect(first.rules.map((r) => r.id)).toEqual(["ui/2.0/written", "ui/2.0/derived"]);
    expect(planUpgrade(cat, profile, "1.120", "2.0")[1]!.pack).toBe(first);
    // Another catalogue (another rules folder) merges its own.
    expect(planUpgrade(catalogue([written, derived]), profile, "1.136", "2.0")[0]!.pack).not.toBe(first);
  });
});

describe("rules with since and removedIn", () => {
  const rules = [
    rule("ui/2.0/old", { since: "1.38", removedIn: "2.0" }),
    rule("ui/2.0/recent", { since: "1.120", removedIn: "2.0" }),
    rule("ui/2.0/gone-long-ago", { since: "1.40", removedIn: "1.60" }),
    rule("ui/2.0/plain"),
  ];
  const cat = catalogue([pack("1.136", "2.0", rules)]);
  const planned = (from: string, to: string): Record<string, string> =>
    Object.fromEntries(
      activeRules(project(cat, from, to)).map((p) => [
        p.rule.id,
        `${p.rule.change}/${p.rule.severity}${p.past ? "/past" : ""} ${p.hop.label}`,
      ]),
    );

  it("reports everything as removed when the target has reached removedIn, wherever the pack is", () => {
    expect(planned("1.71", "2.0")).toEqual({
      "ui/2.0/old": "removed/high 1.136-2.0",
      "ui/2.0/recent": "removed/high 1.136-2.0",
      "ui/2.0/gone-long-ago": "removed/high/past 1.38-1.71",
      "ui/2.0/plain": "removed/high 1.136-2.0",
    });
  });

  it("reports a low deprecation before removedIn and nothing deprecated after the target", () => {
    expect(planned("1.71", "1.96")).toEqual({
      "ui/2.0/old": "deprecated/low 1.71-1.84",
      "ui/2.0/gone-long-ago": "removed/high/past 1.38-1.71",
    });
  });

  it("keeps the hop of its pack for a rule without versions", () => {
    expect(planned("1.136", "2.0")["ui/2.0/plain"]).toBe("removed/high 1.136-2.0");
    expect(planned("1.96", "1.120")["ui/2.0/plain"]).toBeUndefined();
  });
});

describe("project versions from several markers", () => {
  const write = (root: string, files: Record<string, string>): void => {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), text);
    }
  };
  const detect = async (files: Record<string, string>): Promise<Array<{ path: string; from: string; marker?: string }>> => {
    const root = mkdtempSync(path.join(os.tmpdir(), "uplift-versions-"));
    write(root, files);
    const found = await discover(root, {});
    const { projects } = await detectProjects(catalogue([]), found.candidates, found.candidates, {}, new Map());
    return projects.map((p) => ({ path: p.path, from: p.from, marker: p.marker }));
  };

  it("joins webapp/manifest.json to the ui5.yaml project and takes its minimum version", async () => {
    expect(
      await detect({
        "ui5.yaml": "specVersion: '3.0'\ntype: application\n",
        "webapp/manifest.json": '{ "sap.app": { "id": "a" }, "sap.ui5": { "dependencies": { "minUI5Version": "1.71.0" } } }',
      }),
    ).toEqual([{ path: ".", from: "1.71", marker: "ui5.yaml" }]);
  });

  it("prefers the framework version of ui5.yaml", async () => {
    expect(
      await detect({
        "ui5.yaml": "specVersion: '3.0'\nframework:\n  name: OpenUI5\n  version: 1.120.4\n",
        "webapp/manifest.json": '{ "sap.app": { "id": "a" }, "sap.ui5": { "dependencies": { "minUI5Version": "1.60.0" } } }',
      }),
    ).toEqual([{ path: ".", from: "1.120", marker: "ui5.yaml" }]);
  });

  it("ignores a manifest.json that is not a UI5 descriptor, and dates a project from its bootstrap URL", async () => {
    expect(
      await detect({
        "pwa/manifest.json": '{ "name": "A web app", "icons": [] }',
        "app/manifest.json": '{ "sap.app": { "id": "a" } }',
        "app/index.html":
          '<script src="other.js"></script><script id="sap-ui-bootstrap" src="https://cdn.example/1.96.3/resources/sap-ui-core.js"></script>',
      }),
    ).toEqual([{ path: "app", from: "1.96", marker: "app/manifest.json" }]);
  });
});

describe("placing a project's rules", () => {
  // Rules are placed once per profile and hops: a profile of its own keeps each case apart.
  const own = (cat: Catalogue): Project => ({ ...project(cat, "1.136", "2.0"), profile: { ...profile } });
  /** A rule whose match counts how often its symbols are read. */
  const counted = (id: string, reads: { n: number }, extra: Partial<Rule> = {}): Rule => {
    const r = rule(id, extra);
    return {
      ...r,
      match: new Proxy(r.match, {
        ownKeys: (target) => {
          reads.n++;
          return Reflect.ownKeys(target);
        },
      }),
    };
  };

  it("reads no rule's symbols when none of its packs' rules is derived", () => {
    const reads = { n: 0 };
    const cat = catalogue([pack("1.136", "2.0", [counted("ui/2.0/a", reads), counted("ui/2.0/b", reads)])]);
    expect(activeRules(own(cat)).map((a) => a.rule.id)).toEqual(["ui/2.0/a", "ui/2.0/b"]);
    expect(reads.n).toBe(0);
  });

  it("leaves out a derived rule for a symbol a hand-written rule matches", () => {
    const reads = { n: 0 };
    const written = testRule("ui/2.0/written", { call: { symbol: "sap.ui.x" } });
    const derived = rule("ui/2.0/derived", { derived: { symbol: "sap.ui.x" } as Rule["derived"] });
    const other = rule("ui/2.0/other", { derived: { symbol: "sap.ui.y" } as Rule["derived"] });
    const cat = catalogue([pack("1.136", "2.0", [written, derived, other, counted("ui/2.0/c", reads)])]);
    expect(activeRules(own(cat)).map((a) => a.rule.id)).toEqual(["ui/2.0/written", "ui/2.0/other", "ui/2.0/c"]);
    expect(reads.n).toBeGreaterThan(0);
  });
});
