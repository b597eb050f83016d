// Microsoft's Power Apps checker as an oracle. Microsoft publishes the checker's web-resource rules
// as @microsoft/eslint-plugin-power-apps; we run it on the JavaScript (and TypeScript) web resources
// of our fixtures and require that Uplift finds everything it finds for the rules both tools have,
// on the same file and line. Where Uplift finds more, each place is listed below with the reason.
// docs/peers.md has the comparison in prose.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { ESLint, type Linter } from "eslint";
import { strFromU8, unzipSync } from "fflate";
import tseslint from "typescript-eslint";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot, uplift } from "./helpers.js";

// The plug-in ships CommonJS without type declarations.
const require = createRequire(import.meta.url);
const powerApps = require("@microsoft/eslint-plugin-power-apps") as ESLint.Plugin;
const powerAppsVersion = (require("@microsoft/eslint-plugin-power-apps/package.json") as { version: string }).version;
const PREFIX = "@microsoft/power-apps/";

/**
 * Checker rule → the Uplift rules that report the same thing. Reviewed against the plug-in's source
 * (lib/rules/*.js, version 0.5.1) and the `docs:` of each Uplift rule.
 */
const SHARED: Record<string, string[]> = {
  // getServerUrl, getAuthenticationHeader, isOutlookClient/isOutlookOnline, Xrm.Page.ui.getCurrentControl.
  "avoid-2011-api": [
    "dynamics365/7.0/get-server-url",
    "dynamics365/7.0/get-authentication-header",
    "dynamics365/7.0/outlook-client-methods",
    "dynamics365/9.0/get-current-control",
  ],
  "avoid-browser-specific-api": ["dynamics365/next/activex-object"],
  "avoid-crm2011-service-odata": ["dynamics365/next/odata-v2-endpoint"],
  "avoid-crm2011-service-soap": ["dynamics365/next/soap-endpoint-from-script"],
  // In a file that uses Xrm: document.* members, jQuery's $(…) (its "window.$" entry), parent.document
  // and the legacy contentIFrameN frames.
  "avoid-dom-form": [
    "dynamics365/next/form-dom-access",
    "dynamics365/next/jquery-in-form-script",
    "dynamics365/next/host-page-dom",
    "dynamics365/9.2/legacy-web-client-frames",
  ],
  "avoid-isactivitytype": ["dynamics365/next/is-activity-type"],
  "avoid-jquery211-library": ["dynamics365/next/jquery-211-removed"],
  "avoid-modals": ["dynamics365/next/show-modal-dialog"],
  // Mscrm/XUI/CrmEncodeDecode/Microsoft.Crm, Xrm.<unpublished>, ~250 application globals, crmFormSubmit, crmGrid & co.
  "avoid-unpub-api": [
    "dynamics365/next/unsupported-namespaces",
    "dynamics365/next/unsupported-xrm-members",
    "dynamics365/next/unsupported-globals",
    "dynamics365/6.0/crm4-form-object",
    "dynamics365/9.2/legacy-web-client-frames",
  ],
  "avoid-window-top": ["dynamics365/next/window-top"],
  "use-appsidepane-api": ["dynamics365/next/xrm-panel-load-panel"],
  "use-async": ["dynamics365/next/synchronous-request"],
  // The checker flags parent.Xrm.Page too; Uplift reports that under parent-xrm. Xrm.Page in
  // Xrm.Page.context is reported by xrm-page-context alone, whose replacement is the one to write there.
  "use-client-context": ["dynamics365/next/xrm-page", "dynamics365/next/parent-xrm", "dynamics365/next/xrm-page-context"],
  "use-global-context": ["dynamics365/next/xrm-page-context"],
  "use-grid-api": ["dynamics365/next/grid-row-get-data"],
  // Xrm.Utility.alertDialog/confirmDialog, openEntityForm/openQuickCreate, openWebResource; Xrm.Navigation.openDialog.
  "use-navigation-api": [
    "dynamics365/next/utility-dialogs",
    "dynamics365/next/utility-open-form",
    "dynamics365/next/utility-open-web-resource",
    "dynamics365/next/unsupported-xrm-members",
  ],
  "use-offline": ["dynamics365/next/xrm-mobile-offline"],
  "use-org-setting": ["dynamics365/next/context-org-methods"],
  "use-utility-dialogs": ["dynamics365/next/browser-dialogs"],
};

