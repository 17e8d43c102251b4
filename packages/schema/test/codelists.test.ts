import { describe, expect, it } from "vitest";
import {
  COUNTRY_CODES,
  CountryCode,
  CURRENT_COUNTRY_CODES,
  countryName,
  HISTORICAL_COUNTRY_CODES,
} from "../src/index";

describe("country codes", () => {
  it("come from ISO 3166-1 alpha-3 and include every Central Asian state of the seed", () => {
    for (const code of ["RUS", "KAZ", "KGZ", "TJK", "TKM", "UZB"])
      expect(COUNTRY_CODES.has(code)).toBe(true);
    expect(CURRENT_COUNTRY_CODES.length).toBeGreaterThanOrEqual(249);
  });

  // Historical events need the countries of their time: the USSR, Czechoslovakia, Yugoslavia.
  it("include formerly assigned codes from ISO 3166-3, and only those not reassigned", () => {
    for (const code of ["SUN", "CSK", "YUG", "DDR"])
      expect(HISTORICAL_COUNTRY_CODES).toContain(code);
    expect(countryName("SUN")).toBe("USSR");
    expect(HISTORICAL_COUNTRY_CODES.filter((code) => CURRENT_COUNTRY_CODES.includes(code))).toEqual(
      [],
    );
  });

  it("do not contain made-up codes; the schema checks shape and the validator checks membership", () => {
    expect(COUNTRY_CODES.has("XYZ")).toBe(false);
    expect(CountryCode.safeParse("XYZ").success).toBe(true);
    expect(CountryCode.safeParse("kaz").success).toBe(false);
  });
});
