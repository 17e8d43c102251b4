export {
  buildRecord,
  formatPath,
  issuesOf,
  type ParleyIssue,
  ParleyValidationError,
} from "./build";
export { canonicalJson, deriveId } from "./canonical";
export * from "./countries";
export {
  type AboutQuery,
  type DanglingReference,
  type DatasetMetadata,
  type LoadOptions,
  type LoadProblem,
  type Mention,
  type OutcomeOfEvent,
  ParleyDataset,
  parseDataset,
  parseDatasetJson,
  parseDatasetNdjson,
  type ReadableStreamLike,
  type ReportingStep,
  readDatasetNdjson,
  type TextSource,
  type TimelineEntry,
} from "./dataset";
export {
  comparePartialDates,
  type DatePrecision,
  type ParsedPartialDate,
  type PartialDateLike,
  parseEdtf,
  parsePartialDate,
  partialDateContains,
  partialDateProblem,
  partialDateSpan,
  partialDatesOverlap,
  toEdtf,
} from "./dates";
export * from "./generated/index.gen";
export {
  JSONLD_CONTEXT,
  type JsonLdDocument,
  type JsonLdNode,
  type JsonLdOptions,
  toJsonLd,
} from "./jsonld";
export {
  closestForm,
  type FormAttempt,
  formsList,
  jsonType,
  missingPropertyMessage,
  noKnownFormMessage,
  notInCodeListMessage,
  quoteValue,
  typeMismatchMessage,
  unknownPropertyMessage,
  withArticle,
} from "./messages";
export {
  type AliasMatch,
  type AliasNoMatch,
  type AliasResult,
  aliasKey,
  resolveFormat,
  resolveOrganization,
} from "./normalize/aliases";
export { foldName } from "./normalize/text";
export { type FoundReference, forEachReference, referencesOf } from "./references";
export {
  type Count,
  type DatasetStats,
  DatasetStatsCollector,
  datasetStats,
  type FieldFill,
  type Ranked,
} from "./stats";
export * from "./tables/index";