/** Checker rules with no Uplift counterpart, and why. */
const CHECKER_ONLY: Record<string, string> = {
  "avoid-dom-form-event":
    "addEventListener/attachEvent/onclick= and jQuery .on/.click in a file that uses Xrm: the calls are the browser's own and keep working; the unsupported part is the form element, which form-dom-access reports where it is looked up",
  "avoid-loadtheme": "Fluent UI v8 loadTheme in code components: styling advice (use ThemeProvider); nothing in the platform removes it",
  "avoid-ui-refreshribbon":
    "performance advice (duplicate ribbon requests) for a supported API, and only meaningful in form OnLoad or ribbon rules, a link Uplift does not make yet (9.2-next.yaml notes)",
  "do-not-make-parent-assumption":
    "design advice on any window.parent/opener/this.parent (it skips expressions naming Xrm); Uplift reports only the parent paths that are documented to break, under their own rules (parent-xrm, host-page-dom, window-top, crm4-form-object, unsupported-namespaces)",
  "use-cached-webresource": "performance: a /WebResources/ URL bypasses the browser cache; it keeps working across upgrades",
  "use-getsecurityroleprivilegesinfo": "performance advice; userSettings.securityRolePrivileges is not deprecated (9.2-next.yaml notes)",
  "use-relative-uri":
    "performance and portability: an absolute URL to a live endpoint keeps working; absolute URLs to removed endpoints are reported by the endpoint rules",
};

/**
 * Where Uplift reports more than the checker on the linted web resources: findings of a shared rule
 * on a line where the checker's counterpart is silent, and findings of Uplift rules the checker has
 * no rule for. `file` is the web resource's name (the same in the unpacked folder and in the
 * exported zip) or its path in the TypeScript tree.
 */
const UPLIFT_FINDS_MORE: Array<{ file: string; line: number; rule: string; why: string }> = [
  {
    file: "new_/scripts/account_form.js",
    line: 10,
    rule: "dynamics365/next/context-user-methods",
    why: "context.getUserId() is in Microsoft's 9.0 client API deprecation list (moved to userSettings.userId); the checker has a rule for the organisation methods (use-org-setting) but none for the user methods",
  },
  {
    file: "new_/scripts/account_form.js",
    line: 28,
    rule: "dynamics365/next/context-user-methods",
    why: "context.getUserLcid() is deprecated in the same list (userSettings.languageId); no checker rule",
  },
  {
    file: "new_/scripts/opportunity_form.js",
    line: 6,
    rule: "dynamics365/next/tab-set-display-state",
    why: "Microsoft's setDisplayState reference says it is deprecated with 2021 release wave 1 (use setFocus); the checker has no rule for it",
  },
  {
    file: "new_/scripts/sales_common.js",
    line: 73,
    rule: "dynamics365/next/grid-row-get-data",
    why: "row.getData().getEntity() is deprecated (9.0 list); the checker's use-grid-api tracks a row list only from a bare getGrid() call or a variable it already knows is a grid, so rows = formContext.getControl(...).getGrid().getSelectedRows() and its forEach rows go unreported",
  },
  {
    file: "src/case_form.ts",
    line: 12,
    rule: "dynamics365/next/context-user-methods",
    why: "context.getUserName() is deprecated in the 9.0 list (userSettings.userName); no checker rule",
  },
];

/** Uplift rules that fire only in files the ESLint plug-in does not read, and why. */
const OUTSIDE_THE_CHECKERS_REACH: Record<string, string> = {
  "dynamics365/next/parent-xrm": "an HTML web resource's inline script (account_map.html); the plug-in lints JavaScript only",
  "dynamics365/link/pass-execution-context": "form XML: the handler must pass the execution context once its code moves off Xrm.Page",
  "dynamics365/link/handler-function-missing": "form XML: a handler names a function its library does not define",
};

interface Finding {
  ruleId: string;
  file: string;
  line: number;
}

/** One linted web resource: its name, where Uplift reports it, and what ESLint reads. */
interface WebResource {
  name: string;
  upliftFile: string;
  lintPath: string;
  text: string;
}

interface Source {
  label: string;
  resources: WebResource[];
  findings: Finding[];
}

interface Hit {
  file: string;
  line: number;
  rule: string;
}

