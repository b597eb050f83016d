import path from "node:path";
import { checkErp, loadCatalogue, loadProfile, loadRulePack, testRulePack, type Catalogue, type RulePack } from "@uplift/engine";
import { Command } from "commander";
import { deriveCommand, type DeriveFlags } from "./derive.js";
import { catalogueOptions, defaultRulesDir } from "../paths.js";

function catalogueFor(flags: { rules?: string; erp?: string }): Catalogue {
  const catalogue = loadCatalogue(flags.rules ?? defaultRulesDir(), flags.erp, catalogueOptions(flags.rules));
  if (flags.erp) checkErp(catalogue, flags.erp);
  return catalogue;
}

export function rulesCommand(setExitCode: (code: number) => void): Command {
  const rules = new Command("rules").description("list, validate and test rule packs");

  rules
    .command("list")
    .description("list the rules Uplift knows, by ERP and hop")
    .option("--erp <erp>", "only this ERP")
    .option("--rules <dir>", "rule packs folder")
    .action((flags: { erp?: string; rules?: string }) => {
      const catalogue = catalogueFor(flags);
      const lines: string[] = [];
      for (const [erp, packs] of catalogue.packs) {
        const profile = catalogue.profiles.get(erp)!;
        lines.push(`${profile.name} (${erp}): ${packs.reduce((n, p) => n + p.rules.length, 0)} rules`);
        for (const pack of packs) {
          lines.push(`  ${pack.from} → ${pack.to}`);
          for (const r of pack.rules) lines.push(`    ${r.id.padEnd(48)} ${r.severity.padEnd(8)} ${r.change.padEnd(10)} ${r.title}`);
        }
      }
      process.stdout.write(`${lines.join("\n")}\n`);
    });

  rules
    .command("validate")
    .description("check rule pack files against the schema; one line per problem")
    .argument("<files...>", "rule pack YAML files")
    .option("--rules <dir>", "rule packs folder whose schema to use")
    .action((files: string[], flags: { rules?: string }) => {
      const schemaDir = path.join(flags.rules ?? defaultRulesDir(), "schema");
      for (const file of files) {
        if (path.basename(file) === "profile.yaml") {
          const profile = loadProfile(file, schemaDir);
          process.stdout.write(`${file}: profile of ${profile.name}, valid\n`);
          continue;
        }
        const pack = loadRulePack(file, schemaDir);
        process.stdout.write(`${file}: ${pack.rules.length} rules, valid\n`);
      }
      setExitCode(0);
    });

  rules
    .command("test")
    .description("run every rule's examples: each must give exactly the findings it expects")
    .option("--erp <erp>", "only this ERP")
    .option("--rules <dir>", "rule packs folder")
    .action(async (flags: { erp?: string; rules?: string }) => {
      const catalogue = catalogueFor(flags);
      let rulesCount = 0;
      let examples = 0;
      let failed = 0;
      const packs: RulePack[] = [...catalogue.packs.values()].flat();
      for (const pack of packs) {
        const report = await testRulePack(pack, catalogue.declarations?.get(pack.erp) ?? []);
        rulesCount += report.rules;
        examples += report.examples;
        for (const f of report.failures) {
          failed++;
          const which = f.example >= 0 ? ` example ${f.example + 1} (${f.file})` : "";
          process.stdout.write(`${f.source}:${f.line}: ${f.ruleId}${which}: ${f.message}\n`);
        }
      }
      process.stdout.write(
        `${packs.length} packs, ${rulesCount} rules, ${examples} examples: ${failed === 0 ? "all pass" : `${failed} failed`}\n`,
      );
      setExitCode(failed === 0 ? 0 : 1);
    });
  rules
    .command("derive")
    .description("write draft rule packs (and a declaration map) from a vendor declaration package")
    .argument("<package>", "a declaration package: its folder, or its name as installed (@types/xrm)")
    .requiredOption("--erp <erp>", "the ERP the rules are for")
    .option("--hop <from-to>", "put every rule in this hop (9.2-next)")
    .option("--default-hop <from-to>", "the hop for notes that name no version")
    .option("--previous <package>", "an earlier version of the package: also derive removed members and changed signatures")
    .option("--doubt <text>", "state this doubt on every rule (they become deprecated/low)")
    .option("--out-dir <dir>", "where the packs go (default: the ERP's rules folder)")
    .option("--map <file>", "also write the declaration map here")
    .option("--check", "write nothing; exit 1 if the files on disk differ from what would be written")
    .option("--rules <dir>", "rule packs folder")
    .action(async (pkg: string, flags: DeriveFlags) => {
      setExitCode(await deriveCommand(pkg, flags, catalogueFor({ erp: flags.erp, ...(flags.rules ? { rules: flags.rules } : {}) })));
    });

  rules
    .command("docs")
    .description("print the rule reference (docs/rules.md) from the packs' metadata")
    .option("--rules <dir>", "rule packs folder")
    .action((flags: { rules?: string }) => {
      process.stdout.write(renderRuleDocs(catalogueFor(flags)));
    });
  return rules;
}

const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\s+/g, " ").trim();

/** The rule reference, written from the packs alone, so that docs and rules cannot disagree. */
export function renderRuleDocs(catalogue: Catalogue): string {
  const out: string[] = [
    "# Rule reference",
    "",
    "Generated by `uplift rules docs` from the rule packs in `rules/`; a test fails when this file and the packs disagree.",
    "",
  ];
  for (const [erp, packs] of catalogue.packs) {
    const profile = catalogue.profiles.get(erp)!;
    out.push(`## ${profile.name}`, "");
    for (const pack of packs) {
      out.push(`### ${pack.title}`, "");
      if (pack.description) out.push(cell(pack.description), "");
      out.push("| rule | severity | change | what | replacement | sources |", "|---|---|---|---|---|---|");
      for (const r of pack.rules) {
        const sources = r.references.map((ref, i) => `[${i + 1}](${ref})`).join(" ");
        const doubt = r.doubt ? ` _Uncertain: ${cell(r.doubt)}_` : "";
        const versions = [r.since ? `deprecated ${r.since}` : "", r.removedIn ? `gone in ${r.removedIn}` : ""].filter(Boolean).join(", ");
        const change = versions ? `${r.change} (${versions})` : r.change;
        out.push(`| \`${r.id}\` | ${r.severity} | ${change} | ${cell(r.title)}.${doubt} | ${cell(r.replacement)} | ${sources} |`);
      }
      out.push("");
      if (pack.notes) out.push(`Left out: ${cell(pack.notes)}`, "");
    }
  }
  return `${out.join("\n").trimEnd()}\n`;
}
