import { hash } from "node:crypto";
import type { Finding } from "./result.js";

/**
 * Fingerprints survive line moves: they hash the rule, the file and the normalised snippet, plus
 * the ordinal among identical ones, so two identical lines stay two findings.
 */
export function assignFingerprints(findings: Finding[]): void {
  const ordinals = new Map<string, number>();
  for (const f of findings) {
    const base = `${f.ruleId}\0${f.file}\0${f.snippet.replace(/\s+/g, " ").trim()}`;
    const n = ordinals.get(base) ?? 0;
    ordinals.set(base, n + 1);
    f.fingerprint = hash("sha256", `${base}\0${n}`, "hex").slice(0, 32);
  }
}
