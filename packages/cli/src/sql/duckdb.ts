import { join } from "node:path";
import { type DuckDBAppender, type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import type { CellValue, TableRow } from "@parley/sdk";
import { createTable, referenceIndexes } from "./ddl";
import {
  columnDescriptionRows,
  creationOrder,
  DESCRIPTION_COLUMNS,
  DESCRIPTIONS_TABLE,
  ident,
  literal,
  type SqlColumn,
  type SqlTable,
  sqlTables,
  VIEWS,
} from "./layout";
import { DuplicateIdError, rowValues, type TableWriter } from "./writer";

/**
 * Staging tables take the rows as they stream in, without constraints (DuckDB's appender is
 * fastest so), in a scratch database beside the output: the output then holds only the
 * final tables, not the space the staging ones took.
 */
const stagingTable = (name: string) => `load.${ident(name)}`;

/**
 * DuckDB caps its own memory; past the cap it spills to a temporary directory beside the
 * output, so a dataset of any size loads in bounded memory.
 */
const MEMORY_LIMIT = "512MB";

export interface DuckDbNotes {
  /** Reference columns without a FOREIGN KEY because some of their ids name no record. */
  unenforced: { table: string; column: string; missing: number }[];
}

function append(appender: DuckDBAppender, column: SqlColumn, value: CellValue | undefined): void {
  if (value === undefined) appender.appendNull();
  else if (column.type === "boolean") appender.appendBoolean(value as boolean);
  else if (column.type === "number") appender.appendDouble(value as number);
  else if (column.type === "integer") appender.appendInteger(value as number);
  else appender.appendVarchar(value as string);
}

/**
 * Loads a dataset's rows into DuckDB, then finishes either as a DuckDB database (tables with
 * primary keys, foreign keys, indexes, comments and views) or as Parquet files.
 */
export class DuckDbLoader implements TableWriter {
  readonly #instance: DuckDBInstance;
  readonly #connection: DuckDBConnection;
  readonly #appenders: Map<string, { table: SqlTable; appender: DuckDBAppender }>;

  private constructor(
    instance: DuckDBInstance,
    connection: DuckDBConnection,
    appenders: Map<string, { table: SqlTable; appender: DuckDBAppender }>,
  ) {
    this.#instance = instance;
    this.#connection = connection;
    this.#appenders = appenders;
  }

  /**
   * Opens (creates) the database file at `path` (in memory when undefined: Parquet); `spill`
   * is a directory for the staging database and for DuckDB's overflow.
   */
  static async create(path: string | undefined, spill: string): Promise<DuckDbLoader> {
    const instance = await DuckDBInstance.create(path ?? ":memory:", {
      memory_limit: MEMORY_LIMIT,
      temp_directory: spill,
      threads: "2",
      preserve_insertion_order: "true",
    });
    const connection = await instance.connect();
    await connection.run(`ATTACH ${literal(join(spill, "load.duckdb"))} AS load`);
    const appenders = new Map<string, { table: SqlTable; appender: DuckDBAppender }>();
    for (const table of sqlTables()) {
      await connection.run(
        createTable("duckdb", table, { constraints: false }).replace(
          /^CREATE TABLE /,
          "CREATE TABLE load.",
        ),
      );
      appenders.set(table.name, {
        table,
        appender: await connection.createAppender(table.name, "main", "load"),
      });
    }
    return new DuckDbLoader(instance, connection, appenders);
  }

  row(tableName: string, row: TableRow): void {
    const entry = this.#appenders.get(tableName);
    if (!entry) throw new Error(`no table ${tableName}`);
    const values = rowValues(entry.table, row);
    entry.table.columns.forEach((column, index) => {
      append(entry.appender, column, values[index]);
    });
    entry.appender.endRow();
  }

  async #closeAppenders(): Promise<void> {
    for (const { appender } of this.#appenders.values()) appender.closeSync();
  }

  async #count(sql: string): Promise<number> {
    const reader = await this.#connection.runAndReadAll(sql);
    return Number(reader.getRows()[0]?.[0] ?? 0);
  }

  /** Finishes as a DuckDB database: the constrained tables are filled from the staging ones. */
  async finish(): Promise<DuckDbNotes> {
    await this.#closeAppenders();
    const notes: DuckDbNotes = { unenforced: [] };
    const run = (sql: string) => this.#connection.run(sql);
    const order = creationOrder();
    for (const table of order.tables) {
      const staging = stagingTable(table.name);
      // DuckDB enforces foreign keys: declare one only where every id names a record (a
      // dataset with dangling references still exports; `parley validate` reports them).
      // A table referring to itself gets none: DuckDB cannot check those on insert.
      const foreignKeys = new Set<string>();
      for (const column of table.columns) {
        if (!column.references || column.references === table.name) continue;
        // The reference that closes a cycle of tables (always the same, see creationOrder)
        // gets none either: DuckDB could only declare it before its target exists.
        if (order.cyclic.has(`${table.name}\u0000${column.name}`)) continue;
        const missing = await this.#count(
          `SELECT count(*) FROM ${staging} s WHERE s.${ident(column.name)} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${stagingTable(column.references)} t WHERE t.id = s.${ident(column.name)})`,
        );
        if (missing === 0) foreignKeys.add(column.name);
        else notes.unenforced.push({ table: table.name, column: column.name, missing });
      }
      await run(createTable("duckdb", table, { constraints: true, foreignKeys }));
      if (table.primaryKey.length > 0) {
        const keys = table.primaryKey.map(ident).join(", ");
        const duplicate = await this.#connection.runAndReadAll(
          `SELECT ${ident(table.primaryKey[0] as string)} FROM ${staging} GROUP BY ${keys} HAVING count(*) > 1 LIMIT 1`,
        );
        const first = duplicate.getRows()[0];
        if (first) throw new DuplicateIdError(table.name, String(first[0]));
      }
      await run(`INSERT INTO ${ident(table.name)} SELECT * FROM ${staging}`);
      await run(`COMMENT ON TABLE ${ident(table.name)} IS ${literal(table.description)}`);
      for (const column of table.columns)
        await run(
          `COMMENT ON COLUMN ${ident(table.name)}.${ident(column.name)} IS ${literal(column.description)}`,
        );
    }
    await run("DETACH load");
    for (const table of sqlTables()) for (const sql of referenceIndexes(table)) await run(sql);
    for (const view of VIEWS) {
      await run(`CREATE VIEW ${ident(view.name)} AS ${view.sql}`);
      await run(`COMMENT ON VIEW ${ident(view.name)} IS ${literal(view.description)}`);
    }
    await this.#writeDescriptions();
    await run("CHECKPOINT");
    this.#close();
    return notes;
  }

  async #writeDescriptions(): Promise<void> {
    await this.#connection.run(
      `CREATE TABLE ${ident(DESCRIPTIONS_TABLE)} (table_name VARCHAR NOT NULL, column_name VARCHAR NOT NULL, type VARCHAR NOT NULL, description VARCHAR NOT NULL, PRIMARY KEY (table_name, column_name))`,
    );
    for (const [column, description] of Object.entries(DESCRIPTION_COLUMNS))
      await this.#connection.run(
        `COMMENT ON COLUMN ${ident(DESCRIPTIONS_TABLE)}.${column} IS ${literal(description)}`,
      );
    const appender = await this.#connection.createAppender(DESCRIPTIONS_TABLE);
    for (const row of columnDescriptionRows()) {
      appender.appendVarchar(row.table);
      appender.appendVarchar(row.column);
      appender.appendVarchar(row.type);
      appender.appendVarchar(row.description);
      appender.endRow();
    }
    appender.closeSync();
  }

  /**
   * Finishes as Parquet: one file per table in `directory` (and _parley_columns.parquet), each
   * carrying its table's and columns' descriptions as key-value metadata.
   */
  async finishParquet(directory: string): Promise<void> {
    await this.#closeAppenders();
    for (const table of sqlTables()) {
      const metadata = {
        "parley:table": table.name,
        "parley:description": table.description,
        "parley:columns": JSON.stringify(
          Object.fromEntries(table.columns.map((column) => [column.name, column.description])),
        ),
      };
      const kv = Object.entries(metadata)
        .map(([key, value]) => `${literal(key)}: ${literal(value)}`)
        .join(", ");
      await this.#connection.run(
        `COPY ${stagingTable(table.name)} TO ${literal(join(directory, `${table.name}.parquet`))} (FORMAT parquet, COMPRESSION zstd, KV_METADATA {${kv}})`,
      );
    }
    await this.#writeDescriptions();
    await this.#connection.run(
      `COPY ${ident(DESCRIPTIONS_TABLE)} TO ${literal(join(directory, `${DESCRIPTIONS_TABLE}.parquet`))} (FORMAT parquet)`,
    );
    this.#close();
  }

  #close(): void {
    this.#connection.closeSync();
    this.#instance.closeSync();
  }

  async abort(): Promise<void> {
    try {
      for (const { appender } of this.#appenders.values()) {
        try {
          appender.closeSync();
        } catch {
          // already closed
        }
      }
      this.#close();
    } catch {
      // Closing after a failure is best effort: the temporary output is removed anyway.
    }
  }
}
