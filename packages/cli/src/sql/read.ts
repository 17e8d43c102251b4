import { closeSync, openSync, readSync } from "node:fs";
import type { DuckDBInstance } from "@duckdb/node-api";
import {
  neutraliseCell,
  type ReadTablesResult,
  type TableSheet,
  tableSheetsToDataset,
} from "@parley/sdk";
import type sqlite from "node-sqlite3-wasm";
import { UnreadableInputError } from "../errors";
import { ident, type SqlTable, sqlTables } from "./layout";

export type DatabaseKind = "sqlite" | "duckdb";

/** Tells a SQLite or DuckDB file by its first bytes (their documented file headers). */
export function databaseKind(path: string): DatabaseKind | undefined {
  const header = Buffer.alloc(16);
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    readSync(fd, header, 0, 16, 0);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (header.toString("latin1", 0, 16) === "SQLite format 3\u0000") return "sqlite";
  if (header.toString("latin1", 8, 12) === "DUCK") return "duckdb";
  return undefined;
}

/** A database value as a cell of the table form (what CSV would hold). */
function cellOf(table: SqlTable, columnName: string, value: unknown): string {
  const column = table.columns.find((candidate) => candidate.name === columnName);
  if (value === null || value === undefined) return "";
  if (column?.type === "boolean" && typeof value !== "boolean") return value ? "true" : "false";
  if (value === column?.absentAs) return "";
  if (typeof value === "string") return neutraliseCell(value);
  return String(value);
}

function toSheet(table: SqlTable, header: string[], rows: unknown[][]): TableSheet {
  return {
    file: table.name,
    header,
    rows: rows.map((values, index) => ({
      row: index + 2,
      cells: values.map((value, column) => cellOf(table, header[column] as string, value)),
    })),
  };
}

function orderBy(table: SqlTable): string {
  return table.primaryKey.length > 0 ? ` ORDER BY ${table.primaryKey.map(ident).join(", ")}` : "";
}

/**
 * Reads a database written by `parley export --to sqlite|duckdb` back into a dataset, through
 * the same reader as CSV tables: every cell it cannot read is a problem naming table and row.
 * Record tables are read in insertion order (rowid), link tables by their keys.
 */
export async function readDatabase(
  path: string,
  name: string,
  kind: DatabaseKind,
): Promise<ReadTablesResult> {
  const sheets: Record<string, TableSheet> = {};
  if (kind === "sqlite") {
    // The database engines load only here, when a database is read: every other command (a
    // `parley validate` above all) would pay their start-up time and tens of MB of memory.
    const { Database } = (await import("node-sqlite3-wasm")).default;
    let db: sqlite.Database;
    try {
      db = new Database(path, { readOnly: true, fileMustExist: true });
    } catch (error) {
      throw new UnreadableInputError(`${name}: ${(error as Error).message}`);
    }
    try {
      const present = new Set(
        db
          .all("SELECT name FROM sqlite_master WHERE type = 'table'")
          .map((row) => String(row.name)),
      );
      for (const table of sqlTables()) {
        if (!present.has(table.name)) continue;
        const statement = db.prepare(
          `SELECT * FROM ${ident(table.name)}${table.primaryKey[0] === "id" ? " ORDER BY rowid" : orderBy(table)}`,
        );
        const rows = statement.all() as Record<string, unknown>[];
        statement.finalize();
        const header =
          rows.length > 0
            ? Object.keys(rows[0] as object)
            : db.all(`PRAGMA table_info(${ident(table.name)})`).map((row) => String(row.name));
        sheets[table.name] = toSheet(
          table,
          header,
          rows.map((row) => header.map((column) => row[column])),
        );
      }
    } finally {
      db.close();
    }
  } else {
    const { DuckDBInstance: Instance } = await import("@duckdb/node-api");
    let instance: DuckDBInstance;
    try {
      instance = await Instance.create(path, { access_mode: "READ_ONLY" });
    } catch (error) {
      throw new UnreadableInputError(`${name}: ${(error as Error).message}`);
    }
    const connection = await instance.connect();
    try {
      const present = new Set(
        (await connection.runAndReadAll("SELECT table_name FROM duckdb_tables()"))
          .getRows()
          .map((row) => String(row[0])),
      );
      for (const table of sqlTables()) {
        if (!present.has(table.name)) continue;
        // DuckDB keeps insertion order for a plain scan (preserve_insertion_order).
        const reader = await connection.runAndReadAll(
          `SELECT * FROM ${ident(table.name)}${table.primaryKey[0] === "id" ? "" : orderBy(table)}`,
        );
        sheets[table.name] = toSheet(table, reader.columnNames(), reader.getRows() as unknown[][]);
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  }
  if (Object.keys(sheets).length === 0)
    throw new UnreadableInputError(`${name}: a database without Parley tables`);
  return tableSheetsToDataset(sheets);
}
