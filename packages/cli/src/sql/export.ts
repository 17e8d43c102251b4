import { mkdirSync, rmSync } from "node:fs";
import { CsvTablesError, datasetMetadataRow, recordTableRows, tablesLayout } from "@parley/sdk";
import { withAtomicDirectory, withAtomicEnginePath } from "../atomic-output";
import { CliError, UnreadableInputError } from "../errors";
import { ExitCode } from "../exit-codes";
import type { DuckDbLoader, DuckDbNotes } from "./duckdb";
import type { DatasetStream } from "./stream";
import { DuplicateIdError, type TableWriter } from "./writer";

export const DATABASE_TARGETS = ["sqlite", "duckdb", "parquet"] as const;
export type DatabaseTarget = (typeof DATABASE_TARGETS)[number];

export interface DatabaseExport {
  records: number;
  rows: number;
  notes?: DuckDbNotes;
}

/**
 * Writes a dataset, streamed a record at a time, as a SQLite or DuckDB file or a directory of
 * Parquet files. The output appears only when everything was written (a temporary sibling is
 * renamed); a dataset without records is an error, as is anything the table form cannot hold.
 */
export async function exportDatabase(
  target: DatabaseTarget,
  dataset: DatasetStream,
  output: string,
  outputName: string,
  inputName: string,
): Promise<DatabaseExport> {
  const write = (temporary: string) => writeDatabase(target, dataset, temporary, inputName);
  return target === "parquet"
    ? withAtomicDirectory(output, outputName, write, {
        mayReplace: (entries) => entries.every((entry) => entry.endsWith(".parquet")),
        replaceableDescription: "Parquet files only",
      })
    : withAtomicEnginePath(output, outputName, write);
}

async function writeDatabase(
  target: DatabaseTarget,
  dataset: DatasetStream,
  temporary: string,
  inputName: string,
): Promise<DatabaseExport> {
  const spill = target === "parquet" ? `${temporary}/.spill` : `${temporary}.spill`;
  let writer: TableWriter | undefined;
  let database: DuckDbLoader | undefined;
  try {
    // The database engines load only when a database is written (see read.ts).
    if (target === "sqlite") writer = new (await import("./sqlite")).SqliteWriter(temporary);
    else {
      mkdirSync(spill, { recursive: true });
      const { DuckDbLoader: Loader } = await import("./duckdb");
      database = await Loader.create(target === "parquet" ? undefined : temporary, spill);
      writer = database;
    }
    const sink: TableWriter = writer;
    let rows = 0;
    const counted = (table: string, row: Parameters<TableWriter["row"]>[1]) => {
      rows += 1;
      sink.row(table, row);
    };
    counted(tablesLayout().dataset.name, datasetMetadataRow(dataset.metadata));
    let records = 0;
    for await (const record of dataset.records) {
      recordTableRows(record, counted);
      records += 1;
    }
    // A run that exported nothing has failed: an empty table form is not a dataset.
    if (records === 0)
      throw new UnreadableInputError(
        `${inputName}: the dataset has no records; nothing was exported`,
      );
    let notes: DuckDbNotes | undefined;
    if (target === "sqlite") await sink.finish();
    else if (target === "duckdb") notes = await (database as DuckDbLoader).finish();
    else {
      await (database as DuckDbLoader).finishParquet(temporary);
    }
    writer = undefined;
    return { records, rows, ...(notes ? { notes } : {}) };
  } catch (error) {
    await writer?.abort();
    if (error instanceof CsvTablesError || error instanceof DuplicateIdError)
      throw new CliError(`${inputName}: ${error.message}; nothing was exported`, ExitCode.Findings);
    throw error;
  } finally {
    rmSync(spill, { recursive: true, force: true });
  }
}
