export { ConfigError, FileError, RulePackError, UpliftError, UsageError } from "./errors.js";
export type { Change, Fix, Match, Profile, Rule, RuleExample, RulePack, Severity } from "./rule-types.js";
export { SEVERITIES } from "./rule-types.js";
export { checkErp, loadCatalogue, readCatalogue, type Catalogue } from "./catalogue.js";
export { writeCompiledCatalogue } from "./compiled-catalogue.js";
export { loadProfile, loadRulePack } from "./load-pack.js";
export { furthestTarget, planUpgrade, targetVersion, type Hop } from "./plan.js";
export { scan, buildIndex, type ConfigSuppression, type ScanOptions } from "./scan.js";
export { applyBaseline, createBaseline, parseBaseline, renderBaseline, type Baseline, type BaselineEntry } from "./baseline.js";
export { UNEXPLAINED_SUPPRESSION_RULE, UNUSED_SUPPRESSION_RULE } from "./suppressions.js";
export { schemaValidator, firstSchemaProblem } from "./schema-check.js";
export { readYaml } from "./yaml-source.js";
export { RuleIndex, wordsOf } from "./rule-index.js";
export { matchFile } from "./match-file.js";
export { compileMatch } from "./compile.js";
export { parseEffort } from "./effort.js";
export { testRulePack, type ExampleFailure, type RuleTestReport } from "./rule-test.js";
export { classifyGap, fileCoverage, UNCHECKED_WHYS, type GapClass } from "./coverage.js";
export { activeRules, RuleScope, type ActiveRule } from "./rule-scope.js";
export {
  compareFindings,
  relateSameSpan,
  sameSpanLeads,
  SCHEMA_VERSION,
  summarise,
  type Artefact,
  type BundledLibraryInfo,
  type FileCoverage,
  type Finding,
  type ProcessInfo,
  type ProjectInfo,
  type RuleInfo,
  type ScanResult,
  type Summary,
  type UncheckedFile,
  type UncheckedWhy,
} from "./result.js";
export { TOOL_VERSION } from "./version.js";
export { LIBRARY_EFFORT } from "./shared-effort.js";
export { PARSE_ERROR_RULE } from "./match-file.js";
export { applyEdits, editFor, fixFile, renderDiff, type Edit, type FixOutcome } from "./fixes.js";
export { deriveRefs, type RefContext } from "./refs/index.js";
export { derivePacks, renderDeclarationMap, type DeriveOptions, type DerivedPack } from "./derive.js";
export { bindFiles, type BindOptions, type BoundFile, type TypeSeed } from "./bind/bind.js";
