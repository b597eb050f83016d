import type { Fact, FactDetail, FileFacts } from "../../facts.js";
import type { LineIndex } from "../../source-file.js";
import { blankCommentsAndStrings, cdsCommentRanges } from "./cds-tokens.js";

/** A word of the source (a keyword or a name: `/DMO/R_Travel_D`, `$self`) or one punctuation mark, lower case. */
interface Word {
  lower: string;
  start: number;
  end: number;
}

/** A name an object can have: `ZR_Travel`, `/DMO/A_TRAVEL_D`. Keywords pass too; the place a name stands decides. */
const NAME = /^(?:\/[a-z0-9_]+\/)?[a-z0-9_]+$/;

/** The first word of a behaviour definition: how its behaviour is implemented. */
const IMPLEMENTATION_TYPES = new Set(["managed", "unmanaged", "abstract", "projection", "interface", "extension"]);
/** `extension for projection;`: what else an extension may extend than a managed or unmanaged BDEF. */
const EXTENSION_OF = new Set(["projection", "abstract"]);

/**
 * A behaviour definition (`.bdef.asbdef`, RAP's BDL), which abaplint does not parse. What in it can
 * break at an upgrade is the SAP object it names, and BDL names objects in a few fixed places, read
 * here from the text with comments and strings blanked out, word by word (one pass, no
 * backtracking): the entity a `define behavior for` or `extend behavior for` is about, the interface
 * an extension goes through (`extension using interface`), an extension node's interface (`using`),
 * `persistent table`, `draft table … query …`, `mapping for … control …`, an action's, function's or
 * event's `parameter` and `result`, `foreign entity`, `scalar entity`, `instance hierarchy`, the
 * entity a cross-BO association goes through (`association _X using …`), and the class a behaviour
 * is implemented in (`implementation in class`).
 *
 * One `definition` fact for the whole source, its kind in `value` (`managed`, `unmanaged`,
 * `projection`, `interface`, `abstract`, `extension`, `extension-projection`, …) with what the header
 * says (`strict`, `draft`, `extensible`, `save`); a `ref table:X` fact (`ref class:X` for a class) at
 * each name, `via: cds`, its use in `value` (`bdef-entity`, `bdef-persistent-table`, …). An entity's
 * fact carries its `alias` and what its characteristics say of it (`lock`, `authorization`, `etag`:
 * `master` or `dependent`; `save`: `unmanaged` or `additional`; `numbering`: `early` or `late`).
 */
export function extractBehaviourFacts(text: string, lines: LineIndex, object: { label: string; name: string } | undefined): FileFacts {
  const comments = cdsCommentRanges(text);
  const code = blankCommentsAndStrings(text, comments);
  const reader = new BehaviourReader(wordsOf(code), lines, object?.label);
  const problem = reader.read();
  if (problem) return { facts: [], problems: [{ message: problem, line: 1, column: 1, parserGap: true, wholeFile: true }], comments };
  return { facts: reader.result(object?.name), problems: [], comments };
}

class BehaviourReader {
  readonly #facts: Fact[] = [];
  readonly #header: FactDetail = {};
  #type: { kind: string; start: number; end: number } | undefined;
  /** The entity whose characteristics are being read (between its `define behavior for` and its body). */
  #entity: Fact | undefined;
  /** The first entity the source defines or extends behaviour for: what it is about without a file name. */
  #first: string | undefined;
  #depth = 0;

  constructor(
    private readonly words: readonly Word[],
    private readonly lines: LineIndex,
    private readonly object: string | undefined,
  ) {}

