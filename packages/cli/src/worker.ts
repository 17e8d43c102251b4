/**
 * One worker thread of `parley validate --jobs N` when several files are given: validates whole
 * files, one at a time, as the main thread hands them out, and sends back findings in batches
 * as they come, then the summary. A file it gets more than one job for is split further by
 * @parley/validator/node. It never has more than two batches the main thread has not
 * acknowledged (written to its spool): findings cannot pile up in memory between the threads.
 */
import { parentPort } from "node:worker_threads";
import type { Finding, ValidateOptions, ValidationSummary } from "@parley/validator";
import { FindingBatches, validateFileStream } from "@parley/validator/node";

export interface FileTask {
  index: number;
  path: string;
  name: string;
  jobs: number;
  options: Omit<ValidateOptions, "onProgress" | "signal">;
  /** Where the validator may spill findings of later parts (removed by the main thread). */
  temporaryDirectory: string;
}

export type WorkerMessage =
  | { type: "progress"; index: number; bytes: number; records: number }
  | { type: "findings"; index: number; findings: Finding[] }
  | { type: "done"; index: number; summary: ValidationSummary }
  | { type: "failed"; index: number; code?: string; message: string };

/** What the main thread sends: a file to validate, or the acknowledgement of a batch. */
export type MainMessage = { type: "task"; task: FileTask } | { type: "ack" };

const port = parentPort;
/** The file being validated (batches are sent for it). */
let current = -1;
// One sender for the thread's life: an acknowledgement may arrive after its file failed.
const batches = new FindingBatches((findings) =>
  port?.postMessage({ type: "findings", index: current, findings } satisfies WorkerMessage),
);

async function validateTask(task: FileTask): Promise<void> {
  current = task.index;
  batches.discard();
  let last = 0;
  const run = validateFileStream(task.path, {
    ...task.options,
    file: task.name,
    jobs: task.jobs,
    temporaryDirectory: task.temporaryDirectory,
    onProgress: ({ bytes, records }) => {
      // A few updates a second are enough for a progress bar.
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      port?.postMessage({
        type: "progress",
        index: task.index,
        bytes,
        records,
      } satisfies WorkerMessage);
    },
  });
  for await (const finding of run) {
    const waiting = batches.add(finding);
    if (waiting) await waiting;
  }
  await batches.flush();
  port?.postMessage({
    type: "done",
    index: task.index,
    summary: await run.summary,
  } satisfies WorkerMessage);
}

port?.on("message", async (message: MainMessage) => {
  if (message.type === "ack") {
    batches.acknowledge();
    return;
  }
  const { task } = message;
  try {
    await validateTask(task);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    port?.postMessage({
      type: "failed",
      index: task.index,
      ...(typeof code === "string" ? { code } : {}),
      message: error instanceof Error ? error.message : String(error),
    } satisfies WorkerMessage);
  }
});
