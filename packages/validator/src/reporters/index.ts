/**
 * Reporters: pure functions from a `Report` (findings + per-input summaries) to text. They use
 * no Node built-ins, so the CLI and the browser demo print the same reports.
 */
import { formatGithub } from "./github";
import { formatJson } from "./json";
import { formatJunit } from "./junit";
import { formatPretty, type PrettyOptions } from "./pretty";
import { formatSarif } from "./sarif";
import type { Report } from "./types";

export { type CodeFrameOptions, codeFrame } from "./code-frame";
export { formatGithub } from "./github";
export { formatJson, JSON_REPORT_SCHEMA, type JsonReport, toJsonReport } from "./json";
export { formatJunit } from "./junit";
export { formatPretty, type PrettyOptions } from "./pretty";
export { artifactUri, formatSarif, SARIF_SCHEMA_URI } from "./sarif";
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
