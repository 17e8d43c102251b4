/**
 * The map stage positions every reference and check it hands to the reducers with a record
 * cursor that walks down one JSON Pointer (json/pointer-walk.ts) where the validator's cursor
 * re-parses the record precisely, because the precise tokenizer would cost ~5× a JSON.parse per
 * record there. Both ask dataset/finding-positions.ts what to position, so the only thing that
 * could make a report of the stages differ from one of `parley validate` (the CLI's stages
 * tests compare them byte for byte) is the walk finding another place than the precise parse.
 * Here: every pointer of realistic and of awkward records (whitespace, escapes, duplicate keys,
 * nesting), against the precise tokenizer and the validator's record cursor.
 */
import { describe, expect, it } from "vitest";
// @ts-expect-error: plain JavaScript generator shared with the benchmark
import { generate } from "../bench/generate.mjs";
import { findPointer } from "../src/json/pointer-walk";
import { parsePrecise } from "../src/json/tokenizer";
import { DEFAULT_LIMITS } from "../src/options";
import { RecordCursor } from "../src/record-cursor";

const awkward = [
  '{ "type" : "event" , "participants" : [ { "person" : "person:1" } ,{"person":"person:2"} ] }',
  '{"a":{"b":[1,[2,3],{"c":"}]\\"{["}],"d":null},"e":"x"}',
  '{"k\\u0065y":"v","key2":{"x~y":1,"a/b":2},"arr":[[],{},""]}',
  '{"dup":1,"dup":{"inner":"last"},"z":[true,false,-1.5e3]}',
  // Runs of backslashes before a quote: an even run ends the string, an odd one escapes it.
  '{"p\\\\":{"q":"a\\\\\\\\","r":"\\\\\\"x"},"s\\\\\\"":1,"t":"\\\\"}',
  '{\n  "type": "person",\n  "names": [\n    {"value": "Ан\\"на", "lang": "ru"}\n  ]\n}',
];

function records(): string[] {
  const out: string[] = [...awkward];
  let n = 0;
  for (const record of generate(300, 0.2, 4)) {
    out.push(JSON.stringify(record));
    if (++n % 3 === 0) out.push(JSON.stringify(record, null, 1));
  }
  return out;
}

describe("pointer walk", () => {
  it("finds every value where the precise tokenizer does", () => {
    let checked = 0;
    for (const text of records()) {
      const precise = parsePrecise(text, 64);
      for (const [pointer, index] of precise.valueAt) {
        expect(findPointer(text, pointer), `${pointer} in ${text.slice(0, 80)}`).toBe(index);
        checked++;
      }
      expect(findPointer(text, "/no/such/member")).toBe(-1);
    }
    expect(checked).toBeGreaterThan(10_000);
  });

  it("finds every member name where the precise tokenizer does (atKey)", () => {
    // Findings about a member itself (an unknown or duplicate one) point at its name; the
    // validator's cursor walks to it unless the record was parsed precisely already.
    let checked = 0;
    for (const text of records()) {
      const precise = parsePrecise(text, 64);
      for (const pointer of precise.valueAt.keys()) {
        const expected = precise.keyAt.get(pointer) ?? precise.valueAt.get(pointer);
        expect(findPointer(text, pointer, true), `${pointer} in ${text.slice(0, 80)}`).toBe(
          expected,
        );
        checked++;
      }
      expect(findPointer(text, "/no/such/member", true)).toBe(-1);
    }
    expect(checked).toBeGreaterThan(10_000);
  });

  it("a walking record cursor positions as the validator's does (locate and locateString)", () => {
    // A fresh cursor per pointer: the validator's cursor switches from text search to the
    // precise parse once something asked for it; the walking one never parses precisely.
    const start = { line: 7, column: 1, offset: 1000 };
    const fresh = (text: string, walk: boolean): RecordCursor => {
      const cursor = new RecordCursor(DEFAULT_LIMITS, walk);
      cursor.reset(text, start, 0, undefined, false);
      return cursor;
    };
    let strings = 0;
    for (const text of records()) {
      const value = JSON.parse(text);
      for (const [pointer] of parsePrecise(text, 64).valueAt) {
        expect(fresh(text, true).locate(pointer), pointer).toEqual(
          fresh(text, false).locate(pointer),
        );
        const at = pointer
          .split("/")
          .slice(1)
          .reduce(
            (v: unknown, k) =>
              (v as Record<string, unknown>)?.[k.replace(/~1/g, "/").replace(/~0/g, "~")],
            value,
          );
        if (typeof at === "string") {
          strings++;
          expect(fresh(text, true).locateString(pointer, at)).toEqual(
            fresh(text, false).locateString(pointer, at),
          );
        }
      }
      // A pointer to nothing is the record's start, in both.
      expect(fresh(text, true).locate("/no/such/member")).toEqual(start);
      expect(fresh(text, false).locate("/no/such/member")).toEqual(start);
    }
    expect(strings).toBeGreaterThan(1000);
  });
});
