import abaplint from "@abaplint/core";
import type { Fact, FileFacts, ParseProblem } from "../../facts.js";
import type { LineIndex } from "../../source-file.js";
import { objectLabel, parseAbapFileName } from "./abapgit-names.js";
import { extractBehaviourFacts } from "./cds-behaviour.js";
import { extractCdsScriptFacts } from "./cds-roles.js";
import { cdsCommentRanges, cdsStopLine, tokenColumn } from "./cds-tokens.js";
import { STATEMENT_STEP_BOUND, withStepBound } from "./parse-bound.js";

type ExpressionNode = abaplint.Nodes.ExpressionNode;
type Node = ExpressionNode | abaplint.Nodes.TokenNode;

/** What each kind of CDS source defines, by abaplint's expression for it. */
const DEFINITIONS: Record<string, string> = {
  CDSDefineView: "view",
  CDSDefineProjection: "projection",
  CDSDefineCustom: "custom-entity",
  CDSDefineAbstract: "abstract-entity",
  CDSDefineTableFunction: "table-function",
  CDSDefineHierarchy: "hierarchy",
  CDSDefineExternalEntity: "external-entity",
  CDSDefineTableEntity: "table-entity",
  CDSExtendView: "extend-view",
  CDSAnnotate: "annotate",
};

/** How a data source is used: read by the view, reached through an association, projected, extended, annotated. */
const SOURCE_USES: Record<string, string> = {
  CDSSource: "cds-select",
  CDSAssociation: "cds-association",
  CDSComposition: "cds-association",
};

/**
 * A CDS source (data definition `.asddls`, metadata extension `.asddlxs`), read by abaplint's CDS
 * parser: one `definition` fact for what it defines (its kind in `value`: `view` for a DDIC-based
 * `define view`, `view-entity`, `projection`, …), `tag` facts for its header annotations
 * (`@AbapCatalog.sqlViewName`), and a `ref table:X` fact for each data source (`select from`,
 * joins, unions, association and composition targets, `projection on`, the entity an extension or
 * a metadata extension applies to). Names in comments and strings are never read: the parser's
 * tokens carry no comments and a string is one token.
 */
export function extractCdsFacts(path: string, text: string, lines: LineIndex): FileFacts {
  const name = parseAbapFileName(path);
  const object = name ? objectLabel(name) : undefined;
  if (/\.asbdef$/i.test(path)) return extractBehaviourFacts(text, lines, name && object ? { label: object, name: name.name } : undefined);
  if (name?.ext === "asdcls" || name?.ext === "srvdsrv") {
    return extractCdsScriptFacts(name.ext === "asdcls" ? "dcls" : "srvd", text, lines, object);
  }
  const comments = cdsCommentRanges(text);
  // The grammar backtracks: nested parentheses make it exponential, so each reading has a step
  // bound. A source is one statement, read in steps that grow with its length: the bound does too.
  const bound = cdsStepBound(text);
  const { value: tree, bounded } = withStepBound(() => {
    try {
      return new abaplint.CDSParser().parse(new abaplint.MemoryFile(baseName(path), text));
    } catch {
      return undefined;
    }
  }, bound);
  if (!tree) return { facts: [], problems: [notRead(text, bounded.size > 0)], comments };
  const reader = new CdsReader(lines, object);
  reader.read(tree);
  return { facts: reader.facts, problems: [], comments };
}

/**
 * A source abaplint's CDS parser does not read. CDS comes out of a system that activated it, so
 * this is a gap of the parser, not an error of the source: the file is unchecked, not a finding.
 */
function notRead(text: string, bounded: boolean): ParseProblem {
  if (bounded) {
    return {
      message: "CDS source too complex to parse within the parser's bound (deeply nested parentheses)",
      line: 1,
      column: 1,
      parserGap: true,
      wholeFile: true,
    };
  }
  const stop = withStepBound(() => cdsStopLine(text), cdsStepBound(text)).value;
  const message =
    text.trim() === "" ? "empty CDS source" : `CDS source not understood by abaplint's CDS parser (it stops reading at line ${stop.line})`;
  return { message, line: stop.line, column: stop.column, parserGap: true, wholeFile: true };
}

/**
 * Steps of abaplint's grammar one reading of a source may take: 50 per character (a view of 800
 * computed elements, 80,000 characters, needs about half of that), at least a statement's bound and
 * at most 4 million (about a second), so that a hostile source costs seconds, not hours.
 */
function cdsStepBound(text: string): number {
  return Math.min(4_000_000, Math.max(STATEMENT_STEP_BOUND, text.length * 50));
}

class CdsReader {
  readonly facts: Fact[] = [];
  /** Where each row starts, as abaplint counts rows. */
  readonly rows: number[] = [0];

  constructor(
    private readonly lines: LineIndex,
    private readonly object: string | undefined,
  ) {
    for (let i = lines.text.indexOf("\n"); i >= 0; i = lines.text.indexOf("\n", i + 1)) this.rows.push(i + 1);
  }

