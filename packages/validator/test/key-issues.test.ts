/**
 * A broken record is parsed precisely (json/tokenizer.ts) only when it may hold an issue that
 * only the precise parse finds; otherwise that parse, most of what a broken record cost, is
 * skipped. Skipping it where an issue exists would drop a finding, so the pre-check must say
 * "maybe" for every record the tokenizer finds a key, surrogate or depth issue in — checked here
 * on awkward records and on fuzzed ones (names duplicated, renamed, nested) — and should say
 * "no" for ordinary broken records, or it saves nothing.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
// @ts-expect-error: plain JavaScript generator shared with the benchmark
import { generate } from "../bench/generate.mjs";
import { mayHaveKeyIssues } from "../src/json/key-issues";
import { parsePrecise } from "../src/json/tokenizer";

const DEPTH = 8;

function issuesOf(text: string): number {
  return parsePrecise(text, DEPTH, false).issues.length;
}

function agrees(text: string): void {
  const value = JSON.parse(text) as unknown;
  if (issuesOf(text) > 0) expect(mayHaveKeyIssues(text, value, DEPTH), text).toBe(true);
}

describe("mayHaveKeyIssues", () => {
  // The tokenizer caps its depth limit at 5,000 levels whatever maxDepth says (its stack): a
  // record nested past that is a depth issue even when maxDepth is higher.
  it("says maybe past the tokenizer's own depth cap, not only past maxDepth", () => {
    const text = `${"[".repeat(5001)}${"]".repeat(5001)}`;
    expect(parsePrecise(text, 10_000, false).issues.map((i) => i.kind)).toContain("depth");
    expect(mayHaveKeyIssues(text, JSON.parse(text), 10_000)).toBe(true);
  });

  it("says maybe for every kind of issue the precise parse reports", () => {
    const cases = [
      '{"a":1,"a":2}',
      '{"a":{"b":1,"c":{"b":2,"b":3}}}',
      '{"x":[{"k":1},{"k":1,"k":2}]}',
      '{"a":1, "a" : 2}',
      '{"__proto__":{"x":1}}',
      '{"a":{"constructor":1}}',
      '{"prototype":[]}',
      '{"s":"\\ud800"}',
      '{"\\udc00":1}',
      '{"a\\u0062":1,"ab":2}',
      "[[[[[[[[[[1]]]]]]]]]]",
      '{"a":{"b":{"c":{"d":{"e":{"f":{"g":{"h":{"i":1}}}}}}}}}',
    ];
    for (const text of cases) {
      expect(issuesOf(text), text).toBeGreaterThan(0);
      expect(mayHaveKeyIssues(text, JSON.parse(text), DEPTH), text).toBe(true);
    }
  });

  it("says no for records without such issues, strings that look like keys included", () => {
    const cases = [
      '{"a":1,"b":2}',
      '{"a":"\\"a\\":","b":"x:y","c":"{[","d":["a","a"]}',
      '{ "a" : { "a" : 1 } , "b" : [ { "a" : 1 } , { "a" : 2 } ] }',
      '{"text":"the prototype and the constructor"}',
    ];
    for (const text of cases) {
      expect(issuesOf(text), text).toBe(0);
      expect(mayHaveKeyIssues(text, JSON.parse(text), DEPTH), text).toBe(false);
    }
  });

  it("never misses an issue in fuzzed records, and passes the bench's broken records", () => {
    let quiet = 0;
    let total = 0;
    for (const record of generate(400, 0.5, 9)) {
      const text = JSON.stringify(record);
      agrees(text);
      total++;
      if (!mayHaveKeyIssues(text, record, DEPTH)) quiet++;
    }
    // Realistic broken records have no key issue: nearly all skip the precise parse.
    expect(quiet / total).toBeGreaterThan(0.9);

    const key = fc.constantFrom("a", "b", "__proto__", "constructor", "id", "\\u0061");
    const json: fc.Arbitrary<string> = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        fc.constantFrom("1", '"s"', "null", '"a\\"b"', '"\\ud800"'),
        tie("object"),
        tie("array"),
      ),
      object: fc
        .array(fc.tuple(key, tie("value")), { maxLength: 4 })
        .map((members) => `{${members.map(([k, v]) => `"${k}" : ${v}`).join(",")}}`),
      array: fc.array(tie("value"), { maxLength: 3 }).map((items) => `[${items.join(",")}]`),
    })).object as fc.Arbitrary<string>;
    fc.assert(
      fc.property(json, (text) => {
        agrees(text);
      }),
      { numRuns: 2000 },
    );
  });
});
