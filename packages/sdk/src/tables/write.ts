import Papa from "papaparse";
import { neutraliseCell } from "./cells";
import { type Column, EMPTY_COLUMN, type LinkTable, type Node, tablesLayout } from "./layout";

/** A Parley dataset as the table form: file name ('events.csv') → CSV text. */
export type CsvTables = Record<string, string>;

/** The dataset document shape the tables hold (metadata and records), valid or not. */
export interface TableDataset {
  schemaVersion?: string;
  records: readonly { type: string; id: string; [field: string]: unknown }[];
  [field: string]: unknown;
}

/** Thrown when a dataset holds a field or value that the table form has no place for. */
export class CsvTablesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CsvTablesError";
  }
}

/** A cell's value before it is written: text, a number, a boolean; absent cells are missing keys. */
export type CellValue = string | number | boolean;

/** One row of a table, by column name (the table form's headers). */
export type TableRow = Record<string, CellValue>;

/** Receives the rows of one record, table by table: the record's own row first. */
export type TableRowSink = (table: string, row: TableRow) => void;

type Cells = TableRow;

interface WriteState {
  recordType: string;
  recordId: string;
  empties: string[];
  emit: TableRowSink;
}

/** UTF-8 byte-order mark: without it Excel reads UTF-8 CSV as a legacy code page. */
const BOM = "\ufeff";

/**
 * Writes a dataset as CSV tables. Every file of the layout is written, with its header row even
 * when it has no rows, so a spreadsheet user sees every column there is. Throws
 * CsvTablesError, naming the record and field, if the dataset holds something the standard
 * does not define (the table form never drops data silently).
 */
export function datasetToCsvTables(dataset: TableDataset): CsvTables {
  const layout = tablesLayout();
  const { records, ...metadata } = dataset;
  const rows = new Map<string, Cells[]>();
  const collect: TableRowSink = (table, row) => {
    const list = rows.get(table) ?? [];
    list.push(row);
    rows.set(table, list);
  };
  collect(layout.dataset.name, datasetMetadataRow(metadata));
  for (const record of records) recordTableRows(record, collect);

  const tables: CsvTables = {};
  for (const { name, columns } of tableColumns())
    tables[`${name}.csv`] = toCsv(columns, rows.get(name) ?? []);
  return tables;
}

/** Every table of the layout with its column names, in the order the files are written. */
export function tableColumns(): { name: string; columns: string[] }[] {
  const layout = tablesLayout();
  return [
    { name: layout.dataset.name, columns: layout.dataset.columns.map((column) => column.name) },
    ...layout.records.map((table) => ({
      name: table.name,
      columns: table.columns.map((column) => column.name),
    })),
    ...layout.links.map((table) => ({
      name: table.name,
      columns: [...table.keyColumns, ...table.columns.map((column) => column.name)],
    })),
    {
      name: layout.citations.name,
      columns: [
        ...layout.citations.keyColumns,
        ...layout.citations.columns.map((column) => column.name),
      ],
    },
  ];
}

/**
 * The row of `dataset` (the metadata) for a dataset's metadata (a header without `type`).
 * Throws CsvTablesError for a field the standard does not define.
 */
export function datasetMetadataRow(metadata: Record<string, unknown>): TableRow {
  const cells: Cells = {};
  const state: WriteState = {
    recordType: "dataset",
    recordId: "",
    empties: [],
    emit: () => {
      throw new CsvTablesError("dataset metadata: lists have no table");
    },
  };
  writeObject(tablesLayout().dataset.root, metadata, cells, [], [], [], [], state);
  return cells;
}

/**
 * Sends one record's rows to `emit`: its row in its record table first, then one row per item
 * of its lists (link tables) and per citation. Values are typed (numbers, booleans, text);
 * code-list lists are text joined by `|`, free-form JSON is JSON text. This is what every
 * table form (CSV, SQLite, DuckDB, Parquet) is written from, one record at a time, so a
 * dataset of any size streams. Throws CsvTablesError, naming the record and field, for
 * something the standard does not define.
 */
