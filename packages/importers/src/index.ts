export { type CountryMatch, type CountryNormaliser, defaultCountryNormaliser } from "./countries";
export {
  importWithMapping,
  type MappingImportOptions,
  mappingHeader,
  parseWherePredicate,
} from "./mapping/engine";
export {
  loadMappingFile,
  MAPPING_SCHEMA,
  MAPPING_SCHEMA_ID,
  MappingError,
  type MappingProblem,
  parseMapping,
} from "./mapping/load";
export { PERSON_TITLES, splitPersons, splitTitleName, type TitledName } from "./mapping/persons";
export { DEFAULT_EXTENSIONS, detectDelimiter, looksLikeHeader } from "./mapping/readers";
export { SHIPPED_MAPPINGS, shippedMapping } from "./mapping/shipped";
export type { Lookup, Mapping, Predicate, Report } from "./mapping/types";
export {
  collect,
  ImportError,
  type ImportInput,
  type ImportOptions,
  type ImportRun,
  type NamedInput,
} from "./run";
export {
  GDELT_EVENT_COLUMNS,
  GDELT_MENTION_COLUMNS,
  gdeltHeader,
  HSG_TRAVELS_SOURCE_ID,
  hsgTravelsHeader,
  importGdelt,
  importHistoryAtState,
  importPlover,
  importUnGeneralDebate,
  PLOVER_PLACEHOLDER_DATE,
  ploverHeader,
  SPEECH_FILE_PATTERN,
  UNGDC_DATASET_SOURCE_ID,
  UNGDC_FORMAT_ID,
  type UngdcInputs,
  type UngdcOptions,
  ungdcHeader,
  ungdcSelection,
} from "./shipped-importers";
export {
  EXAMPLES_PER_WARNING,
  formatSummary,
  type ImportSummary,
  type ImportWarning,
  type InputFileReport,
  skippedTotal,
} from "./summary";
