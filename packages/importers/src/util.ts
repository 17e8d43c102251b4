import type { CountryMatch } from "./countries";

/** Where a warning points: the input file and, when known, the line or the source's own id. */
export interface Where {
  file: string;
  line?: number;
  sourceId?: string;
}

/**
 * The warning for a country label the normaliser did not map: `country-ambiguous` with every
 * state the label may name ("Korea": KOR or PRK), or `country-unmapped` with the names a typo
 * away. Neither is ever taken in its place.
 */
export function countryWarning(
  match: Extract<CountryMatch, { code?: undefined }>,
  what: string,
  value: string,
): { code: string; message: string } {
  if (match.ambiguous && match.ambiguous.length > 0)
    return {
      code: "country-ambiguous",
      message: `${what} '${value}' may name ${match.ambiguous.join(" or ")}; left absent rather than guessed`,
    };
  const hint =
    match.suggestions.length > 0
      ? ` (did you mean ${match.suggestions.slice(0, 3).join(", ")}?)`
      : "";
  return {
    code: "country-unmapped",
    message: `${what} '${value}' is not a known country${hint}; left absent`,
  };
}
