import { Readable } from "node:stream";
import { SCHEMA_VERSION } from "@parley/schema";
import { describe, expect, it } from "vitest";
import {
  ParleyDataset,
  parseDataset,
  parseDatasetJson,
  parseDatasetNdjson,
  readDatasetNdjson,
} from "../src/index";
import { ids, seedJsonText, seedNdjsonText } from "./seed-helpers";

// Expected answers below were worked out by reading examples/seed/seed.json (and the article
// it encodes), not by running the SDK: each is a fact of the seed.
const seed = parseDatasetJson(seedJsonText());

const LAVROV_QUOTES = [
  "quote:eu-drive-russia-out",
  "quote:bloc-failing",
  "quote:eu-restrain-russia",
  "quote:historically-present",
  "quote:historically-present-variant",
];

describe("loading the seed", () => {
  it("loads every record of the seed, valid, with no problem and no dangling reference", () => {
    expect(seed.problems).toEqual([]);
    expect(seed.records).toHaveLength(23);
    expect(seed.ofType("source")).toHaveLength(4);
    expect(seed.ofType("person")).toHaveLength(2);
    expect(seed.ofType("organization")).toHaveLength(8);
    expect(seed.ofType("format")).toHaveLength(1);
    expect(seed.ofType("event")).toHaveLength(3);
    expect(seed.ofType("quote")).toHaveLength(5);
    expect(seed.danglingReferences()).toEqual([]);
    expect(seed.metadata?.schemaVersion).toBe("1.2");
  });

  it("finds records by id, and by id and type", () => {
    expect(seed.get("org:cis")?.type).toBe("organization");
    expect(seed.getAs("person", "person:sergey-lavrov")?.names[0]?.value).toBe("Sergey Lavrov");
    // An id of another type is not returned as the asked type.
    expect(seed.getAs("event", "person:sergey-lavrov")).toBeUndefined();
    expect(seed.get("event:no-such-event")).toBeUndefined();
  });

  it("reads the NDJSON form to the same records and metadata as the JSON form", () => {
    const fromNdjson = parseDatasetNdjson(seedNdjsonText());
    expect(fromNdjson.problems).toEqual([]);
    expect(fromNdjson.records).toEqual(seed.records);
    const { $schema: _hint, ...metadata } = seed.metadata ?? {};
    expect(fromNdjson.metadata).toEqual(metadata);
  });

  it("reads NDJSON from a stream whose chunks split lines and UTF-8 characters anywhere", async () => {
    // 7-byte chunks cut through the curly quotes (3 bytes each in UTF-8) of the seed's text.
    const bytes = new TextEncoder().encode(seedNdjsonText());
    const chunks: Uint8Array[] = [];
    for (let at = 0; at < bytes.length; at += 7) chunks.push(bytes.slice(at, at + 7));
    const fromStream = await readDatasetNdjson(Readable.from(chunks));
    expect(fromStream.problems).toEqual([]);
    expect(fromStream.records).toEqual(seed.records);
  });

  it("reads NDJSON from an async iterable of lines and from a web ReadableStream", async () => {
    const lines = seedNdjsonText().split("\n");
    async function* each() {
      for (const line of lines) yield `${line}\n`;
    }
    expect((await readDatasetNdjson(each())).records).toEqual(seed.records);
    const web = new ReadableStream<string>({
      start(controller) {
        controller.enqueue(seedNdjsonText());
        controller.close();
      },
    });
    expect((await readDatasetNdjson(web)).records).toEqual(seed.records);
  });

  it("tells the two forms apart by their content", () => {
    expect(parseDataset(seedJsonText()).records).toHaveLength(23);
    expect(parseDataset(seedNdjsonText()).records).toHaveLength(23);
  });

  it("a broken JSON document is one syntax error with its line and column, not a heap of NDJSON problems", () => {
    // Line 6 of the seed is `"publisher": "Parley project",`; without its comma the document
    // breaks where the next member starts, line 7 column 3.
    const broken = seedJsonText().replace(
      '"publisher": "Parley project",',
      '"publisher": "Parley project"',
    );
    expect(() => parseDataset(broken)).toThrow(
      /^The dataset is not valid JSON at line 7, column 3: /,
    );
    expect(() => parseDatasetJson(broken)).toThrow(/at line 7, column 3/);
  });
});

