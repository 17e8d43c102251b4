import type { Command } from "../command";

export const exportCommand: Command = {
  name: "export",
  summary:
    "Convert a dataset between JSON, NDJSON, CSV tables, SQLite, DuckDB and Parquet (one table per record type plus link tables)",
  usage:
    "parley export --to <csv|json|ndjson|sqlite|duckdb|parquet> <dataset|tables-dir|database> [-o <file|dir>]",
  description: [
    "Input: a JSON document, an NDJSON file, or a directory of CSV tables (docs/csv-tables.md).",
    "--to csv writes the table form into the directory given with -o: dataset.csv, events.csv, persons.csv, … one file per record type, link tables such as event_participants.csv, and citations.csv. Cells that a spreadsheet would run as a formula (= + - @) start with an apostrophe; reading the tables back removes it, so JSON -> CSV -> JSON is lossless.",
    "--to sqlite / --to duckdb write one database file (-o) with the same tables, plus primary keys, foreign keys, an index on every reference column, column descriptions from the schema (DuckDB comments; in SQLite the CREATE TABLE comments and the _parley_columns table, in both) and the views events_with_participants, event_countries, quotes_with_speaker_and_event and sources_with_reporting_chain. --to parquet writes one .parquet file per table into the directory -o. NDJSON input streams, a record at a time, so a dataset of any size exports in bounded memory (docs/sql-export.md).",
    "--to json / --to ndjson write the dataset form to -o, or to stdout; the input may also be a SQLite or DuckDB file written by --to sqlite/duckdb. Reading CSV tables or a database reports every cell it cannot read with its file (table), row and column; use `parley validate` on the result for the standard's rules.",
  ].join("\n\n"),
  options: {
    to: {
      type: "string",
      valueName: "<csv|json|ndjson|sqlite|duckdb|parquet>",
      description: "The form to write.",
    },
    output: {
      type: "string",
      short: "o",
      valueName: "<file|dir>",
      description:
        "Where to write: a directory for csv and parquet (created), a file for sqlite and duckdb, a file for json/ndjson (default stdout).",
    },
  },
  examples: [
    "parley export --to csv examples/seed/seed.json -o seed-tables/",
    "parley export --to json seed-tables/ -o seed.json",
    "parley export --to sqlite examples/seed/seed.json -o seed.db",
    "parley export --to ndjson seed.db -o seed.ndjson",
  ],
  async run(args, ctx) {
    // The body and what it alone needs load when the command runs: the others start without it.
    return (await import("./export-run")).runExport(args, ctx);
  },
};
