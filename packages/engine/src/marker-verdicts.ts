import type { Candidate, FactCache, SourceFile, StampMemo } from "@uplift/core";
import { StampKept, type KeptKind } from "./stamp-kept.js";

/**
 * Whether a file with a common name (an `index.html`, a `hooks.py`) holds what its rule requires
 * to mark a project, kept by the file's content and found again by its stamp (`StampMemo`): a
 * rerun does not read a page it knows holds no UI5 bootstrap. Kept sealed in the fact cache, one
 * entry per scanned root, for the files the last scan met; an entry that does not read back as
 * verdicts is a miss, and a file whose stamp changed is read again.
 */
export class MarkerVerdicts {
  private constructor(private readonly kept: StampKept<boolean>) {}

  static load(cache: FactCache, memo: StampMemo, root: string): MarkerVerdicts {
    return new MarkerVerdicts(new StampKept(cache, memo, root, VERDICTS));
  }

  /** The verdict kept for the file's content, when its stamp says it is unchanged. */
  known(candidate: Candidate, language: string, required: string): boolean | undefined {
    return this.kept.known(candidate, qualifierOf(language, required));
  }

  /** The verdict on a file just read (its stamp is recorded with its content's hash). */
  record(candidate: Candidate, file: SourceFile, language: string, required: string, holds: boolean): void {
    this.kept.record(candidate, file, qualifierOf(language, required), holds);
  }

  /** Writes the verdicts on the files this scan met (sealed), when any changed. */
  save(): void {
    this.kept.save();
  }
}

/** A verdict depends on the adapter that read the file and on what its rule requires. */
const VERDICTS: KeptKind<boolean> = {
  name: "marker-verdicts",
  isQualifier: (qualifier) => qualifier.includes("\0"),
  valueOf: (stored) => (typeof stored === "boolean" ? stored : undefined),
  same: (a, b) => a === b,
};

function qualifierOf(language: string, required: string): string {
  return `${language}\0${required}`;
}