describe("queries against the seed", () => {
  it("events by participant country: only the Moscow meeting has a participant for Kazakhstan", () => {
    // The Astana summit took place in Kazakhstan but the article names no participants of it.
    expect(ids(seed.eventsByParticipant({ country: "KAZ" }))).toEqual(["event:moscow-meeting"]);
    expect(ids(seed.eventsByParticipant({ country: "RUS" }))).toEqual([
      "event:moscow-meeting",
      "event:zarubin-interview",
    ]);
    expect(seed.eventsByParticipant({ country: "CHN" })).toEqual([]);
  });

  it("events by participant person and organization (an organization a participant represents counts)", () => {
    expect(ids(seed.eventsByParticipant({ person: "person:sergey-lavrov" }))).toEqual([
      "event:moscow-meeting",
      "event:zarubin-interview",
    ]);
    // In 1.2 the programme's presenter is the interview's host.
    expect(ids(seed.eventsByParticipant({ person: "person:pavel-zarubin" }))).toEqual([
      "event:zarubin-interview",
    ]);
    expect(ids(seed.eventsByParticipant({ organization: "org:russian-mfa" }))).toEqual([
      "event:moscow-meeting",
    ]);
  });

  it("events by format, with and without the kind of link", () => {
    expect(ids(seed.eventsByFormat("format:central-asia-russia"))).toEqual([
      "event:moscow-meeting",
      "event:astana-summit-2022",
    ]);
    expect(ids(seed.eventsByFormat("format:central-asia-russia", "held-in"))).toEqual([
      "event:astana-summit-2022",
    ]);
    expect(ids(seed.eventsByFormat("format:central-asia-russia", "discussed"))).toEqual([
      "event:moscow-meeting",
    ]);
  });

  it("events by organization: discussed, represented or participating", () => {
    expect(ids(seed.eventsByOrganization("org:cis"))).toEqual(["event:moscow-meeting"]);
    expect(ids(seed.eventsByOrganization("org:sco"))).toEqual(["event:moscow-meeting"]);
    expect(ids(seed.eventsByOrganization("org:european-union"))).toEqual([
      "event:zarubin-interview",
    ]);
    expect(ids(seed.eventsByOrganization("org:russian-mfa"))).toEqual(["event:moscow-meeting"]);
    // The Tajik ministry published a report but took part in no event.
    expect(seed.eventsByOrganization("org:tajik-mfa-information-department")).toEqual([]);
  });

  it("events by date range compare partial dates as spans", () => {
    expect(ids(seed.eventsInRange("2022-11"))).toEqual(["event:moscow-meeting"]);
    expect(ids(seed.eventsInRange("2022-11-17"))).toEqual(["event:moscow-meeting"]);
    expect(ids(seed.eventsInRange("2022"))).toEqual([
      "event:moscow-meeting",
      "event:astana-summit-2022",
    ]);
    expect(ids(seed.eventsInRange("2022-10-14", "2022-11-16"))).toEqual([
      "event:astana-summit-2022",
    ]);
    expect(seed.eventsInRange("2022-11-18", "2023")).toEqual([]);
    // The interview has no date (only its broadcast is dated), so no range finds it.
    expect(ids(seed.eventsInRange("1900", "2100"))).not.toContain("event:zarubin-interview");
  });

  it("quotes by speaker: all five quotes are Lavrov's", () => {
    expect(ids(seed.quotesBySpeaker("person:sergey-lavrov"))).toEqual(LAVROV_QUOTES);
    expect(seed.quotesBySpeaker("person:pavel-zarubin")).toEqual([]);
  });

  it("quotes by event: all five were said in the Zarubin interview, none at the meeting", () => {
    expect(ids(seed.quotesByEvent("event:zarubin-interview"))).toEqual(LAVROV_QUOTES);
    expect(seed.quotesByEvent("event:moscow-meeting")).toEqual([]);
  });

  it("the sources of the meeting and their chain of reporting", () => {
    const behind = seed.sourcesBehind("event:moscow-meeting");
    expect(ids(behind.sources)).toEqual([
      "source:seed-article",
      "source:russian-mfa-website",
      "source:tajik-mfa-report",
    ]);
    expect(
      behind.chain.map(({ from, to, relation, depth }) => ({ from, to, relation, depth })),
    ).toEqual([
      {
        from: "source:seed-article",
        to: "source:russian-mfa-website",
        relation: "cites",
        depth: 1,
      },
      { from: "source:seed-article", to: "source:tajik-mfa-report", relation: "cites", depth: 1 },
      { from: "source:seed-article", to: "source:moskva-kreml-putin", relation: "cites", depth: 1 },
      // "The Tajik Foreign Ministry's Information Department reported that same on November 18."
      {
        from: "source:tajik-mfa-report",
        to: "source:russian-mfa-website",
        relation: "corroborates",
        depth: 1,
      },
    ]);
    expect(behind.chain.every((step) => step.source?.id === step.to)).toBe(true);
  });

  it("the sources of other records, and the chain from one source", () => {
    expect(ids(seed.sourcesOf("quote:eu-restrain-russia"))).toEqual([
      "source:seed-article",
      "source:moskva-kreml-putin",
    ]);
    // Citations nested in a position count: Lavrov's title comes from the article.
    expect(ids(seed.sourcesOf("person:sergey-lavrov"))).toEqual(["source:seed-article"]);
    expect(seed.sourcesOf("org:cis")).toEqual([]);
    expect(
      seed
        .reportingChain("source:tajik-mfa-report")
        .map(({ from, to, relation, depth }) => [from, to, relation, depth]),
    ).toEqual([["source:tajik-mfa-report", "source:russian-mfa-website", "corroborates", 1]]);
  });

  it("quotes about the EU, and everything said about it (standard 1.2's `about`)", () => {
    const eu = { organization: "org:european-union" };
    // The four quotes about the EU's policy; the variant speaks of Russia's presence only.
    expect(ids(seed.quotesAbout(eu))).toEqual([
      "quote:eu-drive-russia-out",
      "quote:bloc-failing",
      "quote:eu-restrain-russia",
      "quote:historically-present",
    ]);
    expect(seed.quotesAbout({ organization: "org:cis" })).toEqual([]);
    // The EU is discussed at the interview, which is not the same as a statement about it.
    expect(seed.statementsAbout(eu).outcomes).toEqual([]);
    const dataset = parseDatasetJson(
      JSON.stringify({
        schemaVersion: "1.2",
        title: "Outcomes about",
        records: [
          {
            type: "event",
            id: "event:e1",
            kind: "meeting",
            outcomes: [
              { text: "They agreed.", kind: "agreement" },
              {
                text: "They condemned the sanctions.",
                kind: "stance",
                about: [{ country: "USA" }, eu],
              },
            ],
          },
        ],
      }),
    );
    const about = dataset.statementsAbout({ country: "USA" });
    expect(about.quotes).toEqual([]);
    expect(about.outcomes.map(({ event, index }) => [event.id, index])).toEqual([["event:e1", 1]]);
  });

  it("a chronological timeline of events, undated ones last", () => {
    expect(seed.timeline().map((entry) => entry.record.id)).toEqual([
      "event:astana-summit-2022",
      "event:moscow-meeting",
      "event:zarubin-interview",
    ]);
  });

  it("a timeline of events, quotes and sources orders by day, then input order", () => {
    expect(
      seed.timeline({ include: ["event", "quote", "source"] }).map((entry) => entry.record.id),
    ).toEqual([
      "event:astana-summit-2022", // 2022-10-14
      "source:moskva-kreml-putin", // 2022-11-12, the broadcast
      "event:moscow-meeting", // 2022-11-17
      "source:tajik-mfa-report", // 2022-11-18
      "source:seed-article", // undated
      "source:russian-mfa-website", // undated
      "event:zarubin-interview", // on or before 2022-11-12: no day, so with the undated
      ...LAVROV_QUOTES, // said in it: on or before 2022-11-12
    ]);
  });

  it("mentions: every record that points at an id, with the field", () => {
    expect(
      seed
        .mentionsOf("format:central-asia-russia")
        .map((mention) => `${mention.record.id} ${mention.path}`),
    ).toEqual([
      "event:moscow-meeting formats/0/format",
      "event:astana-summit-2022 formats/0/format",
    ]);
  });
});

