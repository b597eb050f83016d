import type { ExtractedFile, ExtractPool, FactCache, SourceFile, StampMemo, Unanalysed } from "@uplift/core";
import type { AbapPass } from "./abap-pass.js";
import type { CodeResults } from "./code-results.js";
import type { ResultCache } from "./file-results.js";
import type { Linker } from "./link/index.js";
import type { ReadAhead } from "./read-ahead.js";
import type { ParsedMarker, Project, SourceLoader } from "./projects.js";
import type { Finding } from "./result.js";
import type { RuleIndex } from "./rule-index.js";
import type { ScanOptions } from "./scan.js";
import type { CoverageTally } from "./scan-coverage.js";
import type { VersionsPerFile } from "./versions-per-file.js";

/** What one scan accumulates as it reads, matches and links its files. */
export interface ScanState {
  load: SourceLoader;
  cache: FactCache | undefined;
  /** Content hashes by file stamp: files known unchanged, whose kept result is replayed unread. */
  memo?: StampMemo;
  /** What files yielded, by everything that can change them. */
  results: ResultCache | undefined;
  /** Code files kept by their binding inputs, waiting until every other file was read. */
  code?: CodeResults;
  options: ScanOptions;
  projects: Project[];
  markers: Map<string, ParsedMarker>;
  unanalysed: Unanalysed[];
  findings: Finding[];
  filesScanned: number;
  suppressed: number;
  indexes: Map<Project, RuleIndex>;
  linkers: Map<Project, Linker>;
  coverage: CoverageTally;
  /** Files known by another name than their path (exported web resources), by path. */
  fileNames: Map<string, string>;
  /** Facts of files read with their project rather than one by one (ABAP objects and packages). */
  prepared: Map<string, ExtractedFile>;
  /** The ABAP pass, which fills `prepared`: a file it reads waits until it is done. */
  abap?: AbapPass;
  /** Projects whose files say their own version, with a rule index per version. */
  perFile: Map<Project, VersionsPerFile>;
  /** Workers that parse files of the threaded languages (`--jobs`), and the files read ahead for them. */
  pool?: ExtractPool;
  ahead?: ReadAhead;
}

/** A file read and parsed, waiting for the binding stage and matching. */
export interface ReadFile {
  file: SourceFile;
  extracted: ExtractedFile;
  project: Project;
  words: ReadonlySet<string>;
  /** Whether the prefilter passed (or configuration must be read); code is matched after binding either way. */
  matched: boolean;
  /** Whether the file counts towards coverage (a relevant file some active rule can read). */
  counted: boolean;
  /** Counted as checked when it was read (no rule's words in it; code is still bound). */
  checked?: boolean;
  /** Under this key its result is kept (for code, once the binding inputs are known). */
  resultKey?: string;
  /** Matched once every file was read, its result kept by its content and what the other files gave it (`deferredInputs`). */
  deferred?: boolean;
  /** Its content's hash, when results are kept. */
  hash?: string;
}
