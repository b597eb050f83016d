// How much of the SuiteScript 1.0 in a folder of real scripts Uplift reports, measured against an
// independent reading of the same files: the TypeScript compiler, given Oracle's SuiteScript 1.0
// API declarations (SuiteScriptAPITS.d.ts, as kept in typings-suitescript-2.0/SuiteScriptV1.d.ts),
// resolves every global 1.0 call and infers the type of every receiver (through variables, function
// returns and JSDoc, across the files of the folder, which share one global scope as NetSuite's 1.0
// scripts do). A raw `grep` count of `nlapi…(` is printed next to it.
//
//   node bench/netsuite-recall.mjs --corpus /tmp/scripts --declarations /tmp/SuiteScriptV1.d.ts [--scan uplift.json] [--details] [--json out.json]
//
// Counts: global 1.0 calls (nlapi…() and new nlobj…()) found at the same file and line as the
// compiler finds them, with the rule for that name; method calls on values the compiler types as a
// 1.0 object, found at the same line with the same `nlobjType.method`; and what Uplift reports that
// the compiler does not (to be read: the compiler leaves untyped parameters as `any`, Uplift follows
// them from their callers and from entry points). docs/netsuite.md records the figures.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const UPLIFT = path.join(HERE, "..", "packages", "cli", "dist", "bin.js");
const VENDORED = [/\.min\.js$/, /(^|\/)vendor\//, /(^|\/)bower_components\//, /(^|\/)node_modules\//];

function flag(name) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const corpus = flag("--corpus");
const declarations = flag("--declarations");
if (!corpus || !declarations) {
  process.stderr.write(
    "usage: node bench/netsuite-recall.mjs --corpus <dir> --declarations <SuiteScriptV1.d.ts> [--scan file] [--details]\n",
  );
  process.exit(2);
}
const details = process.argv.includes("--details");

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(full, out);
    else if (e.name.endsWith(".js")) out.push(full);
  }
  return out;
}
const rel = (f) => path.relative(corpus, f).split(path.sep).join("/");
const files = walk(corpus).filter((f) => !VENDORED.some((v) => v.test(rel(f))));

