import { COUNTRY_CODES, countryName, HISTORICAL_COUNTRY_CODES } from "@parley/schema/base";
import englishNames from "i18n-iso-countries/langs/en.json";
import englishNationalities from "i18n-nationality/langs/en.json";
import countries from "world-countries";
import { AMBIGUOUS_COUNTRY_LABELS, COUNTRY_ALIASES } from "./country-aliases";
import { closestKeys, foldName, unknownNameMessage } from "./text";

/** What an input matched: a code, a name (English, official, native, alternative), a translation, a demonym or an alias. */
export type CountryMatchKind =
  | "alpha-3"
  | "alpha-2"
  | "numeric"
  | "name"
  | "alias"
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
  /**
   * empty: no text; unknown: nothing has this name; ambiguous: several states carry it
   * ("Korea", "Congo"), all of them in `candidates`.
   */
  reason: "empty" | "unknown" | "ambiguous";
  /** For an ambiguous label: every state it may name. Empty otherwise. */
  candidates: CountrySuggestion[];
  /**
   * What to show a user: the candidates of an ambiguous label, or the names really close to an
   * unknown one (a typo away), never a distant guess.
   */
  suggestions: CountrySuggestion[];
  message: string;
}

export type CountryResult = CountryMatch | CountryNoMatch;

/**
 * A label's lookup key: folded (case, accents, punctuation), the dots of an acronym closed
 * up ("U.S.S.R." is "ussr"), the abbreviations of gazetteers and the World Bank spelled out
 * ("St." Saint, "Rep." Republic, "Lao PDR"), and the words that only join others ("the",
 * "of", "and", a possessive "s") left out, so that "Bosnia-Herzegovina" meets "Bosnia and
 * Herzegovina" and "Bahamas, The" meets "The Bahamas".
 */
export function countryKey(label: string): string {
  const closedAcronyms = label.replace(/\b(\p{L})\.(?=\p{L}\.?)/gu, "$1");
  const words = foldName(closedAcronyms.replace(/&/g, " and ")).split(" ");
  const out: string[] = [];
  for (const word of words) {
    for (const part of (ABBREVIATIONS[word] ?? word).split(" ")) {
      if (part && !LINKING_WORDS.has(part)) out.push(part);
    }
  }
  return out.join(" ");
}

const ABBREVIATIONS: Record<string, string> = {
  st: "saint",
  ste: "sainte",
  rep: "republic",
  dem: "democratic",
  fed: "federated",
  sts: "states",
  is: "islands",
  isl: "islands",
  pdr: "people democratic republic",
  rb: "bolivarian republic",
  ssr: "soviet socialist republic",
  sar: "special administrative region",
};

const LINKING_WORDS = new Set(["the", "of", "and", "s"]);

/** The same words in any order: "Korea, South", "Korea (South)" and "South Korea". */
function wordBag(key: string): string {
  return key.split(" ").sort().join(" ");
}

interface CountryIndex {
  /** Key → code → the strongest way it matched. */
  keys: Map<string, Map<string, CountryMatchKind>>;
  /** Word bag → code → kind: the fallback for labels with their words in another order. */
  bags: Map<string, Map<string, CountryMatchKind>>;
  /** Key → the states an ambiguous label may name. */
  ambiguous: Map<string, string[]>;
  /** Keys of names and aliases only (no translations or demonyms): what suggestions come from. */
  suggestible: Map<string, string[]>;
  alpha2: Map<string, string>;
  alpha3: Set<string>;
  numeric: Map<string, string>;
  englishName: Map<string, string>;
  /** Names of places that carry no code in the standard's list (Kosovo), for a clear message. */
  uncoded: Map<string, string>;
}

const RANK: Record<CountryMatchKind, number> = {
  "alpha-3": 0,
  "alpha-2": 0,
  numeric: 0,
  alias: 0,
  name: 1,
  "historical-name": 1,
  translation: 2,
  demonym: 3,
};

/** Languages whose CLDR country names (through `Intl.DisplayNames`) are indexed. */
const CLDR_LANGUAGES = [
  "en",
  "fr",
  "es",
  "ru",
  "ar",
  "zh",
  "de",
  "pt",
  "it",
  "nl",
  "tr",
  "fa",
  "uk",
  "pl",
  "ja",
  "ko",
  "kk",
  "ky",
  "uz",
  "tg",
  "tk",
];

let index: CountryIndex | undefined;

/**
 * Built on first use from maintained data: world-countries (common, official, native and
 * alternative names, translations, demonyms), i18n-iso-countries' English names, CLDR's names
 * in many languages through `Intl.DisplayNames` (long and short forms: "UK", "Palestine"),
 * i18n-nationality's English nationalities, the standard's ISO 3166-1 and ISO 3166-3 code
 * list from @parley/schema, plus the small table of sourced aliases in `country-aliases.ts`.
 * Only codes in the standard's list are returned.
 */
