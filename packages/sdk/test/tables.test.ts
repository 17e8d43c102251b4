import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CsvTablesError,
  csvTablesToDataset,
  datasetToCsvTables,
  neutraliseCell,
  restoreCell,
  type TableDataset,
  tableFileNames,
  tablesLayout,
} from "../src/tables/index";
import { arbitraryDataset, asJson, byTypeThenPosition } from "./table-arbitraries";

const seedPath = new URL("../../../examples/seed/seed.json", import.meta.url);
const seed = JSON.parse(readFileSync(seedPath, "utf8")) as TableDataset;

describe("CSV tables: layout", () => {
  it("has one table per record type and the link tables the issue names", () => {
    const files = tableFileNames();
    for (const file of [
      "events.csv",
      "persons.csv",
      "organizations.csv",
      "formats.csv",
      "quotes.csv",
      "sources.csv",
    ]) {
      expect(files).toContain(file);
    }
    // participants, citations and members are link tables, not cells.
    expect(files).toEqual(
      expect.arrayContaining([
        "event_participants.csv",
        "citations.csv",
        "organization_members.csv",
        "format_members.csv",
      ]),
    );
  });

  it("is documented: docs/csv-tables.md lists every table with its columns", () => {
    const doc = readFileSync(new URL("../../../docs/csv-tables.md", import.meta.url), "utf8");
    const layout = tablesLayout();
    const tables = [
      { name: "dataset", columns: layout.dataset.columns },
      ...layout.records,
      ...layout.links,
      { name: "citations", columns: layout.citations.columns },
    ];
    for (const table of tables) {
      const row = doc.split("\n").find((line) => line.startsWith(`| \`${table.name}.csv\` |`));
      expect(row, `${table.name}.csv is not in docs/csv-tables.md`).toBeDefined();
      for (const column of table.columns)
        expect(row, `${table.name}.csv`).toContain(`\`${column.name}\``);
    }
  });

  it("flattens nested objects into dotted columns and keeps code lists in one cell", () => {
    const events = tablesLayout().records.find((table) => table.recordType === "event");
    const names = events?.columns.map((column) => column.name) ?? [];
    expect(names).toEqual(
      expect.arrayContaining([
        "id",
        "location.country",
        "date.value",
        "date.inferred",
        "topics",
        "extensions",
        "_empty",
      ]),
    );
    expect(names).not.toContain("participants");
  });
});

describe("CSV tables: spreadsheet safety", () => {
  it.each(['=HYPERLINK("http://x")', "+1", "-cmd", "@SUM(A1)", "'quoted", "\tTab", "\rCR"])(
    "neutralises '%s' with a leading apostrophe and restores it exactly",
    (text) => {
      const cell = neutraliseCell(text);
      expect(cell.startsWith("'")).toBe(true);
      expect(restoreCell(cell)).toBe(text);
    },
  );

  it("leaves plain numbers and ordinary text alone", () => {
    expect(neutraliseCell("-3.5")).toBe("-3.5");
    expect(neutraliseCell("Moscow")).toBe("Moscow");
  });

  it("tells the empty string from an absent value", () => {
    expect(neutraliseCell("")).toBe("'");
    expect(restoreCell("'")).toBe("");
    expect(restoreCell("")).toBeUndefined();
  });

  it("no cell of an exported file starts with a formula character", () => {
    const dataset: TableDataset = {
      schemaVersion: "1.0",
      title: "=cmd|' /C calc'!A0",
      records: [
        { type: "event", id: "e1", kind: "meeting", title: "@SUM(1+1)", tags: ["+tag", "-tag"] },
      ],
    };
    const tables = datasetToCsvTables(dataset);
    for (const [file, text] of Object.entries(tables)) {
      for (const line of text.replace(/^\ufeff/, "").split("\r\n")) {
        for (const cell of line.split(","))
          expect(cell, `${file}: ${line}`).not.toMatch(/^"?[=+@]/);
      }
    }
    expect(asJson(byTypeThenPosition(csvTablesToDataset(tables).dataset))).toEqual(asJson(dataset));
  });
});

describe("CSV tables: the seed", () => {
  it("round-trips the seed dataset exactly", () => {
    const result = csvTablesToDataset(datasetToCsvTables(seed));
    expect(result.problems).toEqual([]);
    expect(byTypeThenPosition(result.dataset)).toEqual(byTypeThenPosition(seed));
  });

  it("writes a table without rows as its header line alone: no blank line for sqlite3 .import to load as a row", () => {
    const tables = datasetToCsvTables(seed);
    const header = tables["person_aliases.csv"] as string;
    expect(header.split("\r\n")).toEqual([header.split("\r\n")[0], ""]);
    expect(header.endsWith(",position,value,lang\r\n")).toBe(true);
    // A table with rows ends with one line break too.
    expect((tables["events.csv"] as string).endsWith("\r\n\r\n")).toBe(false);
  });

  it("locates a field of a participant in event_participants.csv", () => {
    const result = csvTablesToDataset(datasetToCsvTables(seed));
    const event = seed.records.find(
      (record) => record.type === "event" && Array.isArray(record.participants),
    );
    if (!event) throw new Error("the seed has an event with participants");
    expect(result.locate("event", event.id, ["participants", 0, "role"])).toMatchObject({
      file: "event_participants.csv",
      row: 2,
    });
  });
});

describe("CSV tables: reading reports problems with file, row and column", () => {
  it("reports an unknown column and a cell of the wrong type, and reads the rest", () => {
    // A hand-made table with only some of the columns, as a spreadsheet user might keep it.
    const result = csvTablesToDataset({
      "events.csv": "id,kind,ordinal,colour\r\ne1,meeting,two,red\r\n",
    });
    expect(result.problems).toEqual([
      expect.objectContaining({ file: "events.csv", row: 1, column: "colour" }),
      expect.objectContaining({
        file: "events.csv",
        row: 2,
        column: "ordinal",
        message: "'two' is not a number",
      }),
    ]);
    expect(result.dataset.records).toEqual([{ type: "event", id: "e1", kind: "meeting" }]);
  });

  it("reports a link row whose record does not exist", () => {
    const tables = datasetToCsvTables({ schemaVersion: "1.0", title: "t", records: [] });
    tables["event_tags.csv"] = "event_id,position,value\r\nnope,1,Aral Sea\r\n";
    const result = csvTablesToDataset(tables);
    expect(result.problems).toEqual([
      expect.objectContaining({ file: "event_tags.csv", row: 2, column: "event_id" }),
    ]);
  });

  it("refuses to write a field the standard does not define rather than dropping it", () => {
    expect(() =>
      datasetToCsvTables({
        schemaVersion: "1.0",
        records: [{ type: "event", id: "e1", kind: "meeting", colour: "red" }],
      }),
    ).toThrow(CsvTablesError);
  });
});

describe("CSV tables: JSON -> CSV tables -> JSON is lossless", () => {
  it("for any dataset the layout can hold (property)", () => {
    fc.assert(
      fc.property(arbitraryDataset, (dataset) => {
        const result = csvTablesToDataset(datasetToCsvTables(dataset));
        expect(result.problems).toEqual([]);
        expect(asJson(result.dataset)).toEqual(asJson(byTypeThenPosition(dataset)));
      }),
      { numRuns: 150 },
    );
  });
});