describe("bad data is reported, never thrown midway, never dropped", () => {
  const document = JSON.parse(seedJsonText());
  const meeting = document.records.find(
    (record: { id: string }) => record.id === "event:moscow-meeting",
  );
  const broken = {
    ...document,
    records: [
      ...document.records.filter((record: { id: string }) => record.id !== "event:moscow-meeting"),
      {
        ...meeting,
        formats: [{ format: "format:no-such-format", link: "held-in" }],
        relations: [{ relation: "reviews-results-of", event: "person:sergey-lavrov" }],
      },
      { type: "event", id: "event:bad", kind: "banquet" },
    ],
  };
  const dataset = parseDatasetJson(broken);

  it("lists dangling references: missing targets and targets of the wrong type", () => {
    expect(dataset.danglingReferences()).toEqual([
      {
        recordId: "event:moscow-meeting",
        recordType: "event",
        path: "formats/0/format",
        id: "format:no-such-format",
        expected: "format",
        problem: "missing",
      },
      {
        recordId: "event:moscow-meeting",
        recordType: "event",
        path: "relations/0/event",
        id: "person:sergey-lavrov",
        expected: "event",
        problem: "wrong-type",
        actual: "person",
      },
    ]);
    // Queries still answer for the rest of the graph.
    expect(ids(dataset.eventsByParticipant({ country: "KAZ" }))).toEqual(["event:moscow-meeting"]);
  });

  it("keeps an invalid record (saved back as it came) and reports its problem with its index", () => {
    expect(dataset.get("event:bad")).toBeUndefined();
    expect(dataset.invalidRecords).toEqual([{ type: "event", id: "event:bad", kind: "banquet" }]);
    expect(dataset.problems).toHaveLength(1);
    expect(dataset.problems[0]).toMatchObject({
      index: 23,
      recordId: "event:bad",
      path: "kind",
      code: "invalid_value",
    });
    expect(dataset.toJSON().records).toEqual(broken.records);
  });

  it("reports an NDJSON line that is not JSON with its line number and text", () => {
    const text = `${seedNdjsonText()}{"type":"person","id":"person:x",\n`;
    const fromText = parseDatasetNdjson(text);
    expect(fromText.records).toHaveLength(23);
    expect(fromText.problems).toEqual([
      expect.objectContaining({
        line: 25,
        code: "invalid-json",
        raw: '{"type":"person","id":"person:x",',
      }),
    ]);
  });

  it("reports a header line that is not the first line, and duplicate ids", () => {
    const lines = seedNdjsonText().trimEnd().split("\n");
    const text = [...lines, lines[0], lines[1]].join("\n");
    const dataset = parseDatasetNdjson(text);
    expect(
      dataset.problems.map((problem) => [problem.line ?? problem.index, problem.code]),
    ).toEqual([
      [25, "misplaced-header"],
      [23, "duplicate-id"],
    ]);
  });
});

