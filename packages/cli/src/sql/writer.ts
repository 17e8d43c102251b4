import type { CellValue, TableRow } from "@parley/sdk";
import type { SqlTable } from "./layout";

/** Receives a dataset's rows table by table, in any order, and writes them out on `finish`. */
export interface TableWriter {
  row(table: string, row: TableRow): void;
  /** Writes what is left, then the indexes, views and descriptions; closes the output. */
  finish(): Promise<unknown>;
  /** Stops after a failure; the caller removes the temporary output. */
  abort(): Promise<void> | void;
}

/** Two records of one type with the same id: the primary key cannot hold them. */
export class DuplicateIdError extends Error {
  constructor(
    readonly table: string,
    readonly id: string,
  ) {
    super(
      `two rows of ${table} have the key '${id}': a database export needs unique record ids (run 'parley validate' to list the duplicates)`,
    );
    this.name = "DuplicateIdError";
  }
}

/**
 * A row's values in the table's column order; absent values are undefined, except in a key
 * column that cannot be NULL (citations.path: '' for a record's own citations).
 */
export function rowValues(table: SqlTable, row: TableRow): (CellValue | undefined)[] {
  return table.columns.map((column) => {
    const value = row[column.name];
    return value === undefined && column.absentAs !== undefined ? column.absentAs : value;
  });
}
