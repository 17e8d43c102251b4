import Papa from "papaparse";
import { restoreCell } from "./cells";
import { type Column, EMPTY_COLUMN, type LinkTable, tablesLayout } from "./layout";
import type { CsvTables, TableDataset } from "./write";

/** Where a value came from in the table form: file, 1-based row (the header is row 1), column. */
export interface CellLocation {
  file: string;
  row: number;
  column?: string;
}

/** Something in the tables that could not be read; the rest of the tables is still read. */
export interface TableProblem extends CellLocation {
  message: string;
}

export interface ReadTablesResult {
  /** The dataset the tables hold (not yet validated against the standard). */
  dataset: TableDataset;
  problems: TableProblem[];
  /**
   * Where a record's field came from: a JSON path as zod and the validator write it
   * (['participants', 0, 'represents', 'country']), answered with the most precise cell known.
   */
  locate(
    recordType: string,
    id: string,
    path: readonly (string | number)[],
  ): CellLocation | undefined;
}

type Json = Record<string, unknown>;

/**
 * One table as rows of cells in the CSV cell form (text; an empty cell is absent; a leading
 * apostrophe is removed once, see cells.ts). `file` names the table in problems.
 */
export interface TableSheet {
  file: string;
  header: string[];
  /** `row` is the 1-based row number problems give (the header is row 1). */
  rows: { row: number; cells: string[] }[];
}

type Sheet = TableSheet;

function readSheet(file: string, text: string, problems: TableProblem[]): Sheet | undefined {
  const parsed = Papa.parse<string[]>(text.startsWith("\ufeff") ? text.slice(1) : text, {
    header: false,
    skipEmptyLines: false,
    delimiter: ",",
    newline: undefined,
  });
  for (const error of parsed.errors) {
    problems.push({ file, row: (error.row ?? 0) + 1, message: `CSV: ${error.message}` });
  }
  const [header, ...rest] = parsed.data;
  if (!header) return undefined;
  const rows: Sheet["rows"] = [];
  rest.forEach((cells, index) => {
    if (cells.length === 1 && cells[0] === "") return; // blank line (the file's final newline)
    rows.push({ row: index + 2, cells });
  });
  return { file, header, rows };
}

/**
 * Reads CSV tables back into a dataset. It reads whatever it can: an unknown file or column, a
 * cell of the wrong type, a link row whose record does not exist, each becomes a problem that
 * names the file, row and column, and reading goes on.
 */
export function csvTablesToDataset(tables: CsvTables): ReadTablesResult {
  const layout = tablesLayout();
  const problems: TableProblem[] = [];
  const known = new Set<string>([
    `${layout.dataset.name}.csv`,
    ...layout.records.map((t) => `${t.name}.csv`),
    ...layout.links.map((t) => `${t.name}.csv`),
    `${layout.citations.name}.csv`,
  ]);
  for (const file of Object.keys(tables)) {
    if (!known.has(file))
      problems.push({
        file,
        row: 1,
        message: `'${file}' is not a file of the Parley table form; not read`,
      });
  }
  const sheets: Record<string, Sheet> = {};
  for (const file of known) {
    const text = tables[file];
    const read = text === undefined ? undefined : readSheet(file, text, problems);
    if (read) sheets[file.slice(0, -".csv".length)] = read;
  }
  return readSheets(sheets, problems);
}

/**
 * Reads tables given as rows of cells (by table name: 'events', 'event_participants' …) back
 * into a dataset, as csvTablesToDataset does for CSV text: a database export is read back
 * through the same code, so both forms round-trip the same way.
 */
export function tableSheetsToDataset(sheets: Record<string, TableSheet>): ReadTablesResult {
  return readSheets(sheets, []);
}

