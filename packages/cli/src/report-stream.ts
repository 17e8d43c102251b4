import {
  type Finding,
  type PrettyOptions,
  type ReportFormat,
  type ReportHead,
  reportWriter,
  type ValidationSummary,
} from "@parley/validator";
import { FindingBatches } from "@parley/validator/node";
import { openAtomicFile } from "./atomic-output";
import { CapFilter, type Caps } from "./caps";
import type { OutputStream } from "./context";
import type { SortedFindings } from "./finding-spool";
import { ReportFormatter } from "./report-formatter";
import type { FormatTarget, FromFormatter, ToFormatter } from "./report-worker";

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
 * How the report's work is shared out: with `threads` ≥ 2 (`--jobs`) and at least
 * `workerMinFindings` findings kept, code frames and text are made on a worker thread
 * (report-worker.ts) while this thread reads the findings back and writes. Below that a worker's
 * start-up (~0.1 s) costs more than it saves.
 */
export interface ReportThreads {
  threads: number;
  workerMinFindings?: number;
  /** Told when the report is made on a worker thread (`PARLEY_DEBUG` says so; tests check it). */
  onWorker?: () => void;
}

/**
 * Findings kept before the report is formatted on a worker thread (see ReportThreads): ~15 µs of
 * code frame and text per finding on this thread against a worker's start-up. Overridden by
 * `PARLEY_REPORT_WORKER_MIN_FINDINGS` (tests use it to take the worker's path on small inputs).
 */
export const REPORT_WORKER_MIN_FINDINGS = 20_000;

/**
 * Writes every report in one pass over the findings, as they stream out of the inputs' spools:
 * each target's head, each finding (with its code frame, read in the same forward pass over the
 * input), each tail. Memory does not grow with the number of findings.
 *
 * Caps need the count of what they keep before the first finding is written (the JSON report
 * and SARIF put the inputs' summaries first, JUnit the test counts): when a cap is set, a first
 * pass over the findings counts what the caps keep. Without caps nothing needs counting.
 *
 * With many findings and `--jobs` ≥ 2 the code frames and text are made on a worker thread
 * (`formatOnWorker`); the bytes written are the same.
 *
 * Returns the summaries as the reports state them (after caps).
 */
export async function streamReports(
  inputs: readonly ReportedInput[],
  head: Omit<ReportHead, "summaries">,
  targets: readonly ReportTarget[],
  caps: Caps,
  { threads, workerMinFindings = REPORT_WORKER_MIN_FINDINGS, onWorker }: ReportThreads = {
    threads: 1,
  },
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
  const kept = summaries.reduce((n, summary) => n + summary.reported, 0);
  const sendable = targets.map(formatTarget);
  if (threads >= 2 && kept >= workerMinFindings && sendable.every((t) => t !== undefined)) {
    onWorker?.();
    await formatOnWorker(inputs, report, targets, sendable as FormatTarget[], caps);
  } else await formatHere(inputs, report, targets, caps);
  return summaries;
}

/**
 * Each finding the caps keep, input by input in report order: `startInput` before an input's
 * first, `finding` for each (a returned promise is waited for), `endInput` after its last —
 * and after a failure too, told so (`failed`), to let go of what it holds without doing more.
 */
async function forEachKept(
  inputs: readonly ReportedInput[],
  caps: Caps,
  visit: {
    startInput(index: number, input: ReportedInput): Promise<void> | undefined;
    finding(finding: Finding, index: number): Promise<void> | undefined;
    endInput(failed: boolean): Promise<void>;
  },
): Promise<void> {
  const filter = new CapFilter(caps);
  for (const [index, input] of inputs.entries()) {
    let failed = true;
    try {
      await visit.startInput(index, input);
      for await (const finding of input.findings.sorted()) {
        if (filter.active) {
          if (filter.full) break;
          if (!filter.keep(finding)) continue;
        }
        const written = visit.finding(finding, index);
        if (written) await written;
      }
      failed = false;
    } finally {
      await visit.endInput(failed);
    }
    filter.finishInput(input.summary);
  }
}

