import type { Command } from "../command";

export const stats: Command = {
  name: "stats",
  summary:
    "What a dataset contains: records by type, events by kind, mode, year and country, top participants, dates, sources, field fill rates",
  usage: "parley stats [--format table|json|markdown] <dataset|tables-dir|database>",
  description: [
    "Input: a JSON document, an NDJSON file (read a line at a time, so any size), a directory of CSV tables, or a SQLite or DuckDB file written by `parley export`.",
    "Prints records by type; events by kind, mode, year, participating country and location country; the date precision of events and how many have inferred, approximate or uncertain dates; participants by kind and how many are unresolved; the top persons, organizations, formats and quote speakers; sources by kind, citations and reporting chains; and for each record type how many records fill each field. The same figures as `dataset.stats()` in @parley/sdk. Every record is counted, valid or not: `parley validate` says which are valid.",
  ].join("\n\n"),
  options: {
    format: {
      type: "string",
      valueName: "<table|json|markdown>",
      description:
        "table: aligned columns for a terminal (default); json: every figure (long lists in full); markdown: the tables as Markdown, for a README or an issue.",
    },
  },
  examples: [
    "parley stats examples/seed/seed.json",
    "parley stats --format markdown examples/seed/seed.ndjson",
  ],
  async run(args, ctx) {
    // The body and what it alone needs load when the command runs: the others start without it.
    return (await import("./stats-run")).runStats(args, ctx);
  },
};
