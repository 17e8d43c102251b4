/**
 * Reporters: pure functions from a `Report` (findings + per-input summaries) to text. They use
 * no Node built-ins, so the CLI and the browser demo print the same reports. Each also comes as
 * a `ReportWriter` (head, one piece per finding, tail), so that a report of a million findings
 * can be streamed without holding them.
 */
import { formatGithub, githubWriter } from "./github";
import { formatJson, jsonWriter } from "./json";
import { formatJunit, junitWriter } from "./junit";
import { formatPretty, type PrettyOptions, prettyWriter } from "./pretty";
import { formatSarif, sarifWriter } from "./sarif";
import type { Report } from "./types";

export { inputIndexer, type ReportHead, type ReportWriter, writeAll } from "./writer";

import type { ReportHead, ReportWriter } from "./writer";

export { type CodeFrameOptions, codeFrame } from "./code-frame";
export { formatGithub, githubWriter } from "./github";
export { formatJson, JSON_REPORT_SCHEMA, type JsonReport, jsonWriter, toJsonReport } from "./json";
export { formatJunit, junitWriter, type SuiteCounts } from "./junit";
export { formatPretty, type PrettyOptions, prettyWriter } from "./pretty";
export { artifactUri, formatSarif, SARIF_SCHEMA_URI, sarifWriter } from "./sarif";
export { plural, type ReportTotals, type RuleTally, totals } from "./summary";
export { printable } from "./text";
export {
  type Colorizer,
  DEFAULT_TOOL,
  NO_COLORS,
  type Report,
  type SourceExcerpt,
  type SourceLineProvider,
  type ToolInfo,
  type UnreadableInput,
} from "./types";

/** The report formats, by the names `parley validate --format/--output` accepts. */
export const REPORT_FORMATS = ["pretty", "json", "sarif", "github", "junit"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Formats a report by format name; `options` applies to `pretty` only. */
export function formatReport(
  format: ReportFormat,
  report: Report,
  options: PrettyOptions = {},
): string {
  switch (format) {
    case "pretty":
      return formatPretty(report, options);
    case "json":
      return formatJson(report);
    case "sarif":
      return formatSarif(report);
    case "github":
      return formatGithub(report);
    case "junit":
      return formatJunit(report);
  }
}

/**
 * A streaming writer by format name; `options` applies to `pretty` only (`frames: true` to draw
 * code frames from the source lines the caller passes with each finding).
 */
export function reportWriter(
  format: ReportFormat,
  head: ReportHead,
  options: Omit<PrettyOptions, "sourceLine"> & { frames?: boolean } = {},
): ReportWriter {
  switch (format) {
    case "pretty":
      return prettyWriter(head, options);
    case "json":
      return jsonWriter(head);
    case "sarif":
      return sarifWriter(head);
    case "github":
      return githubWriter(head);
    case "junit":
      return junitWriter(head);
  }
}
