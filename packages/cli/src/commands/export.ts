import { join, resolve } from "node:path";
import {
  type CsvTables,
  CsvTablesError,
  csvTablesToDataset,
  datasetToCsvTables,
  ParleyDataset,
  parseDataset,
  type TableDataset,
} from "@parley/sdk";
import { withOutputs } from "../atomic-output";
import type { Command } from "../command";
import type { CliContext } from "../context";
import { CliError, oneLine, UnreadableInputError, UsageError } from "../errors";
import { ExitCode } from "../exit-codes";
import { type InputSpec, inputSpecs, isTablesDirectory, readCsvTablesDirectory } from "../inputs";
import { DATABASE_TARGETS, type DatabaseTarget, exportDatabase } from "../sql/export";
import { databaseKind, readDatabase } from "../sql/read";
import { streamNdjson } from "../sql/stream";
import {
  deepestNesting,
  emptyInputMessage,
  MAX_DATASET_NESTING,
  nestingMessage,
  readText,
  type TextInputOptions,
} from "../text-input";

const HINT = "Run 'parley export --help' for its options.";
const TARGETS = ["csv", "json", "ndjson", ...DATABASE_TARGETS] as const;
type Target = (typeof TARGETS)[number];

/**
 * Reads a dataset from a JSON document, an NDJSON file (either maybe gzip), a directory of CSV
 * tables, or a SQLite or DuckDB file written by `--to sqlite|duckdb`.
 */
export async function readInput(
  spec: InputSpec,
  ctx: CliContext,
): Promise<{ dataset: TableDataset; problems: string[] }> {
  const name = spec.name;
  const tables = spec.path !== undefined && (await isTablesDirectory(spec));
  const database = spec.path !== undefined && !tables ? databaseKind(spec.path) : undefined;
  if (spec.path !== undefined && (tables || database)) {
    const result = database
      ? await readDatabase(spec.path, name, database)
      : csvTablesToDataset(await readCsvTablesDirectory(spec.path, name));
    return {
      dataset: result.dataset,
      problems: result.problems.map(
        (p) =>
          `${join(name, p.file)}:${p.row}${p.column ? ` column '${p.column}'` : ""}: ${p.message}`,
      ),
    };
  }
  const text = await readText(spec, ctx.stdin, bomNotes(ctx));
  if (text.trim() === "") throw new UnreadableInputError(emptyInputMessage(name));
  const deep = deepestNesting(text, MAX_DATASET_NESTING);
  if (deep)
    throw new UnreadableInputError(
      `${name}:${deep.line}: ${nestingMessage()}; nothing was exported`,
    );
  let loaded: ReturnType<typeof parseDataset>;
  try {
    loaded = parseDataset(text);
  } catch (error) {
    // A document that is not JSON, or JSON that is not an object: not a dataset at all.
    throw new UnreadableInputError(
      `${name}: ${oneLine((error as Error).message)}; nothing was exported`,
    );
  }
  // Lines that are not JSON objects, or a second header, have no place in the table form.
  const unreadable = loaded.problems.filter((problem) =>
    ["invalid-json", "not-an-object", "misplaced-header"].includes(problem.code),
  );
  if (unreadable.length > 0) {
    throw new UnreadableInputError(
      `${name}${unreadable[0]?.line ? `:${unreadable[0].line}` : ""}: ${unreadable[0]?.message ?? "not JSON"}; nothing was exported`,
    );
  }
  const records = [
    ...loaded.records,
    ...loaded.invalidRecords,
  ] as unknown as TableDataset["records"];
  const { type: _header, ...metadata } = (loaded.metadata ?? {}) as Record<string, unknown>;
  return { dataset: { ...metadata, records } as TableDataset, problems: [] };
}

/** A byte order mark is skipped with a note on stderr, as `validate` does. */
export function bomNotes(ctx: CliContext): TextInputOptions {
  return { onBom: (message) => ctx.stderr.write(`parley: note: ${message}\n`) };
}

