export { type CountryMatch, type CountryNormaliser, defaultCountryNormaliser } from "./countries";
export {
  GDELT_EVENT_COLUMNS,
  GDELT_MENTION_COLUMNS,
  type GdeltOptions,
  gdeltHeader,
  importGdelt,
  looksMojibake,
} from "./gdelt";
export {
  HSG_TRAVELS_SOURCE_ID,
  hsgTravelsHeader,
  importHistoryAtState,
  SUMMIT_FORMATS,
  summitFormatsIn,
} from "./hsg-travels";
export { importPlover, PLOVER_PLACEHOLDER_DATE, ploverHeader } from "./plover";
export {
  collect,
  ImportError,
  type ImportInput,
  type ImportOptions,
  type ImportRun,
  type NamedInput,
} from "./run";
export {
  EXAMPLES_PER_WARNING,
  formatSummary,
  type ImportSummary,
  type ImportWarning,
} from "./summary";
export {
  importUnGeneralDebate,
  SPEECH_FILE_PATTERN,
  UNGDC_DATASET_SOURCE_ID,
  UNGDC_FORMAT_ID,
  type UngdcInputs,
  ungdcHeader,
} from "./ungdc";
