/**
 * The script of one worker thread of `validateFile(…, { jobs })`: validates one byte range of
 * an NDJSON file and sends its findings to the coordinator in batches as they come, then its
 * totals and dataset-rule state for the merger. It never has more than two batches that the
 * coordinator has not acknowledged: a worker finding a problem on every line cannot pile
 * findings up in the coordinator's memory faster than they are written away.
 */
import { parentPort } from "node:worker_threads";
import { Run } from "./engine";
import { rangeChunksInOneBuffer } from "./file-reading";
import { FindingBatches } from "./finding-batches";
import type { CoordinatorMessage, PartMessage, PartRequest } from "./node";
import { fileLocator } from "./record-locator";

const port = parentPort;
const batches = new FindingBatches((findings) =>
  port?.postMessage({ kind: "findings", findings } satisfies PartMessage),
);

async function validatePart(request: PartRequest): Promise<void> {
  batches.discard();
  const run = new Run(request.options, request.part);
  // Findings settled after their record was read (a format check, when the format comes later)
  // are positioned by re-reading the record, rather than every candidate being located ahead.
  const locator = fileLocator(request.path, run.limits);
  run.datasetRules.locator = locator;
  try {
    for await (const finding of run.iterate(
      rangeChunksInOneBuffer(request.path, request.start, request.end),
      () => {},
      () => {},
    )) {
      const waiting = batches.add(finding);
      if (waiting) await waiting;
    }
  } finally {
    locator.close();
  }
  await batches.flush();
  const done: PartMessage = {
    kind: "done",
    summary: run.summary(),
    linesRead: run.linesRead,
    invalid: run.findings.invalidRecordIndexes(),
    // biome-ignore lint/style/noNonNullAssertion: a part run always exports its state
    state: run.datasetState!,
  };
  // The typed arrays of the state are moved, not copied, to the coordinator.
  const state = done.state;
  const transfer: ArrayBuffer[] = [];
  for (const array of [
    state.idLanes,
    state.idData,
    state.duplicates,
    state.nameTypes,
    state.sourcePublished,
    state.deferredData,
    state.deferredRecords,
    state.localUseData,
    state.localUseRecords,
  ])
    if (array && !transfer.includes(array.buffer as ArrayBuffer))
      transfer.push(array.buffer as ArrayBuffer);
  port?.postMessage(done, transfer);
}

port?.on("message", async (message: CoordinatorMessage) => {
  if (message.kind === "ack") {
    batches.acknowledge();
    return;
  }
  try {
    await validatePart(message.request);
  } catch (error) {
    port?.postMessage({
      kind: "failed",
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    } satisfies PartMessage);
  }
});
