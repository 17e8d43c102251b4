/**
 * The mapping engine: each input format, the expressions, filters, what happens to fields no
 * expression reads, and the errors a wrong mapping gets. Inputs are small texts written here
 * (the shapes researchers publish) or slices of the shared samples.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Event } from "@parley/schema";
import { describe, expect, it, onTestFinished } from "vitest";
import {
  collect,
  detectDelimiter,
  importWithMapping,
  loadMappingFile,
  looksLikeHeader,
  type Mapping,
  MappingError,
  mappingHeader,
  parseMapping,
  parseWherePredicate,
  splitPersons,
  splitTitleName,
} from "../src/index";
import { expectValid } from "./helpers";

/** A mapping for a CSV of meetings a newsroom might keep. */
function meetingsMapping(input: Partial<Mapping["input"]> = {}): Mapping {
  return parseMapping(
    JSON.stringify({
      mappingVersion: "1.0",
      name: "meetings",
      input: { format: "csv", requires: ["ref", "date"], ...input },
      let: { people: { $field: "who", pipe: ["split-persons"] } },
      records: [
        {
          type: "source",
          primary: false,
          record: { id: "meetings:sheet", kind: "dataset", title: "Our meetings sheet" },
        },
        {
          type: "event",
          record: {
            id: { $template: "meetings:{ref}" },
            kind: { $field: "kind", pipe: [{ codes: { M: "meeting", V: "visit", C: "call" } }] },
            title: { $template: "{who} in {place}" },
            date: { $date: { $field: "date" }, formats: ["YYYY-MM-DD", "D MMMM YYYY", "YYYY"] },
            location: { country: { $country: { $field: "place" } } },
            participants: {
              $each: { $var: "people" },
              as: "p",
              map: { unresolved: { name: { $var: "p.name" } }, role: { $var: "p.title" } },
            },
            citations: [
              {
                source: "meetings:sheet",
                locator: { $template: "row {ref}" },
                certainty: "reported",
              },
            ],
          },
        },
      ],
    }),
    "meetings.mapping.json",
  );
}

const CSV = [
  "ref;date;kind;who;place;notes",
  "1;2023-05-02;M;President Lula and Prime Minister Sánchez;Spain;first visit",
  "2;17 November 2022;V;Chancellor Scholz;China;",
  "3;2021;C;Foreign Minister Wong;Australia;by phone",
  "",
].join("\n");

