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

const parsed = new Map<string, Mapping>();

/**
 * A shipped mapping, checked like a user's (a broken one fails its tests, not a user's run):
 * once, on first use, so that loading the package costs no schema compilation.
 */
export function shippedMapping(name: string): Mapping | undefined {
  const json = SHIPPED[name];
  if (json === undefined) return undefined;
  let mapping = parsed.get(name);
  if (!mapping) {
    mapping = parseMapping(JSON.stringify(json), `@parley/importers/mappings/${name}.json`);
    parsed.set(name, mapping);
  }
  return mapping;
}

/**
 * A shipped mapping's JSON as shipped, not checked — for constants the package exports (a
 * dataset header, a column list), read when the package loads without compiling the mapping
 * schema. `shippedMapping` checks it; the package's tests check every shipped mapping.
 */
export function shippedUnchecked(name: string): Mapping {
  const json = SHIPPED[name];
  if (json === undefined) throw new Error(`no shipped mapping ${name}`);
  return json as Mapping;
}