const fixtures = path.join(repoRoot, "fixtures");
const solutionRoot = path.join(fixtures, "dynamics365");
const tsRoot = path.join(fixtures, "dynamics365-webresources");
const zipName = "ContosoSales_1_4_0_0.zip";

function scan(args: string[]): Finding[] {
  const run = uplift(["scan", ...args, "--format", "json", "--fail-on", "none"]);
  expect(run.stderr).toBe("");
  return (JSON.parse(run.stdout) as { findings: Finding[] }).findings;
}

function filesUnder(dir: string, extension: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith(extension))
    .map((f) => f.split(path.sep).join("/"))
    .sort();
}

function unpackedScripts(): WebResource[] {
  const dir = path.join(solutionRoot, "ContosoSales/WebResources");
  return filesUnder(dir, ".js").map((name) => {
    const lintPath = path.join(dir, name);
    return { name, upliftFile: `ContosoSales/WebResources/${name}`, lintPath, text: readFileSync(lintPath, "utf8") };
  });
}

/** The JavaScript web resources of the exported zip, named as customizations.xml names them. */
function exportedScripts(): WebResource[] {
  const zipPath = path.join(solutionRoot, zipName);
  const members = unzipSync(readFileSync(zipPath));
  const customizations = strFromU8(members["customizations.xml"]!);
  const out: WebResource[] = [];
  for (const [, block] of customizations.matchAll(/<WebResource>([\s\S]*?)<\/WebResource>/g)) {
    const field = (tag: string): string => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(block!)?.[1] ?? "";
    if (field("WebResourceType") !== "3") continue;
    const member = field("FileName").replace(/^\//, "");
    // ESLint picks its configuration by file name; an exported web resource has no extension.
    out.push({
      name: field("Name"),
      upliftFile: `${zipName}!/${member}`,
      lintPath: `${zipPath}!/${member}.js`,
      text: strFromU8(members[member]!),
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function typeScriptSources(): WebResource[] {
  return filesUnder(path.join(tsRoot, "src"), ".ts").map((f) => {
    const lintPath = path.join(tsRoot, "src", f);
    return { name: `src/${f}`, upliftFile: `src/${f}`, lintPath, text: readFileSync(lintPath, "utf8") };
  });
}

const eslint = new ESLint({
  cwd: repoRoot,
  overrideConfigFile: true,
  overrideConfig: [
    // Web resources are classic scripts. The plug-in's rules read syntax only (no scope analysis),
    // so the globals are declared for completeness, not because a rule needs them.
    {
      files: ["**/*.js"],
      languageOptions: { ecmaVersion: "latest", sourceType: "script", globals: { Xrm: "readonly", GetGlobalContext: "readonly" } },
    },
    { files: ["**/*.ts"], languageOptions: { parser: tseslint.parser, ecmaVersion: "latest", sourceType: "module" } },
    {
      plugins: { "@microsoft/power-apps": powerApps },
      rules: Object.fromEntries(Object.keys(powerApps.rules ?? {}).map((r): [string, Linter.RuleEntry] => [PREFIX + r, "warn"])),
    },
  ],
});

async function checkerHits(resources: WebResource[]): Promise<Hit[]> {
  const hits: Hit[] = [];
  for (const r of resources) {
    const [result] = await eslint.lintText(r.text, { filePath: r.lintPath });
    for (const m of result!.messages) {
      // A parse error or an unlinted file would leave the oracle silently blind.
      if (!m.ruleId?.startsWith(PREFIX)) throw new Error(`${r.name}:${m.line} ${m.message}`);
      hits.push({ file: r.name, line: m.line, rule: m.ruleId.slice(PREFIX.length) });
    }
  }
  return hits;
}

const key = (h: { file: string; line: number; rule: string }): string => `${h.file}:${h.line} ${h.rule}`;
const unique = (xs: string[]): string[] => [...new Set(xs)].sort();

/** Checker rules whose counterparts include this Uplift rule. */
function counterparts(upliftRule: string): string[] {
  return Object.keys(SHARED).filter((c) => SHARED[c]!.includes(upliftRule));
}

const sources: Source[] = [];
const checker = new Map<string, Hit[]>();

beforeAll(async () => {
  const solution = scan(["fixtures/dynamics365"]);
  const tree = scan(["fixtures/dynamics365-webresources", "--erp", "dynamics365"]);
  sources.push(
    { label: "the unpacked solution", resources: unpackedScripts(), findings: solution },
    { label: "the exported solution zip", resources: exportedScripts(), findings: solution },
    { label: "the TypeScript web resources", resources: typeScriptSources(), findings: tree },
  );
  for (const s of sources) checker.set(s.label, await checkerHits(s.resources));
});

/** Uplift's findings in a source's linted files, named like the checker's. */
function upliftHits(source: Source): Hit[] {
  const names = new Map(source.resources.map((r) => [r.upliftFile, r.name]));
  return source.findings.flatMap((f) => {
    const name = names.get(f.file);
    return name === undefined ? [] : [{ file: name, line: f.line, rule: f.ruleId }];
  });
}

describe("Microsoft's Power Apps checker as an oracle", () => {
  it("is version 0.5.1, and each of its rules is either shared or listed with a reason", () => {
    expect(powerAppsVersion).toBe("0.5.1");
    const rules = Object.keys(powerApps.rules ?? {}).sort();
    expect(rules).toHaveLength(26);
    expect(unique([...Object.keys(SHARED), ...Object.keys(CHECKER_ONLY)])).toEqual(rules);
    for (const r of Object.keys(SHARED)) expect(CHECKER_ONLY[r], r).toBeUndefined();
  });

  it("maps to Uplift rules that exist", () => {
    const listed = uplift(["rules", "list", "--erp", "dynamics365"]).stdout;
    const known = new Set([...listed.matchAll(/^\s+(dynamics365\/\S+)/gm)].map((m) => m[1]));
    const mapped = unique(Object.values(SHARED).flat());
    expect(mapped.filter((id) => !known.has(id))).toEqual([]);
  });

  it("reads every web resource of the fixtures", () => {
    const scripts = [
      "new_/scripts/account_form.js",
      "new_/scripts/account_ribbon.js",
      "new_/scripts/opportunity_form.js",
      "new_/scripts/sales_common.js",
    ];
    expect(sources.map((s) => [s.label, s.resources.map((r) => r.name)])).toEqual([
      ["the unpacked solution", scripts],
      ["the exported solution zip", scripts],
      ["the TypeScript web resources", ["src/case_form.ts", "src/case_ribbon.ts"]],
    ]);
  });

  describe.each(["the unpacked solution", "the exported solution zip", "the TypeScript web resources"])("on %s", (label) => {
    const source = (): Source => sources.find((s) => s.label === label)!;

    it("Uplift finds everything the checker finds for the shared rules, on the same line", () => {
      const found = upliftHits(source());
      const missed = checker
        .get(label)!
        .filter((h) => SHARED[h.rule])
        .filter((h) => !found.some((f) => f.file === h.file && f.line === h.line && SHARED[h.rule]!.includes(f.rule)))
        .map((h) => {
          const there = unique(found.filter((f) => f.file === h.file && f.line === h.line).map((f) => f.rule));
          return `${key(h)}: expected one of ${SHARED[h.rule]!.join(", ")}; Uplift has ${there.join(", ") || "nothing"} on that line`;
        });
      expect(unique(missed)).toEqual([]);
    });

    it("Uplift finds more only where reviewed", () => {
      const hits = checker.get(label)!;
      const more = upliftHits(source()).filter((f) => {
        const shared = counterparts(f.rule);
        return shared.length === 0 || !hits.some((h) => h.file === f.file && h.line === f.line && shared.includes(h.rule));
      });
      const names = new Set(source().resources.map((r) => r.name));
      expect(unique(more.map(key))).toEqual(unique(UPLIFT_FINDS_MORE.filter((e) => names.has(e.file)).map(key)));
    });
  });

  it("every reviewed 'finds more' entry says why", () => {
    for (const e of UPLIFT_FINDS_MORE) expect(e.why.length, key(e)).toBeGreaterThan(20);
  });

  it("Uplift's findings outside the linted files are the reviewed ones", () => {
    const linted = new Set(sources.flatMap((s) => s.resources.map((r) => r.upliftFile)));
    const outside = unique(
      sources
        .flatMap((s) => s.findings)
        .filter((f) => !linted.has(f.file))
        .map((f) => f.ruleId),
    );
    expect(outside).toEqual(Object.keys(OUTSIDE_THE_CHECKERS_REACH).sort());
  });
});
