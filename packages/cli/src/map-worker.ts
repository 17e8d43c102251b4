/**
 * One worker thread of a bounded-memory validation with `--jobs N` (bounded-validation.ts):
 * maps one byte range of an NDJSON file (the distributed map stage) and sorts its stage lines
 * into runs on disk of its own, then hands the runs to the main thread, which merges them with
 * the other parts'. Nothing but the runs' places crosses between the threads.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { StageOptions } from "@parley/validator/node";
import { addLines, mapRange, partProgressSlot, stageLineSort } from "./bounded-validation";
import { CliError } from "./errors";
import type { ExitCode } from "./exit-codes";
import type { SortedRuns } from "./external-sort";

export interface MapTask {
  path: string;
  name: string;
  inputIndex: number;
  range: { start: number; end: number };
  options: StageOptions;
  /**
   * Where the runs go: a directory of the main thread's, removed by it on Ctrl-C (a worker
   * thread gets no signals, so its own temporaries would be left behind).
   */
  scratch: string;
  /** Characters a sorted run holds (bounded-validation.ts's default unless a test sets it). */
  runChars?: number;
  /** Where the part's bytes read go for the progress bar (bounded-validation.ts PartsProgress). */
  progress?: SharedArrayBuffer;
  progressSlot?: number;
}

export type MapWorkerMessage =
  | { type: "done"; runs: SortedRuns | undefined }
  | { type: "failed"; message: string; exitCode?: ExitCode; hint?: string };

async function mapTask(task: MapTask): Promise<SortedRuns | undefined> {
  const lines = stageLineSort(task.scratch, task.runChars);
  try {
    await mapRange(
      {
        file: task.name,
        inputIndex: task.inputIndex,
        path: task.path,
        range: task.range,
        options: task.options,
        ...(task.progress
          ? { onBytes: partProgressSlot(task.progress, task.progressSlot ?? 0) }
          : {}),
      },
      (text) => addLines(lines, text),
    );
    return await lines.detach();
  } finally {
    await lines.dispose();
  }
}

mapTask(workerData as MapTask).then(
  (runs) => parentPort?.postMessage({ type: "done", runs } satisfies MapWorkerMessage),
  (error: unknown) =>
    parentPort?.postMessage({
      type: "failed",
      message: error instanceof Error ? error.message : String(error),
      // A user's problem (no room for the runs, an unreadable file) stays one, with its exit code.
      ...(error instanceof CliError ? { exitCode: error.exitCode, hint: error.hint } : {}),
    } satisfies MapWorkerMessage),
);
