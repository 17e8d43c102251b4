import { ident, type SqlColumn, type SqlTable, type SqlType } from "./layout";

export type Dialect = "sqlite" | "duckdb";

const TYPES: Record<Dialect, Record<SqlType, string>> = {
  // SQLite has no boolean type: 1 and 0, as its own docs and Datasette expect.
  sqlite: { text: "TEXT", number: "REAL", integer: "INTEGER", boolean: "INTEGER" },
  duckdb: { text: "VARCHAR", number: "DOUBLE", integer: "INTEGER", boolean: "BOOLEAN" },
};

export function columnType(dialect: Dialect, column: SqlColumn): string {
  return TYPES[dialect][column.type];
}

/** A comment for the DDL text: SQLite keeps it in sqlite_master, so `.schema` shows it. */
function lineComment(text: string): string {
  return ` -- ${text.replace(/\s+/g, " ")}`;
}

/**
 * CREATE TABLE for one table. `foreignKeys` lists the columns whose REFERENCES clause is
 * written (DuckDB enforces them, so the caller leaves out the ones the data would break).
 */
export function createTable(
  dialect: Dialect,
  table: SqlTable,
  options: { name?: string; constraints: boolean; foreignKeys?: ReadonlySet<string> },
): string {
  const lines: string[] = [];
  for (const column of table.columns) {
    let line = `  ${ident(column.name)} ${columnType(dialect, column)}`;
    if (options.constraints && (column.notNull || table.primaryKey.includes(column.name)))
      line += " NOT NULL";
    if (options.constraints && column.references && options.foreignKeys?.has(column.name))
      line += ` REFERENCES ${ident(column.references)}(id)`;
    lines.push(line);
  }
  if (options.constraints && table.primaryKey.length > 0)
    lines.push(`  PRIMARY KEY (${table.primaryKey.map(ident).join(", ")})`);
  // Commas go before each comment, so that the comment ends its line.
  const body = lines
    .map((line, index) => {
      const comma = index < lines.length - 1 ? "," : "";
      const column = table.columns[index];
      return dialect === "sqlite" && column
        ? `${line}${comma}${lineComment(column.description)}`
        : `${line}${comma}`;
    })
    .join("\n");
  const head =
    dialect === "sqlite"
      ? `CREATE TABLE ${ident(options.name ?? table.name)} (${lineComment(table.description)}`
      : `CREATE TABLE ${ident(options.name ?? table.name)} (`;
  return `${head}\n${body}\n)`;
}

/**
 * The indexes on reference columns. A column that leads the primary key (a link table's
 * owner id, citations.record_type/record_id) is already indexed by it.
 */
export function referenceIndexes(table: SqlTable): string[] {
  return table.columns
    .filter((column) => column.references && table.primaryKey[0] !== column.name)
    .map(
      (column) =>
        `CREATE INDEX ${ident(`${table.name}__${column.name.replace(/\./g, "_")}`)} ON ${ident(table.name)} (${ident(column.name)})`,
    );
}
