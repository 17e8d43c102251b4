import { describe, expect, it } from "vitest";
import {
  comparePartialDates,
  parseEdtf,
  parsePartialDate,
  partialDateContains,
  partialDatesOverlap,
  toEdtf,
} from "../src/index";

describe("partial dates", () => {
  it("parse to the span they name", () => {
    expect(parsePartialDate("2022")).toMatchObject({
      precision: "year",
      start: "2022-01-01",
      end: "2022-12-31",
    });
    expect(parsePartialDate("2022-11")).toMatchObject({
      precision: "month",
      start: "2022-11-01",
      end: "2022-11-30",
    });
    expect(parsePartialDate("2024-02").end).toBe("2024-02-29"); // leap year
    expect(parsePartialDate({ value: "2022-11-17" })).toMatchObject({
      year: 2022,
      month: 11,
      day: 17,
    });
  });

  it("reject impossible dates with the reason, as the schema does", () => {
    expect(() => parsePartialDate("2022-02-30")).toThrow(
      "'2022-02-30' is not a day of the calendar",
    );
    expect(() => parsePartialDate("2022-13")).toThrow(/not a partial date/);
    expect(() => parsePartialDate("17 November")).toThrow(RangeError);
  });

  it("overlap when their spans share a day: a month overlaps its days", () => {
    expect(partialDatesOverlap("2022-11", "2022-11-17")).toBe(true);
    expect(partialDatesOverlap("2022-11-17", "2022")).toBe(true);
    expect(partialDatesOverlap("2022-10", "2022-11-01")).toBe(false);
    expect(partialDateContains("2022", "2022-11-17")).toBe(true);
    expect(partialDateContains("2022-11-17", "2022-11")).toBe(false);
  });

  it("sort by first day, then the narrower span first", () => {
    const sorted = ["2022-11", "2022", "2022-11-17", "2021-12-31", "2022-11-01"].sort(
      comparePartialDates,
    );
    // "2022" starts on 2022-01-01, before November; a day sorts before the month that holds it.
    expect(sorted).toEqual(["2021-12-31", "2022", "2022-11-01", "2022-11", "2022-11-17"]);
    expect(comparePartialDates("2022-01-01", "2022")).toBeLessThan(0);
    expect(comparePartialDates("2022-11", "2022-11-17")).toBeLessThan(0);
  });

  it("read and write EDTF level 1 qualifiers", () => {
    expect(parseEdtf("2022-11~")).toEqual({ value: "2022-11", approximate: true });
    expect(parseEdtf("2022?")).toEqual({ value: "2022", uncertain: true });
    expect(parseEdtf("2022-11-17%")).toEqual({
      value: "2022-11-17",
      approximate: true,
      uncertain: true,
    });
    expect(toEdtf({ value: "2022-11", approximate: true })).toBe("2022-11~");
    expect(() => parseEdtf("2022-11-31")).toThrow(/not a day of the calendar/);
    expect(() => parseEdtf("2022/2023")).toThrow(/not a supported EDTF date/);
  });
});