function countryIndex(): CountryIndex {
  if (index) return index;
  const keys = new Map<string, Map<string, CountryMatchKind>>();
  const bags = new Map<string, Map<string, CountryMatchKind>>();
  const suggestible = new Map<string, string[]>();
  const file = (
    map: Map<string, Map<string, CountryMatchKind>>,
    key: string,
    code: string,
    kind: CountryMatchKind,
  ) => {
    const codes = map.get(key) ?? new Map<string, CountryMatchKind>();
    const known = codes.get(code);
    if (known === undefined || RANK[kind] < RANK[known]) codes.set(code, kind);
    map.set(key, codes);
  };
  const add = (text: string | undefined, code: string, kind: CountryMatchKind) => {
    if (!text) return;
    for (const form of [text, text.replace(/\s*\([^)]*\)\s*$/, "")]) {
      const key = countryKey(form);
      if (!key) continue;
      file(keys, key, code, kind);
      file(bags, wordBag(key), code, kind);
      if (RANK[kind] <= RANK.name) {
        const codes = suggestible.get(key) ?? [];
        if (!codes.includes(code)) codes.push(code);
        suggestible.set(key, codes);
      }
    }
  };
  const alpha2 = new Map<string, string>();
  const alpha3 = new Set<string>();
  const numeric = new Map<string, string>();
  const englishName = new Map<string, string>();
  const uncoded = new Map<string, string>();
  const displayNames = CLDR_LANGUAGES.flatMap((lang) =>
    (["long", "short"] as const).map(
      (style) => new Intl.DisplayNames([lang], { type: "region", style, fallback: "none" }),
    ),
  );
  for (const country of countries) {
    const code = country.cca3;
    if (!COUNTRY_CODES.has(code)) {
      uncoded.set(countryKey(country.name.common), country.name.common);
      continue;
    }
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
    for (const [i, names] of displayNames.entries()) {
      const name = names.of(country.cca2);
      // English CLDR names are names ("Congo - Brazzaville", "UK"); other languages translations.
      if (name && name !== country.cca2) add(name, code, i < 2 ? "name" : "translation");
    }
  }
  // i18n-iso-countries' English names have the common short forms that world-countries lacks
  // ("Turkey" beside "Türkiye", "Republic of Korea", "Cape Verde").
  const byAlpha2 = new Map(countries.map((country) => [country.cca2, country.cca3]));
  for (const [a2, names] of Object.entries(englishNames.countries)) {
    const code = byAlpha2.get(a2);
    if (!code || !COUNTRY_CODES.has(code)) continue;
    for (const name of Array.isArray(names) ? names : [names]) {
      if (name.length > 3) add(name, code, "name");
    }
  }
  // English nationalities ("Kyrgyz", "Tajik") that world-countries spells otherwise.
  for (const [a2, nationality] of Object.entries(englishNationalities.nationalities)) {
    const code = byAlpha2.get(a2);
    if (code && COUNTRY_CODES.has(code)) add(nationality, code, "demonym");
  }
  for (const code of HISTORICAL_COUNTRY_CODES) {
    alpha3.add(code);
    const name = countryName(code);
    if (!name) continue;
    englishName.set(code, name);
    // A name a current country still uses ("Burma") stays that country's.
    if (!keys.has(countryKey(name))) add(name, code, "historical-name");
  }
  for (const alias of COUNTRY_ALIASES) add(alias.label, alias.code, "alias");
  const ambiguous = new Map(
    AMBIGUOUS_COUNTRY_LABELS.map(({ label, codes }) => [countryKey(label), codes]),
  );
  index = {
    keys,
    bags,
    ambiguous,
    suggestible,
    alpha2,
    alpha3,
    numeric,
    englishName,
    uncoded,
  };
  return index;
}

function countryOf(code: string): CountrySuggestion {
  return { code, name: countryIndex().englishName.get(code) ?? code };
}

type Lookup =
  | { found: true; code: string; kind: CountryMatchKind }
  | { found: false; candidates: string[] };

/** The strongest-ranked code under a key; several tied at the top are candidates. */
function strongest(codes: Map<string, CountryMatchKind>): Lookup {
  const top = Math.min(...[...codes.values()].map((kind) => RANK[kind]));
  const best = [...codes].filter(([, kind]) => RANK[kind] === top);
  if (best.length === 1) {
    const [code, kind] = best[0] as [string, CountryMatchKind];
    return { found: true, code, kind };
  }
  return { found: false, candidates: best.map(([code]) => code).sort() };
}

