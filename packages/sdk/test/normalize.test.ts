import { describe, expect, it } from "vitest";
import {
  aliasKey,
  countryCode,
  normalizeCountry,
  parseDatasetJson,
  resolveFormat,
  resolveOrganization,
} from "../src/index";
import { seedJsonText } from "./seed-helpers";

describe("normalizeCountry", () => {
  it.each([
    ["Kazakhstan", "name"],
    ["Kazakhstani", "demonym"], // the seed article's own word
    ["KZ", "alpha-2"],
    ["kaz", "alpha-3"],
    ["398", "numeric"],
    ["Казахстан", "name"], // Russian, the language of the MFA's site
    ["Kasachstan", "translation"], // German
    ["  republic of KAZAKHSTAN ", "name"],
  ])("'%s' is KAZ (matched on %s)", (input, matchedOn) => {
    expect(normalizeCountry(input)).toMatchObject({
      match: true,
      code: "KAZ",
      name: "Kazakhstan",
      matchedOn,
    });
  });

  it("knows the other states of the seed by name, demonym and Russian name", () => {
    expect(
      ["Kyrgyzstan", "Tajikistan", "Turkmen", "Uzbekistani", "Россия"].map(countryCode),
    ).toEqual(["KGZ", "TJK", "TKM", "UZB", "RUS"]);
  });

  it("a demonym world-countries spells otherwise comes from the nationality list", () => {
    // world-countries spells the Tajik demonym "Tadzhik"; i18n-nationality has "Tajik".
    expect(normalizeCountry("Tajik")).toMatchObject({
      match: true,
      code: "TJK",
      matchedOn: "demonym",
    });
  });

  it("finds a country that no longer exists by its ISO 3166-3 code or its name", () => {
    expect(normalizeCountry("SUN")).toMatchObject({
      match: true,
      code: "SUN",
      matchedOn: "alpha-3",
    });
    expect(normalizeCountry("Czechoslovakia")).toMatchObject({ match: true, code: "CSK" });
    // A name that a current country still uses is that country, not the historical code.
    expect(countryCode("Burma")).toBe("MMR");
  });

  it("an unknown name is a clear no-match with close suggestions, never a guess", () => {
    const result = normalizeCountry("Kazakstan Republik");
    expect(result.match).toBe(false);
    const typo = normalizeCountry("Kazakhtan");
    expect(typo).toMatchObject({ match: false, reason: "unknown" });
    if (typo.match) throw new Error("unreachable");
    expect(typo.suggestions.map((s) => s.code)).toContain("KAZ");
    expect(typo.message).toMatch(
      /No country is called 'Kazakhtan'. Did you mean .*Kazakhstan \(KAZ\)/,
    );
    const nothing = normalizeCountry("Atlantis Prime Zzz");
    expect(nothing).toMatchObject({ match: false, reason: "unknown", suggestions: [] });
  });

  it("a name that several countries share is ambiguous and lists them all", () => {
    const result = normalizeCountry("Congolese");
    expect(result).toMatchObject({ match: false, reason: "ambiguous" });
    if (result.match) throw new Error("unreachable");
    expect(result.suggestions.map((s) => s.code)).toEqual(["COD", "COG"]);
  });

  // Found in the real samples (HistoryAtState, GDELT, UN General Debate): short forms one data
  // package lacks, acronyms with dots, and gazetteer-style inversions.
  it.each([
    ["Turkey", "TUR"],
    ["Cape Verde", "CPV"],
    ["Holy See", "VAT"],
    ["Korea, South", "KOR"],
    ["U.S.S.R.", "SUN"],
    ["U.S.", "USA"],
  ])("knows the spelling %s as %s", (input, code) => {
    expect(countryCode(input)).toBe(code);
  });

  it("a name only history uses comes from the sourced alias table, not from a guess", () => {
    // Neither data package has "Soviet Union"; country-aliases.ts does, citing ISO 3166-3.
    expect(normalizeCountry("Soviet Union")).toMatchObject({
      match: true,
      code: "SUN",
      matchedOn: "alias",
    });
    // As a country label the Palestinian Authority names the territory it administers, which
    // ISO 3166-1 codes PS.
    expect(countryCode("Palestinian Authority")).toBe("PSE");
  });

  it("empty input and codes that are not assigned do not match", () => {
    expect(normalizeCountry("  ")).toMatchObject({ match: false, reason: "empty" });
    expect(countryCode("XX")).toBeUndefined();
    expect(countryCode("ZZZ")).toBeUndefined();
  });
});

describe("format and organization aliases", () => {
  const seed = parseDatasetJson(seedJsonText());

  it.each([
    "Central Asia + Russia",
    "Central Asia5 + Russia", // the seed article's spelling
    "C5+Russia",
    "central asia 5 and russia",
    "Russia + Central Asia",
    "CA5 & Russia",
  ])("'%s' is the Central Asia + Russia format", (name) => {
    const result = resolveFormat(seed, name);
    expect(result.match && result.record.id).toBe("format:central-asia-russia");
  });

  it("alias keys ignore case, spacing and order but keep the members", () => {
    expect(aliasKey("C5+Russia")).toBe("central asia+russia");
    expect(aliasKey("Central Asia + China")).not.toBe(aliasKey("Central Asia + Russia"));
  });

  it("a format the dataset lacks is a no-match with suggestions", () => {
    const result = resolveFormat(seed, "Central Asia + China");
    expect(result).toMatchObject({ match: false, reason: "unknown" });
    if (result.match) throw new Error("unreachable");
    expect(result.suggestions.map((format) => format.id)).toEqual(["format:central-asia-russia"]);
    // Countries, formats and organizations word a no-match the same way.
    expect(result.message).toBe(
      "No format is called 'Central Asia + China'. Did you mean format:central-asia-russia?",
    );
  });

  it("organizations resolve by acronym, name and alias", () => {
    const byAcronym = resolveOrganization(seed, "cis");
    expect(byAcronym.match && byAcronym.record.id).toBe("org:cis");
    const byAlias = resolveOrganization(
      seed,
      "Ministry of Foreign Affairs of the Russian Federation",
    );
    expect(byAlias.match && byAlias.record.id).toBe("org:russian-mfa");
    expect(resolveOrganization(seed, "NATO")).toMatchObject({ match: false, reason: "unknown" });
  });
});