export function recordTableRows(record: TableDataset["records"][number], emit: TableRowSink): void {
  const layout = tablesLayout();
  const table = layout.records.find((candidate) => candidate.recordType === record.type);
  if (!table)
    throw new CsvTablesError(
      `record ${String(record.id)}: type '${String(record.type)}' is not a Parley record type`,
    );
  const deferred: [string, TableRow][] = [];
  const state: WriteState = {
    recordType: record.type,
    recordId: record.id,
    empties: [],
    emit: (name, row) => deferred.push([name, row]),
  };
  const cells: Cells = {};
  writeObject(table.root, record, cells, [], [], [], [], state);
  if (state.empties.length > 0) cells[EMPTY_COLUMN] = state.empties.join("|");
  emit(table.name, cells);
  for (const [name, row] of deferred) emit(name, row);
}

function toCsv(fields: string[], rows: Cells[]): string {
  const data = rows.map((cells) => fields.map((field) => csvCell(cells[field])));
  const text = Papa.unparse({ fields, data }, { newline: "\r\n", escapeFormulae: false });
  // Papa ends a header-only table with a newline already; a second would be a blank row,
  // which `sqlite3 .import` and spreadsheets load as a phantom record.
  const body = data.length === 0 ? text.replace(/(\r\n)+$/, "") : text;
  return `${BOM}${body}\r\n`;
}

/** A typed value as its CSV cell: text is neutralised against formulas, an absent value is empty. */
function csvCell(value: CellValue | undefined): string {
  return typeof value === "string" || value === undefined ? neutraliseCell(value) : String(value);
}