/** One form of a label, looked up: the ambiguity table, then the keys, then the word bags. */
function lookupForm(text: string): Lookup | undefined {
  const { keys, bags, ambiguous } = countryIndex();
  const key = countryKey(text);
  if (!key) return undefined;
  const candidates = ambiguous.get(key);
  if (candidates) return { found: false, candidates: [...candidates] };
  const exact = keys.get(key);
  if (exact) return strongest(exact);
  const bag = bags.get(wordBag(key));
  return bag ? strongest(bag) : undefined;
}

/**
 * A label and its qualifiers: "Siam (Thailand)", "Denmark (Greenland)" and "Democratic
 * Republic of the Congo (Zaire)" name their state before the parenthesis; only when that part
 * names nothing (or is ambiguous) does the parenthesis decide.
 */
function lookupLabel(text: string): Lookup | undefined {
  const whole = lookupForm(text);
  if (whole?.found) return whole;
  const qualified = /^(.+?)\s*\(([^()]+)\)\s*$/.exec(text);
  if (!qualified) return whole;
  const base = lookupForm(qualified[1] as string);
  if (base?.found) return base;
  const inner = lookupForm(qualified[2] as string);
  if (base && !base.found) {
    // "Korea (South)": the parenthesis picks one of the candidates, or the label stays ambiguous.
    if (inner?.found && base.candidates.includes(inner.code)) return inner;
    return base;
  }
  return inner?.found ? inner : (whole ?? inner);
}

/**
 * Reconciles a country label to ISO 3166-1 alpha-3 (ISO 3166-3 for states that no longer
 * exist). It never guesses: "Kazakhstan", "Kazakhstani", "KZ", "398", "Казахстан", "Korea,
 * Republic of", "St. Kitts and Nevis", "Lao PDR", "U.S.S.R." and "Ceylon" all resolve; a label
 * that several states carry ("Korea", "Congo") is `ambiguous` with its candidates; anything
 * else is `unknown`, with suggestions only when a name is a typo away.
 */
export function normalizeCountry(input: string): CountryResult {
  const trimmed = input.trim();
  if (!trimmed) {
    return {
      match: false,
      input,
      reason: "empty",
      candidates: [],
      suggestions: [],
      message: "No country given (empty text)",
    };
  }
  const { alpha2, alpha3, numeric, englishName, suggestible, uncoded } = countryIndex();
  const upper = trimmed.toUpperCase();
  if (/^[A-Z]{3}$/.test(upper) && alpha3.has(upper)) return found(input, upper, "alpha-3");
  if (/^[A-Z]{2}$/.test(upper) && alpha2.has(upper))
    return found(input, alpha2.get(upper) as string, "alpha-2");
  if (/^\d{3}$/.test(trimmed) && numeric.has(trimmed))
    return found(input, numeric.get(trimmed) as string, "numeric");
  const result = lookupLabel(trimmed);
  if (result?.found) return found(input, result.code, result.kind);
  if (result && result.candidates.length > 1) {
    const candidates = result.candidates.map(countryOf);
    return {
      match: false,
      input,
      reason: "ambiguous",
      candidates,
      suggestions: candidates,
      message: `'${input}' may name more than one country: ${candidates.map((c) => `${c.code} (${c.name})`).join(", ")}`,
    };
  }
  const key = countryKey(trimmed);
  const place = uncoded.get(key);
  if (place) {
    return {
      match: false,
      input,
      reason: "unknown",
      candidates: [],
      suggestions: [],
      message: `'${input}' names ${place}, which has no code in ISO 3166-1 or ISO 3166-3`,
    };
  }
  const suggestions = typoSuggestions(key, suggestible).map(countryOf);
  return {
    match: false,
    input,
    reason: "unknown",
    candidates: [],
    suggestions,
    message: unknownNameMessage(
      "country",
      input,
      suggestions.map((s) => `${s.name} (${s.code})`),
    ),
  };

  function found(input: string, code: string, matchedOn: CountryMatchKind): CountryMatch {
    return { match: true, input, code, name: englishName.get(code) ?? code, matchedOn };
  }
}

/**
 * Names a typo away from the key: one edit for a short name, two from eight letters on. A
 * label of fewer than four letters gets none ("UK" is not a misspelt "US").
 */
function typoSuggestions(key: string, names: ReadonlyMap<string, string[]>): string[] {
  if (key.replace(/ /g, "").length < 4) return [];
  const budget = key.length >= 8 ? 2 : 1;
  const codes: string[] = [];
  for (const near of closestKeys(key, names.keys(), 3, budget)) {
    for (const code of names.get(near) ?? []) {
      if (codes.length < 3 && !codes.includes(code)) codes.push(code);
    }
  }
  return codes;
}

/** The alpha-3 code for a country name, demonym or code, or undefined when there is no single match. */
export function countryCode(input: string): string | undefined {
  const result = normalizeCountry(input);
  return result.match ? result.code : undefined;
}
