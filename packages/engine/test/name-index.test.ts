import { extractFacts } from "@uplift/core";
import { describe, expect, it } from "vitest";
import { compileMatch, matchFile, RuleIndex, type Rule } from "../src/index.js";
import type { NameIndex } from "../src/rule-types.js";
import { testRule } from "./test-rule.js";

const nameIndex: NameIndex = {
  erp: "odoo",
  version: "19.0",
  file: "index/19.0.json",
  sources: [{ repository: "OCA/OpenUpgrade", commit: "0".repeat(40), path: "a.txt" }],
  entries: [
    { key: "field:res.users.groups_id", change: "renamed", to: "field:res.users.group_ids", exact: true, sources: [0] },
    { key: "field:res.partner.mobile", change: "removed", note: "keep one number in phone", sources: [0] },
    { key: "model:ir.rule", change: "merged", to: "model:ir.access", uncertain: true, sources: [0] },
  ],
};

function rule(id: string, match: Rule["match"], extra: Partial<Rule> = {}): Rule {
  return testRule(id, match, { change: "renamed", message: "`{name}` → `{to}`.{hint}", replacement: "Write {toShort}.", ...extra });
}

function findings(rules: Rule[], text: string): Array<{ id: string; message: string; fix?: string }> {
  const index = new RuleIndex();
  const hop = { from: "18.0", to: "19.0", label: "18.0-19.0", pack: undefined };
  for (const r of rules) {
    const compiled = compileMatch(r.match, nameIndex);
    if (typeof compiled === "string") throw new Error(compiled);
    index.add({ rule: r, hop }, compiled);
  }
  const file = { path: "x.js", language: "javascript" as const, text };
  const extracted = extractFacts(file);
  const span = (from: number, to: number) => extracted.lines.span(from, to);
  // Stand-in ref facts, as an adapter or the ERP's derivation would give them.
  const refs = [...text.matchAll(/"([a-z]+:[\w.]+)"/g)].map((m) => ({
    kind: "ref" as const,
    key: m[1]!,
    span: span(m.index + 1, m.index + 1 + m[1]!.length),
    detail: { verb: "read" },
  }));
  return matchFile(file, extracted, index, { projectPath: "x.js" }, ".", undefined, refs).map((f) => ({
    id: f.ruleId,
    message: f.message,
    ...(f.fix ? { fix: f.fix.edit.text } : {}),
  }));
}

describe("name-index rules", () => {
  it("quote the entry in the message and fix only the listed, certain names", () => {
    const renamed = rule(
      "renamed",
      { ref: { key: "field:*", where: { index: { change: "renamed", exact: true } } } },
      { fix: { replace: { find: "\\b{short}\\b", with: "{toShort}" } } },
    );
    const removed = rule(
      "removed",
      { ref: { key: ["field:*", "model:*"], where: { index: { change: "removed" } } } },
      { message: "{name} is gone.{hint}" },
    );
    expect(
      findings([renamed, removed], 'x("field:res.users.groups_id", "field:res.partner.mobile", "model:ir.rule", "field:res.users.name")'),
    ).toEqual([
      { id: "renamed", message: "`res.users.groups_id` → `res.users.group_ids`.", fix: "field:res.users.group_ids" },
      { id: "removed", message: "res.partner.mobile is gone. Keep one number in phone." },
    ]);
  });

  it("match uncertain entries only when asked, and keys the index does not list with present: false", () => {
    const uncertain = rule("uncertain", { ref: { key: "model:*", where: { index: { uncertain: true } } } });
    const other = rule("other", { ref: { key: "*.groups_id", where: { index: { present: false } } } });
    expect(
      findings([uncertain, other], 'x("model:ir.rule", "field:res.users.groups_id", "field:ir.cron.groups_id")').map((f) => f.id),
    ).toEqual(["uncertain", "other"]);
  });
});
