/**
 * The scanner decides JSON Schema `pattern`s on a string's bytes with an automaton built from
 * the pattern (src/byte-pattern.ts) instead of `RegExp.test` on the decoded string. Whether a
 * value is valid must not depend on which of the two ran, so for every pattern of every
 * released and working schema version (and a few shapes they do not use yet), the automaton
 * and the RegExp must give the same verdict on strings near and far from the language:
 * generated from the pattern's own characters, shortened, lengthened and mutated.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { byteAutomaton, matchBytes } from "../src/byte-pattern";
import { repoRoot } from "./helpers";

function patternsOf(node: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(node)) for (const item of node) patternsOf(item, out);
  else if (node !== null && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "pattern" && typeof value === "string") out.add(value);
      else patternsOf(value, out);
    }
  }
  return out;
}

const schemaRoot = join(repoRoot, "packages", "schema", "json-schema");
const schemaPatterns = new Set<string>();
for (const version of readdirSync(schemaRoot, { withFileTypes: true })) {
  if (!version.isDirectory()) continue;
  for (const file of readdirSync(join(schemaRoot, version.name)))
    if (file.endsWith(".json"))
      patternsOf(
        JSON.parse(readFileSync(join(schemaRoot, version.name, file), "utf8")),
        schemaPatterns,
      );
}
/** Shapes the schemas may grow into: alternation, nested groups, negated classes, `.`, escapes. */
const extraPatterns = [
  "^(?:ab|a)(?:c|bc)*$",
  "^[^a-c]{1,3}x?$",
  "^a.b$",
  "^\\w+@\\w+\\.(?:com|org)$",
  "^[\\d\\-]{2,}$",
  "^(a|b|)+$",
  "^\\s*\\S+\\s*$",
  "^[a-]?[]a]?$",
];
/** Patterns the automaton must leave to the RegExp (not anchored at both ends, or beyond it). */
const leftToRegExp = ["abc", "^a|b$", "^(?=a)a$", "^(a)\\1$", "^\\bword$", "^\\u0041$", "^a$|^b$"];

const encoder = new TextEncoder();
const ascii = (s: string) => [...s].every((c) => c.charCodeAt(0) < 0x80);

function agree(source: string, candidate: string): void {
  const automaton = byteAutomaton(source);
  if (!automaton) return;
  const bytes = encoder.encode(`"${candidate}"`);
  const verdict = matchBytes(automaton, bytes, 1, bytes.length - 1);
  const expected = new RegExp(source).test(candidate);
  // On a byte above 0x7f the automaton defers to the RegExp, unless the bytes before it had
  // already left the language (then no continuation can match).
  if (ascii(candidate) || verdict !== undefined)
    expect(verdict, `/${source}/ on ${JSON.stringify(candidate)}`).toBe(expected);
}

describe("patterns decided on bytes agree with RegExp", () => {
  const all = [...schemaPatterns, ...extraPatterns];

  it("the schemas have patterns, and the usual ones get an automaton", () => {
    expect(schemaPatterns.size).toBeGreaterThan(5);
    // Ids, partial dates, language tags: the patterns of most strings of a record.
    for (const source of [
      "^[A-Za-z0-9][A-Za-z0-9._:~/-]{0,255}$",
      "^(\\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\\d|3[01]))?)?$",
      "^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$",
    ]) {
      expect(schemaPatterns.has(source), source).toBe(true);
      expect(byteAutomaton(source), source).toBeDefined();
    }
    for (const source of extraPatterns) expect(byteAutomaton(source), source).toBeDefined();
  });

  it("leaves to the RegExp what it cannot decide the same way", () => {
    for (const source of leftToRegExp) expect(byteAutomaton(source), source).toBeUndefined();
  });

  it.each(all)("%s", (source) => {
    // The characters the pattern mentions (its literals and class bounds) plus a few others:
    // strings made of them are likely to be near the language, on both sides of it.
    const alphabet = [
      ...new Set([...source.replace(/\\[dws]/gi, "09aZ_ -"), "0", "a", "-", "/", "é"]),
    ];
    const examples = [
      "",
      "2024",
      "2024-02-29",
      "2023-02-29",
      "2024-13-01",
      "a",
      "en-GB",
      "x:y/z",
      "A".repeat(256),
      "A".repeat(257),
    ];
    for (const example of examples) agree(source, example);
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...alphabet), { maxLength: 24 }).map((cs) => cs.join("")),
        (candidate) => agree(source, candidate),
      ),
      { numRuns: 1500, seed: 12 },
    );
  });
});
