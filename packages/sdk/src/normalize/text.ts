import { distance } from "fastest-levenshtein";

/**
 * The form names are compared in: Unicode compatibility-decomposed, combining marks removed,
 * lower case, every run of characters that are not letters or digits turned into one space.
 * "Côte d'Ivoire" and "cote d ivoire" compare equal; scripts other than Latin are kept.
 */
export function foldName(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/**
 * The closest keys to a query by edit distance, within a budget (by default one that grows
 * with the query's length).
 */
export function closestKeys(
  query: string,
  keys: Iterable<string>,
  limit: number,
  budget = Math.max(2, Math.floor(query.length * 0.4)),
): string[] {
  const scored: Array<{ key: string; cost: number }> = [];
  for (const key of keys) {
    if (Math.abs(key.length - query.length) > budget) continue;
    const cost = distance(query, key);
    if (cost <= budget) scored.push({ key, cost });
  }
  scored.sort((a, b) => a.cost - b.cost || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return scored.slice(0, limit * 4).map((entry) => entry.key);
}

/**
 * Up to `limit` distinct values filed under the keys closest to the query: the suggestions
 * of a no-match. `same` tells when two values are one suggestion.
 */
export function suggestionsFor<T>(
  query: string,
  index: ReadonlyMap<string, Iterable<T>>,
  limit: number,
  same: (a: T, b: T) => boolean = Object.is,
): T[] {
  const suggestions: T[] = [];
  for (const near of closestKeys(query, index.keys(), limit)) {
    for (const value of index.get(near) ?? []) {
      if (suggestions.length < limit && !suggestions.some((seen) => same(seen, value)))
        suggestions.push(value);
    }
  }
  return suggestions;
}

/** The message of a name that matches nothing: what it is not, and the closest names, if any. */
export function unknownNameMessage(
  what: string,
  input: string,
  suggestions: readonly string[],
): string {
  return suggestions.length > 0
    ? `No ${what} is called '${input}'. Did you mean ${suggestions.join(", ")}?`
    : `No ${what} is called '${input}', and no name is close to it`;
}
