import type { CellValue, TableRow } from "@parley/sdk";
import sqlite from "node-sqlite3-wasm";
import { createTable, referenceIndexes } from "./ddl";
import {
  columnDescriptionRows,
  DESCRIPTION_COLUMNS,
  DESCRIPTIONS_TABLE,
  ident,
  type SqlTable,
  sqlTables,
  VIEWS,
} from "./layout";
import { DuplicateIdError, rowValues, type TableWriter } from "./writer";

/**
 * SQLite through node-sqlite3-wasm: SQLite compiled to WebAssembly, shipped inside its npm
 * package, writing a real file. better-sqlite3 is faster but installs a prebuilt binary from
 * GitHub or compiles SQLite with a C++ toolchain, which fails wherever only the npm registry
 * is reachable or no compiler is installed; node:sqlite needs Node 22.
 */
const BATCH = 100;

type SqlValue = string | number | null;

function sqlValue(value: CellValue | undefined): SqlValue {
  if (value === undefined) return null;
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

export class SqliteWriter implements TableWriter {
  readonly #db: sqlite.Database;
  readonly #tables = new Map<string, { table: SqlTable; pending: SqlValue[][] }>();
  readonly #statements = new Map<string, sqlite.Statement>();

  constructor(path: string) {
    this.#db = new sqlite.Database(path);
    // The file is a temporary sibling renamed on success: no journal is needed, and one
    // transaction around the whole load keeps it fast. Foreign keys are declared but not
    // checked on load (a record may name one that comes later in the file, or none at all:
    // `PRAGMA foreign_key_check` lists those, as `parley validate` does).
    this.#db.exec(
      "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF; BEGIN",
    );
    for (const table of sqlTables()) {
      const foreignKeys = new Set(table.columns.filter((c) => c.references).map((c) => c.name));
      this.#db.exec(createTable("sqlite", table, { constraints: true, foreignKeys }));
      this.#tables.set(table.name, { table, pending: [] });
    }
  }

  row(tableName: string, row: TableRow): void {
    const entry = this.#tables.get(tableName);
    if (!entry) throw new Error(`no table ${tableName}`);
    entry.pending.push(rowValues(entry.table, row).map(sqlValue));
    if (entry.pending.length >= BATCH) this.#flush(entry);
  }

  #statement(table: SqlTable, rows: number): sqlite.Statement {
    const key = `${table.name}\u0000${rows}`;
    let statement = this.#statements.get(key);
    if (!statement) {
      const values = `(${table.columns.map(() => "?").join(", ")})`;
      statement = this.#db.prepare(
        `INSERT INTO ${ident(table.name)} VALUES ${Array(rows).fill(values).join(", ")}`,
      );
      this.#statements.set(key, statement);
    }
    return statement;
  }

  #flush(entry: { table: SqlTable; pending: SqlValue[][] }): void {
    if (entry.pending.length === 0) return;
    const rows = entry.pending;
    entry.pending = [];
    try {
      this.#statement(entry.table, rows.length).run(rows.flat());
    } catch (error) {
      if (!/UNIQUE constraint/.test(String(error))) throw error;
      // Find the row that repeats a key, to name it.
      for (const row of rows) {
        try {
          this.#statement(entry.table, 1).run(row);
        } catch (single) {
          if (/UNIQUE constraint/.test(String(single)))
            throw new DuplicateIdError(entry.table.name, String(row[0]));
          throw single;
        }
      }
      throw error;
    }
  }

  async finish(): Promise<void> {
    for (const entry of this.#tables.values()) this.#flush(entry);
    for (const statement of this.#statements.values()) statement.finalize();
    this.#statements.clear();
    for (const table of sqlTables()) for (const sql of referenceIndexes(table)) this.#db.exec(sql);
    for (const view of VIEWS)
      this.#db.exec(`CREATE VIEW ${ident(view.name)} AS -- ${view.description}\n${view.sql}`);
    this.#db.exec(
      `CREATE TABLE ${ident(DESCRIPTIONS_TABLE)} ( -- What every table, view and column of this database holds, from the Parley schema.\n${Object.entries(
        DESCRIPTION_COLUMNS,
      )
        .map(([column, description]) => `  ${column} TEXT NOT NULL, -- ${description}`)
        .join("\n")}\n  PRIMARY KEY (table_name, column_name)\n)`,
    );
    const insert = this.#db.prepare(`INSERT INTO ${ident(DESCRIPTIONS_TABLE)} VALUES (?, ?, ?, ?)`);
    for (const row of columnDescriptionRows())
      insert.run([row.table, row.column, row.type, row.description]);
    insert.finalize();
    this.#db.exec("COMMIT; ANALYZE");
    this.#db.close();
  }

  abort(): void {
    try {
      for (const statement of this.#statements.values()) statement.finalize();
      this.#db.close();
    } catch {
      // Closing after a failure is best effort: the temporary file is removed anyway.
    }
  }
}
