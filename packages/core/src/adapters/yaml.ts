import { createRequire } from "node:module";
import type { Node } from "yaml";

type YamlModule = typeof import("yaml");
let yamlModule: YamlModule | undefined;
/** yaml is required on first use: most scans read no YAML once the rule catalogue is kept. */
const yaml = (): YamlModule => (yamlModule ??= createRequire(import.meta.url)("yaml") as YamlModule);
import type { Fact, FileFacts, LiteralValue, ParseProblem } from "../facts.js";
import type { LineIndex } from "../source-file.js";
import { pointer } from "./json-pointer.js";

/** Past this depth values are not read; the file gets one problem. */
export const MAX_YAML_DEPTH = 1000;

/** YAML read like JSON: `json` facts keyed by pointer, with exact positions. */
export function extractYamlFacts(text: string, lines: LineIndex): FileFacts {
  const doc = yaml().parseDocument(text, { strict: false, uniqueKeys: false });
  const facts: Fact[] = [];
  const problems: ParseProblem[] = doc.errors.map((e) => {
    const p = lines.position(e.pos[0]);
    return { message: e.message.split("\n")[0]!, line: p.line, column: p.column };
  });
  let tooDeep = false;
  const walk = (node: unknown, path: Array<string | number>, start: number | undefined): void => {
    if (!node || typeof node !== "object") return;
    if (path.length > MAX_YAML_DEPTH) {
      if (!tooDeep) {
        tooDeep = true;
        const p = lines.position(start ?? (node as Node).range?.[0] ?? 0);
        problems.push({
          message: `values are nested deeper than ${MAX_YAML_DEPTH} levels; deeper ones are not read`,
          line: p.line,
          column: p.column,
        });
      }
      return;
    }
    const n = node as Node;
    const range = n.range;
    if (path.length > 0 && range) {
      const fact: Fact = { kind: "json", key: pointer(path), span: lines.span(start ?? range[0], range[1]) };
      if (yaml().isScalar(n)) {
        const v = n.value;
        if (v === null || ["string", "number", "boolean"].includes(typeof v)) fact.detail = { value: v as LiteralValue };
      }
      facts.push(fact);
    }
    if (yaml().isMap(n)) {
      for (const pair of n.items) {
        const keyNode = pair.key as Node | null;
        const key = yaml().isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
        walk(pair.value, [...path, key], keyNode?.range?.[0]);
      }
    } else if (yaml().isSeq(n)) {
      n.items.forEach((item, i) => walk(item, [...path, i], undefined));
    }
  };
  walk(doc.contents, [], undefined);
  return { facts, problems, comments: [] };
}
