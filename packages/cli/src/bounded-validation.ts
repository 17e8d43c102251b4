/**
 * Validation in bounded memory: one input too large for the in-memory tables (ids, per-record
 * facts; ~60 MB per million records) goes through the distributed stages of @parley/validator,
 * run here in one process, with the sort on disk:
 *
 *     map (the input, whole) → external sort of the stage lines → reduce → report
 *
 * the same pipeline as `parley validate --stage map | LC_ALL=C sort | … --stage reduce | …
 * --stage report` (docs/distributed.md), which gives the report of one process byte for byte:
 * no second join, no second set of rules. Memory holds one sorted run of lines, the reducer's
 * state of one id, and what the report stage keeps per input (parts, 50,001 id names, a bit a
 * record, and 20 bytes per reference-cycle link: its two ids' hashes, until the check prunes
 * them; the links themselves wait on disk, `linkSpool`); the rest goes to the temporary directory (up to ~2.5 × the input while it runs: the map's lines, and
 * runs rewritten by the merge). It costs CPU, ~6 × the in-memory path at 1,000,000 records:
 * the map positions every fact where one process positions only what it reports (see
 * packages/validator/README.md, "Memory").
 */

import { rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import type { ResourceLimits, Worker } from "node:worker_threads";
import {
  compareStagedFindings,
  compareStagedLinks,
  gatherStageResults,
  isSplittable,
  mapPart,
  partsForJobs,
  planRanges,
  pollProgress,
  reduceLines,
  type StagedFinding,
  type StagedLink,
  type StageOptions,
  type StageResult,
} from "@parley/validator/node";
import { makeScratchDirectory, removeOnExit } from "./atomic-output";
import { CliError, describeFsError } from "./errors";
import { ExitCode } from "./exit-codes";
import { ExternalSort, parseJsonLines, type SortedRuns, SpillBudget } from "./external-sort";
import { FindingSpool } from "./finding-spool";
import { InputReadError, type InputSpec, openFile } from "./inputs";
import type { MapTask, MapWorkerMessage } from "./map-worker";
import type { InputOutcome, RunHooks } from "./run-inputs";
import { engineOptions, type ValidateSettings } from "./validate-settings";

/**
 * Characters of stage lines held before a sorted run goes to disk: 1-2 bytes each in V8 (two
 * when a line has a character past U+00FF, as Cyrillic names). At ~1,070 bytes of lines a
 * record, 5,000,000 records make ~450 runs; the sort merges at most 64 at once (external-sort.ts
 * `fanIn`), reading 32 KiB from each at a time.
 */
const RUN_CHARS = 12 * 1024 * 1024;
const RUN_READ_BYTES = 32 * 1024;

/**
 * Default memory budget of a run in MB: the peak RSS (the waiting parent process included)
 * above which a file goes through the stages. 200 MB for one thread, issue #12's target. With
 * `--jobs 2` or more, 400 MB: the target is 320 MB, but a file of ~300 MB (~400,000 records)
 * validated in memory on two threads peaks at ~360 MB and takes a third of the time it takes in
 * bounded memory; the 1,000,000-record file (~750 MB) and larger go through the stages.
 */
export function defaultMemoryBudgetMb(jobs: number): number {
  return jobs > 1 ? 400 : 200;
}

/**
 * Peak RSS (MB) of validating `bytes` of NDJSON in memory with `jobs` threads, from the
 * measurements of packages/validator/README.md ("Memory"): Node, the CLI's code and the
 * waiting parent ~145 MB, then ~0.13 byte per byte of input (ids, per-record facts); two
 * threads ~220 MB and ~0.62 byte per byte (the parts' tables and their merge). gzip: ~5× its
 * size in records. A guess on the safe side for files with few findings, not a promise: the
 * budget only picks the path. It assumes few broken records. Each broken one holds more until
 * the end of the input (its findings and the pending checks of the references to its id), and
 * the estimate cannot see how many there are before reading them: the 231 MB file with 10 %
 * broken records is estimated at 175 MB and peaks at ~200 MB in memory (validator README,
 * "Memory").
 */
export function estimatedInMemoryMb(bytes: number, jobs: number, gzip: boolean): number {
  const records = gzip ? bytes * 5 : bytes;
  const mb = records / 1e6;
  return jobs > 1 ? 220 + 0.62 * mb : 145 + 0.13 * mb;
}

/** Sorts as `LC_ALL=C sort` does on the stage lines' ASCII keys and orders. */
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Validates `inputs` (files) through the stages in this process and returns their outcomes in
 * the order given. Findings come back through the CLI's finding spool, as for any run.
 */
export async function validateBounded(
  inputs: Array<{ index: number; spec: InputSpec & { path: string } }>,
  settings: ValidateSettings,
  hooks: Pick<RunHooks, "onProgress">,
  /** Characters a sorted run holds (tests make it small to merge many runs). */
  runChars = RUN_CHARS,
  /** Heap limits of the map workers (tests make them tiny, to see one run out of memory). */
  mapWorkerLimits?: ResourceLimits,
): Promise<InputOutcome[]> {
  const options = engineOptions(settings);
  // Every temporary of the run in one directory that a Ctrl-C or an exit removes: the map
  // workers' runs too (a worker thread gets no signals to clean up after itself).
  const scratch = await makeScratchDirectory("parley-bounded-");
  const release = removeOnExit(scratch);
  const lines = stageLineSort(scratch, runChars);
  /** Runs sorted by map workers (`--jobs`), merged with this thread's. */
  const others: SortedRuns[] = [];
  let results: StageResult[] = [];
  try {
    for (const { index, spec } of inputs) {
      const ranges = await splitForJobs(spec.path, settings, options);
      const progress = new PartsProgress(ranges.length, (bytes) =>
        hooks.onProgress(index, bytes, 0),
      );
      // The first part on this thread, the others on map workers (started inside the `try`:
      // if starting one throws, those already running are stopped).
      const workers: MapWorker[] = [];
      // Set when another part failed: this thread's part stops at its next write.
      const stop = { stopped: false };
      let mapping: Promise<void> = Promise.resolve();
      try {
        // Loaded when a part goes to another thread: a run on one thread never needs it.
        const threads = ranges.length > 1 ? await import("node:worker_threads") : undefined;
        for (const [k, range] of ranges.slice(1).entries())
          if (range !== undefined && threads)
            workers.push(
              new MapWorker(
                threads.Worker,
                {
                  path: spec.path,
                  name: spec.name,
                  inputIndex: index,
                  range,
                  options,
                  scratch,
                  runChars,
                  progress: progress.buffer,
                  progressSlot: k + 1,
                },
                mapWorkerLimits,
              ),
            );
        mapping = mapHere(index, spec, ranges[0], options, lines, progress, stop);
        await Promise.all([
          mapping,
          ...workers.map((worker) =>
            worker.done.then((runs) => {
              if (runs) others.push(runs);
            }),
          ),
        ]);
      } catch (error) {
        // One part failed: the others would map the rest of their range for nothing, and
        // could still be writing into the scratch directory when it is removed (its removal
        // could then fail and hide this error). Every part stops, and is waited for.
        stop.stopped = true;
        await Promise.all([mapping.catch(() => {}), ...workers.map((worker) => worker.stop())]);
        throw error;
      } finally {
        progress.stop();
      }
    }
    const reduced = new LineChannel();
    const reducing = reduceLines(lines.sorted(others), (text) => reduced.write(text)).then(
      () => reduced.end(),
      (error: unknown) => reduced.fail(error),
    );
    try {
      results = await gatherStageResults(
        reduced.lines(),
        { ...options, inputs: inputs.map((i) => i.spec.name), newLinkStore: linkSpool },
        () => new FindingSpool<StagedFinding>(undefined, compareStagedFindings),
      );
    } finally {
      reduced.cancel();
      await reducing;
    }
  } catch (error) {
    await Promise.all(results.map((r) => r.dispose()));
    throw error;
  } finally {
    await lines.dispose();
    await rm(scratch, { recursive: true, force: true });
    release();
  }
  return results.map((r, k) => stageOutcome(r, inputs[k]?.spec.path));
}

/** The stage lines' sort: this thread's, and each map worker's. */
export function stageLineSort(parent: string, runChars = RUN_CHARS): ExternalSort<string> {
  return new ExternalSort<string>({
    parent,
    // `parent` is the run's own scratch directory, removed when it fails: errors name TMPDIR.
    userFolder: tmpdir(),
    compare: byCodeUnits,
    encode: (line) => line,
    decode: (line) => line,
    // Lines are the items: no map over every line read back.
    decodeLines: (text) => text.split("\n"),
    runSize: runChars,
    weight: (line) => line.length,
    name: "parley-stages",
    readBytes: RUN_READ_BYTES,
  });
}

/**
 * Links of the reference-cycle check held before a sorted run of them goes to disk: ~100 bytes
 * of line each, so ~2 MB of text; ~500,000 links at 5,000,000 records make ~25 runs.
 */
const LINK_RUN_SIZE = 20_000;

/** Links held in memory by the link spools of this process together (one an input). */
const LINKS_HELD = new SpillBudget(2 * LINK_RUN_SIZE);

/**
 * Where the report stage keeps an input's reference-cycle links until its check, which reads
 * back only those that may be on a cycle (none, in data without cycles: then it is never read
 * back): the CLI's external sort,
 * in the system's temporary directory, as the findings are.
 */
export function linkSpool(): ExternalSort<StagedLink> {
  return new ExternalSort<StagedLink>({
    compare: compareStagedLinks,
    encode: (link) => JSON.stringify(link),
    decode: (line) => JSON.parse(line) as StagedLink,
    // One line per link, joined into one JSON array: one parse for a whole read.
    decodeLines: (text) => parseJsonLines<StagedLink>(text),
    runSize: LINK_RUN_SIZE,
    budget: LINKS_HELD,
    name: "parley-links",
  });
}

/**
 * Byte ranges of the file, one a job, cut at line starts as in memory (the validator's
 * `partsForJobs` and `planRanges`: parts of at least --split-threshold bytes); one range, the
 * whole file, when it is not cut.
 */
async function splitForJobs(
  path: string,
  settings: ValidateSettings,
  options: StageOptions,
): Promise<Array<{ start: number; end: number } | undefined>> {
  if (settings.jobs <= 1 || !isSplittable(path, options)) return [undefined];
  const parts = partsForJobs((await stat(path)).size, settings.jobs, settings.splitThreshold);
  return parts > 1 ? planRanges(path, parts) : [undefined];
}

/**
 * Maps one byte range of a file (`mapPart` reads it by path). A read error of the file (EIO, a
 * network file gone) becomes InputReadError, exit 3 naming the file, as `guardReads` makes of
 * it in memory; the sort's own errors are already the user's (`scratchError`) and pass as they are.
 */
export async function mapRange(
  part: Parameters<typeof mapPart>[0] & { path: string },
  write: (text: string) => Promise<void> | void,
): Promise<void> {
  try {
    await mapPart(part, write);
  } catch (error) {
    if (error instanceof CliError || typeof (error as NodeJS.ErrnoException)?.code !== "string")
      throw error;
    throw new InputReadError(`cannot read '${part.file}': ${describeFsError(error)}`);
  }
}

/** Maps the whole input, or its first range, on this thread, into `lines`. */
async function mapHere(
  index: number,
  spec: InputSpec & { path: string },
  range: { start: number; end: number } | undefined,
  options: StageOptions,
  lines: ExternalSort<string>,
  progress: PartsProgress,
  stop: { stopped: boolean },
): Promise<void> {
  const write = (text: string) => {
    if (stop.stopped) throw new Error("stopped: another part of the map failed");
    return addLines(lines, text);
  };
  const part = {
    file: spec.name,
    inputIndex: index,
    options,
    onBytes: progress.set,
  };
  if (range) {
    await mapRange({ ...part, path: spec.path, range }, write);
    return;
  }
  const file = await openFile(spec, options);
  try {
    await mapPart({ ...part, input: file.chunks }, write);
  } finally {
    await file.close();
  }
}

/**
 * The bytes the map parts of one input have read, added up for the progress bar
 * (`pollProgress`): each part's thread stores its count in its slot of shared memory (a worker
 * thread cannot call the bar).
 */
export class PartsProgress {
  readonly buffer: SharedArrayBuffer;
  private readonly counts: BigInt64Array;
  private readonly poll: { stop(): void };

  constructor(parts: number, report: (bytes: number) => void) {
    this.buffer = new SharedArrayBuffer(8 * parts);
    this.counts = new BigInt64Array(this.buffer);
    this.set = partProgressSlot(this.buffer, 0);
    this.poll = pollProgress(
      () => {
        let bytes = 0;
        for (let k = 0; k < this.counts.length; k++) bytes += Number(Atomics.load(this.counts, k));
        return { bytes, records: 0 };
      },
      ({ bytes }) => report(bytes),
    );
  }

  /** This thread's part (slot 0): `bytes` of it are read. */
  readonly set: (bytes: number) => void;

  stop(): void {
    this.poll.stop();
  }
}

/** A map worker's side of `PartsProgress`: stores the bytes its part has read in its slot. */
export function partProgressSlot(buffer: SharedArrayBuffer, slot: number) {
  const counts = new BigInt64Array(buffer);
  return (bytes: number) => Atomics.store(counts, slot, BigInt(bytes));
}

/** One range mapped on a worker thread (dist/map-worker.js); `done` resolves with its runs. */
class MapWorker {
  readonly done: Promise<SortedRuns | undefined>;
  private readonly worker: Worker;
  private readonly exited: Promise<void>;

  constructor(WorkerThread: typeof Worker, task: MapTask, resourceLimits?: ResourceLimits) {
    this.worker = new WorkerThread(new URL("./map-worker.js", import.meta.url), {
      workerData: task,
      ...(resourceLimits ? { resourceLimits } : {}),
    });
    this.exited = new Promise((resolve) => this.worker.once("exit", () => resolve()));
    this.done = new Promise((resolve, reject) => {
      let settled = false;
      this.worker.once("message", (message: MapWorkerMessage) => {
        settled = true;
        if (message.type === "done") resolve(message.runs);
        else if (message.exitCode !== undefined)
          reject(new CliError(message.message, message.exitCode, message.hint));
        else reject(new Error(message.message));
      });
      this.worker.once("error", (error) => {
        settled = true;
        reject(mapWorkerError(error, task));
      });
      this.worker.once("exit", (code) => {
        if (!settled)
          reject(
            new Error(
              `the thread mapping bytes ${task.range.start}-${task.range.end} of '${task.name}' stopped before it was done (exit code ${code})`,
            ),
          );
      });
    });
    // Whoever awaits `done` sees its failure; this keeps a failure after stop() from being
    // reported as an unhandled rejection.
    this.done.catch(() => {});
  }

  /** Stops the thread, wherever it is, and waits until it has exited. */
  async stop(): Promise<void> {
    await this.worker.terminate();
    await this.exited;
  }
}

/**
 * What a map worker's `error` event means to the user. A thread that reached its heap limit
 * (ERR_WORKER_OUT_OF_MEMORY: a machine or container with little memory, several map threads
 * at once) is the user's to fix, as a full TMPDIR is (exit 3, `scratchError`), not a bug; any
 * other error is one (exit 70).
 */
export function mapWorkerError(error: Error, task: Pick<MapTask, "name" | "range">): Error {
  if ((error as NodeJS.ErrnoException).code !== "ERR_WORKER_OUT_OF_MEMORY") return error;
  return new CliError(
    `cannot validate '${task.name}': the thread mapping its bytes ${task.range.start}-${task.range.end} ran out of memory`,
    ExitCode.Unreadable,
    "Run it with fewer threads (--jobs 1), or on a machine with more free memory.",
  );
}

/** An input's outcome from the report stage's result (also `parley validate --stage report`). */
export function stageOutcome(result: StageResult, sourcePath: string | undefined): InputOutcome {
  return {
    kind: "validated",
    findings: { byRule: result.byRule, sorted: () => result.findings() },
    summary: result.summary,
    ...(sourcePath !== undefined ? { sourcePath } : {}),
    dispose: () => result.dispose(),
  };
}

/** Adds the lines of a map's output (many lines, each ending in a newline) to the sort. */
export async function addLines(sort: ExternalSort<string>, text: string): Promise<void> {
  let from = 0;
  for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", from)) {
    const spilling = sort.add(text.slice(from, nl));
    from = nl + 1;
    if (spilling) await spilling;
  }
}

