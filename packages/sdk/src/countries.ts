/**
 * @parley/sdk/countries — country names, codes and demonyms to the standard's codes, without
 * the rest of the SDK (no zod model): the validator suggests a code for a wrong country value
 * with it. The package's main entry exports the same.
 */
export {
  type CountryMatch,
  type CountryMatchKind,
  type CountryNoMatch,
  type CountryResult,
  type CountrySuggestion,
  countryCode,
  normalizeCountry,
} from "./normalize/countries";
