import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { datasetToCsvTables, parseDataset, type TableDataset } from "@parley/sdk";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportDatabase } from "../src/sql/export";
import { readDatabase } from "../src/sql/read";
import { parley, STACK_LINE, seedJson, tempDir } from "./helpers";

/**
 * The datasets of the SDK's CSV round-trip property, so that every table form is held to the
 * same data. Imported by a path tsc does not follow (it lies outside this package's rootDir).
 */
const arbitraries = new URL("../../sdk/test/table-arbitraries.ts", import.meta.url).href;
const { arbitraryDataset, asJson, byTypeThenPosition } = (await import(arbitraries)) as {
  arbitraryDataset: fc.Arbitrary<TableDataset>;
  asJson<T>(value: T): T;
  byTypeThenPosition(dataset: TableDataset): TableDataset;
};

const seedText = readFileSync(seedJson, "utf8");
const seed = parseDataset(seedText);
const seedDocument = JSON.parse(seedText) as TableDataset;

/** Rows per table as the CSV export writes them: the same layout, so the same counts. */
function csvRowCounts(dataset: TableDataset): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [file, text] of Object.entries(datasetToCsvTables(dataset))) {
    const lines = text.split("\r\n").filter((line) => line !== "");
    // Multi-line cells would break this count; the seed has none (checked below).
    counts[file.replace(/\.csv$/, "")] = lines.length - 1;
  }
  return counts;
}

/** The Debian `sqlite3` shell, as an analyst would run it. .ci/run installs it. */
function sqlite3(database: string, ...sql: string[]): string {
  return execFileSync("sqlite3", ["-bail", database, ...sql], { encoding: "utf8" });
}

function hasSqlite3(): boolean {
  try {
    execFileSync("sqlite3", ["-version"], { encoding: "utf8" });
    return true;
  } catch {
    return false;
  }
}

