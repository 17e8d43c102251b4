export { neutraliseCell, restoreCell } from "./cells";
export {
  type Column,
  type ColumnKind,
  EMPTY_COLUMN,
  type LinkTable,
  type RecordTable,
  type TablesLayout,
  tableFileNames,
  tablesLayout,
} from "./layout";
export {
  type CellLocation,
  csvTablesToDataset,
  type ReadTablesResult,
  type TableProblem,
} from "./read";
export { type CsvTables, CsvTablesError, datasetToCsvTables, type TableDataset } from "./write";
