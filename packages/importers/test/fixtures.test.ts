/**
 * The importers on the small fixtures in test/fixtures (see its README for origin and licence).
 * Every expected count below was computed from the fixture with grep/awk or Python's csv/json
 * modules, independently of the importer; the command is in the comment next to the number.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Event } from "@parley/schema";
import { describe, expect, it } from "vitest";
import {
  formatSummary,
  GDELT_EVENT_COLUMNS,
  gdeltHeader,
  hsgTravelsHeader,
  ImportError,
  importGdelt,
  importHistoryAtState,
  importPlover,
  importUnGeneralDebate,
  ploverHeader,
  ungdcHeader,
} from "../src/index";
import { expectValid, filesIn, fixtures, runImport } from "./helpers";

const hsgFiles = filesIn(join(fixtures, "hsg-travels"), ".xml");

describe("HistoryAtState travels", () => {
  it("turns every trip into a visit and every traveller into one person", async () => {
    const result = await runImport(importHistoryAtState(hsgFiles));
    // grep -c "<trip " test/fixtures/hsg-travels/*.xml → 37 + 6
    expect(result.run.summary).toMatchObject({ read: 43, imported: 43, skipped: {} });
    expect(result.ofType("event")).toHaveLength(43);
    expect(result.ofType("event").every((event) => event.kind === "visit")).toBe(true);
    // two files, two `who` slugs
    expect(result.ofType("person").map((person) => person.id)).toEqual([
      "hsg-travels:person:biden-joseph-r",
      "hsg-travels:person:blinken-antony-j",
    ]);
    await expectValid(hsgTravelsHeader, result.records);
  });

  it("maps a trip field by field (trip 4106, Madrid)", async () => {
    const result = await runImport(importHistoryAtState(hsgFiles));
    expect(result.byId.get("hsg-travels:trip:4106")).toEqual({
      type: "event",
      id: "hsg-travels:trip:4106",
      kind: "visit",
      // <name>Joseph R. Biden</name>, <role>president</role>, <country>Spain</country>
      title: "President Biden visits Spain",
      date: { value: "2022-06-28" },
      endDate: { value: "2022-06-30" },
      location: { name: "Madrid", country: "ESP" },
      participants: [
        {
          person: "hsg-travels:person:biden-joseph-r",
          role: "President",
          side: "guest",
          represents: { country: "USA" },
        },
      ],
      formats: [{ format: "hsg-travels:format:nato", link: "held-in" }],
      outcomes: [
        {
          text: "Met with Prime Minister Pedro Sánchez Perez-Castejon and participated in the Madrid NATO Summit.",
          kind: "other",
          citations: [
            {
              source: "hsg-travels:dataset",
              locator: "biden-joseph-r.xml, trip 4106",
              certainty: "reported",
              excerpt:
                "Met with Prime Minister Pedro Sánchez Perez-Castejon and participated in the Madrid NATO Summit.",
            },
          ],
        },
      ],
      citations: [
        {
          source: "hsg-travels:dataset",
          locator: "biden-joseph-r.xml, trip 4106",
          certainty: "reported",
        },
      ],
      extensions: expect.objectContaining({
        "hsg:id": "4106",
        "hsg:country": "Spain",
        "hsg:country-id": "spain",
        "hsg:created-by": "cabrerath",
      }),
      // Every imported record says who made it (standard 1.2).
      coding: {
        method: "automated",
        tool: "@parley/importers hsg-travels",
        codebook: "Parley 1.2",
      },
    });
  });

  it("leaves an empty <locale/> absent instead of inventing a city (trip 4116, Vatican City)", async () => {
    const result = await runImport(importHistoryAtState(hsgFiles));
    const event = result.byId.get("hsg-travels:trip:4116");
    expect(event?.type === "event" && event.location).toEqual({ country: "VAT" });
    // grep -c "<locale/>" biden-joseph-r.xml → 1
    expect(result.run.summary.notes["trips without a locale"]).toBe(1);
  });

  it("flags the two documented duplicate pairs but keeps all four trips", async () => {
    const result = await runImport(importHistoryAtState(hsgFiles));
    expect(result.run.summary.warnings["duplicate-trip"]).toBe(2);
    for (const id of ["3992", "4019", "3993", "4020"])
      expect(result.byId.has(`hsg-travels:trip:${id}`)).toBe(true);
    const later = result.byId.get("hsg-travels:trip:4019");
    expect(later?.extensions?.["hsg:duplicate-of"]).toBe("3992");
  });

  it("links a format only for a summit it can name, and reports the others", async () => {
    const result = await runImport(importHistoryAtState(hsgFiles));
    // The 20 remarks of biden-joseph-r.xml that say "summit", read one by one: 17 name a
    // format of the summit table of mappings/hsg-travels.json (G7 ×4, NATO ×4, G20 ×4, Quad, East Asia, North American,
    // U.S.-Nordic, GCC); 3 do not ("a summit meeting with … Putin", "World Leader Summit",
    // "summit with leaders of the Bucharest Nine").
    const withFormats = result.ofType("event").filter((event) => event.formats?.length);
    expect(withFormats).toHaveLength(17);
    expect(
      result
        .ofType("format")
        .map((format) => format.name)
        .sort(),
    ).toEqual(
      [
        "East Asia Summit",
        "G20",
        "G7",
        "Gulf Cooperation Council",
        "NATO",
        "North American Leaders’ Summit",
        "Quad",
        "U.S.-Nordic Leaders’ Summit",
      ].sort(),
    );
    expect(result.run.summary.warnings["summit-not-identified"]).toBe(3);
  });

  it("does not take an unqualified or shared summit name for a format", async () => {
    const trip = (id: number, remarks: string) =>
      `<trip who="doe-jane" role="president"><id>${id}</id><name>Jane Doe</name><country id="france">France</country><remarks>${remarks}</remarks></trip>`;
    const content = `<trips>${trip(1, "Attended the Summit.")}${
      // "Economic Summit" was the G7's name for decades, but the remark does not say G7.
      trip(2, "Attended Economic Summit.")
    }${trip(3, "Attended the G-8 Economic Summit.")}</trips>`;
    const result = await runImport(importHistoryAtState([{ name: "summits.xml", content }]));
    const formats = (id: number) =>
      result.ofType("event").find((event) => event.id === `hsg-travels:trip:${id}`)?.formats;
    expect(formats(1)).toBeUndefined();
    expect(formats(2)).toBeUndefined();
    expect(formats(3)).toEqual([{ format: "hsg-travels:format:g8", link: "held-in" }]);
    expect(result.run.summary.warnings["summit-not-identified"]).toBe(2);
  });

  it("names the file and position of XML that is not well-formed", async () => {
    const broken = { name: "broken.xml", content: "<trips>\n  <trip><id>1</id>\n</trips>" };
    await expect(runImport(importHistoryAtState([broken]))).rejects.toThrow(ImportError);
    await expect(runImport(importHistoryAtState([broken]))).rejects.toThrow(/^broken\.xml:3:/);
  });
});

describe("PLOVER gold standard records", () => {
  it("gives each meeting a human title from the actors' own words", async () => {
    const result = await runImport(importPlover([join(fixtures, "plover/plover-gsr-slice.json")]));
    const titles = result.ofType("event").map((event) => event.title);
    // The first CONSULT record: source actorText "Moroccan diplomats", target "President Obama".
    expect(titles[0]).toBe("Meeting of Moroccan diplomats with President Obama");
    expect(titles.every((title) => typeof title === "string" && title.length > 0)).toBe(true);
  });

  it("skips JSON that is not PLOVER's, with a warning, instead of importing nothing silently", async () => {
    const run = importPlover([
      { name: "array.json", content: '[{"name":"Lavrov","date":"2022-11-17"}]' },
      { name: "object.json", content: '{"records":[{"event":"CONSULT"}]}' },
    ]);
    const result = await runImport(run);
    expect(result.records).toEqual([]);
    expect(run.summary.read).toBe(0);
    expect(run.summary.warnings["not-source-shape"]).toBe(2);
    const [notPlover, notArray] = run.summary.files.map((file) => file.skipped);
    // The shape checks of the mapping's input: PLOVER's fields, and a top-level array.
    expect(notPlover).toMatch(/has none of the fields 'event', 'id', 'text', 'source', 'target'/);
    expect(notArray).toMatch(/not an array of records/);
  });

  const file = join(fixtures, "plover/plover-gsr-slice.json");

  it("imports the CONSULT records as meetings and counts every other record by reason", async () => {
    const result = await runImport(importPlover([file]));
    // python3 -c "import json;d=json.load(open(f));print(len(d))" → 15: 1 DOCUMENT, 11 CONSULT, 2 COERCE, 1 AGREE
    expect(result.run.summary).toMatchObject({
      read: 15,
      imported: 11,
      skipped: {
        "DOCUMENT header (kept as the source record's metadata)": 1,
        "event type COERCE is not CONSULT": 2,
        "event type AGREE is not CONSULT": 1,
      },
    });
    expect(result.ofType("event")).toHaveLength(11);
    expect(
      result
        .ofType("event")
        .every((event) => event.kind === "meeting" && event.codes?.plover === "CONSULT"),
    ).toBe(true);
    await expectValid(ploverHeader, result.records);
  });

  it("maps a hosted meeting with sides and keeps the sentence as the citation's excerpt (CONSULT-0005)", async () => {
    const result = await runImport(importPlover([file]));
    const event = result.byId.get("plover:PLOVER-GSR01-CONSULT-0005");
    expect(event).toMatchObject({
      kind: "meeting",
      mode: "in-person",
      codes: { plover: "CONSULT", ploverMode: "host" },
      participants: [
        {
          unresolved: { name: "Russian President Boris Yeltsin" },
          side: "host",
          represents: { country: "RUS" },
        },
        // "JAP" is not an ISO code (JPN is): the importer does not guess, it leaves it absent.
        { unresolved: { name: "Japanese Prime Minister Ryutaro Hashimoto" }, side: "guest" },
      ],
      citations: [
        {
          source: "plover:source:plover-gsr-slice.json",
          locator: "PLOVER-GSR01-CONSULT-0005",
          excerpt:
            "Russian President Boris Yeltsin on Saturday hosted Japanese Prime Minister Ryutaro Hashimoto in this Siberian city for an informal meeting aimed at establishing close personal relations between the two leaders.",
          certainty: "reported",
        },
      ],
    });
    expect(event?.type === "event" && event.participants?.[1]?.represents).toBeUndefined();
    expect(event?.type === "event" && event.date).toBeUndefined();
  });

  it("shows the source's defects as warnings: placeholder dates, a reused id, non-ISO codes, '' for a list", async () => {
    const { run } = await runImport(importPlover([file]));
    expect(run.summary.warnings).toMatchObject({
      "placeholder-date": 11, // grep -c '"date": "2000-01-01"' among the 11 CONSULT records
      "duplicate-source-id": 1, // PLOVER-GSR01-COERCE-0004, twice
      "actor-list-empty-string": 1, // CONSULT-0002: "target": ""
    });
    expect(run.summary.unmappedCountries).toEqual({ JAP: 1, IGO: 1 });
    expect(formatSummary(run.summary)).toContain("plover: read 15, imported 11, skipped 4");
  });
});

describe("GDELT 2.0 events export", () => {
  const exportFile = join(fixtures, "gdelt/export-first-300.tsv");

  it("titles every event from its actors and CAMEO code, or says what is known", async () => {
    const result = await runImport(importGdelt([exportFile]));
    const events = result.ofType("event");
    expect(events.every((event) => event.title)).toBe(true);
    // 881990835: Actor1Name TOURISM INDUSTRY, Actor2Name KUALA LUMPUR, EventCode 043
    const hosts = events.find((event) => event.title === "Tourism Industry hosts Kuala Lumpur");
    expect(hosts?.codes?.cameo).toBe("043");
  });

  it("imports the consult family and counts every other row with its root code", async () => {
    const result = await runImport(importGdelt([exportFile]));
    // awk -F'\t' '$29=="04"' export-first-300.tsv | wc -l → 85 of 300 rows
    expect(result.run.summary).toMatchObject({
      read: 300,
      imported: 85,
      skipped: { "event code not in the consult family (CAMEO 04x)": 215 },
    });
    // awk -F'\t' '$29=="04"{print $27}' … | sort | uniq -c → 040 21, 042 29, 043 23, 046 12
    const byCode: Record<string, number> = {};
    for (const event of result.ofType("event"))
      byCode[event.codes?.cameo ?? ""] = (byCode[event.codes?.cameo ?? ""] ?? 0) + 1;
    expect(byCode).toEqual({ "040": 21, "042": 29, "043": 23, "046": 12 });
    // awk -F'\t' '$29!="04"{print $29}' … | sort | uniq -c → 03 35
    expect(result.run.summary.notes["skipped rows with CAMEO root code 03"]).toBe(35);
    // awk -F'\t' '$29=="04"{print $61}' … | sort -u | wc -l → 49 articles, plus the export file itself
    expect(result.ofType("source")).toHaveLength(50);
    await expectValid(gdeltHeader, result.records);
  });

  it("maps a hosted visit (event 881990835): sides, actor country, ActionGeo, SOURCEURL", async () => {
    const result = await runImport(importGdelt([exportFile]));
    const event = result.byId.get("gdelt:881990835");
    expect(event).toMatchObject({
      kind: "visit",
      date: { value: "2018-10-24" },
      codes: { cameo: "043" },
      location: {
        name: "Kuala Lumpur, Kuala Lumpur, Malaysia",
        country: "MYS",
        coordinates: { latitude: 3.16667, longitude: 101.7 },
      },
      participants: [
        {
          unresolved: { name: "TOURISM INDUSTRY" },
          side: "host",
          extensions: { "gdelt:Actor1Code": "BUS" },
        },
        { unresolved: { name: "KUALA LUMPUR" }, side: "guest", represents: { country: "MYS" } },
      ],
      // Since standard 1.2: GDELT's id is an identifier, its CAMEO code a machine coding, and
      // the record says that this importer made it.
      identifiers: { other: [{ scheme: "gdelt", value: "881990835" }] },
      codings: [
        {
          scheme: "cameo",
          code: "043",
          coding: { method: "automated", coder: { name: "GDELT Project" }, codebook: "CAMEO" },
        },
      ],
      coding: { method: "automated", tool: "@parley/importers gdelt" },
      extensions: expect.objectContaining({ "gdelt:ActionGeo_CountryCode": "MY" }),
    });
    expect(event?.extensions).not.toHaveProperty("gdelt:GLOBALEVENTID");
    const article = event?.citations?.[0]?.source;
    expect(article && result.byId.get(article)).toMatchObject({
      type: "source",
      url: "http://www.bernama.com/en/general/news.php?id=1782819",
    });
  });

  it("does not invent a participant for an empty actor (event 881990833 has no Actor1)", async () => {
    const result = await runImport(importGdelt([exportFile]));
    const event = result.byId.get("gdelt:881990833");
    expect(event?.type === "event" && event.participants).toEqual([
      {
        unresolved: { name: "THE EU" },
        extensions: expect.objectContaining({
          "gdelt:Actor2Code": "IGOEUREEC",
          "gdelt:Actor2CountryCode": "EUR",
        }),
      },
    ]);
    // "EUR" is a CAMEO region code, not a country: counted, not guessed.
    expect(result.run.summary.unmappedCountries.EUR).toBeGreaterThan(0);
  });

  it("turns mentions into sources of the events they mention and counts the rest", async () => {
    const result = await runImport(
      importGdelt([exportFile], { mentions: [join(fixtures, "gdelt/mentions-synthetic.csv")] }),
    );
    const event = result.byId.get("gdelt:881990833");
    const mentionSource = event?.citations?.find((citation) => citation.locator === "sentence 4");
    expect(mentionSource).toMatchObject({ certainty: "inferred" });
    expect(mentionSource && result.byId.get(mentionSource.source)).toMatchObject({
      type: "source",
      url: "http://arabic.china.org.cn/txt/2017-07/02/content_41135804.htm",
      publisher: { name: "china.org.cn" },
    });
    expect(result.run.summary.notes).toMatchObject({
      "mentions read": 2,
      "mentions joined to an imported record": 1,
      "mentions joined to nothing imported": 1,
    });
    expect(result.run.summary.warnings["mentions-unmatched"]).toBe(1);
  });

  it("flags stale event dates and the same meeting coded twice from one article", async () => {
    const { run } = await runImport(importGdelt([exportFile]));
    // awk -F'\t' '$29=="04" && substr($2,1,4)=="2018"' export-first-300.tsv | wc -l → 4 (dated a year before DATEADDED)
    expect(run.summary.warnings["event-date-long-before-added"]).toBeGreaterThanOrEqual(4);
    expect(run.summary.warnings["possible-duplicate-event"]).toBeGreaterThan(0);
  });

  it("reports a row with the wrong number of columns instead of dropping it silently", async () => {
    const firstRow = readFileSync(exportFile, "utf8").split("\n")[0];
    const { run } = await runImport(
      importGdelt([{ name: "short.tsv", content: `${firstRow}\n1\t2\t3\n` }]),
    );
    expect(run.summary.skipped).toMatchObject({ "row has 3 columns, not 61": 1 });
    expect(run.summary.examples.find((w) => w.code === "column-count")).toMatchObject({
      file: "short.tsv",
      line: 2,
    });
  });

  it("skips the column-labels CSV that sits beside the export, and writes no source for it", async () => {
    // The first 3 lines of GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv, verbatim.
    const labels = readFileSync(join(fixtures, "gdelt/column-labels-first-3.csv"), "utf8");
    const result = await runImport(
      importGdelt([{ name: "labels.csv", content: labels }, exportFile]),
    );
    expect(result.run.summary.files[0]).toMatchObject({ file: "labels.csv", read: 0 });
    expect(result.run.summary.files[0]?.skipped).toMatch(/4 columns and no header/);
    expect(result.run.summary.warnings["not-source-shape"]).toBe(1);
    const sources = result.ofType("source").filter((s) => s.kind === "dataset");
    expect(sources.map((s) => s.id)).toEqual(["gdelt:export:export-first-300.tsv"]);
  });

  it("imports the same events from the comma-separated, headed form that BigQuery exports", async () => {
    const lines = readFileSync(exportFile, "utf8").split("\n").filter(Boolean);
    const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
    const csv = [
      GDELT_EVENT_COLUMNS.join(","),
      ...lines.map((l) => l.split("\t").map(quote).join(",")),
    ].join("\n");
    const tab = await runImport(importGdelt([exportFile]));
    const comma = await runImport(importGdelt([{ name: "export-first-300.tsv", content: csv }]));
    // What an event says; the citation locators differ by the header line.
    const core = (records: typeof tab.records) =>
      records
        .filter((r) => r.type === "event")
        .map((r) => {
          const { citations: _c, ...rest } = r as Event;
          return rest;
        });
    expect(core(comma.records)).toEqual(core(tab.records));
    expect(core(tab.records).length).toBeGreaterThan(0);
    expect(comma.run.summary.files[0]?.detected).toBe("comma-separated, header row");
    expect(tab.run.summary.files[0]?.detected).toBe("tab-separated, no header row");
  });
});

describe("UN General Debate", () => {
  const speakers = join(fixtures, "ungdc/speakers-slice.csv");
  const speeches = filesIn(join(fixtures, "ungdc/speeches"), ".txt");

  it("makes one event per session, one participant per speaker row, one transcript per speech", async () => {
    const result = await runImport(importUnGeneralDebate({ speakers, speeches }));
    // python3 csv: 211 rows in 15 sessions; 192 rows of session 78; 3 speech files
    expect(result.run.summary).toMatchObject({ read: 211, imported: 211, skipped: {} });
    expect(result.ofType("event")).toHaveLength(15);
    const session78 = result.byId.get("ungdc:session:78");
    expect(session78?.type === "event" && session78.participants).toHaveLength(192);
    expect(result.ofType("source").filter((source) => source.kind === "transcript")).toHaveLength(
      3,
    );
    expect(result.run.summary.notes["speeches joined to a speaker row"]).toBe(3);
    await expectValid(ungdcHeader, result.records);
  });

  it("maps a speaker: name, post, country, and their speech as a confirmed source", async () => {
    const result = await runImport(importUnGeneralDebate({ speakers, speeches }));
    const session78 = result.byId.get("ungdc:session:78");
    expect(session78).toMatchObject({
      kind: "meeting",
      date: { value: "2023" },
      ordinal: 78,
      formats: [{ format: "ungdc:format:unga", link: "held-in" }],
    });
    const usa =
      session78?.type === "event"
        ? session78.participants?.find(
            (p) => p.represents && "country" in p.represents && p.represents.country === "USA",
          )
        : undefined;
    expect(usa).toMatchObject({
      unresolved: { name: "Joseph R. Biden" },
      role: "President",
      side: "attendee",
      citations: [
        { source: "ungdc:dataset", certainty: "reported" },
        { source: "ungdc:speech:USA_78_2023", certainty: "confirmed" },
      ],
    });
    const speech = result.byId.get("ungdc:speech:USA_78_2023");
    expect(speech).toMatchObject({ type: "source", kind: "transcript", lang: "en" });
    // The speech itself is a quote: direct, by the speaker, said at the session's debate.
    const quote = result.byId.get("ungdc:quote:USA_78_2023");
    expect(quote).toMatchObject({
      type: "quote",
      kind: "direct",
      lang: "en",
      speaker: { unresolved: { name: "Joseph R. Biden" } },
      saidAt: "ungdc:session:78",
      saidOn: { value: "2023" },
      citations: [{ source: "ungdc:speech:USA_78_2023", certainty: "confirmed" }],
    });
    expect(quote?.type === "quote" && quote.text).toMatch(
      /^About one week ago\. I stood on the other side of the world in Viet Nam\./,
    );
  });

  it("--session/--year import only the sessions asked for, and count the other rows", async () => {
    const result = await runImport(
      importUnGeneralDebate({ speakers, speeches }, { years: [2023] }),
    );
    expect(result.ofType("event").map((event) => event.id)).toEqual(["ungdc:session:78"]);
    expect(result.ofType("quote")).toHaveLength(3);
    // 211 rows read, 192 of session 78 imported, the other 19 counted as not selected
    expect(result.run.summary).toMatchObject({
      read: 211,
      imported: 192,
      skipped: { "session not selected (--session/--year)": 19 },
    });
    const none = await runImport(importUnGeneralDebate({ speakers, speeches }, { sessions: [12] }));
    expect(none.ofType("quote")).toHaveLength(0);
    expect(none.run.summary.skipped["session not selected (--session/--year)"]).toBe(
      3 + 211 - none.run.summary.imported,
    );
  });

  it("shows label/code mismatches, spreadsheet garbage and unknown codes instead of hiding them", async () => {
    const { run } = await runImport(importUnGeneralDebate({ speakers, speeches }));
    // python3 csv: 1 row CHE labelled "Sweden" (grep -n 'CHE,Sweden' → line 211)
    const sweden = run.summary.examples.find(
      (w) => w.code === "country-label-code-mismatch" && w.message.includes("'Sweden'"),
    );
    expect(sweden?.line).toBe(211);
    // A warning about one speaker points at that speaker's row (grep -n 'DMA,Dominia' → 87),
    // not at the first line of session 78 (line 2), which the whole session is one event of.
    const dominia = run.summary.examples.find((w) => w.message.includes("'Dominia'"));
    expect(dominia).toMatchObject({ code: "country-label-unrecognised", line: 87 });
    // the ETH row labelled "29+C70+A7+D71:E74"
    expect(
      run.summary.examples.some(
        (w) => w.code === "country-label-unrecognised" && w.message.includes("29+C70+A7+D71:E74"),
      ),
    ).toBe(true);
    // YDYE (South Yemen, 1 row) and POR (4 rows) are no ISO codes; their labels "Democratic
    // Yemen" (ISO 3166-3 YMD) and "Portugal"/"Portuguese Republic" (PRT) give the country,
    // each with a warning
    expect(run.summary.unmappedCountries.YDYE).toBeUndefined();
    expect(
      run.summary.examples.some(
        (w) => w.code === "country-from-label" && w.message.includes("(YMD)"),
      ),
    ).toBe(true);
    expect(run.summary.warnings["country-from-label"]).toBe(5);
    // 8 rows have an empty name: kept as unresolved participants described as unnamed
    expect(run.summary.unresolved["speaker without a name"]).toBe(8);
  });

  it("keeps a name with an embedded newline as one name, and the raw cell in extensions", async () => {
    const result = await runImport(importUnGeneralDebate({ speakers, speeches }));
    const all = result.ofType("event").flatMap((event) => event.participants ?? []);
    const raw = all.filter(
      (p) =>
        typeof p.extensions?.["ungdc:name"] === "string" &&
        String(p.extensions["ungdc:name"]).includes("\n"),
    );
    // python3 csv: 6 names contain "\n"
    expect(raw).toHaveLength(6);
    for (const participant of raw) {
      const name =
        "unresolved" in participant && "name" in participant.unresolved
          ? participant.unresolved.name
          : "";
      expect(name).not.toMatch(/\n/);
    }
  });
});

describe("input that cannot be read", () => {
  // A missing file or broken CSV must end the import with a message naming the file (and the
  // line when there is one), never hang or crash with a parser's internal error.
  it("a missing speakers file rejects with its name", async () => {
    await expect(
      runImport(importUnGeneralDebate({ speakers: join(fixtures, "no-such.csv") })),
    ).rejects.toThrow(/no-such\.csv/);
  });

  it("a missing mentions file rejects with its name", async () => {
    const run = importGdelt([join(fixtures, "gdelt/export-first-300.tsv")], {
      mentions: [join(fixtures, "missing-mentions.csv")],
    });
    await expect(runImport(run)).rejects.toThrow(/missing-mentions\.csv/);
  });

  it("a CSV quote that never closes is an ImportError with file and line", async () => {
    const broken = {
      name: "speakers.csv",
      content:
        'Year,Session,ISO Code,Country,Name of Person Speaking,Post\n2023,78,USA,"United States,Joe,President\n',
    };
    const failure = runImport(importUnGeneralDebate({ speakers: broken }));
    await expect(failure).rejects.toThrow(ImportError);
    await expect(runImport(importUnGeneralDebate({ speakers: broken }))).rejects.toThrow(
      /^speakers\.csv:\d+: cannot be read as CSV/,
    );
  });

  it("a speakers table without the corpus's columns is skipped as another source's, naming the missing ones", async () => {
    // Another table is skipped as another source's (not-source-shape), never read as speakers.
    const other = { name: "other.csv", content: "a,b\n1,2\n" };
    const result = await runImport(importUnGeneralDebate({ speakers: other }));
    expect(result.records).toEqual([]);
    expect(result.run.summary.files[0]?.skipped).toMatch(/lacks 'Year', 'Session'/);
    // Listed once, as skipped (not also as a file read with 0 rows and its delimiter).
    expect(result.run.summary.files).toHaveLength(1);
    expect(result.run.summary.warnings["not-source-shape"]).toBe(1);
  });
});
