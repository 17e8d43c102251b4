import {
  type PrettyOptions,
  type ReportFormat,
  type ReportHead,
  type ReportWriter,
  reportWriter,
  type ValidationSummary,
} from "@parley/validator";
import { openAtomicFile } from "./atomic-output";
import { CapFilter, type Caps } from "./caps";
import type { OutputStream } from "./context";
import type { SortedFindings } from "./finding-spool";
import { LineExcerptReader } from "./source-lines";

/** One validated input, as the report streams it. */
export interface ReportedInput {
  summary: ValidationSummary;
  findings: SortedFindings;
  /** Where its bytes can be read again for code frames. */
  source?: { path: string; gzip: boolean };
}

/** Where one report goes, in which format. */
export interface ReportTarget {
  format: ReportFormat;
  sink: TextSink;
  pretty?: Omit<PrettyOptions, "sourceLine">;
}

/** Text is handed to the stream in pieces of about this many characters. */
const FLUSH_CHARS = 64 * 1024;

/** Buffered text output to a stream or a file; `write` returns a promise when it must be awaited. */
export interface TextSink {
  write(text: string): Promise<void> | undefined;
  /** Writes what is buffered and finishes (a file is renamed into place). */
  end(): Promise<void>;
  /** Gives up (a file's temporary is removed; its target is left as it was). */
  abort(): Promise<void>;
}

/**
 * A sink that gathers small writes and passes them on in pieces of about FLUSH_CHARS: `out`
 * takes each piece (returning a promise when the writer must wait), `commit` finishes after
 * the last piece, `abandon` drops what is unwritten.
 */
function bufferedSink(
  out: (text: string) => Promise<void> | undefined,
  commit: () => Promise<void> | void = () => {},
  abandon: () => void = () => {},
): TextSink {
  let parts: string[] = [];
  let size = 0;
  const flush = (): Promise<void> | undefined => {
    if (parts.length === 0) return undefined;
    const text = parts.join("");
    parts = [];
    size = 0;
    return out(text);
  };
  return {
    write(text) {
      parts.push(text);
      size += text.length;
      return size >= FLUSH_CHARS ? flush() : undefined;
    },
    async end() {
      await flush();
      await commit();
    },
    async abort() {
      parts = [];
      abandon();
    },
  };
}

/** A sink on stdout (or a test's buffer), waiting for 'drain' when the stream asks for it. */
export function streamSink(stream: OutputStream): TextSink {
  return bufferedSink((text) => {
    const ok = stream.write(text);
    const emitter = stream as OutputStream & { once?: (event: string, f: () => void) => void };
    if (ok === false && typeof emitter.once === "function") {
      return new Promise((resolve) => emitter.once?.("drain", resolve));
    }
    return undefined;
  });
}

/**
 * A sink into a report file, through the CLI's atomic output: written as a temporary sibling
 * and renamed over the target only once the report is complete, so that a report cut short (a
 * failure, Ctrl-C) never replaces a previous one. Opening fails at once (missing folder, no
 * permission) with one line naming the path.
 */
export function fileSink(path: string): TextSink {
  const file = openAtomicFile(path);
  return bufferedSink(
    (text) => file.write(text),
    () => file.commit(),
    () => file.abandon(),
  );
}

/**
 * Writes every report in one pass over the findings, as they stream out of the inputs' spools:
 * each target's head, each finding (with its code frame, read in the same forward pass over the
 * input), each tail. Memory does not grow with the number of findings.
 *
 * Caps need the count of what they keep before the first finding is written (the JSON report
 * and SARIF put the inputs' summaries first, JUnit the test counts): when a cap is set, a first
 * pass over the findings counts what the caps keep. Without caps nothing needs counting.
 *
 * Returns the summaries as the reports state them (after caps).
 */
export async function streamReports(
  inputs: readonly ReportedInput[],
  head: Omit<ReportHead, "summaries">,
  targets: readonly ReportTarget[],
  caps: Caps,
): Promise<ValidationSummary[]> {
  const counting = new CapFilter(caps);
  const summaries: ValidationSummary[] = [];
  for (const input of inputs) {
    if (counting.active) {
      for await (const finding of input.findings.sorted()) {
        const full = counting.full;
        counting.keep(finding);
        // Past the total cap nothing more is kept; `keep` has noted that one was left out.
        if (full) break;
      }
    } else {
      counting.keepAll(input.findings.byRule);
    }
    summaries.push(counting.finishInput(input.summary));
  }

  const report: ReportHead = { ...head, summaries };
  const writers: Array<{ writer: ReportWriter; sink: TextSink }> = targets.map((target) => ({
    writer: reportWriter(target.format, report, { ...target.pretty, frames: true }),
    sink: target.sink,
  }));
  const wantsSource = writers.some(({ writer }) => writer.wantsSource);
  // A promise only when a sink must be waited for (a full pipe): most findings are written
  // without an async step.
  const write = (text: (writer: ReportWriter) => string): Promise<void> | undefined => {
    for (const [i, { writer, sink }] of writers.entries()) {
      const waiting = sink.write(text(writer));
      if (waiting) return waiting.then(() => writeFrom(i + 1, text));
    }
    return undefined;
  };
  const writeFrom = async (first: number, text: (writer: ReportWriter) => string) => {
    for (const { writer, sink } of writers.slice(first)) {
      const waiting = sink.write(text(writer));
      if (waiting) await waiting;
    }
  };

  await write((w) => w.head());
  const filter = new CapFilter(caps);
  for (const [index, input] of inputs.entries()) {
    const lines =
      wantsSource && input.source
        ? new LineExcerptReader(input.source.path, input.source.gzip)
        : undefined;
    try {
      for await (const finding of input.findings.sorted()) {
        if (filter.active) {
          if (filter.full) break;
          if (!filter.keep(finding)) continue;
        }
        const source = lines
          ? await lines.excerpt(finding.line, finding.column, finding.offset)
          : undefined;
        const written = write((w) => w.finding(finding, index, source));
        if (written) await written;
      }
    } finally {
      await lines?.close();
    }
    filter.finishInput(input.summary);
  }
  await write((w) => w.tail());
  return summaries;
}