/** Writes the reports on this thread: code frames, text and writes, one finding after another. */
async function formatHere(
  inputs: readonly ReportedInput[],
  report: ReportHead,
  targets: readonly ReportTarget[],
  caps: Caps,
): Promise<void> {
  const formatter = new ReportFormatter(
    targets.map((target) =>
      reportWriter(target.format, report, { ...target.pretty, frames: true }),
    ),
  );
  const sinks = targets.map((target) => target.sink);
  // A promise only when a sink must be waited for (a full pipe): most findings are written
  // without an async step.
  const write = (texts: string[]): Promise<void> | undefined => {
    for (const [i, sink] of sinks.entries()) {
      const waiting = sink.write(texts[i] as string);
      if (waiting) return waiting.then(() => writeFrom(i + 1, texts));
    }
    return undefined;
  };
  const writeFrom = async (first: number, texts: string[]) => {
    for (let i = first; i < sinks.length; i++) {
      const waiting = (sinks[i] as TextSink).write(texts[i] as string);
      if (waiting) await waiting;
    }
  };

  await write(formatter.head());
  await forEachKept(inputs, caps, {
    startInput: (index, input) => formatter.startInput(index, input.source),
    finding(finding) {
      const texts = formatter.finding(finding);
      return Array.isArray(texts) ? write(texts) : texts.then(write);
    },
    endInput: () => formatter.endInput(),
  });
  await write(formatter.tail());
}

/**
 * A target as the formatting thread can rebuild it: its format, its terminal width, and its
 * colours as a flag — picocolors' own, which says whether it colours (`isColorSupported`).
 * Undefined for a colourer this thread cannot describe (the report is then made here).
 */
function formatTarget(target: ReportTarget): FormatTarget | undefined {
  if (!target.pretty) return { format: target.format };
  const { colors, columns } = target.pretty;
  const flag = (colors as { isColorSupported?: unknown } | undefined)?.isColorSupported;
  if (colors !== undefined && typeof flag !== "boolean") return undefined;
  return {
    format: target.format,
    pretty: {
      ...(columns !== undefined && { columns }),
      ...(typeof flag === "boolean" && { colors: flag }),
    },
  };
}

/**
 * Findings a batch sent to the formatting thread: small enough that a batch's objects die young
 * there (a batch is deserialized whole on arrival), large enough that messages stay few.
 */
const REPORT_BATCH = 256;

/**
 * Writes the reports with a worker thread (report-worker.ts) making the code frames and text:
 * this thread reads the findings back in report order, applies the caps, sends the kept ones in
 * batches and writes the text that comes back, in order. At most two batches are in flight (a
 * batch is acknowledged once its text is written), so neither the findings nor the text pile up
 * between the threads when the output is slow.
 */
async function formatOnWorker(
  inputs: readonly ReportedInput[],
  report: ReportHead,
  targets: readonly ReportTarget[],
  sendable: FormatTarget[],
  caps: Caps,
): Promise<void> {
  const { Worker } = await import("node:worker_threads"); // only a run with a report worker needs it
  const worker = new Worker(new URL("./report-worker.js", import.meta.url));
  const post = (message: ToFormatter) => worker.postMessage(message);
  const batches = new FindingBatches(
    (findings) => post({ kind: "findings", findings }),
    REPORT_BATCH,
  );
  // Text is written in the order it comes, one message after another.
  let writing: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | undefined;
  const finished = new Promise<void>((resolve, reject) => {
    const stop = (error: unknown) => {
      failure ??= { error };
      // A batch waiting for its acknowledgement must not wait for ever.
      batches.acknowledge();
      reject(error);
    };
    worker.on("message", (message: FromFormatter) => {
      if (message.kind === "failed") stop(new Error(`report worker failed: ${message.error}`));
      else if (message.kind === "done") writing.then(resolve, stop);
      else {
        writing = writing.then(async () => {
          for (const [k, text] of message.texts.entries()) {
            const waiting = (targets[k] as ReportTarget).sink.write(text);
            if (waiting) await waiting;
          }
          if (message.ack) batches.acknowledge();
        });
        writing.catch(stop);
      }
    });
    worker.once("error", stop);
    worker.once("exit", (code) => stop(new Error(`report worker stopped (exit code ${code})`)));
  });
  // Its rejection is awaited below; until then an early one must not count as unhandled.
  finished.catch(() => {});
  const stopIfFailed = () => {
    if (failure) throw failure.error;
  };
  try {
    post({ kind: "start", head: report, targets: sendable });
    await forEachKept(inputs, caps, {
      startInput(index, input) {
        post({ kind: "input", index, ...(input.source && { source: input.source }) });
        return undefined;
      },
      finding(finding) {
        stopIfFailed();
        return batches.add(finding);
      },
      async endInput(failed) {
        // After a failure nothing more is sent: the first error is the one to report, not one
        // of a worker that a last batch would wait for.
        if (failed) return;
        // An input's findings go before the next input's start.
        stopIfFailed();
        await batches.flush();
      },
    });
    stopIfFailed();
    post({ kind: "end" });
    await finished;
  } finally {
    worker.removeAllListeners();
    await worker.terminate();
  }
}
