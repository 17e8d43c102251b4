/**
 * The byte-level scanner decides most URLs on their bytes (`hasFormat` in scan-runtime.ts: a
 * "plain URL" — scheme, `//`, host and path of unreserved characters — is accepted without
 * making a string) and leaves every other text to ajv-formats' `uri`. The shortcut may only
 * ever accept what ajv-formats accepts: if it let through one text ajv rejects, the fast path
 * would call a broken record valid. So its verdict must equal `isUri` on URL-like texts built
 * from the characters where the two could differ (scheme, separators, escapes, ports, queries,
 * non-ASCII, empty parts).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isUri } from "../src/fast-runtime";
import { hasFormat, str } from "../src/scan-runtime";

const encoder = new TextEncoder();

function verdict(text: string): boolean {
  const bytes = encoder.encode(JSON.stringify(text));
  expect(str(bytes, 0)).toBe(bytes.length);
  return hasFormat(bytes, "uri");
}

describe("hasFormat(uri) agrees with ajv-formats", () => {
  it("on the usual URLs and near misses", () => {
    for (const text of [
      "https://news.example.org/2024/6/article-3.html",
      "http://example.org",
      "HTTPS://EXAMPLE.ORG/A_B~C",
      "git+ssh://host/x",
      "https://news.example.org/a b",
      "https://news.example.org/a?b=c",
      "https://news.example.org:8080/a",
      "https://",
      "https:///path",
      "https:/x",
      "1http://x.org",
      "ht_tp://x.org",
      "urn:isbn:0451450523",
      "https://exämple.org/",
      "https://example.org/%41",
      "https://example.org/%zz",
      "//example.org/x",
      "https://ex\\ample.org",
      "",
    ])
      expect(verdict(text), text).toBe(isUri(text));
  });

  it("on fuzzed URL-like texts", () => {
    const piece = fc.constantFrom(
      "https",
      "http",
      "a",
      "Z",
      "1",
      "+",
      "-",
      ".",
      "_",
      "~",
      ":",
      "/",
      "//",
      "://",
      "?",
      "#",
      "%",
      "%41",
      "@",
      " ",
      "ä",
      "[",
      "]",
      "\\",
      '"',
      "news.example.org",
      "8080",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = pieces.join("");
        expect(verdict(text)).toBe(isUri(text));
      }),
      { numRuns: 5000 },
    );
  });
});
