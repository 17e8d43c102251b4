import type { DatasetHeader } from "@parley/schema";
import { importWithMapping, type MappingImportOptions, mappingHeader } from "./mapping/engine";
import { shippedMapping, shippedUnchecked } from "./mapping/shipped";
import type { Mapping, Predicate } from "./mapping/types";
import type { ImportInput, ImportRun } from "./run";

/**
 * The built-in sources by their former function names: each is its shipped mapping
 * (`mappings/<name>.json`) run by the one engine, kept so that code calling `importPlover(files)`
 * keeps working.
 */
function shipped(name: string): Mapping {
  const mapping = shippedMapping(name);
  if (!mapping) throw new Error(`no shipped mapping ${name}`);
  return mapping;
}

/** PLOVER gold standard records: the shipped mapping `plover`. */
export function importPlover(
  inputs: readonly ImportInput[],
  options?: MappingImportOptions,
): ImportRun {
  return importWithMapping(shipped("plover"), inputs, options);
}

export const ploverHeader: DatasetHeader = mappingHeader(shippedUnchecked("plover"));

/**
 * The GSR's readme says every record carries the placeholder date 2000-01-01: the CAMEO manual
 * examples it recodes have no dates. The `plover` mapping leaves such a date absent (kept raw in
 * `extensions`) rather than dating meetings to New Year's Day 2000.
 */
export const PLOVER_PLACEHOLDER_DATE = "2000-01-01";

/** HistoryAtState travels: the shipped mapping `hsg-travels`. */
export function importHistoryAtState(
  inputs: readonly ImportInput[],
  options?: MappingImportOptions,
): ImportRun {
  return importWithMapping(shipped("hsg-travels"), inputs, options);
}

export const hsgTravelsHeader: DatasetHeader = mappingHeader(shippedUnchecked("hsg-travels"));

/** The id of the source record every imported trip cites. */
export const HSG_TRAVELS_SOURCE_ID = "hsg-travels:dataset";

/** The GDELT 2.0 events export: the shipped mapping `gdelt`, its mentions table the lookup `mentions`. */
export function importGdelt(
  inputs: readonly ImportInput[],
  options?: MappingImportOptions & { mentions?: readonly ImportInput[] },
): ImportRun {
  const { mentions, ...rest } = options ?? {};
  return importWithMapping(shipped("gdelt"), inputs, {
    ...rest,
    lookups: { ...rest.lookups, ...(mentions?.length ? { mentions } : {}) },
  });
}

export const gdeltHeader: DatasetHeader = mappingHeader(shippedUnchecked("gdelt"));

/** The 61 columns of a GDELT 2.0 events export row, in order (GDELT's published header). */
export const GDELT_EVENT_COLUMNS: readonly string[] = shippedUnchecked("gdelt").input.columns ?? [];

/** The mentions table's 16 columns (raw GDELT files have no header; samples use lower case). */
export const GDELT_MENTION_COLUMNS: readonly string[] =
  shippedUnchecked("gdelt").lookups?.mentions?.input.columns ?? [];

/** The UN General Debate Corpus inputs: the speakers table, and speech transcripts. */
export interface UngdcInputs {
  /** The speakers table, `Speakers_by_session.csv` (the CSV export of the corpus's xlsx). */
  speakers: ImportInput;
  /** Speech transcripts named `ISO_SESSION_YEAR.txt` (the mapping's lookup `speeches`). */
  speeches?: readonly ImportInput[];
}

export interface UngdcOptions extends MappingImportOptions {
  /** Import only these sessions (rows of other sessions are counted as skipped). */
  sessions?: readonly number[];
  /** Import only the sessions held in these years. */
  years?: readonly number[];
}

/** Predicates that keep only the sessions asked for (a speech file's fields are named alike). */
export function ungdcSelection(
  sessions: readonly number[] | undefined,
  years: readonly number[] | undefined,
): Predicate[] {
  const reason = "session not selected (--session/--year)";
  return [
    ...(sessions?.length
      ? [{ value: { $field: "Session", pipe: ["number" as const] }, in: [...sessions], reason }]
      : []),
    ...(years?.length
      ? [{ value: { $field: "Year", pipe: ["number" as const] }, in: [...years], reason }]
      : []),
  ];
}

/** UN General Debate: the shipped mapping `ungdc`, its speeches the lookup `speeches`. */
export function importUnGeneralDebate(inputs: UngdcInputs, options?: UngdcOptions): ImportRun {
  const { sessions, years, ...rest } = options ?? {};
  return importWithMapping(shipped("ungdc"), [inputs.speakers], {
    ...rest,
    lookups: {
      ...rest.lookups,
      ...(inputs.speeches?.length ? { speeches: inputs.speeches } : {}),
    },
    where: [...(rest.where ?? []), ...ungdcSelection(sessions, years)],
  });
}

export const ungdcHeader: DatasetHeader = mappingHeader(shippedUnchecked("ungdc"));
export const UNGDC_DATASET_SOURCE_ID = "ungdc:dataset";
export const UNGDC_FORMAT_ID = "ungdc:format:unga";
/** The name of a speech file: ISO code, session, year (`USA_78_2023.txt`). */
export const SPEECH_FILE_PATTERN = new RegExp(
  shippedUnchecked("ungdc").lookups?.speeches?.input.fileName ?? "^$",
);
