import type { DatasetHeader } from "@parley/schema";
import { importWithMapping, type MappingImportOptions, mappingHeader } from "./mapping/engine";
import { shippedMapping } from "./mapping/shipped";
import type { Mapping } from "./mapping/types";
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

export const ploverHeader: DatasetHeader = mappingHeader(shipped("plover"));

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

export const hsgTravelsHeader: DatasetHeader = mappingHeader(shipped("hsg-travels"));

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

export const gdeltHeader: DatasetHeader = mappingHeader(shipped("gdelt"));

/** The 61 columns of a GDELT 2.0 events export row, in order (GDELT's published header). */
export const GDELT_EVENT_COLUMNS: readonly string[] = shipped("gdelt").input.columns ?? [];

/** The mentions table's 16 columns (raw GDELT files have no header; samples use lower case). */
export const GDELT_MENTION_COLUMNS: readonly string[] =
  shipped("gdelt").lookups?.mentions?.input.columns ?? [];
