import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  type Citation,
  Dataset,
  type Event,
  migrateDatasetDocument,
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
    expect(get<Quote>("quote:historically-present-variant").rendering).toMatchObject({
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
    expect(tajik.reports?.map((r) => [r.source, r.relation])).toEqual([
      ["source:russian-mfa-website", "corroborates"],
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

  type Citation = z.infer<typeof Citation>;

  describe("in 1.2", () => {
    const quotes = records.filter((r): r is Quote => r.type === "quote");
    const citationsOf = (value: unknown): Citation[] => {
      const out: Citation[] = [];
      JSON.stringify(value, (key, v) => {
        if (key === "citations") out.push(...(v as Citation[]));
        return v;
      });
      return out;
    };

    it("is a 1.2 dataset", () => {
      expect(document.schemaVersion).toBe("1.2");
      expect(SCHEMA_VERSION).toBe("1.2");
    });

    it("cites everything through the article: other sources only `via` it", () => {
      const all = citationsOf(records);
      expect(all.length).toBeGreaterThan(20);
      for (const citation of all) {
        if (citation.source === "source:seed-article") expect(citation.via).toBeUndefined();
        else expect(citation.via, JSON.stringify(citation)).toBe("source:seed-article");
        // The locator is the article's: no "as quoted in the article" workaround any more.
        expect(citation.locator ?? "").not.toContain("as quoted");
      }
    });

    it("marks 'reportedly' as the article's hedge, and only there", () => {
      const hedged = citationsOf(records).filter((c) => c.hedge !== undefined);
      expect(hedged).toHaveLength(1);
      expect(hedged[0]).toMatchObject({
        hedge: "reportedly",
        source: "source:russian-mfa-website",
      });
      expect(hedged[0]?.excerpt).toContain("reportedly");
    });

    it("names the EU as what the four quotes about its policy are about", () => {
      const aboutEu = quotes
        .filter((q) =>
          q.about?.some((a) => "organization" in a && a.organization === "org:european-union"),
        )
        .map((q) => q.id)
        .sort();
      expect(aboutEu).toEqual([
        "quote:bloc-failing",
        "quote:eu-drive-russia-out",
        "quote:eu-restrain-russia",
        "quote:historically-present",
      ]);
    });

    it("dates the quotes and the interview by the broadcast as a bound, never as the day said", () => {
      for (const quote of [...quotes, get<Event>("event:zarubin-interview")]) {
        expect("saidOn" in quote, quote.id).toBe(false);
        expect(quote.notAfter).toMatchObject({ value: "2022-11-12", inferred: ["year"] });
      }
    });

    it("records the quotes' original language as inferred, with its basis", () => {
      for (const quote of quotes) {
        expect(quote.originalLang).toBe("ru");
        expect(quote.originalLangBasis).toMatch(/Not stated/);
      }
    });

    it("makes the presenter the interview's host, an inference marked as such", () => {
      const interview = get<Event>("event:zarubin-interview");
      expect(interview.participants?.[0]).toMatchObject({
        person: "person:pavel-zarubin",
        side: "host",
        citations: [{ excerpt: "Pavel Zarubin’s program", certainty: "inferred" }],
      });
      expect(get<Source>("source:moskva-kreml-putin").contributors).toEqual([
        { person: "person:pavel-zarubin", role: "presenter" },
      ]);
    });

    it("cites every link: what the article states as reported, what the editor matched as inferred", () => {
      for (const quote of quotes.filter((q) => q.rendering))
        expect(quote.rendering?.citations?.map((c) => c.certainty)).toEqual(["inferred"]);
      const links = records.flatMap((r) => (r.type === "source" ? (r.reports ?? []) : []));
      expect(links.map((l) => l.citations?.[0]?.certainty)).toEqual([
        "reported",
        "reported",
        "reported",
        "inferred",
      ]);
    });
  });
});

/**
 * The seed as 1.0 encoded it stays in the repository, byte for byte, as the example of a dataset
 * pinned to an old version: it must keep validating against 1.0's frozen schemas, migrate to the
 * latest version, and say nothing that the 1.2 seed does not also say.
 */
describe("the 1.0 seed (compatibility fixture)", () => {
  const bytes = readFileSync(join(seedDir, "seed-1.0.json"));
  const old = JSON.parse(bytes.toString("utf8")) as {
    schemaVersion: string;
    records: Record<string, unknown>[];
  };

  it("is unchanged", () => {
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(
      "43a084f0437e2b5eeb624c9e29c96b08b7977be9eba0e1db9c2e4dc67a9adabf",
    );
    const ndjson = readNdjson(join(seedDir, "seed-1.0.ndjson"));
    expect(ndjson.slice(1)).toEqual(old.records);
  });

  it("is valid against 1.0's frozen JSON Schema and migrates to a valid latest dataset", () => {
    expect(old.schemaVersion).toBe("1.0");
    const validate = strictAjv("1.0").getSchema(schemaId("1.0", "dataset"));
    expect(validate?.(old), JSON.stringify(validate?.errors)).toBe(true);
    const migrated = migrateDatasetDocument(old, SCHEMA_VERSION);
    expect(Dataset.safeParse(migrated.document).error?.issues ?? []).toEqual([]);
  });

  it("says nothing the 1.2 seed does not say (the 1.2 changes undone)", () => {
    // The three places where 1.2 says the same thing differently: saidOn (a claimed day) became
    // the bound notAfter; "as quoted in the article, " left the locator for `via`; the note on
    // the undated interview became the event's notAfter and its basis.
    const undo = (record: Record<string, unknown>): unknown =>
      JSON.parse(JSON.stringify(record), (key, value) => {
        if (key === "locator" && typeof value === "string")
          return value.replace("as quoted in the article, ", "");
        if (key === "saidOn" || key === "extensions") return undefined;
        return value;
      });
    const current = new Map(records.map((r) => [r.id, r as unknown]));
    expect([...current.keys()].sort()).toEqual(old.records.map((r) => r.id as string).sort());
    for (const record of old.records) {
      const mine = current.get(record.id as string);
      expect(containedIn(undo(record), mine), record.id as string).toBe(true);
    }
  });
});

/** Every value of `part` is in `whole`; array items may have gained fields and neighbours. */
function containedIn(part: unknown, whole: unknown): boolean {
  if (Array.isArray(part)) {
    return (
      Array.isArray(whole) && part.every((item) => whole.some((other) => containedIn(item, other)))
    );
  }
  if (part !== null && typeof part === "object") {
    if (whole === null || typeof whole !== "object" || Array.isArray(whole)) return false;
    return Object.entries(part).every(([key, value]) =>
      containedIn(value, (whole as Record<string, unknown>)[key]),
    );
  }
  return part === whole;
}