describe("CSV", () => {
  it("detects a semicolon delimiter and a header row, and says so in the summary", async () => {
    const run = importWithMapping(meetingsMapping(), [{ name: "m.csv", content: CSV }]);
    const records = await collect(run);
    expect(run.summary).toMatchObject({ read: 3, imported: 3 });
    expect(run.summary.files).toEqual([
      { file: "m.csv", read: 3, detected: "semicolon-separated, header row" },
    ]);
    const first = records.find((r) => r.id === "meetings:1") as Event;
    expect(first).toMatchObject({
      kind: "meeting",
      title: "President Lula and Prime Minister Sánchez in Spain",
      date: { value: "2023-05-02" },
      location: { country: "ESP" },
      participants: [
        { unresolved: { name: "Lula" }, role: "President" },
        { unresolved: { name: "Sánchez" }, role: "Prime Minister" },
      ],
    });
    // Dates at the precision given: "17 November 2022" is a day, "2021" a year.
    expect((records.find((r) => r.id === "meetings:2") as Event).date).toEqual({
      value: "2022-11-17",
    });
    expect((records.find((r) => r.id === "meetings:3") as Event).date).toEqual({ value: "2021" });
  });

  it("keeps the columns no expression reads in extensions, and counts empty ones", async () => {
    const run = importWithMapping(meetingsMapping(), [{ name: "m.csv", content: CSV }]);
    const records = await collect(run);
    expect((records.find((r) => r.id === "meetings:1") as Event).extensions).toEqual({
      "meetings:notes": "first visit",
    });
    expect(run.summary.notes["empty notes"]).toBe(1);
  });

  it("reads a file without a header row with the declared columns", async () => {
    const headerless = CSV.split("\n").slice(1).join("\n");
    const run = importWithMapping(
      meetingsMapping({ header: false, columns: ["ref", "date", "kind", "who", "place", "notes"] }),
      [{ name: "m.csv", content: headerless }],
    );
    await collect(run);
    expect(run.summary).toMatchObject({ read: 3, imported: 3 });
  });

  it("decodes a declared encoding, and stops on bytes that are not valid UTF-8", async () => {
    const latin1 = Buffer.from(
      "ref,date,kind,who,place\n1,2020,M,President Müller,Peru\n",
      "latin1",
    );
    const bytes = async function* () {
      yield new Uint8Array(latin1);
    };
    const run = importWithMapping(meetingsMapping({ encoding: "windows-1252" }), [
      { name: "l.csv", content: bytes() },
    ]);
    const records = await collect(run);
    expect((records[1] as Event).participants?.[0]).toMatchObject({
      unresolved: { name: "Müller" },
    });
    await expect(
      collect(importWithMapping(meetingsMapping(), [{ name: "l.csv", content: bytes() }])),
    ).rejects.toThrow(/l\.csv:byte \d+: not valid utf-8.*encoding/);
  });

  it("skips a file that is not of the source's shape instead of reading it as data", async () => {
    const other = "a,b,c\n1,2,3\n";
    const run = importWithMapping(meetingsMapping(), [
      { name: "other.csv", content: other },
      { name: "m.csv", content: CSV },
    ]);
    await collect(run);
    expect(run.summary.read).toBe(3);
    expect(run.summary.files[0]).toMatchObject({ file: "other.csv", read: 0 });
    expect(run.summary.files[0]?.skipped).toMatch(/lacks 'ref', 'date'/);
    expect(run.summary.warnings["not-source-shape"]).toBe(1);
  });

  it("filters by date (--since/--until) and by a field predicate (--where)", async () => {
    const since = importWithMapping(meetingsMapping(), [{ name: "m.csv", content: CSV }], {
      since: "2022",
    });
    const kept = (await collect(since)).filter((r) => r.type === "event").map((r) => r.id);
    expect(kept).toEqual(["meetings:1", "meetings:2"]);
    expect(since.summary.skipped).toEqual({ "before --since 2022": 1 });
    const where = importWithMapping(meetingsMapping(), [{ name: "m.csv", content: CSV }], {
      where: [parseWherePredicate("kind=V")],
    });
    expect((await collect(where)).filter((r) => r.type === "event").map((r) => r.id)).toEqual([
      "meetings:2",
    ]);
    expect(where.summary.skipped).toEqual({ "--where kind=V": 2 });
  });
});

describe("delimiter and header detection", () => {
  it("tells tab from comma even when the text has commas", () => {
    expect(detectDelimiter("a\tb, c\td\n1\t2, 3\t4\n5\t6\t7\n")).toBe("\t");
    expect(detectDelimiter('a,b,"c;d"\n1,2,"3;4"\n5,6,7\n')).toBe(",");
  });
  it("sees a header of labels, and data in a first row of numbers", () => {
    expect(looksLikeHeader(["GLOBALEVENTID", "SQLDATE"], {})).toBe(true);
    expect(looksLikeHeader(["881990833", "20191024"], {})).toBe(false);
    expect(looksLikeHeader(["id", "date"], { requires: ["id"] })).toBe(true);
  });
});

