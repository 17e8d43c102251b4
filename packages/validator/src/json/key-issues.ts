import { closingQuote } from "../record-cursor";
import { depthLimitOf, PROTO_KEYS } from "./tokenizer";

/**
 * Whether a record `JSON.parse` accepted may hold one of the issues only the precise tokenizer
 * finds (json/tokenizer.ts): a duplicate key, a prototype-polluting key, a lone surrogate, or
 * nesting past the depth limit. A broken record is explained and reported either way; when this
 * says no, the precise parse (~5x a JSON.parse, most of what a broken record used to cost) is
 * skipped, and the record's findings are positioned by walking down their pointers instead
 * (json/pointer-walk.ts: the same positions).
 *
 * It answers "maybe" whenever it cannot rule an issue out, so it never hides one:
 * - a duplicate key leaves JSON.parse's value with fewer keys than the text has member names,
 *   so equal counts prove there is none;
 * - the prototype keys and the surrogate escapes are looked for as text (any `\u` escape counts);
 * - nesting is counted on the brackets outside strings.
 */
export function mayHaveKeyIssues(text: string, value: unknown, maxDepth: number): boolean {
  if (text.includes("\\u")) return true;
  for (const key of PROTO_KEYS) if (text.includes(`"${key}"`)) return true;
  let names = 0;
  let depth = 0;
  let deepest = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: skip it, then a colon after it (spaces allowed) makes it a member name.
      i = closingQuote(text, i);
      let j = i + 1;
      for (; j < n; j++) {
        const d = text.charCodeAt(j);
        if (d !== 0x20 && d !== 0x09 && d !== 0x0a && d !== 0x0d) break;
      }
      if (text.charCodeAt(j) === 0x3a) names++;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > deepest) deepest = depth;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  // The precise tokenizer refuses a container opened at its depth limit (the top level is 0).
  if (deepest >= depthLimitOf(maxDepth)) return true;
  return names !== memberCount(value);
}

/** Member names in a parsed JSON value, all levels. */
function memberCount(value: unknown): number {
  if (value === null || typeof value !== "object") return 0;
  let count = 0;
  if (Array.isArray(value)) {
    for (const item of value) count += memberCount(item);
    return count;
  }
  for (const key in value) {
    count++;
    count += memberCount((value as Record<string, unknown>)[key]);
  }
  return count;
}
