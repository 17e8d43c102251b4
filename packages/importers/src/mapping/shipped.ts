import gdelt from "../../mappings/gdelt.json";
import hsgTravels from "../../mappings/hsg-travels.json";
import hsgVisits from "../../mappings/hsg-visits.json";
import plover from "../../mappings/plover.json";
import ungdc from "../../mappings/ungdc.json";
import { parseMapping } from "./load";
import type { Mapping } from "./types";

/**
 * Mappings shipped with the importers, by the name `parley import <name>` takes. Each is also a
 * file of the package (`@parley/importers/mappings/<name>.json`), to read or copy and adapt.
 */
const SHIPPED: Record<string, unknown> = {
  // In the order users know them (help, error messages): the travels first, the visits last.
  "hsg-travels": hsgTravels,
  plover,
  gdelt,
  ungdc,
  "hsg-visits": hsgVisits,
};

export const SHIPPED_MAPPINGS: readonly string[] = Object.keys(SHIPPED);

/** A shipped mapping, checked like a user's (a broken one fails its tests, not a user's run). */
export function shippedMapping(name: string): Mapping | undefined {
  const json = SHIPPED[name];
  if (json === undefined) return undefined;
  return parseMapping(JSON.stringify(json), `@parley/importers/mappings/${name}.json`);
}