// ── Uplift ──────────────────────────────────────────────────────────────────────────────────────
const scanFile = flag("--scan");
const result = JSON.parse(
  scanFile
    ? fs.readFileSync(scanFile, "utf8")
    : execFileSync(process.execPath, [UPLIFT, "scan", corpus, "--erp", "netsuite", "--format", "json", "--fail-on", "none"], {
        encoding: "utf8",
        maxBuffer: 1 << 30,
      }),
);
const { loadCatalogue } = await import(path.join(HERE, "..", "packages", "engine", "dist", "index.js"));
const catalogue = loadCatalogue(path.join(HERE, "..", "rules"), "netsuite");
/** Rule id → whether it matches symbols (methods) or names (globals), and the keys. */
const ruleKeys = new Map();
for (const pack of catalogue.packs.get("netsuite") ?? []) {
  for (const r of pack.rules) {
    const keys = [];
    let symbol = false;
    let comment = false;
    const add = (m) => {
      if (m.any) return m.any.forEach(add);
      // Tags live in comments, and XML in XML files: not code facts.
      if (m.tag || m.element || m.attribute) comment = true;
      for (const kind of ["global", "call", "symbol"]) {
        const spec = m[kind];
        if (spec === undefined) continue;
        // A call matched by what the value is (`call: { symbol: nlobjRecord.setFieldValue }`) is a method.
        const bySymbol = kind === "symbol" || (typeof spec === "object" && spec.symbol !== undefined);
        if (bySymbol) symbol = true;
        const raw = typeof spec === "string" ? spec : bySymbol && kind !== "symbol" ? spec.symbol : spec.key;
        const list = (Array.isArray(raw) ? raw : [raw]).filter((k) => typeof k === "string");
        for (const k of list) keys.push(bySymbol ? k : k.replace(/^new /, ""));
      }
    };
    add(r.match);
    ruleKeys.set(r.id, { symbol, comment, keys });
  }
}
const upliftGlobal = new Set();
const upliftOtherUses = new Set();
const upliftMethod = new Set();
const upliftMethodFindings = [];
const texts = new Map();
/** The name written where a finding starts, and whether it is called there (`name(`, `new name`). */
function written(f) {
  let lines = texts.get(f.file);
  if (!lines) {
    try {
      lines = fs.readFileSync(path.join(corpus, f.file), "utf8").split("\n");
    } catch {
      lines = [];
    }
    texts.set(f.file, lines);
  }
  const line = lines[f.line - 1] ?? "";
  const rest = line.slice(f.column - 1);
  const name = /^[\w$]+/.exec(rest)?.[0] ?? "";
  const called = /^[\w$]+\s*\(/.test(rest) || /\bnew\s+$/.test(line.slice(0, f.column - 1));
  return { name, called };
}
for (const f of result.findings) {
  const rule = ruleKeys.get(f.ruleId);
  if (!rule || rule.keys.length === 0) continue;
  const { name, called } = written(f);
  if (!rule.symbol) {
    if (/^nl(api|obj)\w+$/.test(name)) (called ? upliftGlobal : upliftOtherUses).add(`${f.file}:${f.line}:${name}`);
    continue;
  }
  // A rule may name several methods: the one written where the finding starts. A fallback rule
  // (`nlobj*`) does not say the type: `?.method`.
  const k = rule.keys.find((x) => x.endsWith(`.${name}`)) ?? (rule.keys.includes("nlobj*") ? `?.${name}` : undefined);
  if (k === undefined || !/^(nlobj\w+|\?)\.\w+$/.test(k)) continue;
  upliftMethod.add(`${f.file}:${f.line}:${k}`);
  upliftMethodFindings.push({ file: f.file, line: f.line, key: k, snippet: f.snippet });
}

// ── The compiler's reading ─────────────────────────────────────────────────────────────────────
const source = fs.readFileSync(declarations, "utf8");
const interfaces = [...source.matchAll(/^interface (NLObj\w+)/gm)].map((m) => m[1]);
const aliasDir = fs.mkdtempSync(path.join(os.tmpdir(), "uplift-bench-"));
const aliasFile = path.join(aliasDir, "aliases.d.ts");
// JSDoc in real scripts writes nlobjRecord; the declarations call it NLObjRecord.
fs.writeFileSync(aliasFile, interfaces.map((n) => `type ${n.replace(/^NLObj/, "nlobj")} = ${n};`).join("\n"));
const program = ts.createProgram({
  rootNames: [declarations, aliasFile, ...files],
  options: {
    allowJs: true,
    checkJs: false,
    noEmit: true,
    noResolve: true,
    target: ts.ScriptTarget.ES5,
    lib: ["lib.es5.d.ts", "lib.dom.d.ts"],
    types: [],
  },
});
const checker = program.getTypeChecker();
const declared = (node) => {
  const s = checker.getSymbolAtLocation(node);
  return s?.declarations?.some((d) => path.resolve(d.getSourceFile().fileName) === path.resolve(declarations)) ?? false;
};
const typeNames = (type) => {
  const parts = type.isUnion() ? type.types : [type];
  return [...new Set(parts.map((p) => p.getSymbol()?.getName() ?? p.aliasSymbol?.getName()).filter((n) => n && /^NLObj/.test(n)))];
};
const oracleGlobal = new Map();
const oracleMethod = new Map();
for (const file of files) {
  const sf = program.getSourceFile(file);
  if (!sf) continue;
  const line = (n) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const visit = (n) => {
    if ((ts.isCallExpression(n) || ts.isNewExpression(n)) && ts.isIdentifier(n.expression) && /^nl(api|obj)/.test(n.expression.text)) {
      if (declared(n.expression)) oracleGlobal.set(`${rel(file)}:${line(n.expression)}:${n.expression.text}`, n.getText(sf).slice(0, 80));
    }
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
      const names = typeNames(checker.getTypeAtLocation(n.expression.expression));
      if (names.length === 1) {
        const type = names[0].replace(/^NLObj/, "nlobj").replace("nlobjServerResponse", "nlobjResponse");
        const method = n.expression.name.text;
        // A 1.0 subrecord is a record with its own commit and cancel (Uplift names the record's methods so).
        const owner = type === "nlobjSubrecord" && method !== "commit" && method !== "cancel" ? "nlobjRecord" : type;
        const key = `${owner}.${method}`;
        oracleMethod.set(`${rel(file)}:${line(n.expression.name)}:${key}`, n.getText(sf).slice(0, 80));
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
}
fs.rmSync(aliasDir, { recursive: true, force: true });

// ── Nothing in comments or strings ─────────────────────────────────────────────────────────────
// Every Uplift finding in a script must start on code: the compiler's syntax tree says where
// comments, strings, template texts and regular expressions are.
let insideText = 0;
const insideExamples = [];
const byFile = new Map();
for (const f of result.findings) if (f.file.endsWith(".js")) (byFile.get(f.file) ?? byFile.set(f.file, []).get(f.file)).push(f);
const TEXT_TOKENS = new Set([
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateHead,
  ts.SyntaxKind.TemplateMiddle,
  ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.RegularExpressionLiteral,
]);
/** Where comments, strings, template texts and regular expressions are, by the compiler's syntax tree. */
function textRanges(sf) {
  const text = sf.text;
  const ranges = [];
  const leaves = (n) => {
    const children = n.getChildren(sf);
    if (children.length === 0) {
      for (const c of [...(ts.getLeadingCommentRanges(text, n.pos) ?? []), ...(ts.getTrailingCommentRanges(text, n.end) ?? [])]) {
        ranges.push([c.pos, c.end]);
      }
      if (TEXT_TOKENS.has(n.kind)) ranges.push([n.getStart(sf), n.end]);
    } else for (const c of children) leaves(c);
  };
  leaves(sf);
  return ranges;
}
const inside = (ranges, at) => ranges.some(([a, b]) => a <= at && at < b);
for (const [file, findings] of byFile) {
  const sf = program.getSourceFile(path.join(corpus, file));
  if (!sf) continue;
  const ranges = textRanges(sf);
  for (const f of findings) {
    if (f.ruleId === "uplift/parse-error" || ruleKeys.get(f.ruleId)?.comment) continue;
    if (inside(ranges, sf.getPositionOfLineAndCharacter(f.line - 1, f.column - 1))) {
      insideText++;
      if (insideExamples.length < 10) insideExamples.push(`${file}:${f.line}:${f.column} ${f.ruleId}`);
    }
  }
}

// ── grep ────────────────────────────────────────────────────────────────────────────────────────
// `nlapi…(` as grep finds it, and what is left of it outside comments and strings.
let grep = 0;
let grepInCode = 0;
let grepReported = 0;
let grepDefinitions = 0;
const grepNotReported = [];
for (const f of files) {
  const sf = program.getSourceFile(f);
  const text = sf?.text ?? fs.readFileSync(f, "utf8");
  const matches = [...text.matchAll(/\bnlapi[A-Za-z0-9]*\s*\(/g)];
  grep += matches.length;
  if (!sf) continue;
  const ranges = textRanges(sf);
  for (const m of matches.filter((x) => !inside(ranges, x.index))) {
    // `function nlapiLoadRecord(` declares the script's own function of that name: no call.
    if (/function\s+$/.test(text.slice(Math.max(0, m.index - 12), m.index))) {
      grepDefinitions++;
      continue;
    }
    grepInCode++;
    const line = sf.getLineAndCharacterOfPosition(m.index).line + 1;
    const key = `${rel(f)}:${line}:${/^\w+/.exec(m[0])[0]}`;
    if (upliftGlobal.has(key)) grepReported++;
    else grepNotReported.push(`${key}  ${text.slice(m.index - 9 < 0 ? 0 : m.index - 9, m.index + 40).replace(/\s+/g, " ")}`);
  }
}
const oracleNlapi = [...oracleGlobal.keys()].filter((k) => /:nlapi\w+$/.test(k)).length;
const upliftNlapi = [...upliftGlobal].filter((k) => /:nlapi\w+$/.test(k) && oracleGlobal.has(k)).length;

function compare(label, oracle, uplift) {
  // A fallback finding (any other method of a 1.0 object) does not say the type: `?.method`.
  const has = (k) => uplift.has(k) || uplift.has(k.replace(/:[^:]*\.(\w+)$/, ":?.$1"));
  const found = [...oracle.keys()].filter(has);
  const missed = [...oracle.keys()].filter((k) => !has(k));
  const oracleLoose = new Set([...oracle.keys()].map((k) => k.replace(/:[^:]*\.(\w+)$/, ":?.$1")));
  const extra = [...uplift].filter((k) => !oracle.has(k) && !oracleLoose.has(k));
  const pct = oracle.size === 0 ? 100 : (100 * found.length) / oracle.size;
  process.stdout.write(
    `${label}: compiler ${oracle.size}, Uplift found ${found.length} (${pct.toFixed(1)}%), Uplift besides ${extra.length}\n`,
  );
  if (details) {
    for (const k of missed.slice(0, 60)) process.stdout.write(`  missed ${k}  ${oracle.get(k)}\n`);
    for (const k of extra.slice(0, 60)) process.stdout.write(`  besides ${k}\n`);
  }
  return { found: found.length, missed, extra };
}
process.stdout.write(
  `${files.length} script files under ${corpus}; grep \\bnlapi…( ${grep}, of which ${grepInCode} outside comments, strings and function declarations; ` +
    `the compiler resolves ${oracleNlapi} nlapi calls to SuiteScript 1.0 and Uplift reports ${upliftNlapi} of them\n`,
);
process.stdout.write(
  `grep matches outside comments, strings and function declarations (${grepDefinitions}) that Uplift reports at their line: ${grepReported} of ${grepInCode}\n`,
);
if (details) for (const g of grepNotReported.slice(0, 40)) process.stdout.write(`  not reported: ${g}\n`);
process.stdout.write(
  `Uplift also reports ${upliftOtherUses.size} uses of 1.0 globals that are not calls (instanceof nlobjError, a function passed by name)\n`,
);
process.stdout.write(
  `Uplift findings that start inside a comment or a string: ${insideText}${insideExamples.length ? ` (${insideExamples.join(", ")})` : ""}\n`,
);
const globals = compare("global 1.0 calls (nlapi…(), new nlobj…())", oracleGlobal, upliftGlobal);
const methods = compare("method calls on 1.0 objects", oracleMethod, upliftMethod);
const byType = new Map();
for (const k of methods.missed) {
  const key = k.split(":").pop();
  byType.set(key, (byType.get(key) ?? 0) + 1);
}
process.stdout.write(
  `most missed methods: ${[...byType]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([k, n]) => `${k} ${n}`)
    .join(", ")}\n`,
);
const jsonOut = flag("--json");
if (jsonOut) {
  const snippets = new Map(upliftMethodFindings.map((f) => [`${f.file}:${f.line}:${f.key}`, f.snippet]));
  const snippet = (k) => snippets.get(k);
  fs.writeFileSync(
    jsonOut,
    JSON.stringify(
      {
        globals: { missed: globals.missed.map((k) => [k, oracleGlobal.get(k)]), extra: globals.extra, grepNotReported },
        methods: { missed: methods.missed.map((k) => [k, oracleMethod.get(k)]), extra: methods.extra.map((k) => [k, snippet(k)]) },
      },
      null,
      1,
    ),
  );
}
