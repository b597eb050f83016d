import { compileGlobs as compileSafeGlobs, GlobError, type ArgumentShape, type Fact, type LiteralValue, type XmlStep } from "@uplift/core";
import { compileRulePattern, type RulePattern } from "./regex-safety.js";
import type { Inside, KeyMatch, KeywordTest, ValueTest, Where } from "./rule-types.js";
import { compileXmlPath, matchesXmlPath, type XmlPathPattern } from "./xml-path.js";

/** What a condition may look at besides the fact: where the file sits in its project. */
export interface MatchContext {
  /** POSIX path of the file relative to its project root. */
  projectPath: string;
  /** Every fact of the file being matched, for conditions on the file as a whole (`inFile`). */
  facts?: readonly Fact[];
}

export type FactTest = (fact: Fact, ctx: MatchContext) => boolean;

export class ConditionError extends Error {}

export function compileValueTest(test: ValueTest): (v: LiteralValue | undefined) => boolean {
  if (test === null || typeof test !== "object") return (v) => v !== undefined && String(v) === String(test);
  const checks: Array<(v: LiteralValue | undefined) => boolean> = [];
  if (test.present !== undefined) checks.push((v) => (v !== undefined) === test.present);
  if ("equals" in test) checks.push((v) => v !== undefined && String(v) === String(test.equals));
  if (test.in) {
    const set = new Set(test.in.map(String));
    checks.push((v) => v !== undefined && set.has(String(v)));
  }
  if (test.matches !== undefined) {
    const re = patternOrThrow(test.matches);
    checks.push((v) => v !== undefined && re.test(String(v)));
  }
  if (test.notMatches !== undefined) {
    const re = patternOrThrow(test.notMatches);
    checks.push((v) => v === undefined || !re.test(String(v)));
  }
  return (v) => checks.every((c) => c(v));
}

function patternOrThrow(pattern: string): RulePattern {
  const re = compileRulePattern(pattern);
  if (typeof re === "string") throw new ConditionError(re);
  return re;
}

/**
 * A keyword argument: `present` asks whether it is passed (whatever its value); the other tests
 * look at its literal value, so a computed value never equals or matches anything.
 */
function compileKeywordTest(test: KeywordTest): (arg: ArgumentShape | undefined) => boolean {
  if (test !== null && typeof test === "object" && "text" in test) {
    const t = compileValueTest(test.text);
    return (arg) => {
      const text = typeof arg?.value === "string" ? arg.value : arg?.template;
      return text !== undefined && t(text);
    };
  }
  if (test === null || typeof test !== "object") {
    const t = compileValueTest(test);
    return (arg) => t(arg?.value);
  }
  const { present, ...rest } = test;
  const valueTest = Object.keys(rest).length > 0 ? compileValueTest(rest) : undefined;
  return (arg) => {
    if (present !== undefined && (arg !== undefined) !== present) return false;
    return valueTest === undefined || (arg !== undefined && valueTest(arg.value));
  };
}

/**
 * A detail field: a literal is tested as a value. A list passes when one of its items passes the
 * positive tests (`equals`, `in`, `matches`) and every item passes `notMatches`: `{ equals: done,
 * notMatches: "^sale$" }` is "holds done and not sale"; `notMatches` alone is "no item matches".
 */
function compileDetailTest(test: ValueTest): (v: unknown) => boolean {
  const t = compileValueTest(test);
  const listTests = listItemTests(test);
  return (v) => {
    if (Array.isArray(v)) {
      const items = v.filter((x): x is LiteralValue => x === null || ["string", "number", "boolean"].includes(typeof x));
      if (test !== null && typeof test === "object" && test.present !== undefined && Object.keys(test).length === 1) {
        return items.length > 0 === test.present;
      }
      const { some, every } = listTests;
      return (some === undefined || items.some((x) => some(x))) && (every === undefined || items.every((x) => every(x)));
    }
    if (v === undefined || v === null || ["string", "number", "boolean"].includes(typeof v)) return t(v as LiteralValue | undefined);
    return t(undefined);
  };
}