  /** Reads the source; says why not when it holds no behaviour definition. */
  read(): string | undefined {
    const words = this.words;
    if (words.length === 0) return "empty behaviour definition source";
    const first = words[0]!;
    let typeEnd = 1;
    let kind = first.lower;
    if (kind === "implementation" && (words[1]?.lower === "managed" || words[1]?.lower === "unmanaged")) {
      kind = words[1]!.lower;
      typeEnd = 2;
    } else if (kind === "extension" && this.#is(1, "for") && EXTENSION_OF.has(words[2]?.lower ?? "")) {
      kind = `extension-${words[2]!.lower}`;
      typeEnd = 3;
    } else if (!IMPLEMENTATION_TYPES.has(kind)) {
      return "no behaviour definition found (it starts with managed, unmanaged, projection, interface, abstract or extension)";
    }
    this.#type = { kind, start: first.start, end: words[typeEnd - 1]!.end };
    for (let i = typeEnd; i < words.length; i++) this.#word(i);
    if (this.#first === undefined) return "no behaviour definition found (no define behavior for or extend behavior for)";
    return undefined;
  }

  /** The facts, the definition first; `name` is the object's, else the first entity names the definition. */
  result(name: string | undefined): Fact[] {
    const type = this.#type!;
    const definition = this.#fact("definition", name ?? this.#first!, type.start, type.end, { value: type.kind, ...this.#header });
    return [definition, ...this.#facts].sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
  }

  #word(i: number): void {
    const w = this.words[i]!.lower;
    const top = this.#depth === 0;
    switch (w) {
      case "{":
        this.#depth++;
        return;
      case "}":
        this.#depth = Math.max(0, this.#depth - 1);
        if (this.#depth === 0) this.#entity = undefined;
        return;
      case "define":
      case "extend":
        if (top && this.#is(i + 1, "behavior", "for")) {
          const entity = this.#ref(i + 3, w === "define" ? "bdef-entity" : "bdef-extend");
          if (entity) this.#first ??= entity.key.slice("table:".length);
          this.#entity = entity;
        }
        return;
      case "alias":
        if (top && this.#entity && this.#entity.detail!.alias === undefined && this.#name(i + 1)) {
          this.#entity.detail!.alias = this.lines.text.slice(this.words[i + 1]!.start, this.words[i + 1]!.end);
        }
        return;
      case "using":
        if (this.#is(i + 1, "interface")) this.#ref(i + 2, "bdef-interface");
        else this.#ref(i + 1, top ? "bdef-using" : "bdef-association");
        return;
      case "persistent":
        if (this.#is(i + 1, "table")) this.#ref(i + 2, "bdef-persistent-table");
        return;
      case "draft":
        if (this.#is(i + 1, "table")) this.#ref(i + 2, "bdef-draft-table");
        return;
      case "query":
        if (this.#is(i - 3, "draft", "table")) this.#ref(i + 1, "bdef-draft-query");
        return;
      case "in":
        if (this.#is(i + 1, "class") && ["implementation", "managed", "unmanaged"].includes(this.words[i - 1]?.lower ?? "")) {
          this.#ref(i + 2, "bdef-implementation", "class");
        }
        return;
      case "mapping":
        if (this.#is(i + 1, "for") && this.#ref(i + 2, "bdef-mapping") && this.#is(i + 3, "control"))
          this.#ref(i + 4, "bdef-mapping-control");
        return;
      case "parameter":
        // `parameter P = Component;` in a type mapping maps a component, it names no type.
        if (this.words[i + 2]?.lower !== "=") this.#ref(i + 1, "bdef-parameter");
        return;
      case "result":
        this.#ref(this.#resultType(i + 1), "bdef-result");
        return;
      case "foreign":
      case "scalar":
        if (this.#is(i + 1, "entity")) this.#ref(i + 2, `bdef-${w}-entity`);
        return;
      case "instance":
        if (this.#is(i + 1, "hierarchy")) this.#ref(i + 2, "bdef-hierarchy");
        return;
      default:
        if (top) this.#characteristic(i, w);
    }
  }

  /** What the header says of the whole behaviour, and an entity's characteristics, at the top level. */
  #characteristic(i: number, w: string): void {
    const next = this.words[i + 1]?.lower;
    const header = this.#first === undefined;
    const entity = this.#entity?.detail;
    if (w === "strict" && header) {
      this.#header.strict = next === "(" && /^[0-9]+$/.test(this.words[i + 2]?.lower ?? "") ? Number(this.words[i + 2]!.lower) : 1;
    } else if (w === "extensible" && header) {
      this.#header.extensible = true;
    } else if ((w === "with" || w === "use") && (next === "draft" || (next === "collaborative" && this.#is(i + 2, "draft")))) {
      if (header) this.#header.draft = next === "draft" ? "draft" : "collaborative";
    } else if (w === "with" && (next === "unmanaged" || next === "additional") && this.#is(i + 2, "save")) {
      (entity ?? this.#header).save = next;
    } else if (!entity) {
      return;
    } else if ((w === "lock" || w === "authorization" || w === "etag") && (next === "master" || next === "dependent")) {
      entity[w] ??= next;
    } else if ((w === "early" || w === "late") && next === "numbering") {
      entity.numbering = w;
    } else if (w === "(") {
      // `( lock, authorization, etag ) dependent`, the short form of an extension node's characteristics.
      const named: string[] = [];
      let k = i + 1;
      for (; k < i + 8 && ["lock", "authorization", "etag", ","].includes(this.words[k]?.lower ?? ""); k++) {
        if (this.words[k]!.lower !== ",") named.push(this.words[k]!.lower);
      }
      if (this.#is(k, ")", "dependent")) for (const n of named) entity[n] ??= "dependent";
    }
  }

  /** After `result`: `[selective] [cardinality] [entity] Name`, where the name stands (`$self` is none). */
  #resultType(i: number): number {
    let j = i;
    if (this.#is(j, "selective")) j++;
    if (this.#is(j, "[")) {
      // A cardinality is a few words (`[0..*]`); a bracket left open is not followed far.
      const close = this.words.slice(j, j + 8).findIndex((w) => w.lower === "]");
      if (close < 0) return -1;
      j += close + 1;
    }
    if (this.#is(j, "entity")) j++;
    return j;
  }

  /** Whether the words from `i` are `keywords`. */
  #is(i: number, ...keywords: string[]): boolean {
    return i >= 0 && keywords.every((k, n) => this.words[i + n]?.lower === k);
  }

  #name(i: number): Word | undefined {
    const w = i >= 0 ? this.words[i] : undefined;
    return w && NAME.test(w.lower) ? w : undefined;
  }

  /** A `ref` fact at the name at word `i`, if a name stands there. */
  #ref(i: number, use: string, prefix = "table"): Fact | undefined {
    const w = this.#name(i);
    if (!w) return undefined;
    const fact = this.#fact("ref", `${prefix}:${w.lower.toUpperCase()}`, w.start, w.end, { value: use, via: "cds" });
    this.#facts.push(fact);
    return fact;
  }

  #fact(kind: Fact["kind"], key: string, start: number, end: number, detail: FactDetail): Fact {
    const fact: Fact = {
      kind,
      key,
      span: this.lines.span(start, end),
      detail: { ...detail, ...(this.object ? { object: this.object } : {}) },
    };
    if (this.object) fact.enclosing = this.object;
    return fact;
  }
}

/** The source's words and punctuation marks, in one pass. */
function wordsOf(code: string): Word[] {
  const out: Word[] = [];
  let i = 0;
  while (i < code.length) {
    if (isSpace(code.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i;
    while (j < code.length && isWordChar(code.charCodeAt(j))) j++;
    if (j === i) j = i + 1;
    out.push({ lower: code.slice(i, j).toLowerCase(), start: i, end: j });
    i = j;
  }
  return out;
}

function isSpace(c: number): boolean {
  return c <= 32 || c === 0xa0 || c === 0xfeff;
}

/** Letters, digits and `_`, the `/` of a namespace, `$` of `$self`, `%`, `#` of a pragma, `~` of `Entity~validation`. */
function isWordChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    c === 95 ||
    c === 47 ||
    c === 36 ||
    c === 37 ||
    c === 35 ||
    c === 126
  );
}
