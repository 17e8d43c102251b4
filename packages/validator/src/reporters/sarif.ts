import type { Finding, Severity } from "../finding";
import { RULES } from "../rules";
import { DEFAULT_TOOL, type Report } from "./types";
import { JsonArrayStream, type ReportHead, type ReportWriter, writeAll } from "./writer";

/** Where SARIF viewers (VS Code's SARIF viewer, GitHub code scanning) find the schema. */
export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";

type SarifLevel = "error" | "warning" | "note";

const LEVEL: Record<Severity, SarifLevel> = { error: "error", warning: "warning", info: "note" };

const STDIN = "<stdin>";

/**
 * A file name as a SARIF artifact URI (RFC 3986): relative paths stay relative (GitHub code
 * scanning resolves them against the repository root), absolute paths become file: URIs, and
 * every segment is percent-encoded so that `#`, `?`, spaces and non-ASCII names survive.
 */
export function artifactUri(file: string): string {
  const path = file.replace(/\\/g, "/");
  const encode = (p: string) => p.split("/").map(encodeURIComponent).join("/");
  if (/^[A-Za-z]:\//.test(path)) return `file:///${path.slice(0, 2)}${encode(path.slice(2))}`;
  if (path.startsWith("/")) return `file://${encode(path)}`;
  return encode(path);
}

/**
 * SARIF 2.1.0 (OASIS), one run: the whole rule catalogue as the driver's rules (so viewers can
 * show each rule's description), one result per finding with line, column (UTF-16 code units,
 * as declared by `columnKind`) and, for uncompressed inputs, the byte offset. The JSON Pointer,
 * record index and id go into the result's property bag.
 */
export function formatSarif(report: Report): string {
  return writeAll(sarifWriter(report), report);
}

/** SARIF as a stream: the log up to the run's `"results": [`, each result, the rest. */
export function sarifWriter(report: ReportHead): ReportWriter {
  const tool = report.tool ?? DEFAULT_TOOL;
  const ruleIndex = new Map<string, number>(RULES.map((rule, index) => [rule.id, index]));
  const compressed = new Set(report.summaries.filter((s) => s.compressed).map((s) => s.file));
  const inputs = report.summaries.map((s) => s.file).filter((file) => file !== STDIN);
  const artifactIndex = new Map(inputs.map((file, index) => [file, index]));

  const result = (finding: Finding) => {
    const index = ruleIndex.get(finding.ruleId);
    const fileIndex = artifactIndex.get(finding.file);
    const artifactLocation =
      finding.file === STDIN
        ? { description: { text: "standard input" } }
        : {
            uri: artifactUri(finding.file),
            ...(fileIndex !== undefined ? { index: fileIndex } : {}),
          };
    return {
      ruleId: finding.ruleId,
      ...(index !== undefined ? { ruleIndex: index } : {}),
      level: LEVEL[finding.severity],
      message: { text: finding.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation,
            region: {
              startLine: finding.line,
              startColumn: finding.column,
              // Offsets of a gzip input are in its decompressed bytes, which a viewer that opens
              // the .gz file would misread; line and column stay meaningful.
              ...(compressed.has(finding.file) ? {} : { byteOffset: finding.offset }),
            },
          },
        },
      ],
      properties: {
        pointer: finding.pointer,
        recordIndex: finding.recordIndex,
        ...(finding.recordId !== undefined ? { recordId: finding.recordId } : {}),
        ...(finding.suggestion !== undefined ? { suggestion: finding.suggestion } : {}),
      },
    };
  };

  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            ...(tool.informationUri ? { informationUri: tool.informationUri } : {}),
            rules: RULES.map((rule) => ({
              id: rule.id,
              shortDescription: { text: rule.title },
              fullDescription: { text: rule.description },
              defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
              properties: {
                category: rule.category,
                tags: [rule.category],
                schemaVersions: rule.schemaVersions === "*" ? ["*"] : [...rule.schemaVersions],
              },
            })),
          },
        },
        invocations: [invocation(report)],
        artifacts: inputs.map((file) => ({
          location: { uri: artifactUri(file) },
          ...(compressed.has(file) ? { mimeType: "application/gzip" } : {}),
        })),
        columnKind: "utf16CodeUnits",
        results: [],
      },
    ],
  };
  // The results array is the last member of the one run: `{ "runs": [ { … "results": [ …`.
  const results = new JsonArrayStream<Finding>(log, "results", 6, result);
  return {
    wantsSource: false,
    head: () => results.head(),
    finding: (finding) => results.item(finding),
    tail: () => results.tail(),
  };
}

/** The run's invocation: unreadable inputs make it unsuccessful, caps leave a note. */
function invocation(report: ReportHead) {
  const notifications: Record<string, unknown>[] = [];
  for (const input of report.unreadable ?? []) {
    notifications.push({
      level: "error",
      message: { text: input.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation:
              input.file === STDIN
                ? { description: { text: "standard input" } }
                : { uri: artifactUri(input.file) },
          },
        },
      ],
    });
  }
  const capped = report.summaries.reduce((n, s) => n + s.capped, 0);
  if (capped > 0) {
    notifications.push({
      level: "note",
      message: {
        text: `${capped} findings were counted but not reported because a finding limit was reached.`,
      },
    });
  }
  return {
    executionSuccessful: (report.unreadable ?? []).length === 0,
    ...(notifications.length ? { toolExecutionNotifications: notifications } : {}),
  };
}
