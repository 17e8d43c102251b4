/**
 * The script of one worker thread of `validateFile(…, { jobs })`: validates one byte range of
 * an NDJSON file and posts back its findings, totals and dataset-rule state for the merger.
 */
import { parentPort } from "node:worker_threads";
import { Run } from "./engine";
import "./native-line-checks";
import { rangeChunksInOneBuffer } from "./file-reading";
import type { Finding } from "./finding";
import type { PartRequest, PartResult } from "./node";

parentPort?.on("message", async (request: PartRequest) => {
  try {
    const run = new Run(request.options, request.part);
    const findings: Finding[] = [];
    for await (const finding of run.iterate(
      rangeChunksInOneBuffer(request.path, request.start, request.end),
      () => {},
      () => {},
    )) {
      findings.push(finding);
    }
    const result: PartResult = {
      ok: true,
      findings,
      summary: run.summary(),
      linesRead: run.linesRead,
      invalid: run.findings.invalidRecordIndexes(),
      // biome-ignore lint/style/noNonNullAssertion: a part run always exports its state
      state: run.datasetState!,
    };
    // The typed arrays of the state are moved, not copied, to the coordinator.
    const state = result.state;
    const transfer: ArrayBuffer[] = [];
    for (const array of [
      state.idLanes,
      state.idData,
      state.duplicates,
      state.nameTypes,
      state.sourcePublished,
      state.deferredData,
      state.deferredRecords,
    ])
      if (array && !transfer.includes(array.buffer as ArrayBuffer))
        transfer.push(array.buffer as ArrayBuffer);
    parentPort?.postMessage(result, transfer);
  } catch (error) {
    parentPort?.postMessage({
      ok: false,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
});
