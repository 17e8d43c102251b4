/**
 * The shipped hsg-visits mapping (Office of the Historian, visits of foreign leaders to the US).
 * Expected values are read off the XML by hand (the fixture files are verbatim slices, see
 * fixtures/README.md) or counted with the shell command in the comment.
 */
import { join } from "node:path";
import type { Event, Person } from "@parley/schema";
import { describe, expect, it } from "vitest";
import { importWithMapping, mappingHeader, shippedMapping } from "../src/index";
import { expectValid, filesIn, fixtures, hasShared, runImport, shared } from "./helpers";

const mapping = shippedMapping("hsg-visits");
if (!mapping) throw new Error("hsg-visits is not shipped");
const dir = join(fixtures, "hsg-visits");

describe("hsg-visits (shipped mapping)", () => {
  it("imports every visit of the fixture files, and the output validates", async () => {
    const files = filesIn(dir, ".xml");
    const result = await runImport(importWithMapping(mapping, files));
    // grep -c "<visit>" test/fixtures/hsg-visits/*.xml: 5 + 9 + 23 + 4 + 5
    expect(result.run.summary).toMatchObject({ read: 46, imported: 46, skipped: {} });
    expect(result.ofType("event")).toHaveLength(46);
    await expectValid(mappingHeader(mapping), result.records);
  });

  it("splits 'President X and Prime Minister Y' into two visitors with their titles", async () => {
    const result = await runImport(importWithMapping(mapping, [join(dir, "2020.slice.xml")]));
    const visit = result.byId.get("hsg-visits:visit:3246") as Event;
    expect(visit.title).toBe(
      "President Andrzej Duda and Prime Minister Donald Tusk (Poland) visit the United States",
    );
    expect(visit.participants).toEqual([
      {
        person: "hsg-visits:person:poland:andrzej-duda",
        role: "President",
        side: "guest",
        represents: { country: "POL" },
      },
      {
        person: "hsg-visits:person:poland:donald-tusk",
        role: "Prime Minister",
        side: "guest",
        represents: { country: "POL" },
      },
    ]);
    const tusk = result.byId.get("hsg-visits:person:poland:donald-tusk") as Person;
    expect(tusk.names).toEqual([{ value: "Donald Tusk", lang: "en" }]);
    expect(tusk.positions?.[0]).toMatchObject({ title: "Prime Minister", country: "POL" });
    // "King Abdullah and Crown Prince Hussein": a two-word title after "and" still splits.
    const jordan = result.byId.get("hsg-visits:visit:3150") as Event;
    expect(jordan.participants?.map((p) => p.role)).toEqual(["King", "Crown Prince"]);
  });

  it("keeps a qualified title whole and normalises the case of the visit type", async () => {
    const result = await runImport(importWithMapping(mapping, [join(dir, "2020.slice.xml")]));
    const guaido = result.byId.get("hsg-visits:visit:2993") as Event;
    expect(guaido.participants?.[0]).toMatchObject({ role: "Interim President" });
    expect(result.byId.get("hsg-visits:person:venezuela:juan-guaido")).toBeDefined();
    // <description>Official Working Visit. …</description> → the tag in sentence case
    const greece = result.byId.get("hsg-visits:visit:2991") as Event;
    expect(greece.tags).toEqual(["Official working visit"]);
    expect(greece.extensions?.["hsg:description"]).toMatch(/^Official Working Visit\./);
  });

  it("'Premier and Prince Sihanouk' is one person with both titles", async () => {
    const result = await runImport(importWithMapping(mapping, [join(dir, "1950.slice.xml")]));
    const events = result.ofType("event");
    const sihanouk = events.find((event) =>
      event.extensions?.["hsg:visitor"]?.toString().startsWith("Premier and Prince"),
    );
    expect(sihanouk?.participants).toHaveLength(1);
    expect(sihanouk?.participants?.[0]).toMatchObject({ role: "Premier and Prince" });
    // "Ceylon (Sri Lanka)": the parenthesis names the country when the whole label does not.
    const ceylon = events.find((event) => event.extensions?.["hsg:from"] === "Ceylon (Sri Lanka)");
    expect(ceylon?.participants?.[0]).toMatchObject({ represents: { country: "LKA" } });
  });

  it("an ambiguous label ('Korea') takes the id only when the id is one of its candidates", async () => {
    const visit = (id: string, from: string, slug: string) =>
      `<visit><id>${id}</id><start-date>1999-01-02</start-date><visitor>President Kim</visitor><from id="${slug}">${from}</from></visit>`;
    // Records in the shape of data/2020.xml; "Korea" keyed korea-south occurs there verbatim.
    const xml = `<visits>${visit("1", "Korea", "korea-south")}${visit("2", "Korea", "japan")}</visits>`;
    const run = importWithMapping(mapping, [{ name: "k.xml", content: xml }]);
    const result = await runImport(run);
    const country = (id: string) => (result.byId.get(id) as Event).participants?.[0]?.represents;
    expect(country("hsg-visits:visit:1")).toEqual({ country: "KOR" });
    expect(country("hsg-visits:visit:2")).toBeUndefined();
    expect(run.summary.warnings["country-ambiguous"]).toBe(1);
  });

  it("keeps every field it does not map in extensions", async () => {
    const result = await runImport(importWithMapping(mapping, [join(dir, "1910.xml")]));
    const event = result.ofType("event")[0] as Event;
    expect(event.extensions).toMatchObject({
      "hsg:created-by": expect.any(String),
      "hsg:created-datetime": expect.any(String),
    });
  });

  it("skips a file of another source (a travels <trips> file) with a warning", async () => {
    const run = importWithMapping(mapping, [join(fixtures, "hsg-travels/biden-joseph-r.xml")]);
    const result = await runImport(run);
    expect(result.ofType("event")).toHaveLength(0);
    expect(run.summary.warnings["not-source-shape"]).toBe(1);
    expect(run.summary.files[0]?.skipped).toMatch(/root element is <trips>, not <visits>/);
  });
});

describe.skipIf(!hasShared)("hsg-visits on the shared sample", () => {
  it("440 visits → 440 events, each with a title, a date and its visitors", async () => {
    const files = filesIn(join(shared, "hsg-visits-sample/data"), ".xml");
    const result = await runImport(importWithMapping(mapping, files));
    // SOURCE.md: 440 <visit> (grep -c "<visit>" data/*.xml, summed)
    expect(result.run.summary).toMatchObject({ read: 440, imported: 440, skipped: {} });
    const events = result.ofType("event");
    expect(events).toHaveLength(440);
    for (const event of events) {
      expect(event.title, event.id).toMatch(/visits? the United States$/);
      expect(event.date, event.id).toBeDefined();
      expect(event.participants?.length ?? 0, event.id).toBeGreaterThan(0);
      expect(event.location).toEqual({ country: "USA" });
    }
    // Labels the normaliser knows give a country; the others are reported, never guessed.
    const unmapped = Object.keys(result.run.summary.unmappedCountries);
    for (const event of events) {
      const label = event.extensions?.["hsg:from"] as string;
      const represents = event.participants?.[0]?.represents;
      const country = represents && "country" in represents ? represents.country : undefined;
      if (!unmapped.includes(label)) expect(country, `${event.id} ${label}`).toBeDefined();
    }
    await expectValid(mappingHeader(mapping), result.records);
  }, 60_000);
});
