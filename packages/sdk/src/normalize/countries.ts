import { COUNTRY_CODES, countryName, HISTORICAL_COUNTRY_CODES } from "@parley/schema";
import englishNames from "i18n-iso-countries/langs/en.json";
import countries from "world-countries";
import { foldName, suggestionsFor, unknownNameMessage } from "./text";

/** What an input matched: a code, a name (English, official, native, alternative), a translation or a demonym. */
export type CountryMatchKind =
  | "alpha-3"
  | "alpha-2"
  | "numeric"
  | "name"
  | "translation"
  | "demonym"
  | "historical-name";

export interface CountrySuggestion {
  code: string;
  name: string;
}

export interface CountryMatch {
  match: true;
  input: string;
  /** ISO 3166-1 alpha-3 (or ISO 3166-3 for a country that no longer exists). */
  code: string;
  /** English short name of the country. */
  name: string;
  matchedOn: CountryMatchKind;
}

export interface CountryNoMatch {
  match: false;
  input: string;
  /** unknown: nothing has this name; ambiguous: several countries do (all in suggestions). */
  reason: "empty" | "unknown" | "ambiguous";
  suggestions: CountrySuggestion[];
  message: string;
}

export type CountryResult = CountryMatch | CountryNoMatch;

interface CountryIndex {
  /** Folded key -> code -> what matched. */
  names: Map<string, Map<string, CountryMatchKind>>;
  alpha2: Map<string, string>;
  alpha3: Set<string>;
  numeric: Map<string, string>;
  englishName: Map<string, string>;
}

let index: CountryIndex | undefined;

/**
 * The index is built on first use from the world-countries data (names, official and native
 * names, alternative spellings, translations into 25 languages, English and French demonyms)
 * plus the standard's own code list from @parley/schema (ISO 3166-1 and ISO 3166-3). Only
 * codes in the standard's list are returned. A historical country is found by its code, or by
 * a name no current country has ("Czechoslovakia" is CSK; "Burma" is Myanmar, MMR).
 */
function countryIndex(): CountryIndex {
  if (index) return index;
  const names = new Map<string, Map<string, CountryMatchKind>>();
  const addKey = (key: string, code: string, kind: CountryMatchKind) => {
    if (!key) return;
    const codes = names.get(key) ?? new Map<string, CountryMatchKind>();
    if (!codes.has(code)) codes.set(code, kind);
    names.set(key, codes);
  };
  const add = (text: string | undefined, code: string, kind: CountryMatchKind) => {
    if (!text) return;
    addKey(foldName(text), code, kind);
    // "Holy See (Vatican City State)" is also written without its parenthesis.
    const bare = text.replace(/\s*\([^)]*\)\s*$/, "");
    if (bare !== text) addKey(foldName(bare), code, kind);
  };
  const alpha2 = new Map<string, string>();
  const alpha3 = new Set<string>();
  const numeric = new Map<string, string>();
  const englishName = new Map<string, string>();
  for (const country of countries) {
    const code = country.cca3;
    if (!COUNTRY_CODES.has(code)) continue;
    alpha3.add(code);
    alpha2.set(country.cca2, code);
    if (country.ccn3) numeric.set(country.ccn3, code);
    englishName.set(code, country.name.common);
    add(country.name.common, code, "name");
    add(country.name.official, code, "name");
    for (const native of Object.values(country.name.native ?? {})) {
      add(native.common, code, "name");
      add(native.official, code, "name");
    }
    for (const spelling of country.altSpellings ?? []) {
      // Two-letter alternative spellings are the alpha-2 code, matched as a code instead.
      if (spelling.length > 2) add(spelling, code, "name");
    }
    for (const translation of Object.values(country.translations ?? {})) {
      add(translation.common, code, "translation");
      add(translation.official, code, "translation");
    }
    for (const demonym of Object.values(country.demonyms ?? {})) {
      add(demonym.m, code, "demonym");
      add(demonym.f, code, "demonym");
    }
  }
  // A second maintained list, i18n-iso-countries' English names, has the common short forms that
  // world-countries lacks ("Turkey" beside "Türkiye", "Republic of Korea", "Cape Verde").
  const byAlpha2 = new Map(countries.map((country) => [country.cca2, country.cca3]));
  for (const [a2, englishName] of Object.entries(englishNames.countries)) {
    const code = byAlpha2.get(a2);
    if (!code || !COUNTRY_CODES.has(code)) continue;
    for (const name of Array.isArray(englishName) ? englishName : [englishName]) {
      if (name.length > 3) add(name, code, "name");
    }
  }
  for (const code of HISTORICAL_COUNTRY_CODES) {
    alpha3.add(code);
    const name = countryName(code);
    if (!name) continue;
    englishName.set(code, name);
    const key = foldName(name);
    if (!names.has(key)) add(name, code, "historical-name");
  }
  index = { names, alpha2, alpha3, numeric, englishName };
  return index;
}