/** Thrown to the reducer by a write after the report stage has stopped reading. */
class ChannelCancelled extends Error {
  constructor() {
    super("the report stage stopped reading");
  }
}

/**
 * The reducer's output handed to the report stage as lines, a few writes at a time: the
 * reducer waits while the report is behind, so neither holds more than a few chunks.
 */
class LineChannel {
  private readonly texts: string[] = [];
  private done = false;
  private cancelled = false;
  private error: unknown;
  private wakeReader: (() => void) | undefined;
  private wakeWriter: (() => void) | undefined;

  async write(text: string): Promise<void> {
    // The report stage failed or stopped reading: stop the reducer rather than let it read
    // every remaining run for nothing.
    if (this.cancelled) throw new ChannelCancelled();
    this.texts.push(text);
    this.wake("reader");
    while (this.texts.length > 4 && !this.cancelled)
      await new Promise<void>((resolve) => {
        this.wakeWriter = resolve;
      });
    if (this.cancelled) throw new ChannelCancelled();
  }

  end(): void {
    this.done = true;
    this.wake("reader");
  }

  fail(error: unknown): void {
    this.error = error;
    this.end();
  }

  /** The reader gave up: the writer's next (or waiting) write throws ChannelCancelled. */
  cancel(): void {
    this.cancelled = true;
    this.texts.length = 0;
    this.wake("writer");
  }

  private wake(who: "reader" | "writer"): void {
    const wake = who === "reader" ? this.wakeReader : this.wakeWriter;
    if (who === "reader") this.wakeReader = undefined;
    else this.wakeWriter = undefined;
    wake?.();
  }

  async *lines(): AsyncGenerator<string> {
    for (;;) {
      const text = this.texts.shift();
      if (text !== undefined) {
        this.wake("writer");
        let from = 0;
        for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", from)) {
          yield text.slice(from, nl);
          from = nl + 1;
        }
        continue;
      }
      if (this.error !== undefined) throw this.error;
      if (this.done) return;
      await new Promise<void>((resolve) => {
        this.wakeReader = resolve;
      });
    }
  }
}
