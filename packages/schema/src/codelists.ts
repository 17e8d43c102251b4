import { iso31661, iso31663 } from "iso-3166";

/**
 * Country codes come from the maintained `iso-3166` package, never a hand-typed table:
 * current ISO 3166-1 alpha-3 codes plus the formerly assigned ones of ISO 3166-3 (SUN, CSK,
 * YUG, …) so that historical events keep the country that existed at the time.
 */
export const CURRENT_COUNTRY_CODES: readonly string[] = iso31661.map((c) => c.alpha3).sort();

export const HISTORICAL_COUNTRY_CODES: readonly string[] = [
  ...new Set(
    iso31663.map((c) => c.from.alpha3).filter((code) => !CURRENT_COUNTRY_CODES.includes(code)),
  ),
].sort();

export const COUNTRY_CODES: ReadonlySet<string> = new Set([
  ...CURRENT_COUNTRY_CODES,
  ...HISTORICAL_COUNTRY_CODES,
]);

/** English short name of a code, current or historical; undefined when the code is unknown. */
export function countryName(alpha3: string): string | undefined {
  const current = iso31661.find((c) => c.alpha3 === alpha3);
  if (current) return current.name;
  return iso31663.find((c) => c.from.alpha3 === alpha3)?.from.name;
}

/** Controlled vocabulary of event topics. Free-text keywords go in `tags`. */
export const TOPICS = [
  "bilateral-relations",
  "multilateral-cooperation",
  "regional-integration",
  "trade",
  "economy",
  "investment",
  "energy",
  "transport",
  "security",
  "defence",
  "regional-stability",
  "terrorism",
  "conflict",
  "sanctions",
  "science",
  "education",
  "culture",
  "humanitarian",
  "health",
  "environment",
  "water",
  "climate",
  "migration",
  "human-rights",
  "territorial-issues",
  "international-law",
  "other",
] as const;

export const EVENT_KINDS = [
  "meeting",
  "summit",
  "visit",
  "call",
  "interview",
  "press-conference",
  "statement",
  "negotiation",
  "other",
] as const;

export const EVENT_MODES = ["in-person", "virtual", "phone", "mixed"] as const;

export const PARTICIPANT_SIDES = ["host", "guest", "mediator", "attendee"] as const;

export const ORGANIZATION_KINDS = [
  "ministry",
  "government-body",
  "intergovernmental-organization",
  "media-outlet",
  "other",
] as const;

export const FORMAT_KINDS = [
  "bilateral",
  "multilateral",
  "named-format",
  "institutional-framework",
] as const;

export const QUOTE_KINDS = ["direct", "paraphrase", "indirect"] as const;

export const QUOTE_RENDERING_KINDS = ["variant", "paraphrase", "translation"] as const;

export const SOURCE_KINDS = [
  "article",
  "ministry-website",
  "press-release",
  "broadcast",
  "transcript",
  "social-post",
  "dataset",
  "other",
] as const;

/** How one source relates to an earlier one in the chain of reporting. */
export const REPORTING_RELATIONS = [
  "cites",
  "derives-from",
  "republishes",
  "corroborates",
] as const;

export const CERTAINTIES = ["reported", "confirmed", "inferred"] as const;

export const EVENT_RELATIONS = [
  "reviews-results-of",
  "part-of",
  "follow-up-to",
  "preparation-for",
  "related-to",
] as const;

export const FORMAT_LINKS = ["held-in", "discussed"] as const;

export const OUTCOME_KINDS = [
  "assessment",
  "commitment",
  "agreement",
  "discussion",
  "stance",
  "other",
] as const;

export const DATE_PARTS = ["year", "month", "day"] as const;

/**
 * Since 1.2: how a record or a code was made. Closed: a reader may treat 'manual' data and
 * machine-coded data differently, so it must know every value.
 */
export const CODING_METHODS = ["manual", "automated", "assisted"] as const;

/** Since 1.2: the event coding schemes a `codings` entry may use; each has its own code shape. */
export const CODING_SCHEMES = ["cameo", "plover"] as const;
