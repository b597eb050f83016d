import { createRequire } from "node:module";
import type { Document, Node } from "yaml";

type YamlModule = typeof import("yaml");
let yamlModule: YamlModule | undefined;
/** yaml is required on first use: most scans read no YAML once the rule catalogue is kept. */
const yaml = (): YamlModule => (yamlModule ??= createRequire(import.meta.url)("yaml") as YamlModule);

export interface YamlSource {
  data: unknown;
  /** The 1-based line of the node at a JSON path (or of its nearest existing parent). */
  lineOf(path: ReadonlyArray<string | number>): number | undefined;
}

export interface YamlProblem {
  message: string;
  line: number;
}

let documentsParsed = 0;
/** How many YAML documents this process has parsed: what a kept or compiled catalogue saves. */
export function yamlDocumentsParsed(): number {
  return documentsParsed;
}

/** Parses YAML keeping positions, so every later complaint can name a line. */
export function readYaml(text: string): { ok: true; source: YamlSource } | { ok: false; problem: YamlProblem } {
  documentsParsed++;
  const counter = new (yaml().LineCounter)();
  const doc: Document = yaml().parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    return { ok: false, problem: { message: error.message.split("\n")[0]!, line: counter.linePos(error.pos[0]).line } };
  }
  const lineOf = (path: ReadonlyArray<string | number>): number | undefined => {
    let node: unknown = doc.contents;
    let line = node && (node as Node).range ? counter.linePos((node as Node).range![0]).line : undefined;
    for (const segment of path) {
      if (yaml().isMap(node)) {
        const pair = node.items.find((p) => String((p.key as { value?: unknown } | null)?.value ?? p.key) === String(segment));
        if (!pair) break;
        const keyNode = pair.key as Node | null;
        if (keyNode?.range) line = counter.linePos(keyNode.range[0]).line;
        node = pair.value;
      } else if (yaml().isSeq(node)) {
        node = node.items[Number(segment)];
        const range = (node as Node | undefined)?.range;
        if (range) line = counter.linePos(range[0]).line;
      } else break;
    }
    return line;
  };
  return { ok: true, source: { data: doc.toJS({ maxAliasCount: 50 }), lineOf } };
}
