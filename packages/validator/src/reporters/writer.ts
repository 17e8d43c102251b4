import type { Finding } from "../finding";
import type { Report, SourceExcerpt, SourceLineProvider } from "./types";

/**
 * Everything a report says except its findings: what a streaming reporter must know before the
 * first finding (the JSON report and SARIF put the inputs' summaries at the top, JUnit the
 * number of test cases of each suite). Summaries must already tell the truth about what the
 * findings that follow will be (after caps: `reported`, per-rule `reported`).
 */
export type ReportHead = Omit<Report, "findings">;

/**
 * A reporter that writes a report in pieces — its head, one piece per finding as findings come,
 * its tail — so that a caller can stream a million findings to a file or a pipe without holding
 * them. Pure text, no I/O: `head() + finding(…)… + tail()` is the whole report, exactly what
 * the matching `formatX(report)` returns.
 *
 * Findings must come in report order: grouped by input in the order of the summaries, then by
 * position (the order `compareFindings` gives within an input).
 */
export interface ReportWriter {
  /** True when `finding` uses the source line (code frames); callers may skip reading it otherwise. */
  readonly wantsSource: boolean;
  /** Text before the first finding. Called once, first. */
  head(): string;
  /**
   * The text of one finding. `input` is the index of its input among the head's summaries;
   * `source` its line (or an excerpt of it) when `wantsSource` and the line is available.
   */
  finding(finding: Finding, input: number, source?: string | SourceExcerpt): string;
  /** Text after the last finding. Called once, last. */
  tail(): string;
}

/**
 * The index of the input each finding belongs to: the summary with the finding's file name, or
 * whose file is the directory the finding's file lies in (the CSV table form names findings by
 * table file). A finding of no input is given to the input of the one before it.
 */
export function inputIndexer(report: Pick<Report, "summaries">): (finding: Finding) => number {
  const byFile = new Map<string, number>();
  report.summaries.forEach((s, index) => {
    if (!byFile.has(s.file)) byFile.set(s.file, index);
  });
  let last = 0;
  return (finding) => {
    let index = byFile.get(finding.file);
    if (index === undefined) {
      const slash = finding.file.lastIndexOf("/");
      if (slash > 0) index = byFile.get(finding.file.slice(0, slash));
    }
    if (index !== undefined) last = index;
    return index ?? last;
  };
}

/** Writes a whole in-memory report through a streaming writer (what every `formatX` does). */
export function writeAll(
  writer: ReportWriter,
  report: Report,
  sourceLine?: SourceLineProvider,
): string {
  const inputOf = inputIndexer(report);
  const parts = [writer.head()];
  for (const finding of report.findings) {
    const source = writer.wantsSource ? sourceLine?.(finding.file, finding.line) : undefined;
    parts.push(writer.finding(finding, inputOf(finding), source));
  }
  parts.push(writer.tail());
  return parts.join("");
}

/**
 * Streams the elements of one array of a pretty-printed JSON document (`JSON.stringify(doc,
 * null, 2)`), byte for byte as `JSON.stringify` would have written them: the document is
 * rendered once with the array empty and cut open where the array is.
 *
 * `indent` is the array's key's indentation. A line break followed by exactly that indentation
 * and the quoted key can only be the key itself: line breaks inside strings are escaped.
 */
export class JsonArrayStream<T> {
  private readonly before: string;
  private readonly after: string;
  private readonly pad: string;
  private count = 0;

  constructor(
    document: unknown,
    key: string,
    indent: number,
    private readonly entry: (item: T) => unknown = (item) => item,
  ) {
    const text = `${JSON.stringify(document, null, 2)}\n`;
    const marker = `\n${" ".repeat(indent)}${JSON.stringify(key)}: []`;
    const at = text.indexOf(marker);
    if (at < 0 || text.indexOf(marker, at + 1) >= 0) {
      throw new Error(`JsonArrayStream: no single '${key}' array at indent ${indent}`);
    }
    const open = at + marker.length - 1;
    this.before = text.slice(0, open);
    this.after = text.slice(open + 1);
    this.pad = " ".repeat(indent + 2);
  }

  head(): string {
    return this.before;
  }

  item(item: T): string {
    const json = JSON.stringify(this.entry(item), null, 2).replace(/\n/g, `\n${this.pad}`);
    return `${this.count++ === 0 ? "" : ","}\n${this.pad}${json}`;
  }

  tail(): string {
    return `${this.count > 0 ? `\n${this.pad.slice(2)}` : ""}]${this.after}`;
  }
}