const RANK: Record<CountryMatchKind, number> = {
  "alpha-3": 0,
  "alpha-2": 0,
  numeric: 0,
  name: 0,
  "historical-name": 0,
  translation: 1,
  demonym: 2,
};

/**
 * The one country a key names. A country's own names outrank other languages' translations,
 * which outrank demonyms; when two countries tie at the best rank the key is ambiguous.
 */
function bestRanked(codes: Map<string, CountryMatchKind>): [string, CountryMatchKind] | undefined {
  const ranked = [...codes].sort((a, b) => RANK[a[1]] - RANK[b[1]]);
  const [first, second] = ranked;
  if (!first) return undefined;
  if (second && RANK[second[1]] === RANK[first[1]]) return undefined;
  return first;
}

function suggestion(code: string): CountrySuggestion {
  return { code, name: countryIndex().englishName.get(code) ?? code };
}

function found(input: string, code: string, matchedOn: CountryMatchKind): CountryMatch {
  return {
    match: true,
    input,
    code,
    name: countryIndex().englishName.get(code) ?? code,
    matchedOn,
  };
}

/**
 * Normalises a country name, demonym or code to ISO 3166-1 alpha-3: "Kazakhstan",
 * "Kazakhstani", "KZ", "KAZ", "398" and "Казахстан" all give KAZ. Never guesses: an unknown
 * input gives `match: false` with the closest names as suggestions, and a name that several
 * countries share ("Congolese") gives `reason: "ambiguous"` with all of them.
 */
export function normalizeCountry(input: string): CountryResult {
  const trimmed = input.trim();
  if (!trimmed) {
    return {
      match: false,
      input,
      reason: "empty",
      suggestions: [],
      message: "No country given (empty text)",
    };
  }
  const { names, alpha2, alpha3, numeric } = countryIndex();
  const upper = trimmed.toUpperCase();
  if (/^[A-Z]{3}$/.test(upper) && alpha3.has(upper)) return found(input, upper, "alpha-3");
  if (/^[A-Z]{2}$/.test(upper) && alpha2.has(upper))
    return found(input, alpha2.get(upper) as string, "alpha-2");
  if (/^\d{3}$/.test(trimmed) && numeric.has(trimmed))
    return found(input, numeric.get(trimmed) as string, "numeric");
  const key = spellingVariants(trimmed).find((variant) => names.has(variant)) ?? foldName(trimmed);
  const codes = names.get(key);
  const best = codes ? bestRanked(codes) : undefined;
  if (best) return found(input, best[0], best[1]);
  if (codes && codes.size > 1) {
    const top = Math.min(...[...codes.values()].map((kind) => RANK[kind]));
    const suggestions = [...codes]
      .filter(([, kind]) => RANK[kind] === top)
      .map(([code]) => code)
      .sort()
      .map(suggestion);
    return {
      match: false,
      input,
      reason: "ambiguous",
      suggestions,
      message: `'${input}' names more than one country: ${suggestions.map((s) => `${s.code} (${s.name})`).join(", ")}`,
    };
  }
  const suggestions = suggestionsFor(
    key,
    new Map([...names].map(([name, codes]) => [name, [...codes.keys()]])),
    3,
  ).map(suggestion);
  return {
    match: false,
    input,
    reason: "unknown",
    suggestions,
    message: unknownNameMessage(
      "country",
      input,
      suggestions.map((s) => `${s.name} (${s.code})`),
    ),
  };
}

/**
 * The folded forms a name is looked up under, in order: as written; with the dots of an
 * acronym closed up ("U.S.S.R." is "USSR"); and with a list-style inversion undone ("Korea,
 * South" is "South Korea"), the way gazetteers and the UN print names.
 */
function spellingVariants(text: string): string[] {
  const variants = [foldName(text)];
  const closedAcronym = text.replace(/\b(\p{L})\.(?=\p{L}\.?)/gu, "$1");
  if (closedAcronym !== text) variants.push(foldName(closedAcronym.replace(/\.$/, "")));
  const inverted = /^([^,]+),\s*([^,]+)$/.exec(text);
  if (inverted) variants.push(foldName(`${inverted[2]} ${inverted[1]}`));
  return variants;
}

/** The alpha-3 code for a country name, demonym or code, or undefined when there is no single match. */
export function countryCode(input: string): string | undefined {
  const result = normalizeCountry(input);
  return result.match ? result.code : undefined;
}
