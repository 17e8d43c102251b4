import type { ParleyDataset } from "../dataset";
import type { Format, Organization } from "../generated/types.gen";
import { foldName, suggestionsFor, unknownNameMessage } from "./text";

/**
 * Shorthands the news uses for regional groupings inside format names. "Central Asia5",
 * "C5" and "CA5" all stand for the five Central Asian states, so "Central Asia5 + Russia" and
 * "C5+Russia" are the format the seed calls "Central Asia + Russia". This is Parley's own
 * vocabulary (no package keeps it), applied to folded text.
 */
const GROUPING_SHORTHANDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bcentral asia ?(?:5|five)\b/g, "central asia"],
  [/\bca ?5\b/g, "central asia"],
  [/\bc ?5\b/g, "central asia"],
];

/**
 * The key format and organization names are compared by: folded (case, accents and
 * punctuation ignored), "&", "and" and "plus" read as "+", grouping shorthands expanded, and
 * the parts around "+" put in order, so "Russia + Central Asia" is "Central Asia + Russia".
 */
export function aliasKey(name: string): string {
  let text = name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/&/g, "+")
    .replace(/\s+(?:and|plus)\s+/g, "+");
  text = text
    .split("+")
    .map((part) => foldName(part))
    .join("+");
  for (const [pattern, replacement] of GROUPING_SHORTHANDS)
    text = text.replace(pattern, replacement);
  return text
    .split("+")
    .map((part) => part.trim())
    .filter(Boolean)
    .sort()
    .join("+");
}

export interface AliasMatch<T> {
  match: true;
  input: string;
  record: T;
  /** The name or alias of the record that matched. */
  matchedName: string;
}

export interface AliasNoMatch<T> {
  match: false;
  input: string;
  reason: "empty" | "unknown" | "ambiguous";
  /** For "ambiguous": every record with the name; for "unknown": records with close names. */
  suggestions: T[];
  message: string;
}

export type AliasResult<T> = AliasMatch<T> | AliasNoMatch<T>;

function resolveByNames<T extends { id: string }>(
  what: string,
  input: string,
  records: readonly T[],
  namesOf: (record: T) => string[],
): AliasResult<T> {
  const key = aliasKey(input);
  if (!key)
    return {
      match: false,
      input,
      reason: "empty",
      suggestions: [],
      message: `No ${what} name given`,
    };
  const byKey = new Map<string, Array<{ record: T; name: string }>>();
  for (const record of records) {
    for (const name of namesOf(record)) {
      const nameKey = aliasKey(name);
      const list = byKey.get(nameKey) ?? [];
      if (!list.some((entry) => entry.record === record)) list.push({ record, name });
      byKey.set(nameKey, list);
    }
  }
  const hits = byKey.get(key) ?? [];
  const [first] = hits;
  if (hits.length === 1 && first)
    return { match: true, input, record: first.record, matchedName: first.name };
  if (hits.length > 1) {
    return {
      match: false,
      input,
      reason: "ambiguous",
      suggestions: hits.map((hit) => hit.record),
      message: `'${input}' is a name of more than one ${what}: ${hits.map((hit) => hit.record.id).join(", ")}`,
    };
  }
  const suggestions = suggestionsFor(
    key,
    new Map([...byKey].map(([name, entries]) => [name, entries.map((entry) => entry.record)])),
    3,
  );
  return {
    match: false,
    input,
    reason: "unknown",
    suggestions,
    message: unknownNameMessage(
      what,
      input,
      suggestions.map((record) => record.id),
    ),
  };
}

type Candidates<T> = ParleyDataset | readonly T[];

function listOf<T>(candidates: Candidates<T>, type: "format" | "organization"): readonly T[] {
  return Array.isArray(candidates)
    ? candidates
    : ((candidates as ParleyDataset).ofType(type) as readonly T[]);
}

/** Finds the format a name stands for among a dataset's formats, by its name and aliases. */
export function resolveFormat(candidates: Candidates<Format>, name: string): AliasResult<Format> {
  return resolveByNames("format", name, listOf(candidates, "format"), (format) => [
    format.name,
    ...(format.aliases ?? []).map((alias) => alias.value),
  ]);
}

/** Finds the organization a name stands for, by its names, aliases and acronym. */
export function resolveOrganization(
  candidates: Candidates<Organization>,
  name: string,
): AliasResult<Organization> {
  return resolveByNames(
    "organization",
    name,
    listOf(candidates, "organization"),
    (organization) => [
      ...organization.names.map((entry) => entry.value),
      ...(organization.aliases ?? []).map((alias) => alias.value),
      ...(organization.acronym ? [organization.acronym] : []),
    ],
  );
}
