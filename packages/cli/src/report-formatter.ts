/**
 * The text of a report, finding by finding: each writer's head, then for each finding its code
 * frame (read from the input in one forward pass) and each writer's text, then each tail. One
 * piece of code for the two places a report is made — on the main thread (report-stream.ts,
 * `formatHere`) and on the report worker (report-worker.ts) — since `--jobs 2` must write
 * exactly the bytes `--jobs 1` writes.
 */
import type { Finding, ReportWriter } from "@parley/validator";
import { LineExcerptReader } from "./source-lines";

export class ReportFormatter {
  private readonly wantsSource: boolean;
  private lines: LineExcerptReader | undefined;
  private input = 0;

  constructor(private readonly writers: readonly ReportWriter[]) {
    this.wantsSource = writers.some((writer) => writer.wantsSource);
  }

  /** Each writer's head, in writer order. */
  head(): string[] {
    return this.writers.map((writer) => writer.head());
  }

  /** The findings that follow are of input `index`, whose bytes (for code frames) are `source`. */
  async startInput(index: number, source?: { path: string; gzip: boolean }): Promise<void> {
    await this.endInput();
    this.input = index;
    this.lines =
      this.wantsSource && source ? new LineExcerptReader(source.path, source.gzip) : undefined;
  }

  /** Each writer's text of one finding, in writer order; a promise when its frame is read. */
  finding(finding: Finding): string[] | Promise<string[]> {
    const reader = this.lines;
    if (!reader) return this.texts(finding, undefined);
    return reader
      .excerpt(finding.line, finding.column, finding.offset)
      .then((source) => this.texts(finding, source));
  }

  /** Lets go of the current input's file. */
  async endInput(): Promise<void> {
    await this.lines?.close();
    this.lines = undefined;
  }

  /** Each writer's tail, in writer order. */
  tail(): string[] {
    return this.writers.map((writer) => writer.tail());
  }

  private texts(finding: Finding, source: Parameters<ReportWriter["finding"]>[2]): string[] {
    return this.writers.map((writer) => writer.finding(finding, this.input, source));
  }
}
