import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DatasetStatsCollector, datasetStats, ParleyDataset, parseDataset } from "../src/index";

const seedText = readFileSync(
  new URL("../../../examples/seed/seed-1.0.json", import.meta.url),
  "utf8",
);
const seed = parseDataset(seedText);
const seedNdjson = readFileSync(
  new URL("../../../examples/seed/seed-1.0.ndjson", import.meta.url),
  "utf8",
);

describe("dataset.stats() on the seed", () => {
  // Figures counted by hand from the 1.0 encoding of the seed (examples/seed/seed-1.0.*, kept
  // byte for byte), where the article reports the ministries' texts through reporting links.
  const stats = seed.stats();

  it("counts records by type", () => {
    expect(stats.records).toEqual({
      total: 23,
      byType: { event: 3, person: 2, organization: 8, format: 1, quote: 5, source: 4, post: 0 },
      unknownType: 0,
    });
  });

  it("counts events by kind, year and participating country", () => {
    expect(stats.events.byKind).toEqual([
      { key: "interview", count: 1 },
      { key: "meeting", count: 1 },
      { key: "summit", count: 1 },
    ]);
    // The Moscow meeting and the interview are dated 2022; the article does not date the summit.
    expect(stats.events.byYear).toEqual([
      { key: "2022", count: 2 },
      { key: "(undated)", count: 1 },
    ]);
    // Lavrov represents Russia at the meeting and in the interview; each ambassador their country.
    expect(stats.events.byCountry[0]).toEqual({ key: "RUS", count: 2 });
    expect(stats.events.byCountry.map((c) => c.key).sort()).toEqual([
      "KAZ",
      "KGZ",
      "RUS",
      "TJK",
      "TKM",
      "UZB",
    ]);
  });

  it("says how precise the dates are and how many parts were inferred", () => {
    // The article prints 'November 17' without a year: the meeting's year is inferred.
    expect(stats.events.dates).toMatchObject({
      dated: 2,
      undated: 1,
      inferred: 1,
      byPrecision: { day: 2, month: 0, year: 0 },
    });
  });

  it("counts the unresolved participants: the five ambassadors are not named", () => {
    expect(stats.participants).toEqual({
      total: 7,
      persons: 2,
      organizations: 0,
      unresolved: 5,
      eventsWithUnresolved: 1,
    });
    expect(stats.top.persons[0]).toEqual({
      id: "person:sergey-lavrov",
      name: "Sergey Lavrov",
      count: 2,
    });
    expect(stats.quotes.topSpeakers[0]?.count).toBe(5);
  });

  it("follows the reporting chain: article -> Tajik ministry report -> Russian ministry site", () => {
    expect(stats.sources.reporting).toMatchObject({
      sourcesReporting: 2,
      links: 4,
      longestChain: 2,
    });
    const deepest = Math.max(...seed.reportingChain("source:seed-article").map((s) => s.depth));
    expect(stats.sources.reporting.longestChain).toBe(deepest);
  });

  it("gives field fill rates per record type", () => {
    const persons = stats.fields.person;
    expect(persons.find((f) => f.field === "names")).toEqual({
      field: "names",
      filled: 2,
      rate: 1,
    });
    expect(persons.find((f) => f.field === "positions")?.rate).toBe(0.5);
  });

  it("is the same counted a line at a time from NDJSON, as `parley stats` streams it", () => {
    const collector = new DatasetStatsCollector();
    for (const line of seedNdjson.split("\n")) {
      if (line.trim() === "") continue;
      const value = JSON.parse(line);
      if (value.type !== "dataset") collector.add(value);
    }
    expect(collector.finish()).toEqual(stats);
  });
});

describe("stats on records that are not what they should be", () => {
  it("counts a malformed or unknown record without throwing", () => {
    const stats = datasetStats([
      null,
      { type: "treaty", id: "t1" },
      { type: "event", id: "e1", participants: "not a list", date: { value: "2022-02-30" } },
    ]);
    expect(stats.records.total).toBe(3);
    expect(stats.records.unknownType).toBe(2);
    // An impossible date is no date.
    expect(stats.events.dates.undated).toBe(1);
  });

  it("ends a reporting cycle instead of following it forever", () => {
    const stats = datasetStats([
      { type: "source", id: "a", reports: [{ source: "b", relation: "cites" }] },
      { type: "source", id: "b", reports: [{ source: "a", relation: "cites" }] },
    ]);
    expect(stats.sources.reporting.longestChain).toBe(2);
  });
});

describe("queries users asked for", () => {
  it("eventsByLocation: by place name (any case, accents), country or GeoNames id", () => {
    expect(seed.eventsByLocation({ name: "moscow" }).map((e) => e.id)).toEqual([
      "event:moscow-meeting",
    ]);
    expect(seed.eventsByLocation({ country: "kaz" }).map((e) => e.id)).toEqual(
      seed
        .ofType("event")
        .filter((e) => e.location?.country === "KAZ")
        .map((e) => e.id),
    );
    expect(seed.eventsByLocation({ country: "RUS", name: "Astana" })).toEqual([]);
    expect(seed.eventsByLocation({})).toEqual([]);
  });

  it("eventsBySource: events citing a source in their own citations or their parts'", () => {
    const dataset = ParleyDataset.fromRecords([
      { type: "source", id: "s1", kind: "article" },
      {
        type: "event",
        id: "e1",
        kind: "meeting",
        citations: [{ source: "s1", certainty: "reported" }],
      },
      {
        type: "event",
        id: "e2",
        kind: "call",
        participants: [
          { unresolved: { name: "X" }, citations: [{ source: "s1", certainty: "reported" }] },
        ],
      },
      { type: "event", id: "e3", kind: "call" },
    ]);
    expect(dataset.problems).toEqual([]);
    expect(dataset.eventsBySource("s1").map((e) => e.id)).toEqual(["e1", "e2"]);
    expect(dataset.recordsBySource("s1").map((r) => r.id)).toEqual(["e1", "e2"]);
  });
});