describe("datasets from records in memory", () => {
  it("fromRecords validates and indexes like a load", () => {
    const records = JSON.parse(seedJsonText()).records;
    const dataset = ParleyDataset.fromRecords(records, {
      schemaVersion: "1.0",
      title: "Seed copy",
    });
    expect(dataset.problems).toEqual([]);
    expect(ids(dataset.quotesByEvent("event:zarubin-interview"))).toHaveLength(5);
    expect(dataset.toJSON()).toEqual({ schemaVersion: "1.0", title: "Seed copy", records });
  });

  it("validate: false skips the schema but still refuses records it cannot index", () => {
    const dataset = ParleyDataset.fromRecords(
      [
        { type: "event", id: "event:loose", kind: "banquet" },
        { type: "treaty", id: "treaty:1" },
        { type: "person" },
      ],
      { schemaVersion: "1.0", title: "Loose" },
      { validate: false },
    );
    expect(ids(dataset.records)).toEqual(["event:loose"]);
    expect(dataset.problems.map((problem) => problem.code)).toEqual([
      "unknown-record-type",
      "missing-id",
    ]);
    expect(dataset.invalidRecords).toHaveLength(2);
  });
});

describe("saving", () => {
  it("round-trips the JSON document exactly, key order and extension fields included", () => {
    expect(seed.toJsonString()).toBe(seedJsonText());
  });

  it("round-trips the NDJSON form exactly", () => {
    expect(parseDatasetNdjson(seedNdjsonText()).toNdjson()).toBe(seedNdjsonText());
  });

  it("JSON to NDJSON gives the seed's NDJSON form", () => {
    expect(seed.toNdjson()).toBe(seedNdjsonText());
  });

  it("keeps third-party extension fields and unknown metadata", () => {
    const document = JSON.parse(seedJsonText());
    document.extensions = { "acme:batch": 7 };
    document.records[0].extensions = { ...document.records[0].extensions, "gdelt:NumMentions": 12 };
    const reloaded = parseDatasetJson(parseDatasetJson(document).toJsonString());
    expect(reloaded.toJSON()).toEqual(document);
    const viaNdjson = parseDatasetNdjson(parseDatasetJson(document).toNdjson());
    expect(viaNdjson.get(document.records[0].id)?.extensions).toEqual({
      "parley:note": document.records[0].extensions["parley:note"],
      "gdelt:NumMentions": 12,
    });
    expect(viaNdjson.metadata?.extensions).toEqual({ "acme:batch": 7 });
  });

  it("an NDJSON dataset without a header needs a title to become a JSON document", () => {
    const headerless = seedNdjsonText().split("\n").slice(1).join("\n");
    const dataset = parseDatasetNdjson(headerless);
    expect(() => dataset.toJSON()).toThrow(/no title/);
    expect(dataset.toJSON({ title: "Seed" })).toMatchObject({
      schemaVersion: SCHEMA_VERSION,
      title: "Seed",
    });
  });
});
