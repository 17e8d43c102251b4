import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ExplorerData } from "../../src/data";

const seedText = readFileSync(
  new URL("../../../../examples/seed/seed.json", import.meta.url),
  "utf8",
);
const seed = ExplorerData.fromText(seedText, "bundled seed");
const titles = (events: { title?: string; id: string }[]) => events.map((e) => e.id);

describe("ExplorerData on the seed", () => {
  it("loads the document's metadata and all 23 records without problems", () => {
    expect(seed.info).toMatchObject({ schemaVersion: "1.2", origin: "bundled seed" });
    expect(seed.info.title).toMatch(/^Parley seed/);
    expect(seed.records).toHaveLength(23);
    expect(seed.problems).toEqual([]);
  });

  it("combines filters as the intersection of the SDK's queries, in timeline order", () => {
    expect(titles(seed.eventsWhere({}))).toEqual([
      "event:astana-summit-2022",
      "event:moscow-meeting",
      "event:zarubin-interview",
    ]);
    expect(titles(seed.eventsWhere({ country: "KAZ" }))).toEqual(["event:moscow-meeting"]);
    expect(titles(seed.eventsWhere({ person: "person:sergey-lavrov" }))).toEqual([
      "event:moscow-meeting",
      "event:zarubin-interview",
    ]);
    expect(titles(seed.eventsWhere({ format: "format:central-asia-russia" }))).toEqual([
      "event:astana-summit-2022",
      "event:moscow-meeting",
    ]);
    // A month range overlaps the day-precision meeting inside it; an undated event never matches a range.
    expect(
      titles(seed.eventsWhere({ format: "format:central-asia-russia", from: "2022-11" })),
    ).toEqual(["event:moscow-meeting"]);
    expect(titles(seed.eventsWhere({ person: "person:sergey-lavrov", from: "2022" }))).toEqual([
      "event:moscow-meeting",
    ]);
    expect(titles(seed.eventsWhere({ organization: "org:sco" }))).toEqual(["event:moscow-meeting"]);
    expect(titles(seed.eventsWhere({ text: "astana" }))).toEqual(["event:astana-summit-2022"]);
    expect(seed.eventsWhere({ country: "KAZ", organization: "org:european-union" })).toEqual([]);
  });

  it("turns the SDK's reporting chain into a tree under the article", () => {
    const tree = seed.reportingChain("source:seed-article");
    const flat = (links: ReturnType<typeof seed.reportingChain>, depth = 0): string[] =>
      links.flatMap((l) => [
        `${"  ".repeat(depth)}${l.relation} ${l.sourceId}`,
        ...flat(l.chain, depth + 1),
      ]);
    expect(flat(tree)).toEqual([
      "cites source:russian-mfa-website",
      "cites source:tajik-mfa-report",
      "  corroborates source:russian-mfa-website",
      "cites source:moskva-kreml-putin",
    ]);
  });

  it("labels records for people, with a readable name for untitled sources", () => {
    expect(seed.label("person:sergey-lavrov")).toBe("Sergey Lavrov");
    expect(seed.label("org:cis")).toBe("CIS");
    expect(seed.label("source:russian-mfa-website")).toBe(
      "Russian Foreign Ministry: ministry website",
    );
    expect(seed.label("source:moskva-kreml-putin")).toBe("Moskva, Kreml, Putin");
    expect(seed.label("person:nobody")).toBe("person:nobody");
    expect(seed.countryName("KAZ")).toBe("Kazakhstan");
    expect(seed.countryName("XXX")).toBe("XXX");
  });

  it("lists the countries participants represent and who has quotes", () => {
    expect(seed.countries()).toEqual(["KAZ", "KGZ", "RUS", "TJK", "TKM", "UZB"]);
    expect(seed.speakers()).toEqual(["person:sergey-lavrov"]);
    expect(seed.referrers("event:astana-summit-2022")).toEqual(["event:moscow-meeting"]);
  });
});

describe("ExplorerData.fromText", () => {
  it("reads NDJSON with a header line, and reports a bad line instead of dropping it silently", () => {
    const data = ExplorerData.fromText(
      [
        '{"type":"dataset","schemaVersion":"1.0","title":"Two lines"}',
        '{"type":"person","id":"person:a","names":[{"value":"A"}]}',
        '{"type":"person","id":"person:b"',
      ].join("\n"),
      "two.ndjson",
    );
    expect(data.info.title).toBe("Two lines");
    expect(data.records.map((r) => r.id)).toEqual(["person:a"]);
    expect(data.problems.length).toBeGreaterThan(0);
    expect(data.problems[0]).toMatchObject({ line: 3 });
  });
});
