import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";

/**
 * JSON with object keys sorted at every level and `undefined` members left out, so two
 * objects with the same content serialise the same whatever order their keys were written in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? "null" : canonicalJson(item))).join(",")}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(",")}}`;
}

/**
 * A deterministic id for a record that has none: `<type>:` and the first 16 hex digits (64
 * bits) of the SHA-256 of the record's canonical JSON without its id. Pure JavaScript
 * (@noble/hashes), synchronous, the same in Node and in the browser.
 */
export function deriveId(type: string, content: Record<string, unknown>): string {
  const { id: _ignored, ...rest } = content;
  return `${type}:${bytesToHex(sha256(utf8ToBytes(canonicalJson({ ...rest, type })))).slice(0, 16)}`;
}