function readSheets(sheets: Record<string, Sheet>, problems: TableProblem[]): ReadTablesResult {
  const layout = tablesLayout();
  const locations = new Map<string, CellLocation>();
  const key = (type: string, id: string, path: readonly (string | number)[]) =>
    `${type}\u0000${id}\u0000${path.join("/")}`;
  const sheet = (name: string): Sheet | undefined => sheets[name];

  /** Column specs by header position; unknown headers are reported once. */
  const bind = (s: Sheet, columns: readonly Column[], keyColumns: readonly string[]) =>
    s.header.map((name) => {
      const column = columns.find((candidate) => candidate.name === name);
      if (!column && !keyColumns.includes(name)) {
        problems.push({
          file: s.file,
          row: 1,
          column: name,
          message: `unknown column '${name}'; its cells are not read`,
        });
      }
      return column;
    });

  const cell = (s: Sheet, row: Sheet["rows"][number], name: string): string | undefined => {
    const index = s.header.indexOf(name);
    return index === -1 ? undefined : restoreCell(row.cells[index] ?? "");
  };

  const readColumns = (
    s: Sheet,
    row: Sheet["rows"][number],
    bound: (Column | undefined)[],
    target: Json,
    onSet?: (column: Column) => void,
  ) => {
    bound.forEach((column, index) => {
      if (!column || column.name === EMPTY_COLUMN) return;
      const text = restoreCell(row.cells[index] ?? "");
      if (text === undefined) return;
      const value = decode(column, text);
      if (value.problem) {
        problems.push({ file: s.file, row: row.row, column: column.name, message: value.problem });
        return;
      }
      // A list of scalars has one `value` column whose path is the item itself.
      if (column.path.length === 0) target.value = value.value;
      else setPath(target, column.path, value.value);
      onSet?.(column);
    });
  };

  // Dataset metadata.
  const metadata: Json = {};
  const datasetSheet = sheet(layout.dataset.name);
  if (datasetSheet) {
    const bound = bind(datasetSheet, layout.dataset.columns, []);
    if (datasetSheet.rows.length > 1) {
      problems.push({
        file: datasetSheet.file,
        row: 3,
        message: `${datasetSheet.file} has more than one data row; only the first is read`,
      });
    }
    const first = datasetSheet.rows[0];
    if (first) readColumns(datasetSheet, first, bound, metadata);
  }

  // Records.
  const records: Json[] = [];
  const byKey = new Map<string, Json>();
  const empties: {
    record: Json;
    type: string;
    id: string;
    entries: string;
    location: CellLocation;
  }[] = [];
  for (const table of layout.records) {
    const s = sheet(table.name);
    if (!s) continue;
    const bound = bind(s, table.columns, []);
    for (const row of s.rows) {
      const id = cell(s, row, "id");
      if (id === undefined) {
        problems.push({
          file: s.file,
          row: row.row,
          column: "id",
          message: "a record without an id; row not read",
        });
        continue;
      }
      const record: Json = { type: table.recordType };
      readColumns(s, row, bound, record, (column) => {
        locations.set(key(table.recordType, id, column.path), {
          file: s.file,
          row: row.row,
          column: column.name,
        });
      });
      locations.set(key(table.recordType, id, []), { file: s.file, row: row.row });
      // Keep the id first, as the JSON form writes it.
      const ordered: Json = { type: record.type, id: record.id };
      Object.assign(ordered, record);
      records.push(ordered);
      const recordKey = `${table.recordType}\u0000${id}`;
      if (byKey.has(recordKey)) {
        problems.push({
          file: s.file,
          row: row.row,
          column: "id",
          message: `a second ${table.recordType} with id '${id}'; link rows attach to the first`,
        });
      } else {
        byKey.set(recordKey, ordered);
      }
      const emptyCell = cell(s, row, EMPTY_COLUMN);
      if (emptyCell)
        empties.push({
          record: ordered,
          type: table.recordType,
          id,
          entries: emptyCell,
          location: { file: s.file, row: row.row, column: EMPTY_COLUMN },
        });
    }
  }

  // Link tables, parents before children.
  const links = [...layout.links].sort((a, b) => a.arrayPath.length - b.arrayPath.length);
  for (const table of links) {
    const s = sheet(table.name);
    if (!s) continue;
    const bound = bind(s, table.columns, table.keyColumns);
    const filled = new Map<unknown[], { file: string; rows: number[] }>();
    for (const row of s.rows) {
      const owner = readLinkOwner(table, s, row, cell, byKey, problems);
      if (!owner) continue;
      const { array, position, path, id } = owner;
      if (array[position - 1] !== undefined) {
        problems.push({
          file: s.file,
          row: row.row,
          column: "position",
          message: `position ${position} is given twice`,
        });
        continue;
      }
      let item: unknown;
      if (table.item.node === "object") {
        const object: Json = {};
        readColumns(s, row, bound, object, (column) => {
          locations.set(key(table.recordType, id, [...path, position - 1, ...column.path]), {
            file: s.file,
            row: row.row,
            column: column.name,
          });
        });
        item = object;
      } else {
        const holder: Json = {};
        readColumns(s, row, bound, holder);
        item = holder.value;
        if (item === undefined) {
          problems.push({
            file: s.file,
            row: row.row,
            column: "value",
            message: "the value is empty",
          });
          continue;
        }
      }
      locations.set(key(table.recordType, id, [...path, position - 1]), {
        file: s.file,
        row: row.row,
      });
      array[position - 1] = item;
      const seen = filled.get(array) ?? { file: s.file, rows: [] };
      seen.rows.push(row.row);
      filled.set(array, seen);
    }
    for (const [array, seen] of filled) compact(array, seen, problems);
  }

  // Citations.
  const citationSheet = sheet(layout.citations.name);
  if (citationSheet) {
    const bound = bind(citationSheet, layout.citations.columns, layout.citations.keyColumns);
    const filled = new Map<unknown[], { file: string; rows: number[] }>();
    for (const row of citationSheet.rows) {
      const type = cell(citationSheet, row, "record_type") ?? "";
      const id = cell(citationSheet, row, "record_id") ?? "";
      const record = byKey.get(`${type}\u0000${id}`);
      if (!record) {
        problems.push({
          file: citationSheet.file,
          row: row.row,
          column: "record_id",
          message: `no ${type || "record"} with id '${id}'`,
        });
        continue;
      }
      const pathText = cell(citationSheet, row, "path") ?? "";
      const owner = resolvePath(record, pathText ? pathText.split(".") : []);
      if (!owner.ok) {
        problems.push({
          file: citationSheet.file,
          row: row.row,
          column: "path",
          message: owner.problem,
        });
        continue;
      }
      const position = positionOf(cell(citationSheet, row, "position"));
      if (position === undefined) {
        problems.push({
          file: citationSheet.file,
          row: row.row,
          column: "position",
          message: "position must be a whole number from 1",
        });
        continue;
      }
      if (owner.value.citations === undefined) owner.value.citations = [];
      const array = owner.value.citations;
      if (!Array.isArray(array)) continue;
      if (array[position - 1] !== undefined) {
        problems.push({
          file: citationSheet.file,
          row: row.row,
          column: "position",
          message: `position ${position} is given twice`,
        });
        continue;
      }
      const citation: Json = {};
      readColumns(citationSheet, row, bound, citation, (column) => {
        locations.set(key(type, id, [...owner.path, "citations", position - 1, ...column.path]), {
          file: citationSheet.file,
          row: row.row,
          column: column.name,
        });
      });
      locations.set(key(type, id, [...owner.path, "citations", position - 1]), {
        file: citationSheet.file,
        row: row.row,
      });
      array[position - 1] = citation;
      const seen = filled.get(array) ?? { file: citationSheet.file, rows: [] };
      seen.rows.push(row.row);
      filled.set(array, seen);
    }
    for (const [array, seen] of filled) compact(array, seen, problems);
  }

  // Present-but-empty containers.
  for (const { record, entries, location } of empties) {
    for (const entry of entries.split("|")) {
      const match = /^(.*?)(\[\]|\{\})$/.exec(entry);
      const segments = match?.[1]?.split(".") ?? [];
      const last = segments.pop();
      const parent = match && last ? resolvePath(record, segments) : undefined;
      if (!match || !last || !parent?.ok) {
        problems.push({
          ...location,
          message: `'${entry}' is not the path of a list ([]) or object ({}) in this record`,
        });
        continue;
      }
      if (parent.value[last] === undefined) parent.value[last] = match[2] === "[]" ? [] : {};
    }
  }

  const dataset = { ...metadata, records } as unknown as TableDataset;
  return {
    dataset,
    problems,
    locate(recordType, id, path) {
      for (let length = path.length; length >= 0; length -= 1) {
        const found = locations.get(key(recordType, id, path.slice(0, length)));
        if (found) return found;
      }
      return undefined;
    },
  };
}

