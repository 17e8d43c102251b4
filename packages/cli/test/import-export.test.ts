import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SCHEMA_VERSION } from "@parley/schema";
import { describe, expect, it } from "vitest";
import { parley, repoRoot, STACK_LINE, seedJson, tempDir } from "./helpers";

/** Small fixtures of @parley/importers (licence notes in its test/fixtures/README.md). */
const fixtures = join(repoRoot, "packages", "importers", "test", "fixtures");

function ndjsonRecords(text: string): { type: string; id: string }[] {
  return text
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line))
    .filter((line) => line.type !== "dataset");
}

describe("parley import", () => {
  it("writes an NDJSON dataset and prints the summary to stderr; the output validates", async () => {
    const dir = tempDir();
    const out = join(dir, "plover.ndjson");
    const result = await parley([
      "import",
      "plover",
      join(fixtures, "plover", "plover-gsr-slice.json"),
      "-o",
      out,
    ]);
    expect(result.code).toBe(0);
    // The fixture: 15 elements, 11 CONSULT; the summary line is the importer's.
    expect(result.stderr).toContain("plover: read 15, imported 11, skipped 4");
    const text = readFileSync(out, "utf8");
    expect(JSON.parse(text.split("\n")[0] as string)).toMatchObject({
      type: "dataset",
      schemaVersion: SCHEMA_VERSION,
      license: "CC-BY-SA-4.0",
    });
    expect(ndjsonRecords(text).filter((record) => record.type === "event")).toHaveLength(11);
    const validated = await parley(["validate", out]);
    expect(validated.code).toBe(0);
  });

  it("expands a directory to the files of the format (ungdc: the CSV and the speeches)", async () => {
    const dir = tempDir();
    const out = join(dir, "ungdc.ndjson");
    const result = await parley([
      "import",
      "ungdc",
      join(fixtures, "ungdc", "speakers-slice.csv"),
      join(fixtures, "ungdc", "speeches"),
      "-o",
      out,
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("3  speeches joined to a speaker row");
    // The three speeches are of session 78: that debate is imported, not the 14 other sessions.
    expect(
      ndjsonRecords(readFileSync(out, "utf8")).filter((record) => record.type === "event"),
    ).toHaveLength(1);
  });

  it("takes the GDELT mentions table with --mentions", async () => {
    const result = await parley([
      "import",
      "gdelt",
      join(fixtures, "gdelt", "export-first-300.tsv"),
      "--mentions",
      join(fixtures, "gdelt", "mentions-synthetic.csv"),
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("1  mentions joined to an imported record");
    expect(ndjsonRecords(result.stdout).filter((record) => record.type === "event")).toHaveLength(
      85,
    );
  });

  it("refuses an unknown format and a missing file with a clear message and no stack trace", async () => {
    const unknown = await parley(["import", "acled", "x.csv"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /unknown import format 'acled' \(one of hsg-travels, plover, gdelt, ungdc, hsg-visits; or --mapping <file>\)/,
    );
    const missing = await parley(["import", "plover", "no-such-file.json"]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain("no-such-file.json: no such file");
    expect(missing.stderr).not.toMatch(STACK_LINE);
  });
});

describe("parley validate on CSV tables", () => {
  // People who keep data in spreadsheets validate the tables themselves, and the finding must
  // point at the cell they edited, not at a JSON document they never saw.
  it("validates a tables directory and points a finding at its file, row and column", async () => {
    const tables = join(tempDir(), "tables");
    await parley(["export", "--to", "csv", seedJson, "-o", tables]);
    expect((await parley(["validate", tables])).code).toBe(0);
    const events = join(tables, "events.csv");
    writeFileSync(
      events,
      readFileSync(events, "utf8").replace(",meeting,in-person,", ",banquet,in-person,"),
    );
    for (const jobs of ["1", "2"]) {
      const result = await parley(["validate", tables, "--no-color", "--jobs", jobs]);
      expect(result.code).toBe(1);
      // Row 2 is the meeting (row 1 is the header); kind is the 11th column, after id,
      // schemaVersion, extensions and (since standard 1.2) the seven coding columns.
      expect(result.stdout).toContain(`${events}:2:11  error  schema-enum`);
    }
  });
});

describe("parley export", () => {
  it("writes the seed as CSV tables and reads them back to the same dataset", async () => {
    const dir = tempDir();
    const tables = join(dir, "tables");
    const toCsv = await parley(["export", "--to", "csv", seedJson, "-o", tables]);
    expect(toCsv.code).toBe(0);
    expect(readdirSync(tables)).toEqual(
      expect.arrayContaining([
        "events.csv",
        "event_participants.csv",
        "citations.csv",
        "dataset.csv",
      ]),
    );
    const back = join(dir, "seed.json");
    const toJson = await parley(["export", "--to", "json", tables, "-o", back]);
    expect(toJson.code).toBe(0);
    const original = JSON.parse(readFileSync(seedJson, "utf8"));
    const roundTripped = JSON.parse(readFileSync(back, "utf8"));
    const byId = (records: { id: string }[]) =>
      [...records].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(roundTripped.records)).toEqual(byId(original.records));
    expect({ ...roundTripped, records: [] }).toEqual({ ...original, records: [] });
  });

  it("reports a cell it cannot read with file, row and column, and exits 1", async () => {
    const dir = tempDir();
    const tables = join(dir, "tables");
    await parley(["export", "--to", "csv", seedJson, "-o", tables]);
    writeFileSync(join(tables, "events.csv"), "id,kind,ordinal\r\ne1,meeting,first\r\n");
    const result = await parley(["export", "--to", "ndjson", tables]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("events.csv:2 column 'ordinal': 'first' is not a number");
  });
});
