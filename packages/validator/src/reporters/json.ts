import type { Finding, ValidationSummary } from "../finding";
import schema from "./json-report.schema.json";
import { totals } from "./summary";
import { DEFAULT_TOOL, type Report, type ToolInfo, type UnreadableInput } from "./types";
import { JsonArrayStream, type ReportHead, type ReportWriter, writeAll } from "./writer";

/**
 * The JSON Schema (2020-12) of the JSON report, documented field by field. Published with the
 * package so that consumers can validate reports and generate types from it.
 */
export const JSON_REPORT_SCHEMA: Record<string, unknown> = schema;

/** The document `formatJson` writes; `JSON_REPORT_SCHEMA` describes it. */
export interface JsonReport {
  reportVersion: 1;
  tool: ToolInfo;
  inputs: ValidationSummary[];
  unreadable: UnreadableInput[];
  findings: Finding[];
  summary: {
    valid: boolean;
    files: number;
    records: number;
    invalidRecords: number;
    bytes: number;
    counts: ValidationSummary["counts"];
    reported: number;
    capped: number;
    aborted: number;
    byRule: ValidationSummary["byRule"];
  };
}

export function toJsonReport(report: Report): JsonReport {
  return { ...jsonReportHead(report), findings: report.findings.map(findingEntry) };
}

/** The JSON report with its findings left out; they are streamed between `inputs` and `summary`. */
function jsonReportHead(report: ReportHead): JsonReport {
  const t = totals(report.summaries);
  return {
    reportVersion: 1,
    tool: report.tool ?? DEFAULT_TOOL,
    inputs: report.summaries.map(inputEntry),
    unreadable: (report.unreadable ?? []).map(({ file, message }) => ({ file, message })),
    findings: [],
    summary: {
      valid: t.counts.error === 0 && (report.unreadable ?? []).length === 0,
      files: t.files,
      records: t.records,
      invalidRecords: t.invalidRecords,
      bytes: t.bytes,
      counts: t.counts,
      reported: t.reported,
      capped: t.capped,
      aborted: t.aborted,
      byRule: Object.fromEntries(
        t.byRule.map(({ ruleId, severity, count, reported }) => [
          ruleId,
          { severity, count, reported },
        ]),
      ),
    },
  };
}

/** The machine-readable format: one JSON document, pretty-printed, ending with a newline. */
export function formatJson(report: Report): string {
  return writeAll(jsonWriter(report), report);
}

/** The JSON report as a stream: everything up to `"findings": [`, each finding, the rest. */
export function jsonWriter(head: ReportHead): ReportWriter {
  const findings = new JsonArrayStream<Finding>(jsonReportHead(head), "findings", 2, findingEntry);
  return {
    wantsSource: false,
    head: () => findings.head(),
    finding: (finding) => findings.item(finding),
    tail: () => findings.tail(),
  };
}

// Fields are copied one by one so that the report keeps the documented shape even when the
// validator's internal types gain fields (the schema test then says what to document).
function findingEntry(f: Finding): Finding {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    file: f.file,
    line: f.line,
    column: f.column,
    offset: f.offset,
    pointer: f.pointer,
    recordIndex: f.recordIndex,
    ...(f.recordId !== undefined ? { recordId: f.recordId } : {}),
    ...(f.suggestion !== undefined ? { suggestion: f.suggestion } : {}),
  };
}

function inputEntry(s: ValidationSummary): ValidationSummary {
  return {
    file: s.file,
    format: s.format,
    compressed: s.compressed,
    schemaVersion: s.schemaVersion,
    ...(s.assumedSchemaVersion !== undefined
      ? { assumedSchemaVersion: s.assumedSchemaVersion }
      : {}),
    schemaVersionSupported: s.schemaVersionSupported,
    records: s.records,
    recordsByType: sortedKeys(s.recordsByType),
    invalidRecords: s.invalidRecords,
    bytes: s.bytes,
    ...(s.compressedBytes !== undefined ? { compressedBytes: s.compressedBytes } : {}),
    counts: s.counts,
    byRule: sortedKeys(s.byRule),
    reported: s.reported,
    capped: s.capped,
    totalCapReached: s.totalCapReached,
    rulesCapped: s.rulesCapped,
    aborted: s.aborted,
  };
}

/**
 * The same entries with keys in sorted order: a summary's maps are filled in the order things
 * were found, which differs when a file is validated in parts (`--jobs`), and the report must
 * not (the totals' `byRule` is sorted too).
 */
function sortedKeys<T>(map: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
