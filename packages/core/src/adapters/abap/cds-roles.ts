import type { Fact, FileFacts } from "../../facts.js";
import type { LineIndex } from "../../source-file.js";
import { blankCommentsAndStrings, cdsCommentRanges } from "./cds-tokens.js";

/** A CDS name: `I_SalesOrder`, `/DMO/R_TravelTP`. */
const NAME = String.raw`((?:/[A-Za-z0-9_]+/)?[A-Za-z0-9_]+)`;

interface Shape {
  /** The statement that defines the object: what it defines (a word, or `extend` and a word) and its name. */
  define: RegExp;
  kind: string;
  /** Where the source names another entity, and how it uses it. */
  uses: Array<{ pattern: RegExp; value: string }>;
}

/**
 * Access controls and service definitions have grammars of their own, which abaplint does not
 * parse; the little they say about other objects has a fixed shape, read here from the text with
 * comments and strings blanked out.
 */
const SHAPES: Record<"dcls" | "srvd", Shape> = {
  dcls: {
    define: new RegExp(String.raw`\bdefine\s+(role|accesspolicy|aspect)\s+${NAME}`, "gi"),
    kind: "role",
    uses: [
      { pattern: new RegExp(String.raw`\bgrant\s+select\s+on\s+${NAME}`, "gi"), value: "cds-grant" },
      { pattern: new RegExp(String.raw`\binheriting\s+conditions\s+from\s+entity\s+${NAME}`, "gi"), value: "cds-inherit" },
    ],
  },
  srvd: {
    define: new RegExp(String.raw`\b(define\s+service|extend\s+service)\s+${NAME}`, "gi"),
    kind: "service",
    uses: [{ pattern: new RegExp(String.raw`\bexpose\s+${NAME}`, "gi"), value: "cds-expose" }],
  },
};

/**
 * An access control (`define role … { grant select on X … inheriting conditions from entity Y }`,
 * also `define accesspolicy`/`define aspect`) or a service definition (`define service … { expose X
 * as … }`, `extend service … with`): a `definition` fact for the role or service (value `role`,
 * `accesspolicy`, `aspect`, `service`, `extend-service`) and a `ref table:X` fact for each entity it protects, inherits from or exposes, so
 * that SAP's entities among them are looked up in SAP's released-object lists like any data source.
 */
export function extractCdsScriptFacts(kind: "dcls" | "srvd", text: string, lines: LineIndex, object: string | undefined): FileFacts {
  const comments = cdsCommentRanges(text);
  const code = blankCommentsAndStrings(text, comments);
  const shape = SHAPES[kind];
  const facts: Fact[] = [];
  const fact = (factKind: Fact["kind"], key: string, start: number, end: number, value: string): void => {
    const f: Fact = { kind: factKind, key, span: lines.span(start, end), detail: { value, ...(object ? { object } : {}) } };
    if (factKind === "ref") f.detail!.via = "cds";
    if (object) f.enclosing = object;
    facts.push(f);
  };
  const defined = [...code.matchAll(shape.define)][0];
  if (!defined) {
    const message = text.trim() === "" ? `empty CDS ${shape.kind} source` : `no ${shape.kind} definition found`;
    return { facts, problems: [{ message, line: 1, column: 1, parserGap: true, wholeFile: true }], comments };
  }
  const verb = defined[1]!.toLowerCase().split(/\s+/);
  const defines = verb[0] === "extend" ? `extend-${verb[1]}` : verb[verb.length - 1]!;
  fact("definition", defined[2]!.toUpperCase(), defined.index, defined.index + defined[0].length, defines);
  for (const use of shape.uses) {
    for (const m of code.matchAll(use.pattern)) {
      const target = m[1]!;
      const start = m.index + m[0].length - target.length;
      fact("ref", `table:${target.toUpperCase()}`, start, start + target.length, use.value);
    }
  }
  facts.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
  return { facts, problems: [], comments };
}
