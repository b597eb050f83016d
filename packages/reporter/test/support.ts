// Results for the reporter tests: the real Odoo fixture through the built CLI, and synthetic ones
// (any size, linked to processes or not, with hostile text) made here.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { compareFindings, summarise, type Artefact, type Finding, type RuleInfo, type ScanResult, type Severity } from "@uplift/engine";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const CLI = path.join(REPO, "packages/cli/dist/bin.js");

/** The Odoo fixture scanned by the built CLI (`npm run build` first). */
export function fixtureResult(): ScanResult {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const json = execFileSync(process.execPath, [CLI, "scan", "fixtures/odoo", "--format", "json", "--fail-on", "none"], {
    cwd: REPO,
    encoding: "utf8",
  });
  return JSON.parse(json) as ScanResult;
}

export const HOSTILE = `</script><img src=x onerror="window.__pwned=1"><!-- <b>bold</b> & "quotes" 'single' \`tick\``;

interface SyntheticRule extends RuleInfo {
  id: string;
  message: string;
}

const SEVERITY_CYCLE: Severity[] = ["critical", "high", "high", "medium", "medium", "low", "low", "low"];

function rules(hostile: boolean): SyntheticRule[] {
  return Array.from({ length: 12 }, (_, i): SyntheticRule => {
    const severity = SEVERITY_CYCLE[i % SEVERITY_CYCLE.length]!;
    const hop = i < 8 ? "16.0-17.0" : "17.0-18.0";
    return {
      id: `odoo/${hop.slice(-4)}/rule-${String(i).padStart(2, "0")}`,
      title: i === 0 && hostile ? `Title ${HOSTILE}` : `Synthetic change number ${i} in \`web.module${i}\``,
      message:
        i === 0 && hostile
          ? `Message ${HOSTILE}`
          : `\`web.module${i}\` changed in ${hop.slice(-4)}: calls through it ${i % 2 ? "fail" : "behave differently"}.`,
      severity,
      change: (["removed", "renamed", "signature", "behaviour", "deprecated"] as const)[i % 5]!,
      hop,
      erp: "odoo",
      effort: i % 3 === 0 ? "15m-1h" : "30m",
      references: [`https://example.com/odoo/pull/${1000 + i}`, ...(i === 0 && hostile ? ["javascript:window.__pwned=2"] : [])],
      tests: i % 4 === 3 ? [] : [`Open the screens using web.module${i} and check they load.`],
      ...(i === 1 ? { docs: "The module was folded into `web.core`; see the migration guide." } : {}),
      ...(i === 2 ? { doubt: "Seen in the source, not in the release notes." } : {}),
      replacement: `Use \`web.core${i}\` instead.`,
    };
  });
}

const PROCESSES: ScanResult["processes"] = {
  "order-to-cash": { title: "Order to cash", tests: ["Create a quotation, confirm it, deliver it and invoice it."] },
  "procure-to-pay": { title: "Procure to pay", tests: ["Create a purchase order, receive it and pay the bill."] },
  inventory: { title: "Inventory management", tests: [] },
};
const ARTEFACTS: Array<{ artefact: Artefact; processes: string[] }> = [
  { artefact: { type: "view", name: "sale.view_order_form", record: "sale.order" }, processes: ["order-to-cash"] },
  { artefact: { type: "view", name: "purchase.purchase_order_form", record: "purchase.order" }, processes: ["procure-to-pay"] },
  {
    artefact: { type: "component", name: "StockPickingWidget", record: "stock.picking" },
    processes: ["order-to-cash", "procure-to-pay", "inventory"],
  },
];

export interface SyntheticOptions {
  findings: number;
  files?: number;
  /** Link findings to artefacts and processes, as linking will. */
  linked?: boolean;
  /** Plant hostile text in a file name, a snippet, a rule and a process. */
  hostile?: boolean;
}

