import jsonld from "jsonld";
import { describe, expect, it } from "vitest";
import { parseDatasetJson, toJsonLd } from "../src/index";
import { seedJsonText } from "./seed-helpers";

const S = "https://schema.org/";
const seed = parseDatasetJson(seedJsonText());
const document = toJsonLd(seed);

/** Any document request fails the test: the export's context is inline and tests have no network. */
const offlineLoader = async (url: string): Promise<never> => {
  throw new Error(`JSON-LD processing tried to load ${url}; the export must be self-contained`);
};

type Expanded = Array<Record<string, unknown>>;

async function expandSeed(): Promise<Expanded> {
  // safe mode makes jsonld fail on anything it would drop (unmapped terms, invalid values).
  const expand = jsonld.expand as (input: unknown, options: unknown) => Promise<unknown>;
  return (await expand(document, { documentLoader: offlineLoader, safe: true })) as Expanded;
}

function node(expanded: Expanded, id: string): Record<string, unknown> {
  const found = expanded.find((entry) => entry["@id"] === `urn:parley:${id}`);
  if (!found) throw new Error(`no node ${id}`);
  return found;
}

function ids(values: unknown): string[] {
  return (values as Array<{ "@id": string }>).map((value) => value["@id"]);
}

describe("schema.org JSON-LD export", () => {
  it("expands with the jsonld processor, offline and in safe mode, one node per record", async () => {
    const expanded = await expandSeed();
    expect(expanded).toHaveLength(23);
  });

  it("exports the meeting as an Event with attendees, place, date and the sources it is based on", async () => {
    const meeting = node(await expandSeed(), "event:moscow-meeting");
    expect(meeting["@type"]).toEqual([`${S}Event`]);
    expect(meeting[`${S}startDate`]).toEqual([{ "@value": "2022-11-17" }]);
    expect(meeting[`${S}additionalType`]).toEqual([
      { "@id": "https://parley.dev/schema/1.0#meeting" },
    ]);
    const attendees = meeting[`${S}attendee`] as Array<Record<string, unknown>>;
    // Lavrov by reference, then the five ambassadors the article does not name.
    expect(attendees).toHaveLength(6);
    expect(attendees[0]).toEqual({ "@id": "urn:parley:person:sergey-lavrov" });
    expect(attendees[1]?.[`${S}description`]).toEqual([
      { "@value": "the ambassador of Kazakhstan to Russia" },
    ]);
    expect(ids(meeting[`${S}organizer`])).toEqual(["urn:parley:person:sergey-lavrov"]);
    expect(ids(meeting[`${S}subjectOf`])).toEqual([
      "urn:parley:source:seed-article",
      "urn:parley:source:russian-mfa-website",
      "urn:parley:source:tajik-mfa-report",
    ]);
    expect(ids(meeting[`${S}about`])).toContain("urn:parley:format:central-asia-russia");
    const place = (meeting[`${S}location`] as Array<Record<string, unknown>>)[0];
    expect(place?.[`${S}name`]).toEqual([{ "@value": "Moscow" }]);
  });

  it("exports quotes as Quotations by their speaker, at the interview, citing their sources", async () => {
    const expanded = await expandSeed();
    const quotations = expanded.filter((entry) =>
      (entry["@type"] as string[]).includes(`${S}Quotation`),
    );
    expect(quotations).toHaveLength(5);
    const quote = node(expanded, "quote:eu-restrain-russia");
    expect(ids(quote[`${S}creator`])).toEqual(["urn:parley:person:sergey-lavrov"]);
    expect(ids(quote[`${S}recordedAt`])).toEqual(["urn:parley:event:zarubin-interview"]);
    expect(ids(quote[`${S}citation`])).toEqual([
      "urn:parley:source:seed-article",
      "urn:parley:source:moskva-kreml-putin",
    ]);
    expect(quote[`${S}text`]).toEqual([
      {
        "@value":
          "The European Union isn’t hiding its intentions to restrain [Russia] in every possible way and push it out of Central Asia and the South Caucasus",
        "@language": "en",
      },
    ]);
    const variant = node(expanded, "quote:historically-present-variant");
    expect(ids(variant[`${S}isBasedOn`])).toEqual(["urn:parley:quote:historically-present"]);
  });

  it("exports the chain of reporting between sources", async () => {
    const expanded = await expandSeed();
    const tajik = node(expanded, "source:tajik-mfa-report");
    expect(ids(tajik[`${S}citation`])).toEqual([
      "urn:parley:source:russian-mfa-website",
      "urn:parley:source:seed-article",
    ]);
    expect(ids(tajik[`${S}publisher`])).toEqual([
      "urn:parley:org:tajik-mfa-information-department",
    ]);
    expect(node(expanded, "source:seed-article")["@type"]).toEqual([`${S}NewsArticle`]);
  });

  it("says what a quote is about (schema:about) and how relayed claims travelled (PROV)", async () => {
    const PROV = "http://www.w3.org/ns/prov#";
    const expanded = await expandSeed();
    const quote = node(expanded, "quote:eu-restrain-russia");
    expect(ids(quote[`${S}about`])).toEqual(["urn:parley:org:european-union"]);
    // The broadcast is cited via the article: the broadcast is the primary source, the article
    // what the statement was derived from.
    expect(ids(quote[`${PROV}hadPrimarySource`])).toEqual(["urn:parley:source:moskva-kreml-putin"]);
    expect(ids(quote[`${PROV}wasDerivedFrom`])).toEqual(["urn:parley:source:seed-article"]);
    const meeting = node(expanded, "event:moscow-meeting");
    expect(ids(meeting[`${PROV}hadPrimarySource`])).toEqual([
      "urn:parley:source:russian-mfa-website",
      "urn:parley:source:tajik-mfa-report",
    ]);
    const article = node(expanded, "source:seed-article");
    expect(ids(article[`${PROV}wasQuotedFrom`])).toEqual([
      "urn:parley:source:russian-mfa-website",
      "urn:parley:source:tajik-mfa-report",
      "urn:parley:source:moskva-kreml-putin",
    ]);
  });

  it("exports posts as org:Post, who coded a record as prov:wasAttributedTo, and when", async () => {
    const PROV = "http://www.w3.org/ns/prov#";
    const ORG = "http://www.w3.org/ns/org#";
    const dataset = parseDatasetJson(
      JSON.stringify({
        schemaVersion: "1.2",
        title: "Posts and coding",
        records: [
          {
            type: "post",
            id: "post:kaz-ambassador-russia",
            label: "Ambassador of Kazakhstan to Russia",
            role: "Ambassador",
            country: "KAZ",
          },
          {
            type: "quote",
            id: "quote:q1",
            text: "We value this format.",
            lang: "en",
            kind: "direct",
            speaker: { post: "post:kaz-ambassador-russia" },
            coding: { method: "manual", coder: { name: "Parus Analytics" }, date: "2016-12-12" },
          },
        ],
      }),
    );
    const expand = jsonld.expand as (input: unknown, options: unknown) => Promise<unknown>;
    const expanded = (await expand(toJsonLd(dataset), {
      documentLoader: offlineLoader,
      safe: true,
    })) as Expanded;
    const post = node(expanded, "post:kaz-ambassador-russia");
    expect(post["@type"]).toEqual([`${ORG}Post`]);
    expect(post[`${S}name`]).toEqual([{ "@value": "Ambassador of Kazakhstan to Russia" }]);
    const quote = node(expanded, "quote:q1");
    expect(ids(quote[`${S}contributor`])).toEqual(["urn:parley:post:kaz-ambassador-russia"]);
    const coder = (quote[`${PROV}wasAttributedTo`] as Array<Record<string, unknown>>)[0];
    expect(coder?.[`${S}name`]).toEqual([{ "@value": "Parus Analytics" }]);
    expect(quote[`${PROV}generatedAtTime`]).toEqual([
      { "@value": "2016-12-12", "@type": "http://www.w3.org/2001/XMLSchema#date" },
    ]);
  });

  it("turns record ids into IRIs under the chosen base", () => {
    const custom = toJsonLd(seed.records.slice(0, 1), { base: "https://example.org/parley/" });
    expect(custom["@graph"][0]?.["@id"]).toBe("https://example.org/parley/source:seed-article");
  });
});
