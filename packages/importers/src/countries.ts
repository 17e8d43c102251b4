import { COUNTRY_CODES } from "@parley/schema";

/**
 * The result of mapping a country label or code: an ISO 3166-1 alpha-3 code (or an ISO 3166-3
 * historical one), or no match with the normaliser's suggestions. Importers never pick a
 * suggestion: an unmatched country stays absent and is counted in the summary.
 */
export type CountryMatch = { code: string } | { code?: undefined; suggestions: readonly string[] };

export type CountryNormaliser = (input: string) => CountryMatch;

/**
 * TEMPORARY until @parley/sdk exports its country normaliser: accepts only codes that are in
 * the standard's code list. Replaced by the SDK's normaliser (names, demonyms, alpha-2 codes).
 */
export const defaultCountryNormaliser: CountryNormaliser = (input) => {
  const code = input.trim().toUpperCase();
  return COUNTRY_CODES.has(code) ? { code } : { suggestions: [] };
};