/** The tests one item of a list must pass (`some`) and all its items must pass (`every`, from `notMatches`). */
function listItemTests(test: ValueTest): {
  some?: (v: LiteralValue | undefined) => boolean;
  every?: (v: LiteralValue | undefined) => boolean;
} {
  if (test === null || typeof test !== "object" || test.notMatches === undefined) return { some: compileValueTest(test) };
  const { notMatches, ...positive } = test;
  const every = compileValueTest({ notMatches });
  return Object.keys(positive).length > 0 ? { some: compileValueTest(positive), every } : { every };
}

/** Globs of a rule or a config; one without a slash matches a file name at any depth. */
export function compileGlobs(globs: readonly string[]): (path: string) => boolean {
  // Hundreds of rules share a few glob lists (every derived XML rule has the same one): compiled once.
  const key = globs.join("\0");
  let test = compiledGlobs.get(key);
  if (!test) {
    try {
      test = compileSafeGlobs(globs);
    } catch (error) {
      if (error instanceof GlobError) throw new ConditionError(error.message);
      throw error;
    }
    compiledGlobs.set(key, test);
  }
  return test;
}

const compiledGlobs = new Map<string, (path: string) => boolean>();

/** The element path down to the element itself, for XML facts. */
function elementPath(fact: Fact): readonly XmlStep[] | undefined {
  const d = fact.detail;
  if (!d?.ancestors) return undefined;
  const name = fact.kind === "attribute" ? fact.key.slice(0, fact.key.lastIndexOf("@")) : fact.key.replace(/^\//, "");
  return [...d.ancestors, { name, attributes: d.attributes ?? {} }];
}

function compileInside(inside: Inside): FactTest {
  if (typeof inside === "string" || Array.isArray(inside)) {
    const patterns = (Array.isArray(inside) ? inside : [inside]).map((s) => {
      const p = compileXmlPath(s);
      if (typeof p === "string") throw new ConditionError(p);
      return p;
    });
    return (fact) => {
      const path = elementPath(fact);
      return path !== undefined && patterns.some((p: XmlPathPattern) => matchesXmlPath(p, path));
    };
  }
  const tests: FactTest[] = [];
  if (inside.call !== undefined) {
    const all = Array.isArray(inside.call) ? inside.call : [inside.call];
    // `*.doc.items.forEach`: a callee named by its last names, whatever the receiver is called.
    const callees = new Set(all.filter((c) => !c.startsWith("*.")));
    const suffixes = all.filter((c) => c.startsWith("*.")).map((c) => c.slice(1));
    const index = inside.argument;
    tests.push((fact) =>
      (fact.detail?.within ?? []).some((w) => {
        const hash = w.lastIndexOf("#");
        const callee = w.slice(0, hash);
        const named = callees.has(callee) || suffixes.some((s) => callee.endsWith(s));
        return named && (index === undefined || Number(w.slice(hash + 1)) === index);
      }),
    );
  }
  if (inside.class !== undefined) {
    const classes = new Set(Array.isArray(inside.class) ? inside.class : [inside.class]);
    // The nearest superclass, or (from the binding stage) any superclass across files.
    tests.push(
      (fact) =>
        (fact.detail?.classExtends !== undefined && classes.has(fact.detail.classExtends)) ||
        (fact.detail?.classChain ?? []).some((c) => classes.has(c)),
    );
  }
  return (fact, ctx) => tests.every((t) => t(fact, ctx));
}

function compileWhere(where: Where): FactTest {
  const tests: FactTest[] = [];
  if (where.key !== undefined) {
    const t = compileValueTest(where.key);
    tests.push((f) => t(f.key));
  }
  if (where.value !== undefined) {
    const t = compileValueTest(where.value);
    tests.push((f) => t(f.detail?.value));
  }
  if (where.arity !== undefined) {
    const a = where.arity;
    const [min, max] = typeof a === "number" ? [a, a] : [a.min ?? 0, a.max ?? Infinity];
    tests.push((f) => f.detail?.arity !== undefined && f.detail.arity >= min && f.detail.arity <= max);
  }
  if (where.argument) {
    const { index, type } = where.argument;
    const value = where.argument.value !== undefined ? compileValueTest(where.argument.value) : undefined;
    const path = where.argument.path !== undefined ? compileValueTest(where.argument.path) : undefined;
    const items = where.argument.items !== undefined ? compileDetailTest(where.argument.items) : undefined;
    // `present` alone asks whether the property is written at all, whatever its value (`tap: this.onTap`).
    const presence = (t: ValueTest): boolean | undefined =>
      t !== null && typeof t === "object" && Object.keys(t).length === 1 && t.present !== undefined ? t.present : undefined;
    const properties = Object.entries(where.argument.properties ?? {}).map(([name, t]) => {
      const present = presence(t);
      const test = compileValueTest(t);
      return [
        name,
        present === undefined
          ? (shape: ArgumentShape) => test(shape.properties?.[name])
          : (shape: ArgumentShape) => (shape.propertySpans?.[name] !== undefined || shape.properties?.[name] !== undefined) === present,
      ] as const;
    });
    tests.push((f) => {
      const arg = f.detail?.args?.[index];
      if (!arg) return false;
      if (type && arg.type !== type) return false;
      if (value && !value(arg.value)) return false;
      if (path && !path(arg.path)) return false;
      if (items && !(arg.items !== undefined && items(arg.items))) return false;
      for (const [, test] of properties) if (!test(arg)) return false;
      return true;
    });
  }
  if (where.attributes) {
    const attrTests = Object.entries(where.attributes).map(([name, t]) => [name, compileValueTest(t)] as const);
    tests.push((f) => attrTests.every(([name, t]) => t(f.detail?.attributes?.[name])));
  }
  if (where.enclosing !== undefined) {
    const t = compileValueTest(where.enclosing);
    tests.push((f) => t(f.enclosing));
  }
  if (where.root) {
    const { param } = where.root;
    const written = where.root.path;
    const path =
      written === undefined
        ? undefined
        : written.endsWith("*")
          ? (p: string): boolean => p.startsWith(written.slice(0, -1))
          : (p: string): boolean => p === written;
    tests.push((f) => {
      const root = f.detail?.root;
      if (root === undefined || f.detail?.rootPath === undefined) return false;
      const hash = root.lastIndexOf("#");
      if (param !== undefined && (hash < 0 || Number(root.slice(hash + 1)) !== param)) return false;
      return !path || path(f.detail.rootPath);
    });
  }
  if (where.keywords) {
    const keywordTests = Object.entries(where.keywords).map(([name, test]) => [name, compileKeywordTest(test)] as const);
    tests.push((f) => keywordTests.every(([name, t]) => t(f.detail?.keywords?.[name])));
  }
  if (where.detail) {
    const detailTests = Object.entries(where.detail).map(([name, test]) => [name, compileDetailTest(test)] as const);
    tests.push((f) => detailTests.every(([name, t]) => t(f.detail?.[name])));
  }
  return (f, ctx) => tests.every((t) => t(f, ctx));
}

/** Every condition of a key match folded into one predicate, cheapest checks first. */
export function compileConditions(spec: KeyMatch): FactTest | undefined {
  const tests: FactTest[] = [];
  if (spec.files) {
    const m = compileGlobs(spec.files);
    tests.push((_f, ctx) => m(ctx.projectPath));
  }
  if (spec.notFiles) {
    const m = compileGlobs(spec.notFiles);
    tests.push((_f, ctx) => !m(ctx.projectPath));
  }
  if (spec.where) tests.push(compileWhere(spec.where));
  if (spec.without) {
    const names = spec.without;
    tests.push((f) => names.every((n) => f.detail?.attributes?.[n] === undefined));
  }
  if (spec.inside) tests.push(compileInside(spec.inside));
  if (spec.notInside) {
    const t = compileInside(spec.notInside);
    tests.push((f, ctx) => !t(f, ctx));
  }
  if (tests.length === 0) return undefined;
  return (f, ctx) => tests.every((t) => t(f, ctx));
}
