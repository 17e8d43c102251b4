import type { Finding, ValidationSummary } from "../finding";

/**
 * What every reporter formats: the findings of one or more inputs and one summary per input.
 * Reporters are pure functions of a `Report` (no I/O, no Node built-ins) so that the CLI, the
 * browser demo and tests all get the same text.
 */
export interface Report {
  /** The findings to show, already in display order (the CLI sorts by input, then position). */
  findings: readonly Finding[];
  /** One summary per input, in the order the inputs were given. */
  summaries: readonly ValidationSummary[];
  /** Who produced the report; SARIF and the JSON report record it. */
  tool?: ToolInfo;
  /**
   * Inputs that could not be read at all (missing, a directory, no permission): they have no
   * summary, but a report must not look clean because an input was never checked.
   */
  unreadable?: readonly UnreadableInput[];
}

export interface UnreadableInput {
  file: string;
  message: string;
}

export interface ToolInfo {
  name: string;
  version: string;
  informationUri?: string;
}

export const DEFAULT_TOOL: ToolInfo = {
  name: "parley",
  version: "0.0.0",
  informationUri: "https://parley.dev",
};

/**
 * ANSI styling, shaped like picocolors' `Colors` so that the CLI can pass
 * `createColors(enabled)` straight in. The default styles nothing.
 */
export interface Colorizer {
  red(text: string): string;
  yellow(text: string): string;
  blue(text: string): string;
  green(text: string): string;
  cyan(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  underline(text: string): string;
}

const identity = (text: string): string => text;

export const NO_COLORS: Colorizer = {
  red: identity,
  yellow: identity,
  blue: identity,
  green: identity,
  cyan: identity,
  dim: identity,
  bold: identity,
  underline: identity,
};

/**
 * Part of a line too long to keep whole (an NDJSON record can be megabytes on one line): the
 * characters from `startColumn` (1-based, UTF-16 code units) on, and the full line's length.
 */
export interface SourceExcerpt {
  text: string;
  startColumn: number;
  lineLength: number;
}

/**
 * Gives the text of one line of an input (1-based), whole or as an excerpt around the columns
 * of interest, for code frames; undefined when the line is not available (stdin that was not
 * kept). The CLI reads lines back from the files; the browser demo from the text it validated.
 */
export type SourceLineProvider = (file: string, line: number) => string | SourceExcerpt | undefined;
