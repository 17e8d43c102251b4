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
  type TableSheet,
  tableSheetsToDataset,
} from "./read";
export {
  type CellValue,
  type CsvTables,
  CsvTablesError,
  datasetMetadataRow,
  datasetToCsvTables,
  recordTableRows,
  type TableDataset,
  type TableRow,
  type TableRowSink,
  tableColumns,
} from "./write";
