import { normalizeCountry } from "@parley/sdk";

/**
 * The result of mapping a country label or code: an ISO 3166-1 alpha-3 code (or an ISO 3166-3
 * historical one), or no match with the normaliser's suggestions. Importers never pick a
 * suggestion: an unmatched country stays absent and is counted in the summary.
 */
export type CountryMatch =
  | { code: string }
  | {
      code?: undefined;
      suggestions: readonly string[];
      /** For a label that several states carry ("Korea", "Congo"): all of them. */
      ambiguous?: readonly string[];
    };

export type CountryNormaliser = (input: string) => CountryMatch;

/** The SDK's normaliser (names, demonyms, alpha-2/alpha-3/numeric codes, historical codes). */
export const defaultCountryNormaliser: CountryNormaliser = (input) => {
  const result = normalizeCountry(input);
  if (result.match) return { code: result.code };
  return {
    suggestions: result.suggestions.map((suggestion) => suggestion.code),
    ...(result.reason === "ambiguous"
      ? { ambiguous: result.candidates.map((candidate) => candidate.code) }
      : {}),
  };
};