function positionOf(text: string | undefined): number | undefined {
  if (text === undefined || !/^[1-9]\d*$/.test(text)) return undefined;
  return Number(text);
}

/** Finds (and creates) the array a link row belongs to, following the enclosing positions. */
function readLinkOwner(
  table: LinkTable,
  s: Sheet,
  row: Sheet["rows"][number],
  cell: (s: Sheet, row: Sheet["rows"][number], name: string) => string | undefined,
  byKey: Map<string, Json>,
  problems: TableProblem[],
): { array: unknown[]; position: number; path: (string | number)[]; id: string } | undefined {
  const idColumn = table.keyColumns[0] as string;
  const id = cell(s, row, idColumn);
  const record = id === undefined ? undefined : byKey.get(`${table.recordType}\u0000${id}`);
  if (!record || id === undefined) {
    problems.push({
      file: s.file,
      row: row.row,
      column: idColumn,
      message: `no ${table.recordType} with id '${id ?? ""}'`,
    });
    return undefined;
  }
  let container: Json = record;
  const path: (string | number)[] = [];
  for (let level = 0; level < table.arrayPath.length; level += 1) {
    const segment = (table.arrayPath[level] as string).split(".");
    const isLast = level === table.arrayPath.length - 1;
    const positionColumn = table.keyColumns[level + 1] as string;
    const position = positionOf(cell(s, row, positionColumn));
    if (position === undefined) {
      problems.push({
        file: s.file,
        row: row.row,
        column: positionColumn,
        message: "position must be a whole number from 1",
      });
      return undefined;
    }
    let holder: Json = container;
    for (const key of segment.slice(0, -1)) {
      if (holder[key] === undefined) holder[key] = {};
      holder = holder[key] as Json;
    }
    const arrayKey = segment[segment.length - 1] as string;
    path.push(...segment);
    if (isLast) {
      if (holder[arrayKey] === undefined) holder[arrayKey] = [];
      return { array: holder[arrayKey] as unknown[], position, path, id };
    }
    const parentArray = holder[arrayKey];
    const parentItem = Array.isArray(parentArray) ? parentArray[position - 1] : undefined;
    if (typeof parentItem !== "object" || parentItem === null) {
      problems.push({
        file: s.file,
        row: row.row,
        column: positionColumn,
        message: `${arrayKey} has no item at position ${position}`,
      });
      return undefined;
    }
    path.push(position - 1);
    container = parentItem as Json;
  }
  return undefined;
}