/** SQLite, DuckDB, Parquet: NDJSON streams a record at a time; other inputs are read whole first. */
async function exportToDatabase(
  target: DatabaseTarget,
  spec: InputSpec,
  output: string,
  outputName: string,
  ctx: CliContext,
): Promise<ExitCode> {
  let stream =
    spec.path !== undefined
      ? await streamNdjson({ ...spec, path: spec.path }, ctx.stdin, bomNotes(ctx))
      : undefined;
  let problems: string[] = [];
  if (!stream) {
    const read = await readInput(spec, ctx);
    problems = read.problems;
    for (const problem of problems) ctx.stderr.write(`${problem}\n`);
    const { records, ...metadata } = read.dataset;
    stream = {
      metadata,
      records: (async function* () {
        yield* records;
      })(),
    };
  }
  const result = await exportDatabase(target, stream, output, outputName, spec.name);
  for (const { table, column, missing } of result.notes?.unenforced ?? [])
    ctx.stderr.write(
      `parley: note: ${table}."${column}" has ${missing} id(s) that name no record; no foreign key declared for it (parley validate lists them)\n`,
    );
  const form =
    target === "parquet"
      ? "Parquet files"
      : `a ${target === "sqlite" ? "SQLite" : "DuckDB"} database`;
  ctx.stderr.write(
    `wrote ${result.records} records (${result.rows} rows) as ${form} to ${outputName}\n`,
  );
  return problems.length > 0 ? ExitCode.Findings : ExitCode.Ok;
}

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
    const to = args.values.to;
    if (typeof to !== "string" || !(TARGETS as readonly string[]).includes(to)) {
      throw new UsageError(`--to must be one of ${TARGETS.join(", ")}`, HINT);
    }
    const target = to as Target;
    const [input, ...extra] = args.positionals;
    if (!input || extra.length > 0)
      throw new UsageError(
        "give exactly one input: a dataset file or a directory of CSV tables",
        HINT,
      );
    const output =
      typeof args.values.output === "string" ? resolve(ctx.cwd, args.values.output) : undefined;
    if (target === "csv" && !output) throw new UsageError("--to csv needs -o <directory>", HINT);
    const outputName = args.values.output as string;
    if ((DATABASE_TARGETS as readonly string[]).includes(target)) {
      if (!output)
        throw new UsageError(
          `--to ${target} needs -o <${target === "parquet" ? "directory" : "file"}>`,
          HINT,
        );
      const spec = inputSpecs([input], ctx.cwd)[0] as InputSpec;
      return exportToDatabase(target as DatabaseTarget, spec, output, outputName, ctx);
    }

    // The output is opened before the input is read (a wrong path fails at once) and put in
    // place only at the end: an interrupted or failed export leaves the old output or nothing.
    const problems = await withOutputs(async (outputs) => {
      const folder =
        target === "csv"
          ? outputs.directory(output as string, outputName, {
              mayReplace: (entries) => entries.every((entry) => entry.endsWith(".csv")),
              replaceableDescription: "CSV tables only",
            })
          : undefined;
      const file = target !== "csv" && output ? outputs.file(output, outputName) : undefined;

      const { dataset, problems } = await readInput(
        inputSpecs([input], ctx.cwd)[0] as InputSpec,
        ctx,
      );
      for (const problem of problems) ctx.stderr.write(`${problem}\n`);
      // A run that exported nothing has failed: an empty table form is not a dataset.
      if (dataset.records.length === 0)
        throw new UnreadableInputError(
          `${input}: the dataset has no records; nothing was exported`,
        );

      if (folder) {
        let tables: CsvTables;
        try {
          tables = datasetToCsvTables(dataset);
        } catch (error) {
          if (error instanceof CsvTablesError)
            throw new CliError(`${input}: ${error.message}`, ExitCode.Findings);
          throw error;
        }
        for (const [name, text] of Object.entries(tables)) await folder.writeFile(name, text);
        ctx.stderr.write(
          `wrote ${Object.keys(tables).length} CSV tables (${dataset.records.length} records) to ${output}\n`,
        );
      } else {
        const { records, ...metadata } = dataset;
        const loaded = ParleyDataset.fromRecords(records, metadata);
        const text =
          target === "json"
            ? `${JSON.stringify({ ...metadata, records }, null, 2)}\n`
            : loaded.toNdjson();
        if (file) await file.write(text);
        else ctx.stdout.write(text);
      }
      return problems;
    });
    return problems.length > 0 ? ExitCode.Findings : ExitCode.Ok;
  },
};
