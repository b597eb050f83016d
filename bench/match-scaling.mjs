// How matching cost grows with the number of rules: a generated pack of 50 to 5,000 rules with
// the mix of the real packs (exact keys, prefixes, suffixes, conditions, XML paths, text regexes
// with needles) matched against a fixed corpus. Facts are extracted once, outside the timing:
// extraction does not depend on the rules. Run: npm run bench
import { extractFacts, languageOf, prepareLanguage } from "@uplift/core";
import { compileMatch, matchFile, RuleIndex, wordsOf } from "@uplift/engine";

const FILES = 400;
const SIZES = [50, 500, 5000, 20000];
const REPEAT = 5;

/** A deterministic pseudo-random sequence, so every run measures the same work. */
function rng(seed) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

function corpus() {
  const rand = rng(7);
  const files = [];
  for (let i = 0; i < FILES; i++) {
    if (i % 4 === 3) {
      const fields = Array.from(
        { length: 40 },
        (_, j) => `      <field name="f${j}" ${rand() < 0.3 ? `attrs="{'invisible': [('x${j}','=',1)]}"` : `invisible="x${j}"`}/>`,
      );
      files.push({
        path: `views/v${i}.xml`,
        text: `<odoo><record id="v${i}" model="ir.ui.view"><field name="arch" type="xml">\n    <form>\n${fields.join("\n")}\n    </form>\n</field></record></odoo>\n`,
      });
    } else {
      const lines = ["/** @odoo-module **/", 'import { patch } from "@web/core/utils/patch";', "var p = Xrm.Page;"];
      for (let j = 0; j < 120; j++) {
        const api = Math.floor(rand() * 6000);
        lines.push(
          `function f${j}(ctx) { Api${api % 300}.method${api}(ctx, "x${j}"); p.getAttribute("a${j}").getValue(); var u = "/XRMServices/2011/OrganizationData.svc/S${j}"; }`,
        );
      }
      files.push({ path: `static/src/f${i}.js`, text: `${lines.join("\n")}\n` });
    }
  }
  return files;
}

/**
 * The first 50 rules find things in the corpus; the others have the same shapes with keys the
 * corpus does not hold, as most rules of a real pack do on any one project. Findings stay the
 * same, so the timing shows what more rules cost.
 */
function generateRules(n) {
  const rand = rng(42);
  const rules = [];
  for (let i = 0; i < n; i++) {
    const r = rand();
    const live = i < 50;
    const api = live ? Math.floor(rand() * 6000) : 100000 + i;
    const attr = live ? "attrs" : `attrs_${i}`;
    let match;
    if (r < 0.5) match = { call: `Api${api % 300}.method${api}` };
    else if (r < 0.6) match = { member: `Api${api % 300}.meth${live ? "" : "x"}*` };
    else if (r < 0.7) match = { call: `*.method${api}` };
    else if (r < 0.82)
      match = {
        call: {
          key: `Api${api % 300}.method${api}`,
          where: { arity: { min: 2 }, argument: { index: 1, type: "string", value: { matches: "^x\\d+$" } } },
        },
      };
    else if (r < 0.92) match = { attribute: { key: `*@${attr}`, inside: "record[@model=ir.ui.view]//field[@name=arch]//*" } };
    else if (r < 0.97)
      match = {
        attribute: {
          key: `field@${attr}`,
          where: { value: { matches: `x${i % 40}'` } },
          inside: "record[@model=ir.ui.view]//field[@name=arch]//*",
        },
      };
    else
      match = {
        text: {
          pattern: `${live ? "OrganizationData" : `Endpoint${i}`}\\.svc/S${i % 120}\\b`,
          needle: live ? "OrganizationData" : `Endpoint${i}`,
        },
      };
    rules.push({
      id: `bench/x/r${i}`,
      title: "r",
      change: "removed",
      severity: "high",
      match,
      message: "m",
      replacement: "r",
      effort: "5m",
      references: ["https://example.com"],
      examples: [],
    });
  }
  return rules;
}

await prepareLanguage("python");
const files = corpus().map((f) => {
  const file = { ...f, language: languageOf(f.path) };
  return { file, extracted: extractFacts(file), words: wordsOf(f.text) };
});
const factCount = files.reduce((n, f) => n + f.extracted.facts.length, 0);
console.log(`corpus: ${files.length} files, ${factCount} facts`);
console.log("| rules | index build (ms) | match, median of 5 (ms) | µs per fact | findings |");
console.log("|---:|---:|---:|---:|---:|");
for (const n of SIZES) {
  const rules = generateRules(n);
  const t0 = performance.now();
  const index = new RuleIndex();
  const hop = { from: "1", to: "2", label: "1-2", pack: undefined };
  for (const rule of rules) index.add({ rule, hop }, compileMatch(rule.match));
  const build = performance.now() - t0;
  const times = [];
  let findings = 0;
  for (let k = 0; k < REPEAT; k++) {
    const start = performance.now();
    findings = 0;
    for (const f of files) findings += matchFile(f.file, f.extracted, index, { projectPath: f.file.path }, ".", f.words).length;
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(REPEAT / 2)];
  console.log(`| ${n} | ${build.toFixed(1)} | ${median.toFixed(1)} | ${((median * 1000) / factCount).toFixed(2)} | ${findings} |`);
}
