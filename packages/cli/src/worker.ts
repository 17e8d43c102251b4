/**
 * One worker thread of `parley validate --jobs N` when several files are given: validates whole
 * files, one at a time, as the main thread hands them out, and posts back findings and summary.
 * A file it gets more than one job for is split further by @parley/validator/node.
 */
import { parentPort } from "node:worker_threads";
import type { ValidateOptions } from "@parley/validator";
import { validateFile } from "@parley/validator/node";

export interface FileTask {
  index: number;
  path: string;
  name: string;
  jobs: number;
  options: Omit<ValidateOptions, "onProgress" | "signal">;
}

export type WorkerMessage =
  | { type: "progress"; index: number; bytes: number; records: number }
  | {
      type: "done";
      index: number;
      result: Awaited<ReturnType<typeof validateFile>>;
    }
  | { type: "failed"; index: number; code?: string; message: string };

const port = parentPort;
if (port) {
  port.on("message", async (task: FileTask) => {
    let last = 0;
    try {
      const result = await validateFile(task.path, {
        ...task.options,
        file: task.name,
        jobs: task.jobs,
        onProgress: ({ bytes, records }) => {
          // A few updates a second are enough for a progress bar.
          const now = Date.now();
          if (now - last < 100) return;
          last = now;
          port.postMessage({
            type: "progress",
            index: task.index,
            bytes,
            records,
          } satisfies WorkerMessage);
        },
      });
      port.postMessage({ type: "done", index: task.index, result } satisfies WorkerMessage);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      port.postMessage({
        type: "failed",
        index: task.index,
        ...(typeof code === "string" ? { code } : {}),
        message: error instanceof Error ? error.message : String(error),
      } satisfies WorkerMessage);
    }
  });
}