async function duckdbRows(path: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(
    path,
    path === ":memory:" ? {} : { access_mode: "READ_ONLY" },
  );
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** What the SDK answers for the seed, which each database must answer the same. */
const participants = seed.ofType("event").reduce((n, e) => n + (e.participants?.length ?? 0), 0);
const countries = [
  ...new Set(
    seed
      .ofType("event")
      .flatMap((e) => e.participants ?? [])
      .flatMap((p) => (p.represents && "country" in p.represents ? [p.represents.country] : [])),
  ),
].sort();
const lavrov = "person:sergey-lavrov";

describe("parley export --to sqlite: the sqlite3 shell answers what the SDK answers", () => {
  const dir = mkdtempSync(join(tmpdir(), "parley-sql-"));
  const db = join(dir, "seed.db");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeAll(async () => {
    expect(hasSqlite3(), "the Debian sqlite3 shell is needed (apt-get install sqlite3)").toBe(true);
    const result = await parley(["export", "--to", "sqlite", seedJson, "-o", db]);
    expect(result.stderr).toContain("wrote 23 records");
    expect(result.code).toBe(0);
  }, 60_000);

  it("has every table of the CSV layout with the same number of rows", () => {
    expect(seedText.includes("\\n")).toBe(false); // no multi-line cells: csvRowCounts holds
    for (const [table, rows] of Object.entries(csvRowCounts(seedDocument))) {
      expect(sqlite3(db, `select count(*) from "${table}"`).trim(), table).toBe(String(rows));
    }
    expect(sqlite3(db, "select count(*) from event_participants").trim()).toBe(
      String(participants),
    );
    expect(sqlite3(db, "select count(*) from events").trim()).toBe(
      String(seed.ofType("event").length),
    );
  });

  it("every CSV table loads in the sqlite3 shell (.import) with the rows the database has", async () => {
    // The CSV form is the same layout: each table, imported as an analyst would, holds as many
    // rows as the database table; a header-only table holds none (no phantom blank row).
    const tables = join(dir, "tables");
    expect((await parley(["export", "--to", "csv", seedJson, "-o", tables])).code).toBe(0);
    const files = readdirSync(tables).filter((file) => file.endsWith(".csv"));
    expect(files.length).toBeGreaterThan(20);
    let empty = 0;
    for (const file of files) {
      const table = file.replace(/\.csv$/, "");
      const imported = sqlite3(
        ":memory:",
        `.import --csv ${join(tables, file)} t`,
        "select count(*) from t",
      ).trim();
      const expected = sqlite3(db, `select count(*) from "${table}"`).trim();
      expect(imported, file).toBe(expected);
      if (expected === "0") empty += 1;
    }
    expect(empty).toBeGreaterThan(0); // the seed has header-only tables: the case that matters
  });

  it("answers the SDK's queries through its views", () => {
    const eventsOfCountry = (country: string) =>
      sqlite3(db, `select event_id from event_countries where country = '${country}' order by 1`)
        .trim()
        .split("\n")
        .filter(Boolean);
    expect(
      sqlite3(db, "select distinct country from event_countries order by 1").trim().split("\n"),
    ).toEqual(countries);
    for (const country of countries)
      expect(eventsOfCountry(country)).toEqual(
        seed
          .eventsByParticipant({ country })
          .map((event) => event.id)
          .sort(),
      );
    const quotes = sqlite3(
      db,
      `select quote_id from quotes_with_speaker_and_event where speaker_id = '${lavrov}' order by 1`,
    );
    expect(quotes.trim().split("\n")).toEqual(
      seed
        .quotesBySpeaker(lavrov)
        .map((quote) => quote.id)
        .sort(),
    );
    expect(
      sqlite3(
        db,
        `select distinct speaker_name from quotes_with_speaker_and_event where speaker_id = '${lavrov}'`,
      ).trim(),
    ).toBe("Sergey Lavrov");
    // The reporting chain of the seed article, step by step, as reportingChain() walks it.
    const chain = sqlite3(
      db,
      "select depth, from_source, to_source, relation from sources_with_reporting_chain where source_id = 'source:seed-article' order by depth, from_source, to_source",
    );
    const sdkChain = seed
      .reportingChain("source:seed-article")
      .map((step) => `${step.depth}|${step.from}|${step.to}|${step.relation}`)
      .sort();
    expect(chain.trim().split("\n").sort()).toEqual(sdkChain);
    // A participant's name comes from its person record.
    expect(
      sqlite3(
        db,
        `select participant_name from events_with_participants where participant_id = '${lavrov}' limit 1`,
      ).trim(),
    ).toBe("Sergey Lavrov");
  });

  it("declares keys and indexes, and describes every column from the schema", () => {
    const schema = sqlite3(db, ".schema event_participants");
    expect(schema).toContain('PRIMARY KEY ("event_id", "position")');
    expect(schema).toContain('"person" TEXT REFERENCES "persons"(id), -- The person.');
    expect(schema).toMatch(/CREATE INDEX "event_participants__person"/);
    // Every reference column is indexed or leads a primary key.
    expect(sqlite3(db, "pragma foreign_key_check").trim()).toBe("");
    const undescribed = sqlite3(
      db,
      "select m.name || '.' || c.name from sqlite_master m join pragma_table_info(m.name) c where m.type = 'table' and not exists (select 1 from _parley_columns d where d.table_name = m.name and d.column_name = c.name) and m.name <> '_parley_columns' and m.name not like 'sqlite_%'",
    );
    expect(undescribed.trim()).toBe("");
    expect(
      sqlite3(
        db,
        "select description from _parley_columns where table_name = 'events' and column_name = 'location.country'",
      ),
    ).toMatch(/ISO 3166-1 alpha-3/);
  });

  it("reads back to the same dataset (export --to json from the database)", async () => {
    const back = join(tempDir(), "back.json");
    const result = await parley(["export", "--to", "json", db, "-o", back]);
    expect(result.code).toBe(0);
    expect(JSON.parse(readFileSync(back, "utf8"))).toEqual(byTypeThenPosition(seedDocument));
  });
});

describe("parley export --to duckdb and --to parquet", () => {
  it("DuckDB answers what the SDK answers, with comments on every column, and reads back", async () => {
    const db = join(tempDir(), "seed.duckdb");
    const result = await parley(["export", "--to", "duckdb", seedJson, "-o", db]);
    expect(result.code).toBe(0);
    const [count] = await duckdbRows(db, "select count(*) as n from event_participants");
    expect(Number(count?.n)).toBe(participants);
    const chain = await duckdbRows(
      db,
      "select depth, from_source, to_source from sources_with_reporting_chain where source_id = 'source:seed-article'",
    );
    expect(chain).toHaveLength(seed.reportingChain("source:seed-article").length);
    const uncommented = await duckdbRows(
      db,
      "select table_name, column_name from duckdb_columns() where schema_name = 'main' and comment is null and table_name in (select table_name from duckdb_tables())",
    );
    expect(uncommented).toEqual([]);
    // Every reference column of event_participants is a foreign key (the seed has no dangling
    // id), and the key is (event_id, position).
    const keys = await duckdbRows(
      db,
      "select constraint_type, array_to_string(constraint_column_names, ',') as columns from duckdb_constraints() where constraint_type in ('PRIMARY KEY', 'FOREIGN KEY') and table_name = 'event_participants'",
    );
    expect(keys.map((key) => `${key.constraint_type} ${key.columns}`).sort()).toEqual([
      "FOREIGN KEY event_id",
      "FOREIGN KEY organization",
      "FOREIGN KEY person",
      "FOREIGN KEY post",
      "FOREIGN KEY represents.organization",
      "PRIMARY KEY event_id,position",
    ]);
    const back = join(tempDir(), "back.json");
    expect((await parley(["export", "--to", "json", db, "-o", back])).code).toBe(0);
    expect(JSON.parse(readFileSync(back, "utf8"))).toEqual(byTypeThenPosition(seedDocument));
  });

  it("writes one Parquet file per table that DuckDB reads back with the same rows", async () => {
    const dir = join(tempDir(), "seed-parquet");
    const result = await parley(["export", "--to", "parquet", seedJson, "-o", dir]);
    expect(result.code).toBe(0);
    const counts = csvRowCounts(seedDocument);
    expect(readdirSync(dir).sort()).toEqual(
      [...Object.keys(counts), "_parley_columns"].map((table) => `${table}.parquet`).sort(),
    );
    for (const [table, rows] of Object.entries(counts)) {
      const [read] = await duckdbRows(
        ":memory:",
        `select count(*) as n from read_parquet('${join(dir, `${table}.parquet`)}')`,
      );
      expect(Number(read?.n), table).toBe(rows);
    }
    const [metadata] = await duckdbRows(
      ":memory:",
      `select value from parquet_kv_metadata('${join(dir, "events.parquet")}') where key = 'parley:columns'`,
    );
    expect(JSON.parse(String(metadata?.value))["location.country"]).toMatch(/ISO 3166-1/);
  });
});

describe("database exports of any dataset read back losslessly (property)", () => {
  for (const target of ["sqlite", "duckdb"] as const) {
    it(`JSON -> ${target} -> JSON`, async () => {
      const dir = tempDir();
      let run = 0;
      await fc.assert(
        fc.asyncProperty(arbitraryDataset, async (dataset) => {
          fc.pre(dataset.records.length > 0); // an export of nothing is refused
          const { records, ...metadata } = dataset;
          run += 1;
          const output = join(dir, `${run}.${target}`);
          await exportDatabase(
            target,
            {
              metadata,
              records: (async function* () {
                yield* records;
              })(),
            },
            output,
            output,
            "dataset",
          );
          const back = await readDatabase(output, "db", target);
          expect(back.problems).toEqual([]);
          expect(asJson(back.dataset)).toEqual(asJson(byTypeThenPosition(dataset)));
        }),
        { numRuns: target === "sqlite" ? 40 : 12 },
      );
    }, 300_000);
  }
});

describe("database exports refuse what they cannot write, leaving nothing behind", () => {
  it("a dataset without records exports nothing and fails", async () => {
    const dir = tempDir();
    const empty = join(dir, "empty.ndjson");
    writeFileSync(empty, '{"type":"dataset","schemaVersion":"1.0","title":"t"}\n');
    const result = await parley(["export", "--to", "sqlite", empty, "-o", join(dir, "x.db")]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("no records; nothing was exported");
    expect(readdirSync(dir)).toEqual(["empty.ndjson"]);
  });

  it("two records with one id: names the id, keeps the old output", async () => {
    const dir = tempDir();
    const input = join(dir, "dup.ndjson");
    writeFileSync(
      input,
      [
        '{"type":"event","id":"e1","kind":"meeting"}',
        '{"type":"event","id":"e2","kind":"call"}',
        '{"type":"event","id":"e1","kind":"visit"}',
      ].join("\n"),
    );
    const output = join(dir, "out.db");
    writeFileSync(output, "old");
    for (const target of ["sqlite", "duckdb"]) {
      const result = await parley(["export", "--to", target, input, "-o", output]);
      expect(result.code, target).toBe(1);
      expect(result.stderr).toContain("'e1'");
      expect(result.stderr).not.toMatch(STACK_LINE);
      expect(readFileSync(output, "utf8")).toBe("old");
      expect(readdirSync(dir).sort()).toEqual(["dup.ndjson", "out.db"]);
    }
  });

  it("a broken NDJSON line stops the export with its line number", async () => {
    const dir = tempDir();
    const input = join(dir, "broken.ndjson");
    writeFileSync(input, '{"type":"event","id":"e1","kind":"meeting"}\n{"type":"event",\n');
    const result = await parley(["export", "--to", "sqlite", input, "-o", join(dir, "x.db")]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("broken.ndjson:2");
    expect(existsSync(join(dir, "x.db"))).toBe(false);
  });

  it("an output in a missing folder is a clear error, not a crash", async () => {
    const result = await parley([
      "export",
      "--to",
      "sqlite",
      seedJson,
      "-o",
      join(tempDir(), "no", "such", "x.db"),
    ]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("cannot write");
    expect(result.stderr).not.toMatch(STACK_LINE);
  });

  it("a dataset with dangling references still exports; DuckDB leaves out those foreign keys and says so", async () => {
    const dir = tempDir();
    const input = join(dir, "dangling.ndjson");
    writeFileSync(
      input,
      '{"type":"event","id":"e1","kind":"meeting","participants":[{"person":"p-missing"}]}\n',
    );
    const result = await parley(["export", "--to", "duckdb", input, "-o", join(dir, "x.duckdb")]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('event_participants."person" has 1 id(s) that name no record');
  });
});
