/**
 * `dayRange` turns a partial date into the first and last day it can denote; every date rule
 * (periods, bounds, event ends, dates of sources and quotes) compares these. It reads character
 * codes instead of matching a RegExp (it runs for every date of every record), so it must
 * accept exactly what the grammar `yyyy`, `yyyy-mm`, `yyyy-mm-dd` (ASCII digits) accepts and
 * give the same days: here against the RegExp it replaced, on strings made of digits, dashes,
 * look-alikes (Arabic-Indic and full-width digits, a trailing newline) and anything else.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dayFirst, dayLast, dayRange } from "../src/dataset/values";

/** The definition: what dayRange computed with a RegExp before. */
function byRegExp(value: unknown): [number, number] | undefined {
  if (typeof value !== "string") return undefined;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  if (!m) return undefined;
  const y = Number(m[1]) * 10000;
  const month = m[2] === undefined ? undefined : Number(m[2]);
  const day = m[3] === undefined ? undefined : Number(m[3]);
  return [y + (month ?? 1) * 100 + (day ?? 1), y + (month ?? 12) * 100 + (day ?? 31)];
}

describe("dayRange", () => {
  it("gives the days of each precision", () => {
    expect(dayRange("2022")).toEqual([20220101, 20221231]);
    expect(dayRange("2022-11")).toEqual([20221101, 20221131]);
    expect(dayRange("2022-11-17")).toEqual([20221117, 20221117]);
    expect(dayRange("2022-1-17")).toBeUndefined();
    expect(dayRange("2022-11-17\n")).toBeUndefined();
    expect(dayRange("２０２２")).toBeUndefined();
    expect(dayRange(2022)).toBeUndefined();
  });

  it("agrees with the RegExp grammar on near-dates and arbitrary strings", () => {
    const near = fc
      .array(fc.constantFrom(..."0123456789-", "/", " ", "\n", "٣", "９", "a"), {
        maxLength: 12,
      })
      .map((chars) => chars.join(""));
    const dateLike = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 2 }),
      )
      .map(([y, m, d, parts]) =>
        [String(y).padStart(4, "0"), String(m).padStart(2, "0"), String(d).padStart(2, "0")]
          .slice(0, parts + 1)
          .join("-"),
      );
    fc.assert(
      fc.property(fc.oneof(near, dateLike, fc.string(), fc.anything()), (value) => {
        const range = byRegExp(value);
        expect(dayRange(value)).toEqual(range);
        // The hot rules read the two ends without the pair: -1 stands for "malformed".
        expect(dayFirst(value)).toBe(range ? range[0] : -1);
        expect(dayLast(value)).toBe(range ? range[1] : -1);
      }),
      { numRuns: 5000 },
    );
  });
});
