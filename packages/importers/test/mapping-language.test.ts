/**
 * The parts of the mapping language that the built-in sources needed and that any mapping can
 * use: variables computed only when used, records a filtered-out header still gives (`always`),
 * memory across records (`seen-before`), merged lists and prefixed keys, comparisons, `raw`
 * values, warnings/notes/counts, and lookup tables joined with `$lookup`.
 */
import { describe, expect, it } from "vitest";
import { collect, importWithMapping, type Mapping, parseMapping } from "../src/index";

function mapping(body: Record<string, unknown>): Mapping {
  return parseMapping(JSON.stringify({ mappingVersion: "1.0", name: "t", ...body }));
}

const json = (name: string, value: unknown) => ({ name, content: JSON.stringify(value) });

describe("the mapping language", () => {
  it("computes a variable only when used: a filtered-out record raises none of its warnings", async () => {
    // A country in `let` that only imported records use: the skipped row's bad code must not
    // count as an unmapped country of the import.
    const m = mapping({
      input: { format: "json" },
      let: { country: { $country: { $field: "code" }, what: "code" } },
      where: [{ value: { $field: "keep" }, equals: "yes", reason: "not kept ({code})" }],
      records: [
        {
          type: "event",
          record: {
            id: { $template: "t:{n}" },
            kind: "meeting",
            location: { country: { $var: "country" } },
          },
        },
      ],
    });
    const run = importWithMapping(m, [
      json("a.json", [
        { n: 1, keep: "yes", code: "FRA" },
        { n: 2, keep: "no", code: "XXQ" },
      ]),
    ]);
    const records = await collect(run);
    expect(records).toHaveLength(1);
    expect(run.summary.unmappedCountries).toEqual({});
    // The reason is a template over the record's fields.
    expect(run.summary.skipped).toEqual({ "not kept (XXQ)": 1 });
  });

  it("writes an `always` template's record for a header that `where` skips, once per id", async () => {
    const m = mapping({
      input: { format: "json" },
      where: [{ not: { value: { $field: "kind" }, equals: "HEADER" }, reason: "header" }],
      records: [
        {
          type: "source",
          primary: false,
          always: true,
          record: {
            id: { $template: "t:source:{_file}" },
            kind: "dataset",
            extensions: {
              $merge: [
                { "t:file": { $var: "_file" } },
                {
                  $if: { value: { $field: "kind" }, equals: "HEADER" },
                  // biome-ignore lint/suspicious/noThenProperty: the mapping language's $if/then
                  then: { $prefixKeys: { $var: "_record" }, prefix: "t:header:", omit: ["kind"] },
                },
              ],
            },
          },
        },
        { type: "event", record: { id: { $template: "t:{n}" }, kind: "meeting" } },
      ],
    });
    const run = importWithMapping(m, [
      json("f.json", [{ kind: "HEADER", licence: "CC0" }, { n: 1 }, { n: 2 }]),
    ]);
    const records = await collect(run);
    expect(records.map((r) => r.id)).toEqual(["t:source:f.json", "t:1", "t:2"]);
    expect(records[0]?.extensions).toEqual({ "t:file": "f.json", "t:header:licence": "CC0" });
    expect(run.summary).toMatchObject({ read: 3, imported: 2, skipped: { header: 1 } });
  });

  it('remembers across records (seen-before), compares values, and tells "" from absent (raw)', async () => {
    const m = mapping({
      input: { format: "json" },
      let: {
        earlier: {
          $fn: "seen-before",
          args: [{ $field: "n" }, { $field: "who" }, { $field: "day" }],
        },
        list: { $merge: [{ $field: "a" }, { $field: "b" }] },
      },
      records: [
        {
          type: "event",
          record: {
            id: { $template: "t:{n}" },
            kind: "meeting",
            tags: { $var: "list" },
            extensions: { "t:repeats": { $var: "earlier" } },
          },
        },
      ],
      warnings: [
        {
          code: "repeat",
          when: { value: { $var: "earlier" }, exists: true },
          message: "{n} repeats {earlier}",
        },
        {
          code: "ends-early",
          when: { value: { $field: "end" }, lessThan: { $field: "day" } },
          message: "ends before it starts",
        },
        {
          code: "empty-text",
          when: { value: { $field: "b", raw: true }, equals: "" },
          message: 'b is ""',
        },
        { note: "tags", when: { value: { $var: "list" }, exists: true }, count: { $var: "list" } },
      ],
    });
    const run = importWithMapping(m, [
      json("f.json", [
        { n: 1, who: "A", day: "2020-01-02", end: "2020-01-01", a: ["x"], b: ["y", "z"] },
        { n: 2, who: "A", day: "2020-01-02", a: ["x"], b: "" },
        { n: 3, who: "B", day: "2020-01-02", end: "2020-01-03" },
      ]),
    ]);
    const records = await collect(run);
    expect(records.map((r) => r.extensions?.["t:repeats"])).toEqual([undefined, 1, undefined]);
    expect(records.map((r) => (r as { tags?: string[] }).tags)).toEqual([
      ["x", "y", "z"],
      ["x"],
      undefined,
    ]);
    expect(run.summary.warnings).toEqual({ repeat: 1, "ends-early": 1, "empty-text": 1 });
    expect(run.summary.notes.tags).toBe(4);
  });

  it("joins a lookup table to the records and counts what joined nothing", async () => {
    const m = mapping({
      input: { format: "csv" },
      lookups: {
        notes: {
          input: { format: "csv" },
          key: "ref",
          unmatched: { code: "notes-unmatched", message: "notes of rows not imported" },
        },
      },
      records: [
        {
          type: "event",
          record: {
            id: { $template: "t:{ref}" },
            kind: "meeting",
            outcomes: {
              $each: { $lookup: "notes", key: { $field: "ref" } },
              as: "note",
              map: { text: { $var: "note.text" }, kind: "other" },
            },
          },
        },
      ],
    });
    const run = importWithMapping(m, [{ name: "rows.csv", content: "ref,day\n1,2020\n2,2021\n" }], {
      lookups: {
        notes: [{ name: "notes.csv", content: "ref,text\n1,first\n1,second\n9,orphan\n" }],
      },
    });
    const records = await collect(run);
    expect(
      records.map((r) => (r as { outcomes?: { text: string }[] }).outcomes?.map((o) => o.text)),
    ).toEqual([["first", "second"], undefined]);
    expect(run.summary.warnings["notes-unmatched"]).toBe(1);
    expect(run.summary.notes).toMatchObject({
      "notes read": 3,
      "notes joined to an imported record": 2,
    });
  });

  it("refuses a $lookup of a table the mapping does not declare, with a did-you-mean", () => {
    expect(() =>
      mapping({
        input: { format: "csv" },
        lookups: { mentions: { input: { format: "csv" }, key: "id" } },
        records: [
          {
            type: "event",
            record: { id: "t:1", kind: "meeting", tags: { $lookup: "mention", key: "1" } },
          },
        ],
      }),
    ).toThrow(/no lookup is named 'mention' \(did you mean 'mentions'\?\)/);
  });

  it("groups contiguous rows, joins text files by their names, and imports the files nothing joined", async () => {
    // Two sessions of speakers; three transcripts, one for a country that has no speaker row.
    const m = mapping({
      input: { format: "csv", groupBy: "session" },
      lookups: {
        texts: {
          input: { format: "text", fileName: "^(?<iso>[A-Z]{3})_(?<session>\\d+)\\.txt$" },
          key: "{session}|{iso}",
          unmatched: { code: "text-alone", message: "{iso} has no row" },
          orphans: [
            {
              type: "source",
              primary: true,
              record: { id: { $template: "t:text:{iso}" }, kind: "transcript" },
            },
          ],
        },
      },
      records: [
        {
          type: "event",
          record: {
            id: { $template: "t:session:{session}" },
            kind: "meeting",
            participants: {
              $each: { $var: "_rows" },
              as: "row",
              map: {
                unresolved: { name: { $var: "row.name" } },
                citations: [{ source: "t:rows", locator: { $template: "line {row._line}" } }],
                extensions: {
                  "t:text": {
                    $each: { $lookup: "texts", key: { $template: "{row.session}|{row.iso}" } },
                    as: "file",
                    map: { $var: "file.text" },
                    pipe: ["first"],
                  },
                },
              },
            },
          },
        },
      ],
      warnings: [
        {
          forEach: { $var: "_rows" },
          as: "row",
          note: "rows",
          when: { value: { $var: "row.name" }, exists: true },
        },
      ],
    });
    const run = importWithMapping(
      m,
      [{ name: "rows.csv", content: "session,iso,name\n1,FRA,A\n1,DEU,B\n2,FRA,C\n" }],
      {
        lookups: {
          texts: [
            { name: "FRA_1.txt", content: "one two three" },
            { name: "ITA_1.txt", content: "alone" },
            { name: "notes.txt", content: "not a transcript" },
          ],
        },
      },
    );
    const records = await collect(run);
    expect(records.map((r) => r.id)).toEqual(["t:session:1", "t:session:2", "t:text:ITA"]);
    const first = records[0] as { participants: { extensions?: Record<string, unknown> }[] };
    expect(first.participants.map((p) => p.extensions?.["t:text"])).toEqual([
      "one two three",
      undefined,
    ]);
    // Rows are counted one by one; the transcript nothing joined is read and imported on its own.
    expect(run.summary).toMatchObject({ read: 4, imported: 4 });
    expect(run.summary.notes.rows).toBe(3);
    expect(run.summary.warnings["text-alone"]).toBe(1);
    // A file whose name is not of the pattern is another source's, not a transcript.
    expect(run.summary.files.find((f) => f.file === "notes.txt")?.skipped).toMatch(
      /does not match/,
    );
  });
});