export function syntheticResult({
  findings: count,
  files = Math.max(1, Math.ceil(count / 25)),
  linked = false,
  hostile = false,
}: SyntheticOptions): ScanResult {
  const ruleList = rules(hostile);
  const projects = ["addon_a", "addon_b"];
  const findings: Finding[] = [];
  let seed = 7;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return (seed >>> 12) % n;
  };
  for (let i = 0; i < count; i++) {
    const rule = ruleList[next(ruleList.length)]!;
    const fileNo = next(files);
    const project = projects[fileNo % projects.length]!;
    const file =
      hostile && fileNo === 0
        ? `${project}/static/src/${HOSTILE}.js`
        : `${project}/static/src/js/file_${String(fileNo).padStart(5, "0")}.js`;
    const line = 1 + next(400);
    const link = linked && i % 3 !== 0 ? ARTEFACTS[next(ARTEFACTS.length)] : undefined;
    const [min, max] = rule.effort === "30m" ? [30, 30] : [15, 60];
    findings.push({
      project,
      ruleId: rule.id,
      title: rule.title,
      severity: rule.severity,
      change: rule.change,
      hop: rule.hop!,
      file,
      line,
      column: 1 + next(40),
      endLine: line + (i % 5 === 0 ? 3 : 0),
      endColumn: 10,
      message: rule.message,
      replacement: rule.replacement,
      snippet: hostile && i % 7 === 0 ? `const x = "${HOSTILE}";` : `  this.call("web.module${i % 12}", { id: ${i} });`.trim(),
      ...(i % 4 === 0 ? { enclosing: `Widget${i % 9}.setup` } : {}),
      fingerprint: `fp${i.toString(16).padStart(8, "0")}`,
      effortMinutes: min,
      effortMaxMinutes: max,
      references: rule.references,
      fixable: i % 6 === 0,
      impact: link ? { artefacts: [link.artefact], processes: link.processes } : { artefacts: [], processes: [] },
    });
  }
  if (hostile) {
    findings.push({
      ...findings[0]!,
      ruleId: "uplift/parse-error",
      title: "File could not be parsed",
      severity: "high",
      change: "unanalysable",
      hop: undefined,
      file: `addon_a/static/src/broken ${HOSTILE}.js`,
      message: `Syntax error: Unexpected token ${HOSTILE}. Only what the parser could recover was checked.`,
      snippet: HOSTILE,
      impact: { artefacts: [], processes: [] },
    } as Finding);
  }
  findings.sort(compareFindings);
  const processes: ScanResult["processes"] = linked ? { ...PROCESSES } : {};
  if (linked && hostile) processes["order-to-cash"] = { title: `Order to cash ${HOSTILE}`, tests: [`Step ${HOSTILE}`] };
  const unanalysed = [
    { file: "addon_a/models/sale.py", reason: "no adapter for .py files" },
    ...(hostile ? [{ file: `addon_b/${HOSTILE}.bin`, reason: `binary ${HOSTILE}` }] : []),
  ];
  return {
    schemaVersion: 1,
    tool: { name: "uplift", version: "0.1.0" },
    root: "customer",
    projects: projects.map((p) => ({
      path: p,
      erp: "odoo",
      from: "16.0",
      to: "18.0",
      hops: ["16.0-17.0", "17.0-18.0"],
      marker: `${p}/__manifest__.py`,
    })),
    findings,
    unanalysed,
    rules: Object.fromEntries(ruleList.map(({ id, message: _message, ...info }) => [id, info])),
    processes,
    summary: summarise(findings, files + 2, unanalysed.length),
  };
}

/** One finding with sensible defaults, for small hand-made results. */
export function finding(over: Partial<Finding> = {}): Finding {
  return {
    project: "addon",
    ruleId: "odoo/17.0/r1",
    title: "Rule one",
    severity: "high",
    change: "removed",
    hop: "16.0-17.0",
    file: "addon/static/src/a.js",
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 5,
    message: "Message",
    replacement: "Replacement",
    snippet: "code();",
    fingerprint: "f",
    effortMinutes: 15,
    effortMaxMinutes: 30,
    references: [],
    fixable: false,
    impact: { artefacts: [], processes: [] },
    ...over,
  };
}

/** A result around the given findings, with rule metadata for the rules they name. */
export function resultOf(findings: Finding[], over: Partial<ScanResult> = {}): ScanResult {
  const sorted = [...findings].sort(compareFindings);
  const rules: ScanResult["rules"] = {};
  for (const f of sorted) {
    rules[f.ruleId] ??= {
      title: f.title,
      severity: f.severity,
      change: f.change,
      hop: f.hop,
      erp: "odoo",
      effort: "15m-30m",
      references: [],
      replacement: f.replacement,
      tests: [],
    };
  }
  return {
    schemaVersion: 1,
    tool: { name: "uplift", version: "0.1.0" },
    root: "workspace",
    projects: [{ path: "addon", erp: "odoo", from: "16.0", to: "17.0", hops: ["16.0-17.0"] }],
    findings: sorted,
    unanalysed: [],
    rules,
    processes: {},
    summary: summarise(sorted, 3, 0),
    ...over,
  };
}

/** A strict RFC 4180 reader, to check what a spreadsheet or TestRail would see. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  return rows;
}
