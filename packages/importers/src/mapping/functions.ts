import { createHash } from "node:crypto";
import { Url } from "@parley/schema";
import type { FunctionContext } from "./evaluate";
import { titleCase } from "./text";

/**
 * Named functions a mapping calls with `{ "$fn": name, "args": […] }` (or a `{ "fn": name }`
 * step, whose value comes first). They hold what a declarative mapping cannot say: memory across
 * records (duplicates), hashing, arithmetic on dates, a few rules of English. Each is small and
 * general: no function knows a particular source. docs/mappings.md lists them with why each is
 * code.
 */
export type NamedFunction = (args: unknown[], context: FunctionContext) => unknown;

function isPresent(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === "string" && value.trim() === "") return false;
  if (Array.isArray(value) && value.length === 0) return false;
  return true;
}

function text(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

function listOf(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

const NAME_SUFFIXES = /^(?:Jr\.?|Sr\.?|II|III|IV|V)$/;

export const FUNCTIONS: Record<string, NamedFunction> = {
  /** join(list, separator = ", "): the items of a list as one text. */
  join: ([list, separator]) => {
    if (list === undefined) return undefined;
    return listOf(list)
      .map(text)
      .join(typeof separator === "string" ? separator : ", ");
  },
  /** count(list): how many items (0 for absent). */
  count: ([list]) => listOf(list).length,
  /** sum(list or numbers…): the total of the numbers given (0 for none). */
  sum: (args) =>
    args
      .flatMap(listOf)
      .map(Number)
      .filter(Number.isFinite)
      .reduce((a, b) => a + b, 0),
  /** concat(a, b, …): the texts of the present arguments, joined without separator. */
  concat: (args) => {
    const parts = args.filter(isPresent).map(text);
    return parts.length > 0 ? parts.join("") : undefined;
  },
  /** ordinal(n): 78 → "78th". */
  ordinal: ([n]) => {
    const number = Number(n);
    if (!Number.isInteger(number)) return undefined;
    const tens = number % 100;
    const suffix =
      tens >= 11 && tens <= 13 ? "th" : (["th", "st", "nd", "rd"][number % 10] ?? "th");
    return `${number}${suffix}`;
  },
  /**
   * list-of(list): "A", "A and B", "A, B and C" (English enumeration; absent items left out).
   * Code because the separator depends on the position of the item.
   */
  "list-of": ([list]) => {
    const items = listOf(list).filter(isPresent).map(text);
    if (items.length <= 1) return items[0];
    return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
  },
  /** surname(name): "William Henry Seward" → "Seward"; "Joseph R. Biden Jr." → "Biden". */
  surname: ([name]) => {
    if (!isPresent(name)) return undefined;
    const words = text(name).trim().split(/\s+/);
    while (words.length > 1 && NAME_SUFFIXES.test(words[words.length - 1] ?? "")) words.pop();
    return (words[words.length - 1] ?? "").replace(/,$/, "") || undefined;
  },
  /** display-name(text): a name printed in capitals ("UNITED STATES") in title case; others as given. */
  "display-name": ([name]) => {
    if (!isPresent(name)) return undefined;
    const value = text(name);
    return value === value.toUpperCase() ? titleCase(value) : value;
  },
  /**
   * seen-before(value, key…): the value remembered for this key from an earlier record of the
   * run, or absent the first time (when it remembers `value`). For duplicates: "trip 4019 repeats
   * trip 3992". Code because it keeps memory across records; it grows with the distinct keys.
   */
  "seen-before": ([value, ...key], { memory }) => {
    const id = JSON.stringify(key.map((part) => (part === undefined ? null : part)));
    if (memory.has(id)) return memory.get(id);
    memory.set(id, value === undefined ? true : value);
    return undefined;
  },
  /**
   * occurrence(key…): how many times this key has come up in the run, this time included (1 the
   * first time): the part number of a session whose rows resume after others. Memory as seen-before.
   */
  occurrence: (key, { memory }) => {
    const id = JSON.stringify(key.map((part) => (part === undefined ? null : part)));
    const n = ((memory.get(id) as number | undefined) ?? 0) + 1;
    memory.set(id, n);
    return n;
  },
  /**
   * country-code(label): the ISO code the SDK's reconciler gives the label, or absent, silently
   * (to check a label against a code; `$country` is the one that warns).
   */
  "country-code": ([label], { countries }) =>
    isPresent(label) ? countries(text(label).replace(/\s+/g, " ").trim()).code : undefined,
  /** entries(object): its fields as a list of `{ key, value }` (to keep the cells no column names). */
  entries: ([object]) => {
    if (object === null || typeof object !== "object" || Array.isArray(object)) return undefined;
    const list = Object.entries(object as Record<string, unknown>).map(([key, value]) => ({
      key,
      value,
    }));
    return list.length > 0 ? list : undefined;
  },
  /** sha1(text, length = 40): the hex SHA-1 digest (its first `length` digits): ids from URLs. */
  sha1: ([value, length]) => {
    if (!isPresent(value)) return undefined;
    const digest = createHash("sha1").update(text(value)).digest("hex");
    return typeof length === "number" ? digest.slice(0, length) : digest;
  },
  /** is-url(text): the text when the standard's `url` fields accept it, else absent. */
  "is-url": ([value]) =>
    isPresent(value) && Url.safeParse(text(value)).success ? text(value) : undefined,
  /** type-of(value): "array", "object", "string", "number", "boolean" (absent for absent). Use with `raw`. */
  "type-of": ([value]) =>
    value === undefined || value === null
      ? undefined
      : Array.isArray(value)
        ? "array"
        : typeof value,
  /** days-between(from, to): whole days from one ISO date (or partial date) to another. */
  "days-between": ([from, to]) => {
    const day = (value: unknown) =>
      Date.parse(
        text(
          typeof value === "object" && value !== null ? (value as { value: unknown }).value : value,
        ),
      );
    if (!isPresent(from) || !isPresent(to)) return undefined;
    const days = (day(to) - day(from)) / 86_400_000;
    return Number.isFinite(days) ? Math.round(days) : undefined;
  },
  /** count-matches(text, regex, flags = "g"): how many times the pattern occurs. */
  "count-matches": ([value, pattern, flags]) => {
    if (!isPresent(value) || typeof pattern !== "string") return 0;
    const all = typeof flags === "string" ? (flags.includes("g") ? flags : `${flags}g`) : "g";
    return text(value).match(new RegExp(pattern, all))?.length ?? 0;
  },
  /**
   * matching(text, table, flags = "g"): the entries of a table (a list of objects with a
   * `pattern`) whose pattern occurs in the text, each with `hits` (how many times). A table of
   * names to recognise stays data in the mapping; this only runs it.
   */
  matching: ([value, table, flags]) => {
    if (!isPresent(value)) return undefined;
    const all = typeof flags === "string" ? (flags.includes("g") ? flags : `${flags}g`) : "g";
    const found = listOf(table).flatMap((entry) => {
      const pattern = (entry as { pattern?: unknown }).pattern;
      if (typeof pattern !== "string") return [];
      const hits = text(value).match(new RegExp(pattern, all))?.length ?? 0;
      return hits > 0 ? [{ ...(entry as object), hits }] : [];
    });
    return found.length > 0 ? found : undefined;
  },
  /**
   * coordinates(latitude, longitude): `{ latitude, longitude }` when both are numbers within
   * range, else absent (an empty or out-of-range cell is no place).
   */
  coordinates: ([lat, long]) => {
    if (!isPresent(lat) || !isPresent(long)) return undefined;
    const latitude = Number(lat);
    const longitude = Number(long);
    if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return undefined;
    if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return undefined;
    return { latitude, longitude };
  },
};
