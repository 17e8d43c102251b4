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
import type { ParsedArgs } from "../command";
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

/** Runs `parley export` (its options and help: ./export.ts). */
export async function runExport(args: ParsedArgs, ctx: CliContext): Promise<ExitCode> {
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
      throw new UnreadableInputError(`${input}: the dataset has no records; nothing was exported`);

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
}
