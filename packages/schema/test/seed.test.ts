import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  Dataset,
  type Event,
  NdjsonLine,
  type ParleyRecord,
  type Quote,
  SCHEMA_VERSION,
  type Source,
  schemaId,
} from "../src/index";
import { readJson, readNdjson, repoRoot, strictAjv } from "./helpers";

/**
 * The seed is the founding example: one article, encoded completely and without invention.
 * These tests pin the facts of the article, not merely that the file parses.
 */
const seedDir = join(repoRoot, "examples", "seed");
const article = readFileSync(join(seedDir, "article.txt"), "utf8");
const document = readJson(join(seedDir, "seed.json")) as { records: ParleyRecord[] } & Record<
  string,
  unknown
>;
const records = document.records;
const byId = new Map(records.map((r) => [r.id, r]));
const get = <T extends ParleyRecord>(id: string) => byId.get(id) as T;
const meeting = get<Event>("event:moscow-meeting");

/** The article uses typographic apostrophes and quotes; compare on normalised text. */
const normalise = (text: string) => text.replace(/[’‘]/g, "'").replace(/\s+/g, " ");
const inArticle = (text: string) => normalise(article).includes(normalise(text));

describe("the seed dataset", () => {
  it("is valid in zod and in JSON Schema, as one document and as NDJSON", () => {
    expect(Dataset.safeParse(document).error?.issues ?? []).toEqual([]);
    const ajv = strictAjv(SCHEMA_VERSION);
    const validateDocument = ajv.getSchema(schemaId(SCHEMA_VERSION, "dataset"));
    expect(validateDocument?.(document), JSON.stringify(validateDocument?.errors)).toBe(true);
    const lines = readNdjson(join(seedDir, "seed.ndjson"));
    for (const line of lines) expect(NdjsonLine.safeParse(line).success).toBe(true);
  });

  it("says the same in both forms (seed.ndjson is derived by scripts/seed-ndjson.mjs)", () => {
    const [header, ...lineRecords] = readNdjson(join(seedDir, "seed.ndjson")) as Record<
      string,
      unknown
    >[];
    const { $schema, records: documentRecords, ...metadata } = document;
    expect(header).toEqual({ type: "dataset", ...metadata });
    expect(lineRecords).toEqual(documentRecords);
  });

  it("has the three events: the Moscow meeting, the Astana summit it reviewed, the interview", () => {
    const events = records.filter((r): r is Event => r.type === "event");
    expect(events.map((e) => [e.id, e.kind]).sort()).toEqual([
      ["event:astana-summit-2022", "summit"],
      ["event:moscow-meeting", "meeting"],
      ["event:zarubin-interview", "interview"],
    ]);
    expect(meeting.relations).toEqual([
      { relation: "reviews-results-of", event: "event:astana-summit-2022" },
    ]);
  });

  it("dates the meeting November 17 with the year marked inferred, and the summit as printed", () => {
    expect(meeting.date).toMatchObject({ value: "2022-11-17", inferred: ["year"] });
    const summit = get<Event>("event:astana-summit-2022");
    expect(summit.date).toEqual({ value: "2022-10-14" });
    expect(summit.ordinal).toBe(1);
    expect(summit.location).toEqual({ name: "Astana", country: "KAZ" });
    // The interview is dated only by its broadcast, so the event itself carries no date.
    expect(get<Event>("event:zarubin-interview").date).toBeUndefined();
  });

  it("lists Lavrov as host and five unnamed ambassadors, one per Central Asian nation", () => {
    const participants = meeting.participants ?? [];
    expect(participants).toHaveLength(6);
    expect(participants[0]).toMatchObject({ person: "person:sergey-lavrov", side: "host" });
    const ambassadors = participants.filter((p) => "unresolved" in p);
    expect(ambassadors).toHaveLength(5);
    expect(
      ambassadors.map((p) => p.represents && "country" in p.represents && p.represents.country),
    ).toEqual(["KAZ", "KGZ", "TJK", "TKM", "UZB"]);
    for (const ambassador of ambassadors) {
      expect(ambassador).toMatchObject({ side: "guest", role: "Ambassador to Russia" });
      // The article does not name them, so no unresolved participant may carry a name.
      expect("unresolved" in ambassador && "name" in ambassador.unresolved).toBe(false);
    }
  });

  it("names the four organizations and the format with its alias and members", () => {
    const acronyms = (meeting.organizations ?? []).map(
      (id) => (byId.get(id) as { acronym?: string }).acronym,
    );
    expect(acronyms).toEqual(["CIS", "EAEU", "CSTO", "SCO"]);
    const format = get<ParleyRecord & { type: "format" }>("format:central-asia-russia");
    expect(format.name).toBe("Central Asia + Russia");
    expect(format.aliases?.map((a) => a.value)).toEqual(["Central Asia5 + Russia"]);
    expect(format.members?.map((m) => ("country" in m ? m.country : m.organization))).toEqual([
      "RUS",
      "KAZ",
      "KGZ",
      "TJK",
      "TKM",
      "UZB",
    ]);
    expect(meeting.formats).toEqual([{ format: format.id, link: "discussed" }]);
  });

  it("keeps the editorial insertion, the variant and the paraphrases as such", () => {
    const quotes = records.filter((r): r is Quote => r.type === "quote");
    expect(quotes.map((q) => q.kind).sort()).toEqual([
      "direct",
      "direct",
      "direct",
      "paraphrase",
      "paraphrase",
    ]);
    const restrain = get<Quote>("quote:eu-restrain-russia");
    expect(restrain.insertions).toEqual([{ text: "[Russia]" }]);
    expect(restrain.text).toContain("[Russia]");
    expect(get<Quote>("quote:historically-present-variant").rendering).toEqual({
      of: "quote:historically-present",
      kind: "variant",
    });
    for (const quote of quotes) {
      expect(quote.speaker).toEqual({ person: "person:sergey-lavrov" });
      expect(quote.saidAt).toBe("event:zarubin-interview");
    }
  });

  it("records the reporting chain: the article cites the Russian MFA; the Tajik MFA corroborates a day later", () => {
    const articleSource = get<Source>("source:seed-article");
    expect(articleSource.reports?.map((r) => [r.source, r.relation])).toEqual([
      ["source:russian-mfa-website", "cites"],
      ["source:tajik-mfa-report", "cites"],
      ["source:moskva-kreml-putin", "cites"],
    ]);
    const tajik = get<Source>("source:tajik-mfa-report");
    expect(tajik.reports).toEqual([
      { source: "source:russian-mfa-website", relation: "corroborates" },
    ]);
    expect(tajik.published).toMatchObject({ value: "2022-11-18", inferred: ["year"] });
    expect(get<Source>("source:moskva-kreml-putin")).toMatchObject({
      kind: "broadcast",
      title: "Moskva, Kreml, Putin",
    });
  });

  it("invents nothing: every quote and every excerpt stands verbatim in the article", () => {
    const quotes = records.filter((r): r is Quote => r.type === "quote");
    for (const quote of quotes) expect(inArticle(quote.text), quote.id).toBe(true);
    const excerpts: string[] = [];
    JSON.stringify(document, (key, value) => {
      if (key === "excerpt") excerpts.push(value);
      return value;
    });
    expect(excerpts.length).toBeGreaterThan(10);
    for (const excerpt of excerpts) {
      // An ellipsis joins two verbatim passages.
      for (const part of excerpt.split(" … ")) expect(inArticle(part), part).toBe(true);
    }
  });

  it("marks as inferred every date whose year the article does not print", () => {
    const dates: { value: string; inferred?: string[] }[] = [];
    JSON.stringify(document, (_key, value) => {
      if (
        value &&
        typeof value === "object" &&
        typeof value.value === "string" &&
        /^\d{4}-/.test(value.value)
      ) {
        dates.push(value);
      }
      return value;
    });
    // Only one year is printed in the article: the summit's.
    const printedYear = dates.filter((d) => !d.inferred);
    expect(printedYear.map((d) => d.value)).toEqual(["2022-10-14"]);
    for (const date of dates.filter((d) => d.inferred)) expect(date.inferred).toEqual(["year"]);
  });
});
