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

type Cells = Record<string, string>;

interface WriteState {
  recordType: string;
  recordId: string;
  empties: string[];
  links: Map<string, Cells[]>;
  citations: Cells[];
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
  const datasetCells: Cells = {};
  const metadataState: WriteState = {
    recordType: "dataset",
    recordId: "",
    empties: [],
    links: new Map(),
    citations: [],
  };
  writeObject(layout.dataset.root, metadata, datasetCells, [], [], [], [], metadataState);

  const recordRows = new Map<string, Cells[]>();
  const linkRows = new Map<string, Cells[]>();
  const citationRows: Cells[] = [];
  for (const record of records) {
    const table = layout.records.find((candidate) => candidate.recordType === record.type);
    if (!table)
      throw new CsvTablesError(
        `record ${String(record.id)}: type '${String(record.type)}' is not a Parley record type`,
      );
    const state: WriteState = {
      recordType: record.type,
      recordId: record.id,
      empties: [],
      links: linkRows,
      citations: citationRows,
    };
    const cells: Cells = {};
    writeObject(table.root, record, cells, [], [], [], [], state);
    if (state.empties.length > 0) cells[EMPTY_COLUMN] = state.empties.join("|");
    const rows = recordRows.get(table.name) ?? [];
    rows.push(cells);
    recordRows.set(table.name, rows);
  }

  const tables: CsvTables = {};
  tables[`${layout.dataset.name}.csv`] = toCsv(
    layout.dataset.columns.map((column) => column.name),
    [datasetCells],
  );
  for (const table of layout.records) {
    tables[`${table.name}.csv`] = toCsv(
      table.columns.map((column) => column.name),
      recordRows.get(table.name) ?? [],
    );
  }
  for (const table of layout.links) {
    tables[`${table.name}.csv`] = toCsv(
      [...table.keyColumns, ...table.columns.map((column) => column.name)],
      linkRows.get(table.name) ?? [],
    );
  }
  tables[`${layout.citations.name}.csv`] = toCsv(
    [...layout.citations.keyColumns, ...layout.citations.columns.map((column) => column.name)],
    citationRows,
  );
  return tables;
}

function toCsv(fields: string[], rows: Cells[]): string {
  const data = rows.map((cells) => fields.map((field) => cells[field] ?? ""));
  const text = Papa.unparse({ fields, data }, { newline: "\r\n", escapeFormulae: false });
  // Every line ends with CRLF, the last one too, and no blank line follows: Papa ends a table
  // without rows with the line break itself, and one more would be a phantom row to
  // `sqlite3 .import` and other loaders.
  return `${BOM}${text.endsWith("\r\n") ? text : `${text}\r\n`}`;
}

/** Half of a UTF-16 surrogate pair without the other half. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * A cell's text, refused when it holds a lone surrogate: a CSV file is UTF-8, which has no
 * encoding for one, so writing it would turn it into U+FFFD silently. (The validator reports
 * such a string as json-lone-surrogate. JSON cells keep it, escaped by JSON.stringify.)
 */
function wellFormed(text: string, state: WriteState, path: readonly (string | number)[]): string {
  if (LONE_SURROGATE.test(text))
    throw new CsvTablesError(
      `${where(state, path)}: holds a lone surrogate (half of a UTF-16 pair), which a UTF-8 CSV file cannot store; fix the value (rule json-lone-surrogate)`,
    );
  return text;
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
        cells[column] = neutraliseCell(
          wellFormed(encodeScalar(child.kind, fieldValue, state, fieldPath), state, fieldPath),
        );
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
        else cells[column] = neutraliseCell(wellFormed(fieldValue.join("|"), state, fieldPath));
        break;
      }
      case "json":
        cells[column] = neutraliseCell(JSON.stringify(fieldValue));
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
          const row: Cells = {
            record_type: neutraliseCell(state.recordType),
            record_id: neutraliseCell(state.recordId),
            path: neutraliseCell(absPath.length > 0 ? absPath.join(".") : undefined),
            position: String(index + 1),
          };
          writeColumns(citationNode.columns, citation, row, state, [...fieldPath, index + 1]);
          state.citations.push(row);
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
          const row: Cells = { [table.keyColumns[0] as string]: neutraliseCell(state.recordId) };
          positions.forEach((position, level) => {
            row[table.keyColumns[level + 1] as string] = String(position);
          });
          row.position = String(index + 1);
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
          const rows = state.links.get(table.name) ?? [];
          rows.push(row);
          state.links.set(table.name, rows);
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
    row[column.name] = neutraliseCell(
      column.kind === "json"
        ? JSON.stringify(current)
        : encodeScalar(column.kind as "string", current, state, path),
    );
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

function encodeScalar(
  kind: string,
  value: unknown,
  state: WriteState,
  path: (string | number)[],
): string {
  if (kind === "string" && typeof value === "string") return value;
  if (kind === "number" && typeof value === "number" && Number.isFinite(value))
    return JSON.stringify(value);
  if (kind === "boolean" && typeof value === "boolean") return value ? "true" : "false";
  if (kind === "enum-list" || kind === "json") return JSON.stringify(value);
  throw new CsvTablesError(
    `${where(state, path)}: expected a ${kind}, got ${JSON.stringify(value)}`,
  );
}

function findLinkTable(recordType: string, arrayPath: string[]): LinkTable {
  const table = tablesLayout().links.find(
    (candidate) =>
      candidate.recordType === recordType &&
      candidate.arrayPath.length === arrayPath.length &&
      candidate.arrayPath.every((segment, index) => segment === arrayPath[index]),
  );
  if (!table) throw new Error(`no link table for ${recordType} ${arrayPath.join("/")}`);
  return table;
}
