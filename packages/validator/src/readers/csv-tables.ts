/**
 * Validating a dataset kept as CSV tables (the SDK's table form, docs/csv-tables.md): the tables
 * are read back into a dataset with @parley/sdk, that dataset goes through the same engine as
 * JSON, and every finding is pointed back at the file, row and column it came from.
 *
 * Problems of the tables themselves map onto the catalogue's rules: an unknown column is a
 * `schema-additional-property`, a cell that is not a number, true/false or JSON is a
 * `schema-type` (`json-syntax` for a JSON cell), and a link row whose record or position does
 * not exist is a `dataset-structure` problem.
 */
import type { CellLocation, CsvTables, TableProblem } from "@parley/sdk";
import type { Finding, Severity } from "../finding";
import { parsePointer } from "../finding";
import type { RuleSetting, ValidateOptions, ValidationResult } from "../options";
import { validate } from "../validate";

function ruleOf(problem: TableProblem): string {
  if (problem.message.startsWith("unknown column")) return "schema-additional-property";
  if (problem.message.startsWith("not valid JSON")) return "json-syntax";
  if (/is not (a number|true or false)$/.test(problem.message)) return "schema-type";
  return "dataset-structure";
}

function severityOf(ruleId: string, rules: ValidateOptions["rules"]): Severity | "off" {
  const setting: RuleSetting | undefined = rules?.[ruleId];
  if (setting === undefined) return "error";
  return typeof setting === "string" ? setting : setting.severity;
}

/** 1-based number of a column in its file's header row (1 when unknown). */
function columnNumber(tables: CsvTables, location: CellLocation): number {
  if (!location.column) return 1;
  const text = tables[location.file] ?? "";
  const header = text.replace(/^\ufeff/, "").split(/\r?\n/, 1)[0] ?? "";
  const index = header.split(",").indexOf(location.column);
  return index === -1 ? 1 : index + 1;
}

/**
 * Validates CSV tables (file name → text). `options.file` names the directory the tables came
 * from; each finding's `file` is that directory joined with the table's file name, `line` its
 * row (the header is row 1) and `column` the 1-based number of its column.
 */
export async function validateCsvTables(
  tables: CsvTables,
  options: ValidateOptions = {},
): Promise<ValidationResult> {
  const directory = options.file ?? "<tables>";
  const inDirectory = (file: string) => `${directory.replace(/\/+$/, "")}/${file}`;
  // The SDK (and its zod model) loads here, not with the validator: most runs read no tables.
  const { csvTablesToDataset } = await import("@parley/sdk");
  const read = csvTablesToDataset(tables);
  const result = await validate(JSON.stringify(read.dataset), {
    ...options,
    file: directory,
    format: "json",
  });

  const findings: Finding[] = [];
  for (const problem of read.problems) {
    const ruleId = ruleOf(problem);
    const severity = severityOf(ruleId, options.rules);
    if (severity === "off") continue;
    findings.push({
      ruleId,
      severity,
      message: problem.column ? `${problem.message} (column '${problem.column}')` : problem.message,
      file: inDirectory(problem.file),
      line: problem.row,
      column: columnNumber(tables, problem),
      offset: 0,
      pointer: "",
      recordIndex: null,
    });
    result.summary.counts[severity] += 1;
    const tally = result.summary.byRule[ruleId] ?? { severity, count: 0, reported: 0 };
    tally.count += 1;
    tally.reported += 1;
    result.summary.byRule[ruleId] = tally;
    result.summary.reported += 1;
  }

  const records = read.dataset.records;
  for (const finding of result.findings) {
    const record = finding.recordIndex === null ? undefined : records[finding.recordIndex];
    const path = parsePointer(finding.pointer);
    const location: CellLocation | undefined = record
      ? read.locate(record.type, record.id, path)
      : { file: "dataset.csv", row: 2, ...(path[0] ? { column: path[0] } : {}) };
    if (!location) {
      findings.push({ ...finding, file: directory });
      continue;
    }
    findings.push({
      ...finding,
      file: inDirectory(location.file),
      line: location.row,
      column: columnNumber(tables, location),
      offset: 0,
      message: location.column
        ? `${finding.message} (column '${location.column}')`
        : finding.message,
    });
  }
  return { findings, summary: result.summary };
}
