/**
 * The script of one worker thread of `validateFile(…, { jobs })`: validates one byte range of
 * an NDJSON file and sends its findings to the coordinator in batches as they come, then its
 * totals and dataset-rule state for the merger. It never has more than two batches that the
 * coordinator has not acknowledged: a worker finding a problem on every line cannot pile
 * findings up in the coordinator's memory faster than they are written away.
 */
import { parentPort } from "node:worker_threads";
import { FindingBatches } from "./finding-batches";
import type { CoordinatorMessage, PartMessage } from "./node";
import { type PartRequest, validatePart } from "./part-run";

const port = parentPort;
const batches = new FindingBatches((findings) =>
  port?.postMessage({ kind: "findings", findings } satisfies PartMessage),
);

async function runPart(request: PartRequest): Promise<void> {
  batches.discard();
  const outcome = await validatePart(
    request,
    (finding) => batches.add(finding),
    // Sent before the part's findings are all sent: the coordinator hears of it in time.
    (cut) => port?.postMessage({ kind: "split", cut } satisfies PartMessage),
  );
  await batches.flush();
  const done: PartMessage = { kind: "done", ...outcome };
  // The typed arrays of the state are moved, not copied, to the coordinator.
  const state = outcome.state;
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
    state.cycles.ints,
    state.cycles.numbers,
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
    await runPart(message.request);
  } catch (error) {
    port?.postMessage({
      kind: "failed",
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    } satisfies PartMessage);
  }
});
