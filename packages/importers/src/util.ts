import { ID_PATTERN, isRealPartialDate, type PartialDate, Url } from "@parley/schema";
import type { CountryMatch } from "./countries";
import type { ImportContext } from "./run";

export interface Where {
  file: string;
  line?: number;
  sourceId?: string;
}

/**
 * Maps a country label or code through the normaliser. An unmatched value is counted in
 * `unmappedCountries` and warned about, and the caller leaves the country absent.
 */
export function mapCountry(
  context: ImportContext,
  raw: string | undefined,
  where: Where,
  what: string,
): string | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  const match = context.countries(value);
  if (match.code !== undefined) return match.code;
  context.summary.unmappedCountry(value);
  context.summary.warn({ ...countryWarning(match, what, value), ...where });
  return undefined;
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

/** Like mapCountry, but silent: for second attempts whose failure the caller reports. */
export function tryCountry(context: ImportContext, raw: string | undefined): string | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  return context.countries(value).code;
}

/**
 * A day-precision date from 'YYYY-MM-DD' or 'YYYYMMDD', or undefined (with a warning) when the
 * value is not a real calendar day. The raw value is never replaced by a guess.
 */
export function dayDate(
  context: ImportContext,
  raw: string | undefined,
  where: Where,
  what: string,
): PartialDate | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  const iso = /^\d{8}$/.test(value)
    ? `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`
    : value;
  if (isRealPartialDate(iso)) return { value: iso };
  context.summary.warn({
    code: "date-invalid",
    message: `${what} '${value}' is not a calendar date; left absent`,
    ...where,
  });
  return undefined;
}

/** XML pretty-printing and spreadsheet cells leave runs of spaces and newlines inside text. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Makes an id from a source's key; characters the standard's ids do not allow become '_'. */
export function makeId(...parts: string[]): string {
  const id = parts.map((part) => part.replace(/[^A-Za-z0-9._:~/-]/g, "_")).join(":");
  if (!ID_PATTERN.test(id)) throw new Error(`Cannot make an id from ${JSON.stringify(parts)}`);
  return id;
}

/** True when the standard's `url` fields accept the value (checked with the schema's own rule). */
export function isValidUrl(value: string): boolean {
  return Url.safeParse(value).success;
}

/** The file name of a path, for locators ('kerry-john-forbes.xml'). */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}