describe("JSON, NDJSON, XML and Excel", () => {
  const eventMapping = (input: Mapping["input"], field = "id") =>
    parseMapping(
      JSON.stringify({
        mappingVersion: "1.0",
        name: "t",
        input,
        records: [
          {
            type: "event",
            record: {
              id: { $template: `t:{${field}}` },
              kind: "meeting",
              date: { $date: { $field: "year" } },
            },
          },
        ],
      }),
    );

  it("JSON: a bare array, or the records at a JSON Pointer", async () => {
    const bare = importWithMapping(eventMapping({ format: "json" }), [
      { name: "a.json", content: '[{"id":1,"year":1999},{"id":2,"year":"2001-03"}]' },
    ]);
    const records = await collect(bare);
    expect(records.map((r) => (r as Event).date?.value)).toEqual(["1999", "2001-03"]);
    const nested = importWithMapping(eventMapping({ format: "json", pointer: "/data/items" }), [
      { name: "b.json", content: '{"meta":{},"data":{"items":[{"id":"x","year":2020}]}}' },
    ]);
    expect((await collect(nested)).map((r) => r.id)).toEqual(["t:x"]);
    // An object where an array is expected is another shape: skipped with a warning.
    const wrong = importWithMapping(eventMapping({ format: "json" }), [
      { name: "c.json", content: '{"not":"an array"}' },
    ]);
    await collect(wrong);
    expect(wrong.summary.files[0]?.skipped).toMatch(/not an array of records/);
  });

  it("JSON that ends early stops the import with the file named", async () => {
    const run = importWithMapping(eventMapping({ format: "json" }), [
      { name: "cut.json", content: '[{"id":1,"year":1999},{"id":2,' },
    ]);
    await expect(collect(run)).rejects.toThrow(/cut\.json.*not valid JSON/);
  });

  it("NDJSON: one record a line, and a truncated last line is an error", async () => {
    const run = importWithMapping(eventMapping({ format: "ndjson" }), [
      { name: "a.ndjson", content: '{"id":1,"year":1999}\n{"id":2,"year":2000}\n' },
    ]);
    expect((await collect(run)).length).toBe(2);
    await expect(
      collect(
        importWithMapping(eventMapping({ format: "ndjson" }), [
          { name: "b.ndjson", content: '{"id":1,"year":1999}\n{"id":2,"ye' },
        ]),
      ),
    ).rejects.toThrow(/b\.ndjson:2: .*truncated/);
  });

  it("XML: an element path with a namespace prefix, attributes and child paths", async () => {
    const xml = `<?xml version="1.0"?>
<r:root xmlns:r="urn:example:records"><r:item code="a1"><year>1990</year></r:item><other/><r:item code="b2"><year>1991</year></r:item></r:root>`;
    const mapping = eventMapping(
      { format: "xml", iterate: "/x:root/x:item", namespaces: { x: "urn:example:records" } },
      "@code",
    );
    const records = await collect(importWithMapping(mapping, [{ name: "n.xml", content: xml }]));
    expect(records.map((r) => r.id)).toEqual(["t:a1", "t:b2"]);
  });

  it("Excel: a named sheet, a header row below a title, years stored as numbers", async () => {
    const { default: ExcelJS } = await import("exceljs");
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("Notes").addRow(["nothing here"]);
    const sheet = workbook.addWorksheet("Meetings");
    sheet.addRow(["Meetings of 1990–1991"]);
    sheet.addRow(["id", "year", "day"]);
    sheet.addRow([101, 1990, new Date(Date.UTC(1990, 4, 17))]);
    sheet.addRow([102, 1991, null]);
    const dir = mkdtempSync(join(tmpdir(), "parley-xlsx-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, "meetings.xlsx");
    await workbook.xlsx.writeFile(path);
    const mapping = parseMapping(
      JSON.stringify({
        mappingVersion: "1.0",
        name: "t",
        input: { format: "xlsx", sheet: "Meetings", headerRow: 2 },
        records: [
          {
            type: "event",
            record: {
              id: { $template: "t:{id}" },
              kind: "meeting",
              date: { $first: [{ $date: { $field: "day" } }, { $date: { $field: "year" } }] },
            },
          },
        ],
      }),
    );
    const records = (await collect(importWithMapping(mapping, [path]))) as Event[];
    // The number 101 where an id (text) is expected, a real date cell, a year as a number.
    expect(records.map((r) => [r.id, r.date?.value])).toEqual([
      ["t:101", "1990-05-17"],
      ["t:102", "1991"],
    ]);
    const missing = importWithMapping({ ...mapping, input: { format: "xlsx", sheet: "Visits" } }, [
      path,
    ]);
    await collect(missing);
    expect(missing.summary.files[0]?.skipped).toMatch(
      /no sheet "Visits" \(sheets: Notes, Meetings\)/,
    );
  });
});

describe("a wrong mapping", () => {
  const text = `{
  "mappingVersion": "1.0",
  "name": "x",
  "input": { "format": "csv", "delimeter": ";" },
  "records": [
    { "type": "event", "record": { "id": { "$feild": "ref" }, "kind": "meeting" } }
  ]
}`;

  it("names the line and column of each problem and the key it probably meant", () => {
    let error: MappingError | undefined;
    try {
      parseMapping(text, "my.mapping.json");
    } catch (caught) {
      error = caught as MappingError;
    }
    expect(error).toBeInstanceOf(MappingError);
    expect(error?.message).toContain(
      "my.mapping.json:4:31: unknown key 'delimeter' in /input (did you mean 'delimiter'?)",
    );
    expect(error?.message).toMatch(
      /my\.mapping\.json:6:44: unknown expression '\$feild' .*\(did you mean '\$field'\?\)/,
    );
  });

  it("checks what the schema cannot: functions, steps in templates, regular expressions", () => {
    const bad = {
      mappingVersion: "1.0",
      name: "x",
      input: { format: "csv" },
      records: [
        {
          type: "event",
          record: {
            id: { $template: "x:{ref|slugg}" },
            kind: { $fn: "cout", args: [] },
            title: { $field: "t", pipe: [{ match: "(" }] },
          },
        },
      ],
    };
    const message = (() => {
      try {
        parseMapping(JSON.stringify(bad, null, 2), "m.json");
        return "";
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toContain(
      "unknown step 'slugg' in the placeholder {ref|slugg} (did you mean 'slug'?)",
    );
    expect(message).toContain("unknown function 'cout' (did you mean 'count'?)");
    expect(message).toMatch(/not a regular expression/);
  });

  it("reports JSON syntax errors with their position", () => {
    expect(() => parseMapping('{\n  "name": "x",\n  oops\n}', "s.json")).toThrow(
      /s\.json:3:3: not valid JSON/,
    );
  });
});

describe("titles and names", () => {
  it("splits only where a title follows 'and'", () => {
    expect(splitPersons("President Andrzej Duda and Prime Minister Donald Tusk")).toEqual([
      { title: "President", name: "Andrzej Duda" },
      { title: "Prime Minister", name: "Donald Tusk" },
    ]);
    // "Trinidad and Tobago" in a name is no second person.
    expect(splitPersons("Prime Minister of Trinidad and Tobago Williams")).toHaveLength(1);
    expect(splitPersons("Premier and Prince Sihanouk")).toEqual([
      { title: "Premier and Prince", name: "Sihanouk" },
    ]);
  });
  it("knows qualified titles and does not take a name for a title", () => {
    expect(splitTitleName("President-elect Fernando Collor de Mello")).toEqual({
      title: "President-elect",
      name: "Fernando Collor de Mello",
    });
    expect(splitTitleName("Acting President Smith")).toEqual({
      title: "Acting President",
      name: "Smith",
    });
    expect(splitTitleName("Kingsley Amis")).toEqual({ name: "Kingsley Amis" });
  });
});

describe("the guide's example (docs/mappings.md)", () => {
  it("imports examples/mappings/summits.csv as the guide says, and the output validates", async () => {
    const examples = join(__dirname, "../../../examples/mappings");
    const mapping = await loadMappingFile(join(examples, "summits.mapping.json"));
    const run = importWithMapping(mapping, [join(examples, "summits.csv")]);
    const records = await collect(run);
    expect(run.summary).toMatchObject({ read: 5, imported: 5, skipped: {} });
    const nixon = records.find((r) => r.id === "summits:feb-1972:beijing") as Event;
    // "Feb 1972" is a month, not a made-up day; the Notes column, empty here, is counted.
    expect(nixon).toMatchObject({
      kind: "visit",
      date: { value: "1972-02" },
      location: { name: "Beijing", country: "CHN" },
      participants: [
        { person: "summits:person:richard-nixon", role: "President" },
        { person: "summits:person:mao-zedong", role: "Chairman" },
      ],
    });
    const geneva = records.find((r) => r.id === "summits:1985-11-19:geneva") as Event;
    expect(geneva.extensions).toEqual({ "summits:Notes": "first meeting of the two leaders" });
    expect(run.summary.notes["empty Notes"]).toBe(3);
    await expectValid(mappingHeader(mapping), records);
  });
});
