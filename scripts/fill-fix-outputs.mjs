// For rule authors: writes the `output:` of every firing example of a rule that has a fix and no
// output yet, computed by the fixer, so that the author reviews it in the diff.
// Usage: node scripts/fill-fix-outputs.mjs rules/<erp>/<pack>.yaml …
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { extractFacts, languageOf, prepareLanguage } from "@uplift/core";
import { compileMatch, fixFile, loadRulePack, matchFile, RuleIndex } from "@uplift/engine";
import { isMap, isSeq, LineCounter, parseDocument } from "yaml";

await prepareLanguage("python");
for (const file of process.argv.slice(2)) {
  const pack = loadRulePack(file, path.resolve("rules/schema"));
  const text = readFileSync(file, "utf8");
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  const inserts = [];
  const rules = doc.get("rules");
  pack.rules.forEach((rule, i) => {
    if (!rule.fix) return;
    const examples = rules.items[i].get("examples");
    rule.examples.forEach((example, j) => {
      if (example.expect.length === 0 || example.output !== undefined) return;
      const node = examples.items[j];
      const source = { path: example.file, language: languageOf(example.file), text: example.code };
      const index = new RuleIndex();
      index.add({ rule, hop: { from: pack.from, to: pack.to, label: "", pack } }, compileMatch(rule.match));
      const found = matchFile(source, extractFacts(source), index, { projectPath: example.file }, ".");
      const fixed = fixFile(source, found);
      if (!isMap(node)) return;
      const expectPair = node.items.find((p) => p.key.value === "expect");
      const end = expectPair.value.range[2];
      const indent = " ".repeat(counter.linePos(expectPair.key.range[0]).col - 1);
      const body = fixed.after
        .replace(/\n$/, "")
        .split("\n")
        .map((l) => (l ? `${indent}  ${l}` : ""))
        .join("\n");
      const chomp = fixed.after.endsWith("\n") ? "|" : "|-";
      inserts.push({ at: text.indexOf("\n", end - 1) + 1, text: `${indent}output: ${chomp}\n${body}\n` });
      void isSeq;
    });
  });
  let out = text;
  for (const ins of inserts.sort((a, b) => b.at - a.at)) out = out.slice(0, ins.at) + ins.text + out.slice(ins.at);
  writeFileSync(file, out);
  console.log(`${file}: ${inserts.length} outputs written`);
}