/** Closes gaps left by missing positions, reporting them: the items keep their order. */
function compact(
  array: unknown[],
  seen: { file: string; rows: number[] },
  problems: TableProblem[],
): void {
  let gaps = 0;
  for (let index = 0; index < array.length; index += 1) if (array[index] === undefined) gaps += 1;
  if (gaps === 0) return;
  problems.push({
    file: seen.file,
    row: seen.rows[0] ?? 1,
    column: "position",
    message: `positions skip ${gaps} number(s); the items are kept in order`,
  });
  const kept = array.filter((item) => item !== undefined);
  array.length = 0;
  array.push(...kept);
}

/** Follows a table path ('participants.2.represents') into a record; numbers are 1-based positions. */
function resolvePath(
  record: Json,
  segments: string[],
): { ok: true; value: Json; path: (string | number)[] } | { ok: false; problem: string } {
  let current: unknown = record;
  const path: (string | number)[] = [];
  for (const segment of segments) {
    if (/^\d+$/.test(segment)) {
      const index = Number(segment) - 1;
      if (!Array.isArray(current) || index < 0 || current[index] === undefined)
        return { ok: false, problem: `path has no item ${segment}` };
      current = current[index];
      path.push(index);
    } else {
      if (typeof current !== "object" || current === null || Array.isArray(current))
        return { ok: false, problem: `path '${segments.join(".")}' does not lead to an object` };
      const holder = current as Json;
      if (holder[segment] === undefined) holder[segment] = {};
      current = holder[segment];
      path.push(segment);
    }
  }
  if (typeof current !== "object" || current === null || Array.isArray(current))
    return { ok: false, problem: `path '${segments.join(".")}' does not lead to an object` };
  return { ok: true, value: current as Json, path };
}

function setPath(target: Json, path: readonly string[], value: unknown): void {
  let holder = target;
  for (const key of path.slice(0, -1)) {
    if (typeof holder[key] !== "object" || holder[key] === null) holder[key] = {};
    holder = holder[key] as Json;
  }
  const last = path[path.length - 1];
  if (last !== undefined) holder[last] = value;
}

function decode(column: Column, text: string): { value?: unknown; problem?: string } {
  switch (column.kind) {
    case "string":
      return { value: text };
    case "number": {
      const number = Number(text);
      if (text.trim() === "" || !Number.isFinite(number))
        return { problem: `'${text}' is not a number` };
      return { value: number };
    }
    case "boolean": {
      const lower = text.toLowerCase();
      if (lower === "true") return { value: true };
      if (lower === "false") return { value: false };
      return { problem: `'${text}' is not true or false` };
    }
    case "enum-list":
      return { value: text.split("|") };
    case "json":
      try {
        return { value: JSON.parse(text) };
      } catch (error) {
        return { problem: `not valid JSON: ${(error as Error).message}` };
      }
  }
}
