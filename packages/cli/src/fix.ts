import { readFileSync, realpathSync, writeFileSync } from "node:fs";
import path from "node:path";
import { decodeText, languageOf, prepareLanguage } from "@uplift/core";
import { fixFile, renderDiff, type FixOutcome, type ScanResult } from "@uplift/engine";

export interface FixRun {
  outcomes: FixOutcome[];
  skipped: Array<{ file: string; reason: string }>;
}

/**
 * Computes the fixes of a result, file by file. Only plain UTF-8 files under the scanned root are
 * touched: archive members, links out of the root and files in other encodings are skipped.
 */
export async function planFixes(root: string, result: ScanResult, which: "fix" | "suggestion" = "fix"): Promise<FixRun> {
  const byFile = new Map<string, ScanResult["findings"]>();
  for (const f of result.findings) {
    if (!(which === "fix" ? f.fix : f.suggestion)) continue;
    const list = byFile.get(f.file) ?? [];
    list.push(f);
    byFile.set(f.file, list);
  }
  const run: FixRun = { outcomes: [], skipped: [] };
  const rootDir = realpathSync(root);
  for (const [file, findings] of byFile) {
    if (file.includes("!/")) {
      run.skipped.push({ file, reason: "inside an archive" });
      continue;
    }
    const absolute = path.resolve(rootDir, file);
    let real: string;
    try {
      real = realpathSync(absolute);
    } catch {
      run.skipped.push({ file, reason: "no longer there" });
      continue;
    }
    if (real !== absolute || !real.startsWith(rootDir + path.sep)) {
      run.skipped.push({ file, reason: "outside the scanned folder" });
      continue;
    }
    const decoded = decodeText(readFileSync(real));
    const language = languageOf(file);
    if (!decoded.ok || decoded.encoding !== "utf-8" || !language) {
      run.skipped.push({ file, reason: "not a plain UTF-8 text file" });
      continue;
    }
    await prepareLanguage(language);
    const outcome = fixFile({ path: file, language, text: decoded.text }, findings, which);
    if (outcome.refused) run.skipped.push({ file, reason: outcome.refused });
    else if (outcome.applied > 0) run.outcomes.push(outcome);
  }
  return run;
}

export function writeFixes(root: string, run: FixRun): void {
  const rootDir = realpathSync(root);
  for (const o of run.outcomes) writeFileSync(path.resolve(rootDir, o.file), o.after);
}

export function diffOf(run: FixRun): string {
  return run.outcomes.map(renderDiff).join("");
}

/**
 * What the rules suggest but --fix never writes, as a diff of its own after the fixes: each file
 * with every suggestion applied to its original text.
 */
export function suggestionsDiffOf(run: FixRun): string {
  if (run.outcomes.length === 0) return "";
  const header = "# Suggested by the rules, not applied by --fix: review and convert by hand.\n";
  return header + run.outcomes.map(renderDiff).join("");
}
