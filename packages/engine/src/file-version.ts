import type { Fact } from "@uplift/core";
import { normaliseVersion } from "./plan.js";
import { compileRulePattern, type RulePattern } from "./regex-safety.js";
import type { FileVersionRule, Profile } from "./rule-types.js";

const KINDS = ["tag", "global", "call", "module"] as const;

function keyTest(keys: string | string[]): (key: string) => boolean {
  const list = Array.isArray(keys) ? keys : [keys];
  const exact = new Set(list.filter((k) => !k.endsWith("*")));
  const prefixes = list.filter((k) => k.endsWith("*")).map((k) => k.slice(0, -1));
  return (key) => exact.has(key) || prefixes.some((p) => key.startsWith(p));
}

/** Profile patterns, run by RE2 as everywhere else (checked when the profile was loaded). */
const patterns = new Map<string, RulePattern | string>();

function patternOf(source: string): RulePattern | string {
  let re = patterns.get(source);
  if (re === undefined) patterns.set(source, (re = compileRulePattern(source)));
  return re;
}

function versionBy(rule: FileVersionRule, profile: Profile, facts: readonly Fact[]): string | undefined {
  const kind = KINDS.find((k) => rule[k] !== undefined)!;
  const test = keyTest(rule[kind]!);
  for (const f of facts) {
    if (f.kind !== kind || !test(f.key)) continue;
    if (rule.version !== undefined) return rule.version;
    const raw = f.detail?.value;
    if (raw === undefined || raw === null) continue;
    let text = String(raw).trim();
    if (rule.pattern !== undefined) {
      const re = patternOf(rule.pattern);
      const m = typeof re === "string" ? null : re.exec(text);
      if (!m) continue;
      text = m[1] ?? m[0] ?? text;
    }
    const version = normaliseVersion(profile, text);
    if (version !== undefined) return version;
  }
  return undefined;
}

/**
 * The version a file says it is written for, by the profile's per-file rules (SuiteScript:
 * `@NApiVersion 2.1`, or 1.0's global functions); undefined when it says nothing.
 */
export function fileVersionOf(profile: Profile, facts: readonly Fact[]): string | undefined {
  for (const rule of profile.fileVersion ?? []) {
    const version = versionBy(rule, profile, facts);
    if (version !== undefined) return version;
  }
  return undefined;
}