function where(state: WriteState, path: readonly (string | number)[]): string {
  const owner =
    state.recordType === "dataset" ? "dataset metadata" : `${state.recordType} ${state.recordId}`;
  return `${owner}, field ${path.join(".") || "(root)"}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Writes an object's fields into `cells` (columns named by `rowPath`), its arrays into link
 * tables and its citations into the citations table. `absPath` is the object's place in the
 * record with 1-based positions ('participants.2'), as `_empty` and citations.csv write it;
 * `arrayPath`/`positions` identify the enclosing link-table items; `inObject` the keys since
 * the last array item.
 */
function writeObject(
  node: Extract<Node, { node: "object" }>,
  value: unknown,
  cells: Cells,
  rowPath: string[],
  absPath: (string | number)[],
  arrayPath: string[],
  positions: number[],
  state: WriteState,
  inObject: string[] = [],
): void {
  if (!isPlainObject(value))
    throw new CsvTablesError(`${where(state, absPath)}: expected an object`);
  const keys = Object.keys(value);
  for (const key of keys) {
    if (!node.fields.has(key))
      throw new CsvTablesError(
        `${where(state, [...absPath, key])}: not a field of the standard; the table form has no column for it`,
      );
  }
  // An empty list item needs no mark: its link-table row is the item.
  if (keys.length === 0 && absPath.length > 0 && typeof absPath[absPath.length - 1] !== "number") {
    state.empties.push(`${absPath.join(".")}{}`);
  }
  for (const [key, child] of node.fields) {
    const fieldValue = value[key];
    if (fieldValue === undefined) continue;
    const column = [...rowPath, key].join(".");
    const fieldPath = [...absPath, key];
    switch (child.node) {
      case "discriminator":
        break;
      case "scalar":
        cells[column] = checkScalar(child.kind, fieldValue, state, fieldPath);
        break;
      case "enum-list": {
        if (
          !Array.isArray(fieldValue) ||
          fieldValue.some((item) => typeof item !== "string" || item.includes("|") || item === "")
        ) {
          throw new CsvTablesError(
            `${where(state, fieldPath)}: expected a list of code-list values`,
          );
        }
        if (fieldValue.length === 0) state.empties.push(`${fieldPath.join(".")}[]`);
        else cells[column] = fieldValue.join("|");
        break;
      }
      case "json":
        cells[column] = JSON.stringify(fieldValue);
        break;
      case "object":
        writeObject(
          child,
          fieldValue,
          cells,
          [...rowPath, key],
          fieldPath,
          arrayPath,
          positions,
          state,
          [...inObject, key],
        );
        break;
      case "citations": {
        if (!Array.isArray(fieldValue))
          throw new CsvTablesError(`${where(state, fieldPath)}: expected a list of citations`);
        if (fieldValue.length === 0) state.empties.push(`${fieldPath.join(".")}[]`);
        const citationNode = tablesLayout().citations;
        fieldValue.forEach((citation, index) => {
          if (!isPlainObject(citation))
            throw new CsvTablesError(
              `${where(state, [...fieldPath, index + 1])}: expected a citation object`,
            );
          const row: Cells = { record_type: state.recordType, record_id: state.recordId };
          if (absPath.length > 0) row.path = absPath.join(".");
          row.position = index + 1;
          writeColumns(citationNode.columns, citation, row, state, [...fieldPath, index + 1]);
          state.emit(citationNode.name, row);
        });
        break;
      }
      case "array": {
        if (!Array.isArray(fieldValue))
          throw new CsvTablesError(`${where(state, fieldPath)}: expected a list`);
        if (fieldValue.length === 0) state.empties.push(`${fieldPath.join(".")}[]`);
        const segment = [...inObject, key].join(".");
        const tablePath = [...arrayPath, segment];
        const table = findLinkTable(state.recordType, tablePath);
        fieldValue.forEach((item, index) => {
          const row: Cells = { [table.keyColumns[0] as string]: state.recordId };
          positions.forEach((position, level) => {
            row[table.keyColumns[level + 1] as string] = position;
          });
          row.position = index + 1;
          const itemPath = [...fieldPath, index + 1];
          if (child.item.node === "object") {
            writeObject(
              child.item,
              item,
              row,
              [],
              itemPath,
              tablePath,
              [...positions, index + 1],
              state,
            );
          } else {
            writeColumns(table.columns, item, row, state, itemPath);
          }
          state.emit(table.name, row);
        });
        break;
      }
    }
  }
}

/** Writes a value whose columns are all scalar (a citation, or a scalar list item in `value`). */
function writeColumns(
  columns: readonly Column[],
  value: unknown,
  row: Cells,
  state: WriteState,
  path: (string | number)[],
): void {
  for (const column of columns) {
    let current: unknown = value;
    for (const key of column.path) current = isPlainObject(current) ? current[key] : undefined;
    if (current === undefined) continue;
    row[column.name] =
      column.kind === "json"
        ? JSON.stringify(current)
        : checkScalar(column.kind, current, state, path);
  }
  if (isPlainObject(value)) {
    const known = new Set(columns.map((column) => column.path[0]));
    for (const key of Object.keys(value)) {
      if (!known.has(key))
        throw new CsvTablesError(
          `${where(state, [...path, key])}: not a field of the standard; the table form has no column for it`,
        );
    }
  }
}

function checkScalar(
  kind: string,
  value: unknown,
  state: WriteState,
  path: (string | number)[],
): CellValue {
  if (kind === "string" && typeof value === "string") return value;
  if (kind === "number" && typeof value === "number" && Number.isFinite(value)) return value;
  if (kind === "boolean" && typeof value === "boolean") return value;
  if (kind === "enum-list" || kind === "json") return JSON.stringify(value);
  throw new CsvTablesError(
    `${where(state, path)}: expected a ${kind}, got ${JSON.stringify(value)}`,
  );
}

let linkTables: Map<string, LinkTable> | undefined;

function findLinkTable(recordType: string, arrayPath: string[]): LinkTable {
  if (!linkTables) {
    linkTables = new Map(
      tablesLayout().links.map((table) => [
        `${table.recordType}\u0000${table.arrayPath.join("\u0000")}`,
        table,
      ]),
    );
  }
  const table = linkTables.get(`${recordType}\u0000${arrayPath.join("\u0000")}`);
  if (!table) throw new Error(`no link table for ${recordType} ${arrayPath.join("/")}`);
  return table;
}