  read(root: ExpressionNode): void {
    const kind = root.get().constructor.name;
    const children: readonly Node[] = root.getChildren();
    const nameNode = children.find((c): c is ExpressionNode => isExpression(c, "CDSName"));
    let definition: Fact | undefined;
    if (nameNode) {
      const keywords = children
        .slice(0, children.indexOf(nameNode))
        .filter((c) => !isExpression(c))
        .map((c) => c.getFirstToken().getStr().toLowerCase());
      const first = children.find((c) => !isExpression(c));
      definition = this.#fact("definition", nameOf(nameNode), first ?? nameNode, nameNode, {
        value: definitionKind(kind, keywords),
        ...(keywords.includes("root") ? { rootEntity: true } : {}),
      });
    }
    for (const c of children) if (isExpression(c, "CDSAnnotation")) this.#annotation(c, definition);
    if (definition) this.facts.push(definition);
    // The entity an extension or a metadata extension applies to, and what a projection is on.
    if (nameNode && (kind === "CDSExtendView" || kind === "CDSAnnotate")) {
      this.#source(nameNode, kind === "CDSExtendView" ? "cds-extend" : "cds-annotate");
      return;
    }
    if (kind === "CDSDefineProjection") {
      const base = children.filter((c): c is ExpressionNode => isExpression(c, "CDSName"))[1];
      if (base) this.#source(base, "cds-projection");
    }
    this.#walk(root);
  }

  #walk(node: ExpressionNode): void {
    for (const child of node.getChildren() as readonly Node[]) {
      if (!isExpression(child)) continue;
      const kind = child.get().constructor.name;
      // Elements and annotations hold paths and values, never data sources.
      if (kind === "CDSElement" || kind === "CDSAnnotation" || kind === "CDSCondition") continue;
      const use = SOURCE_USES[kind];
      if (use) {
        const target = kind === "CDSSource" ? child.getChildren()[0] : child.findDirectExpression(abaplint.ExpressionsCDS.CDSRelation);
        const name = target && sourceName(target);
        if (name) this.#source(name, use);
      }
      this.#walk(child);
    }
  }

  #source(nameNode: ExpressionNode, use: string): void {
    const name = nameOf(nameNode);
    if (name === "" || name.startsWith("$")) return;
    const fact = this.#fact("ref", `table:${name}`, nameNode, nameNode, { value: use, via: "cds" });
    // A relation's last token is its alias: the span covers the name as written, where it is one word.
    const start = this.lines.offset(fact.span.line, fact.span.column);
    if (this.lines.text.slice(start, start + name.length).toUpperCase() === name) {
      fact.span = this.lines.span(start, start + name.length);
    }
    this.facts.push(fact);
  }

  /** `@AbapCatalog.sqlViewName: 'ZV_X'` as a tag fact, its value without quotes. */
  #annotation(node: ExpressionNode, definition: Fact | undefined): void {
    const tokens: readonly Node[] = node.getChildren();
    const keyParts: string[] = [];
    for (const t of tokens) {
      if (isExpression(t)) break;
      const s = t.getFirstToken().getStr();
      if (s === ":") break;
      keyParts.push(s);
    }
    const key = keyParts.join("");
    if (!key.startsWith("@")) return;
    const valueNode = tokens.find((t): t is ExpressionNode => isExpression(t));
    const raw = valueNode?.concatTokens();
    const value = raw === undefined ? true : /^'.*'$/s.test(raw) ? raw.slice(1, -1) : raw;
    this.facts.push(this.#fact("tag", key, node, node, { value }));
    if (definition && key.toLowerCase() === "@abapcatalog.sqlviewname" && typeof value === "string") {
      definition.detail!.sqlViewName = value.toUpperCase();
    }
  }

  #fact(kind: Fact["kind"], key: string, from: Node, to: Node, detail: Fact["detail"]): Fact {
    const last = to.getLastToken();
    const span = this.lines.span(this.#start(from.getFirstToken()), this.#start(last) + last.getStr().length);
    const fact: Fact = { kind, key, span, detail: { ...detail, ...(this.object ? { object: this.object } : {}) } };
    if (this.object) fact.enclosing = this.object;
    return fact;
  }

  /** Where a token starts, as an offset. abaplint counts rows at line feeds only (a lone CR is no break to it). */
  #start(token: abaplint.Token): number {
    const rowStart = this.rows[token.getStart().getRow() - 1] ?? this.lines.text.length;
    const next = this.lines.text.indexOf("\n", rowStart);
    const row = this.lines.text.slice(rowStart, next < 0 ? this.lines.text.length : next);
    return rowStart + tokenColumn(row, token.getStr(), token.getStart().getCol()) - 1;
  }
}

function isExpression(node: Node, kind?: string): node is ExpressionNode {
  if (!(node instanceof abaplint.Nodes.ExpressionNode)) return false;
  return kind === undefined || node.get().constructor.name === kind;
}

/** The name a data source is written with: the CDSName of a source or relation, without its alias. */
function sourceName(node: Node): ExpressionNode | undefined {
  if (!isExpression(node)) return undefined;
  const kind = node.get().constructor.name;
  if (kind === "CDSName" || kind === "CDSRelation") return node;
  return node.findDirectExpression(abaplint.ExpressionsCDS.CDSName) ?? undefined;
}

/** `/dmo/airport`, `I_Country`: the tokens of a name (a relation's without its alias), upper case. */
function nameOf(node: ExpressionNode): string {
  const parts: string[] = [];
  for (const c of node.getChildren() as readonly Node[]) {
    if (isExpression(c)) {
      if (c.get().constructor.name === "CDSAs" || c.get().constructor.name === "CDSParametersSelect") break;
      parts.push(nameOf(c));
    } else parts.push(c.getFirstToken().getStr());
  }
  return parts.join("").toUpperCase();
}

function definitionKind(kind: string, keywords: readonly string[]): string {
  const base = DEFINITIONS[kind] ?? kind;
  if ((kind === "CDSDefineView" || kind === "CDSExtendView") && keywords.includes("entity")) return `${base}-entity`;
  return base;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1).toLowerCase();
}
