import { realpathSync, writeFileSync } from "node:fs";
import path from "node:path";
import { decodeText, languageOf, prepareLanguage, readRegularFileSync } from "@uplift/core";
import { fixFile, renderDiff, type FixOutcome, type ScanResult } from "@uplift/engine";

/** One file's fixes: its text before and after, and whether it starts with a byte-order mark. */
export interface FileFix extends FixOutcome {
  bom: boolean;
}

export interface FixRun {
  outcomes: FileFix[];
  skipped: Array<{ file: string; reason: string }>;
}

/**
 * Computes the fixes of a result, file by file. Only plain UTF-8 files under the scanned root are
 * touched: archive members, links out of the root and files in other encodings are skipped. Files
 * already fixed in an earlier round are read from `settled`, not from disk.
 */
export async function planFixes(
  root: string,
  result: ScanResult,
  settled: ReadonlyMap<string, FileFix> = new Map(),
  which: "fix" | "suggestion" = "fix",
): Promise<FixRun> {
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
    const earlier = settled.get(file);
    const read = earlier ? { text: earlier.after, bom: earlier.bom } : readFixable(rootDir, file);
    if ("reason" in read) {
      run.skipped.push({ file, reason: read.reason });
      continue;
    }
    const language = languageOf(file)!;
    await prepareLanguage(language);
    const outcome = fixFile({ path: file, language, text: read.text }, findings, which);
    if (outcome.refused) run.skipped.push({ file, reason: outcome.refused });
    else if (outcome.applied > 0) run.outcomes.push({ ...outcome, bom: read.bom });
  }
  return run;
}

function readFixable(rootDir: string, file: string): { text: string; bom: boolean } | { reason: string } {
  if (file.includes("!/")) return { reason: "inside an archive" };
  const absolute = path.resolve(rootDir, file);
  let real: string;
  try {
    real = realpathSync(absolute);
  } catch {
    return { reason: "no longer there" };
  }
  if (real !== absolute || !real.startsWith(rootDir + path.sep)) return { reason: "outside the scanned folder" };
  let bytes: Buffer;
  try {
    bytes = readRegularFileSync(real);
  } catch {
    return { reason: "not a regular file" };
  }
  const decoded = decodeText(bytes);
  if (!decoded.ok || decoded.encoding !== "utf-8" || !languageOf(file)) return { reason: "not a plain UTF-8 text file" };
  return { text: decoded.text, bom: bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf };
}

/** Rounds of fixes, each on the text the last one left, until nothing more applies. */
export const MAX_FIX_ROUNDS = 10;

/** Folds a round into what is settled: each file keeps its first `before` and takes the last `after`. */
export function settle(settled: Map<string, FileFix>, run: FixRun): void {
  for (const o of run.outcomes) {
    const earlier = settled.get(o.file);
    settled.set(o.file, earlier ? { ...o, before: earlier.before, applied: earlier.applied + o.applied } : o);
  }
}

/** Writes the settled files, each with the byte-order mark it had and its own line endings (kept by the edits). */
export function writeFixes(root: string, fixes: Iterable<FileFix>): void {
  const rootDir = realpathSync(root);
  for (const o of fixes) writeFileSync(path.resolve(rootDir, o.file), (o.bom ? "\uFEFF" : "") + o.after);
}

export function diffOf(fixes: Iterable<FileFix>): string {
  return [...fixes]
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
    .map(renderDiff)
    .join("");
}

/**
 * What the rules suggest but --fix never writes, as a diff of its own after the fixes: each file
 * with every suggestion applied to its original text.
 */
export function suggestionsDiffOf(run: FixRun): string {
  if (run.outcomes.length === 0) return "";
  const header = "# Suggested by the rules, not applied by --fix: review and convert by hand.\n";
  return header + diffOf(run.outcomes);
}
