import { describe, expect, it } from "vitest";
import { isRealPartialDate, PartialDate } from "../src/index";

describe("partial dates", () => {
  it("accept the three precisions the news uses: year, month, day", () => {
    for (const value of ["2022", "2022-11", "2022-11-17"])
      expect(isRealPartialDate(value)).toBe(true);
  });

  // A pattern alone would let these through; the calendar check is why PartialDate is a refinement.
  it("reject days that the calendar does not have", () => {
    for (const value of ["2022-02-30", "2022-04-31", "2023-02-29", "1900-02-29"]) {
      expect(isRealPartialDate(value), value).toBe(false);
      expect(PartialDate.safeParse({ value }).success, value).toBe(false);
    }
  });

  it("know leap years, including the 400-year rule", () => {
    expect(isRealPartialDate("2024-02-29")).toBe(true);
    expect(isRealPartialDate("2000-02-29")).toBe(true);
  });

  it("reject shapes that are not ISO calendar dates", () => {
    for (const value of [
      "2022-13",
      "2022-00-10",
      "22-11-17",
      "2022-11-17T10:00",
      "17/11/2022",
      "",
    ]) {
      expect(isRealPartialDate(value), value).toBe(false);
    }
  });

  it("carry qualifiers and say which parts were inferred, with the reason", () => {
    const parsed = PartialDate.parse({
      value: "2022-11-17",
      inferred: ["year"],
      basis: "not printed",
    });
    expect(parsed.inferred).toEqual(["year"]);
    expect(
      PartialDate.safeParse({ value: "2022-11", approximate: true, uncertain: true }).success,
    ).toBe(true);
    // An empty inferred list says nothing and is more likely a mistake than a statement.
    expect(PartialDate.safeParse({ value: "2022", inferred: [] }).success).toBe(false);
  });
});
