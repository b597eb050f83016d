import { readFileSync } from "node:fs";
import { extractFacts, hostSpan, LineIndex, prepareLanguage, sourceFromBytes, TooDeepError, type Fact } from "@uplift/core";
import { deriveRefs, UsageError } from "@uplift/engine";
import { Command } from "commander";

/** For rule authors: the facts a file yields, one per line, as rules see them. */
export function factsCommand(): Command {
  return new Command("facts")
    .description("print the facts Uplift reads from a file (for writing rules)")
    .argument("<file>", "a source or configuration file")
    .option("--kind <kind>", "only facts of this kind")
    .option("--erp <erp>", "also the ref facts this ERP reads from the file (odoo)")
    .option("--module <name>", "the module the file belongs to, for names it does not qualify")
    .action(async (file: string, flags: { kind?: string; erp?: string; module?: string }) => {
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(file);
      } catch {
        throw new UsageError(`cannot read ${file}`);
      }
      const loaded = sourceFromBytes(file.replace(/\\/g, "/"), bytes);
      if (!loaded.ok) throw new UsageError(`${file}: ${loaded.unanalysed.reason}`);
      await prepareLanguage(loaded.file.language);
      let extracted: ReturnType<typeof extractFacts>;
      try {
        extracted = extractFacts(loaded.file);
      } catch (error) {
        if (error instanceof TooDeepError) throw new UsageError(`${file}: nested too deeply to parse; a scan lists it as unanalysed`);
        throw error;
      }
      const lines: string[] = [];
      for (const p of extracted.problems) lines.push(`problem ${p.line}:${p.column} ${p.message}`);
      const derived = flags.erp ? deriveRefs(flags.erp, loaded.file, extracted, flags.module ? { module: flags.module } : {}) : [];
      const print = (f: Fact, where: string): void => {
        if (flags.kind && f.kind !== flags.kind) return;
        const { ancestors, ...rest } = f.detail ?? {};
        const path = ancestors ? ` path=${ancestors.map((s) => s.name).join("/")}` : "";
        const detail = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : "";
        lines.push(
          `${f.span.line}:${f.span.column}-${f.span.endLine}:${f.span.endColumn}${where} ${f.kind} ${f.key}${f.enclosing ? ` in ${f.enclosing}` : ""}${path}${detail}`,
        );
      };
      for (const f of [...extracted.facts, ...derived].sort(byPosition)) print(f, "");
      // Code inside the file: positions in the host, then in the code itself.
      for (const source of extracted.embedded ?? []) {
        const code = new LineIndex(source.text);
        lines.push(`embedded ${source.path} (${Object.values(source.context).join(", ")})`);
        for (const p of source.problems) lines.push(`problem ${source.pointer} ${p.line}:${p.column} ${p.message}`);
        for (const f of [...source.facts].sort(byPosition)) {
          const s = hostSpan(source, code, extracted.lines, f.span);
          print({ ...f, span: s }, ` (${f.span.line}:${f.span.column})`);
        }
      }
      process.stdout.write(`${lines.join("\n")}\n`);
    });
}

function byPosition(a: Fact, b: Fact): number {
  return a.span.line - b.span.line || a.span.column - b.span.column;
}
