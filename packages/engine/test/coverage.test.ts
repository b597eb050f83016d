import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { extractFacts, irrelevantKind, LANGUAGE_FACT_KINDS, languageOf, prepareLanguage, type Language } from "@uplift/core";
import { describe, expect, it } from "vitest";
import { classifyGap, loadCatalogue, relateSameSpan, RuleScope, type ActiveRule, type Finding, type Rule } from "../src/index.js";
import { testRule } from "./test-rule.js";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const catalogue = loadCatalogue(path.join(repo, "rules"));

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

describe("which files matter for an upgrade", () => {
  it("keeps images, fonts, translations, documentation and repository settings apart", () => {
    expect(irrelevantKind("addon/static/src/img/logo.png")).toBe("image");
    expect(irrelevantKind("addon/static/description/icon.svg")).toBe("image");
    expect(irrelevantKind("addon/static/fonts/x.woff2")).toBe("font");
    expect(irrelevantKind("addon/i18n/fr.po")).toBe("translation");
    expect(irrelevantKind("addon/i18n/addon.pot")).toBe("translation");
    expect(irrelevantKind("app/webapp/i18n/i18n_de.properties")).toBe("translation");
    expect(irrelevantKind("lib/src/my/lib/messagebundle.properties")).toBe("translation");
    expect(irrelevantKind("erpnext_x/erpnext_x/translations/de.csv")).toBe("translation");
    expect(irrelevantKind("addon/README.rst")).toBe("documentation");
    expect(irrelevantKind("addon/readme/DESCRIPTION.md")).toBe("documentation");
    expect(irrelevantKind("addon/static/description/index.html")).toBe("documentation");
    expect(irrelevantKind("addon/LICENSE")).toBe("documentation");
    expect(irrelevantKind("addon/.eslintrc.json")).toBe("repository");
    expect(irrelevantKind(".github/workflows/test.yml")).toBe("repository");
    expect(irrelevantKind("solution.zip!/WebResources/logo.png")).toBe("image");
  });

  it("counts code, configuration and data as relevant", () => {
    for (const file of [
      "addon/models/sale.py",
      "addon/security/ir.model.access.csv",
      "addon/static/src/js/x.js",
      "addon/static/src/scss/x.scss",
      "addon/views/x.xml",
      "addon/__manifest__.py",
      "Entities/Account/FormXml/main/{8448b78f}.xml",
      "app/webapp/view/Main.view.xml",
      "app/webapp/manifest.json",
      "app/webapp/index.html",
      "app/webapp/Component.ts",
      "app/ui5.yaml",
      "app/src/main/resources/application.properties",
    ])
      expect(irrelevantKind(file), file).toBeUndefined();
  });

  it("classifies skipped files: irrelevant, excluded by policy, or relevant and unchecked", () => {
    expect(classifyGap({ file: "a/i18n/de.po", reason: "no adapter for .po files" }, true)).toEqual({
      class: "irrelevant",
      kind: "translation",
    });
    expect(
      classifyGap({ file: "a/static/lib/x.js", reason: "third-party library, not scanned (use --include-vendored to scan it)" }, true),
    ).toEqual({
      class: "excluded",
    });
    expect(classifyGap({ file: "setup/a/setup.py", reason: "no adapter for .py files" }, false)).toEqual({ class: "excluded" });
    expect(classifyGap({ file: "a/models/x.py", reason: "no adapter for .py files" }, true)).toEqual({
      class: "unchecked",
      why: "no-adapter",
    });
    expect(classifyGap({ file: "a/big.js", reason: "larger than 4.0 MiB (9.0 MiB)" }, true)).toEqual({
      class: "unchecked",
      why: "skipped",
    });
  });
});

describe("the fact kinds of each language", () => {
  it("list every kind the adapters produce, on every fixture and rule example", async () => {
    for (const language of Object.keys(LANGUAGE_FACT_KINDS) as Language[]) await prepareLanguage(language);
    const seen = new Map<Language, Set<string>>();
    const record = (file: string, text: string): void => {
      const language = languageOf(file);
      if (!language) return;
      const kinds = seen.get(language) ?? new Set();
      seen.set(language, kinds);
      for (const fact of extractFacts({ path: file, language, text }).facts) kinds.add(fact.kind);
    };
    for (const file of walk(path.join(repo, "fixtures"))) {
      if (file.endsWith(".zip")) continue;
      record(path.relative(repo, file).split(path.sep).join("/"), readFileSync(file, "utf8"));
    }
    for (const pack of [...catalogue.packs.values()].flat())
      for (const rule of pack.rules) for (const example of rule.examples) record(example.file, example.code);
    expect(seen.size).toBeGreaterThan(3);
    for (const [language, kinds] of seen) {
      const listed = new Set<string>(LANGUAGE_FACT_KINDS[language]);
      expect(
        [...kinds].filter((k) => !listed.has(k)),
        language,
      ).toEqual([]);
    }
  });
});

function active(match: Rule["match"]): ActiveRule {
  const rule = testRule("r", match, { references: [] });
  return { rule, hop: { from: "a", to: "b", label: "a-b", pack: undefined }, past: false };
}

describe("RuleScope", () => {
  it("covers a language when a rule matches a kind its adapter produces, with globs that admit the file", () => {
    const scope = new RuleScope([active({ json: { key: "/assets/*", files: ["__manifest__.py"] } }), active({ call: "rpc.query" })]);
    expect(scope.covers("javascript", "static/src/a.js")).toBe(true);
    expect(scope.covers("python-literal", "__manifest__.py")).toBe(true);
    expect(scope.covers("json", "data/x.json")).toBe(false);
    expect(scope.covers("xml", "views/a.xml")).toBe(false);
  });

  it("lets a text rule cover every language its globs admit", () => {
    const scope = new RuleScope([active({ any: [{ text: { pattern: "foo", files: ["*.xml"] } }] })]);
    expect(scope.covers("xml", "views/a.xml")).toBe(true);
    expect(scope.covers("javascript", "a.js")).toBe(false);
  });
});

describe("relateSameSpan", () => {
  const f = (ruleId: string, min: number, max: number, column = 1): Finding =>
    ({
      ruleId,
      file: "a.js",
      line: 4,
      column,
      endLine: 4,
      endColumn: 9,
      effortMinutes: min,
      effortMaxMinutes: max,
      severity: "low",
    }) as Finding;

  it("lets the largest estimate lead and marks the others related", () => {
    const list = [f("alias", 5, 15), f("removed", 15, 30), f("elsewhere", 60, 60, 2)];
    relateSameSpan(list);
    expect(list.map((x) => x.relatedTo)).toEqual(["removed", undefined, undefined]);
    relateSameSpan(list);
    expect(list.map((x) => x.relatedTo)).toEqual(["removed", undefined, undefined]);
  });
});
