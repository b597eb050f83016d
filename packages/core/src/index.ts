export type { ArgumentShape, Fact, FactDetail, FactKind, FileFacts, LiteralValue, ParseProblem, Span, XmlStep } from "./facts.js";
export { FACT_KINDS } from "./facts.js";
export { decodeText, LineIndex, type Language, type SourceFile } from "./source-file.js";
export { baseName, extensionOf, isPythonDataFile, languageOf } from "./languages.js";
export { extractFacts, extractPythonWithBases, prepareLanguage, TooDeepError, vueScriptRanges, type ExtractedFile } from "./extract.js";
export type { InheritedRecordsets } from "./adapters/python/odoo-models.js";
export {
  ExtractPool,
  extractHere,
  poolTally,
  SENT_PER_WORKER,
  type Extraction,
  type FactsExtraction,
  type Finisher,
  type FinishJob,
} from "./extract-pool.js";
export {
  DEFAULT_MAX_FILE_BYTES,
  discover,
  expandArchives,
  formatBytes,
  loadSource,
  sourceFromBytes,
  VENDORED,
  vendoredCheck,
  type Candidate,
  type DiscoverOptions,
  type Discovery,
  type LoadedSource,
  type Unanalysed,
} from "./discover.js";
export { pointer } from "./adapters/json-pointer.js";
export { mayHoldAttributeValue } from "./adapters/html-values.js";
export { ODOO_RELATIONS } from "./adapters/python/odoo-relations.js";
export {
  DEFAULT_ARCHIVE_LIMITS,
  isArchive,
  listArchive,
  readMember,
  type ArchiveLimits,
  type ArchiveListing,
  type ArchiveMember,
} from "./archive.js";
export { webResourceLanguages } from "./solution-files.js";
export { FactCache } from "./cache.js";
export { KeptResults } from "./kept-results.js";
export { StampMemo } from "./stamp-memo.js";
export { contentHash, rememberTextHash, textHash } from "./text-hash.js";
export { ListingMemo } from "./listing-memo.js";
export { parseJs, type ParsedJs } from "./adapters/js/parse-js.js";
export { compileGlob, compileGlobs, globProblem, GlobError, type GlobOptions } from "./glob.js";
export { buildHash, coreBuildHash, privateDir, readCacheFile, seal, unseal, userCacheDir, userKey } from "./user-cache.js";
export { readRegularFile, readRegularFileSync, type ReadOptions } from "./read-file.js";
export type { JsBindings, JsClass, JsFunction, JsValue, LocalValue } from "./js-bindings.js";
export { Declarations, type DeclarationMap, type DeclaredMember, type DeclaredType, type MemberHit } from "./types/declaration-map.js";
export { parseSteps, walkKey, walkSteps, type PathStep, type WalkState, type Walked } from "./types/path-walk.js";
export { formatTypeRef, parseTypeRef, type TypeRef } from "./types/type-ref.js";
export { readDeclarationPackage, versionIn, type DeclarationReading, type DeprecatedDeclaration } from "./types/read-declarations.js";
export { resolveWithTypes, type TypePassResult, type TypeProgramOptions, type TypeRequest } from "./types/type-pass.js";
export { decodeJsonString, encodeJsonStringContent, hostOffset, hostSpan, type EmbeddedSource } from "./embedded.js";
export { irrelevantKind, LANGUAGE_FACT_KINDS, UNANALYSED_REASONS, type IrrelevantKind } from "./relevance.js";
export { recogniseLibrary, type BundledLibrary } from "./bundled-library.js";
export {
  extractAbapProject,
  extractAbapProjects,
  isAbapObjectFile,
  type AbapFactStore,
  type AbapProjectFacts,
  type AbapSource,
} from "./adapters/abap/abap-project.js";
export { parseAbapFileName, objectLabel, type AbapFileName } from "./adapters/abap/abapgit-names.js";
export { STATEMENT_STEP_BOUND } from "./adapters/abap/parse-bound.js";
