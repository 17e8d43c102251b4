import type { Finding, Severity } from "../finding";
import { codeFrame } from "./code-frame";
import { formatCount, plural, totals } from "./summary";
import { printable, singleLine } from "./text";
import {
  type Colorizer,
  NO_COLORS,
  type Report,
  type SourceExcerpt,
  type SourceLineProvider,
} from "./types";
import { type ReportHead, type ReportWriter, writeAll } from "./writer";

export interface PrettyOptions {
  /** ANSI styling (pass picocolors' `createColors(enabled)`); none by default. */
  colors?: Colorizer;
  /** Source lines for code frames; without it findings are printed without a frame. */
  sourceLine?: SourceLineProvider;
  /** Width of the terminal, to fit code frames; default 100. */
  columns?: number;
}

function severityLabel(severity: Severity, c: Colorizer): string {
  switch (severity) {
    case "error":
      return c.red("error");
    case "warning":
      return c.yellow("warning");
    default:
      return c.blue("info");
  }
}

/**
 * The human format, one block per finding:
 *
 *     data/events.ndjson:12:25  error  codelist-unknown  "meetnig" is not in the code list (did you mean 'meeting'?)
 *     > 12 | {"type":"event","kind":"meetnig"}
 *          |                        ^
 *
 * `file:line:col` comes first so that terminals and editors make it a link. A summary follows:
 * totals by severity, the inputs and records read, the rules that fired, and what caps hid.
 */
export function formatPretty(report: Report, options: PrettyOptions = {}): string {
  return writeAll(prettyWriter(report, options), report, options.sourceLine);
}

/**
 * The pretty format as a stream: one block per finding as it comes, the summary last. Code
 * frames are drawn when `options.sourceLine` is given (`formatPretty`) or `frames` is true (a
 * streaming caller that passes each finding's source line itself).
 */
export function prettyWriter(
  head: ReportHead,
  options: PrettyOptions & { frames?: boolean } = {},
): ReportWriter {
  const c = options.colors ?? NO_COLORS;
  const frameWidth = Math.max(40, (options.columns ?? 100) - 10);
  return {
    wantsSource: options.frames ?? options.sourceLine !== undefined,
    head: () => "",
    finding: (finding, _input, source) => `${findingBlock(finding, c, source, frameWidth)}\n\n`,
    tail: () => `${summaryBlock(head, c)}\n`,
  };
}

function findingBlock(
  finding: Finding,
  c: Colorizer,
  source: string | SourceExcerpt | undefined,
  frameWidth: number,
): string {
  const where = c.bold(`${printable(finding.file)}:${finding.line}:${finding.column}`);
  const head = `${where}  ${severityLabel(finding.severity, c)}  ${c.dim(finding.ruleId)}  ${singleLine(finding.message)}`;
  const lines = [head];
  const context: string[] = [];
  if (finding.recordIndex !== null) {
    context.push(
      `record ${finding.recordIndex}${finding.recordId ? ` (${singleLine(finding.recordId)})` : ""}`,
    );
  }
  if (finding.pointer !== "") context.push(`at ${singleLine(finding.pointer)}`);
  if (context.length) lines.push(c.dim(`  ${context.join(", ")}`));
  if (source !== undefined) {
    lines.push(
      codeFrame(source, finding.line, finding.column, { maxWidth: frameWidth, colors: c }),
    );
  }
  return lines.join("\n");
}

function summaryBlock(report: ReportHead, c: Colorizer): string {
  const t = totals(report.summaries);
  const problems = t.counts.error + t.counts.warning + t.counts.info;
  const read = `${plural(t.files, "input")}, ${plural(t.records, "record")}`;
  const lines: string[] = [];
  const unreadable = report.unreadable ?? [];
  for (const input of unreadable) {
    lines.push(c.red(`${c.bold("✖")} ${singleLine(input.message)}`));
  }
  if (problems === 0 && unreadable.length > 0) {
    lines.push(`${plural(unreadable.length, "input")} not checked; no problems in ${read}`);
  } else if (problems === 0) {
    lines.push(c.green(c.bold(`✔ valid: ${read}, no problems`)));
  } else {
    const bySeverity = `${plural(t.counts.error, "error")}, ${plural(t.counts.warning, "warning")}, ${plural(t.counts.info, "info", "infos")}`;
    const mark = t.counts.error > 0 ? c.red(c.bold("✖")) : c.yellow(c.bold("⚠"));
    lines.push(`${mark} ${c.bold(`${plural(problems, "problem")} (${bySeverity})`)} in ${read}`);
    if (t.invalidRecords > 0) lines.push(`  ${plural(t.invalidRecords, "record")} with errors`);
    const rules = t.byRule.map((rule) => `${rule.ruleId} ${formatCount(rule.count)}`);
    lines.push(`  by rule: ${rules.join(", ")}`);
  }
  if (t.capped > 0) {
    lines.push(
      c.yellow(
        `  ${plural(t.capped, "finding")} not shown: a finding limit was reached (counted above)`,
      ),
    );
  }
  if (report.summaries.length > 1) {
    for (const summary of report.summaries) {
      const found = summary.counts.error + summary.counts.warning + summary.counts.info;
      const state =
        found === 0
          ? c.green("ok")
          : `${plural(summary.counts.error, "error")}, ${plural(summary.counts.warning, "warning")}, ${plural(summary.counts.info, "info", "infos")}`;
      lines.push(`  ${printable(summary.file)}: ${plural(summary.records, "record")}, ${state}`);
    }
  }
  for (const summary of report.summaries) {
    if (summary.assumedSchemaVersion !== undefined) {
      lines.push(
        `  ${printable(summary.file)}: a bare array of records declares no version; records were checked against standard ${summary.assumedSchemaVersion} (--schema-version chooses the version)`,
      );
    }
    if (summary.aborted) {
      lines.push(
        c.red(
          `  ${printable(summary.file)}: reading stopped early; the rest of the input was not checked`,
        ),
      );
    }
  }
  return lines.join("\n");
}
