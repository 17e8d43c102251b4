/**
 * The thread that formats the report of `parley validate --jobs N` (N ≥ 2) when it holds many
 * findings (report-stream.ts, `formatOnWorker`). The main thread reads the findings back from
 * their spools in report order, applies the caps and hands the kept ones over in acknowledged
 * batches; this thread reads their code frames from the inputs, formats them for every report
 * target and sends the text back, which the main thread writes. The two halves of the report's
 * work (reading and sorting the findings back; code frames and text) then run side by side
 * instead of one after the other on the main thread, after every part has been validated.
 *
 * The text is exactly what `streamReports` writes on one thread: the same writers, in the same
 * order, over the same findings.
 */
import { parentPort } from "node:worker_threads";
import { type Finding, type ReportFormat, type ReportHead, reportWriter } from "@parley/validator";
import pc from "picocolors";
import { ReportFormatter } from "./report-formatter";

/** A report target as it can cross threads: colours as a flag (functions cannot be sent). */
export interface FormatTarget {
  format: ReportFormat;
  pretty?: { colors?: boolean; columns?: number };
}

/** What the main thread sends, in report order. */
export type ToFormatter =
  | { kind: "start"; head: ReportHead; targets: FormatTarget[] }
  /** The findings that follow are of input `index`; `source` is where its code frames are read. */
  | { kind: "input"; index: number; source?: { path: string; gzip: boolean } }
  | { kind: "findings"; findings: Finding[] }
  | { kind: "end" };

/** What this thread sends: text for each target (in target order), then done or failed. */
export type FromFormatter =
  /** `ack`: the text of one batch of findings (the batch is acknowledged once it is written). */
  | { kind: "text"; texts: string[]; ack: boolean }
  | { kind: "done" }
  | { kind: "failed"; error: string };

/** Findings formatted before their text is sent (see "findings" below). */
const TEXT_FINDINGS = 64;

const port = parentPort;
let formatter: ReportFormatter | undefined;

async function handle(message: ToFormatter): Promise<void> {
  switch (message.kind) {
    case "start": {
      formatter = new ReportFormatter(
        message.targets.map(({ format, pretty }) =>
          reportWriter(format, message.head, {
            ...(pretty && {
              columns: pretty.columns,
              ...(pretty.colors !== undefined && { colors: pc.createColors(pretty.colors) }),
            }),
            frames: true,
          }),
        ),
      );
      send(formatter.head(), false);
      return;
    }
    case "input":
      await formatter?.startInput(message.index, message.source);
      return;
    case "findings": {
      // Text goes out every few findings, and each finding is let go once written: a batch
      // kept whole with its text until its end survived the nursery's collections (copied
      // each time, then promoted), which cost this thread a third of its time.
      const { findings } = message;
      const formatting = formatter as ReportFormatter;
      let texts: string[][] = [];
      for (let k = 0; k < findings.length; k++) {
        const finding = findings[k] as Finding;
        findings[k] = undefined as unknown as Finding;
        texts.push(await formatting.finding(finding));
        const last = k + 1 === findings.length;
        if (last || (k + 1) % TEXT_FINDINGS === 0) {
          send(joinByWriter(texts), last);
          texts = [];
        }
      }
      return;
    }
    case "end":
      await formatter?.endInput();
      send(formatter?.tail() ?? [], false);
      port?.postMessage({ kind: "done" } satisfies FromFormatter);
  }
}

/** Per writer, the texts of several findings (each finding's texts are in writer order). */
function joinByWriter(texts: string[][]): string[] {
  return (texts[0] ?? []).map((_, w) => texts.map((byWriter) => byWriter[w]).join(""));
}

function send(texts: string[], ack: boolean): void {
  port?.postMessage({ kind: "text", texts, ack } satisfies FromFormatter);
}

// One message at a time, in the order sent: a batch's code frames are read before the next's.
// After a failure nothing more is handled: the main thread stops this thread.
let chain: Promise<void> = Promise.resolve();
let failed = false;
port?.on("message", (message: ToFormatter) => {
  chain = chain
    .then(() => (failed ? undefined : handle(message)))
    .catch((error: unknown) => {
      failed = true;
      port?.postMessage({
        kind: "failed",
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      } satisfies FromFormatter);
    });
});
