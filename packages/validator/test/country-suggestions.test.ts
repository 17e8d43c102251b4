import { describe, expect, it } from "vitest";
import { validate } from "../src/index";

/**
 * A country field holding a name or a near-miss code gets the code meant, from the SDK's
 * country reconciler — the same one importers use — and never a guess.
 */
async function suggestionFor(country: string): Promise<[string, string | undefined]> {
  const record = { type: "event", id: "e:1", kind: "meeting", location: { name: "X", country } };
  const { findings } = await validate(JSON.stringify([record]), { file: "a.json" });
  expect(findings).toHaveLength(1);
  const [finding] = findings;
  return [finding?.ruleId as string, finding?.suggestion];
}

describe("country suggestions", () => {
  it("names and abbreviations get the code they name", async () => {
    expect(await suggestionFor("Brazil")).toEqual(["schema-pattern", "BRA"]);
    expect(await suggestionFor("U.K.")).toEqual(["schema-pattern", "GBR"]);
    expect(await suggestionFor("Soviet Union")).toEqual(["schema-pattern", "SUN"]);
    expect(await suggestionFor("bra")).toEqual(["schema-pattern", "BRA"]);
  });

  it("a name a typo away gets its code; an ambiguous name gets none", async () => {
    expect(await suggestionFor("Brazl")).toEqual(["schema-pattern", "BRA"]);
    // "Korea" is two states: suggesting either would be a guess.
    expect(await suggestionFor("Korea")).toEqual(["schema-pattern", undefined]);
  });

  it("an unknown code gets the one code a letter away, and none when several are", async () => {
    expect(await suggestionFor("KAX")).toEqual(["country-code-unknown", "KAZ"]);
    expect(await suggestionFor("BRZ")).toEqual(["country-code-unknown", undefined]);
  });
});
