import { RE2JS } from "re2js";

/**
 * A regular expression from a rule pack or a profile, run by RE2 (re2js): matching takes time
 * linear in the text whatever the pattern, so no pattern can hang a scan and no result depends on
 * how fast the machine is. RE2 has no lookahead and no backreferences; lookbehind is allowed.
 */
/** A match: its offset (UTF-16) and its groups, `[0]` being the whole match. */
export interface PatternMatch {
  readonly index: number;
  readonly [group: number]: string | undefined;
}

export interface RulePattern {
  readonly source: string;
  /** Compiled with the `i` flag. */
  readonly ignoreCase: boolean;
  test(text: string): boolean;
  /** The first match and its groups (`m[1]`), like RegExp.exec. */
  exec(text: string): PatternMatch | null;
  /** Every match, left to right, not overlapping. */
  matchAll(text: string): Iterable<PatternMatch>;
  /** The text with its first match replaced; `$1`, `$&` and `$$` as in String.replace. */
  replaceFirst(text: string, replacement: string): string;
}

const FLAGS: Record<string, number> = { i: RE2JS.CASE_INSENSITIVE, m: RE2JS.MULTILINE, s: RE2JS.DOTALL, g: 0, u: 0 };

/**
 * Patterns compiled so far, by flags and source: RE2's compilation is slow next to its matching,
 * and rules of a pack share patterns (eight UI5 rules test the same one). A compiled pattern keeps
 * no state between calls, so sharing it is safe; the map is bounded for long-lived processes.
 */
const compiled = new Map<string, RulePattern | string>();
const MAX_COMPILED = 4096;

/** Compiles a pattern from a rule pack; a pattern RE2 cannot run is reported as a sentence. */
export function compileRulePattern(pattern: string, flags = ""): RulePattern | string {
  const key = `${flags}\0${pattern}`;
  let made = compiled.get(key);
  if (made === undefined) {
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(key, (made = compilePattern(pattern, flags)));
  }
  return made;
}

function compilePattern(pattern: string, flags: string): RulePattern | string {
  let bits = RE2JS.LOOKBEHINDS;
  for (const flag of flags) {
    const bit = FLAGS[flag];
    if (bit === undefined) return `regular expression flag '${flag}' is not supported (use i, m or s)`;
    bits |= bit;
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern, bits);
  } catch (error) {
    const reason = (error as Error).message.replace(/^error parsing regexp: /, "");
    return `regular expression /${pattern}/ cannot run in linear time (RE2 syntax): ${reason}${hint(reason)}`;
  }
  return {
    source: pattern,
    ignoreCase: flags.includes("i"),
    test: (text) => re.test(text),
    exec: (text: string) => re.exec(text) as PatternMatch | null,
    matchAll: (text: string) => re.matchAll(text) as Iterable<PatternMatch>,
    replaceFirst: (text, replacement) => re.matcher(text).replaceFirst(replacement),
  };
}

/**
 * A pattern already known to compile (its pack was validated when the catalogue was read),
 * compiled on first use: most rules of a pack never meet a fact their key admits, and RE2's
 * compilation is a good part of a short scan's start-up.
 */
export function deferredRulePattern(pattern: string, flags = ""): RulePattern {
  let once: RulePattern | undefined;
  const re = (): RulePattern => {
    if (once) return once;
    const made = compileRulePattern(pattern, flags);
    if (typeof made === "string") throw new Error(made);
    return (once = made);
  };
  return {
    source: pattern,
    ignoreCase: flags.includes("i"),
    test: (text) => re().test(text),
    exec: (text) => re().exec(text),
    matchAll: (text) => re().matchAll(text),
    replaceFirst: (text, replacement) => re().replaceFirst(text, replacement),
  };
}

function hint(reason: string): string {
  if (reason.includes("(?=") || reason.includes("(?!"))
    return "; lookahead is not available: match the text itself, or use (?<!…) after it";
  if (/invalid escape sequence: `\\[1-9]`/.test(reason)) return "; backreferences are not available";
  if (reason.includes("`\\u")) return "; write \\x{HHHH} for a code point";
  return "";
}
