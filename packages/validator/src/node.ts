/**
 * @parley/validator/node — Node-only helpers: validate files, and validate one large NDJSON
 * file across worker threads (`parley validate --jobs N`).
 *
 * A large uncompressed NDJSON file is cut into N byte ranges at line boundaries. Each worker
 * validates its range (records, structure, the dataset rules it can settle alone) and returns
 * its findings, totals, and the ids and pending checks of its range. The coordinator merges
 * them in range order: lines and record indexes are shifted, cross-range duplicates and
 * references are settled, caps are applied to the merged list. The result does not depend on
 * which worker finishes first. JSON documents and gzip files are validated by one thread.
 */
import { statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import type { Worker } from "node:worker_threads";
import { Run } from "./engine";
import {
  fileChunks,
  headerVersion,
  isSplittable,
  lineStartFrom,
  rangeChunksInOneBuffer,
} from "./file-reading";
import {
  compareFindings,
  type Finding,
  type RuleCount,
  type Severity,
  type ValidationSummary,
} from "./finding";
import { FindingBatches } from "./finding-batches";
import { FindingCaps } from "./findings-collector";
import { HeldFindings } from "./held-findings";
import type { ValidateOptions, ValidationResult, ValidationRun } from "./options";
import { type PartOutcome, type PartRequest, SplitControl, validatePart } from "./part-run";
import { fileLocator } from "./record-locator";
import { validate, validateStream } from "./validate";

export {
  fileChunks,
  handleChunksInOneBuffer,
  headerVersion,
  isGzipFile,
  isSplittable,
  rangeChunksInOneBuffer,
} from "./file-reading";
export { FindingBatches } from "./finding-batches";

export interface ValidateFileOptions extends Omit<ValidateOptions, "onProgress" | "signal"> {
  /** Worker threads for one large NDJSON file (default 1: the calling thread). */
  jobs?: number;
  /** A file is cut into parts of at least this many bytes (default 32 MiB): see `partsForJobs`. */
  minBytesPerJob?: number;
  /**
   * A thread done with its part takes over the second half of what a running part has left,
   * if that is at least this many bytes (default 4 MiB): uneven parts are evened out.
   */
  minSplitBytes?: number;
  onProgress?: ValidateOptions["onProgress"];
  signal?: AbortSignal;
}

/**
 * Default `minBytesPerJob`: a part smaller than this is not worth a thread (starting one and
 * merging its part cost more than it saves). `parley validate --split-threshold` sets it.
 */
export const DEFAULT_MIN_BYTES_PER_JOB = 32 << 20;

/**
 * Into how many parts `jobs` threads cut a splittable file of `size` bytes: one a thread, but
 * none smaller than `minBytesPerJob`, so a small file stays whole. The one rule for every
 * split (in memory, the bounded stages' map, `--jobs auto`'s count of the pieces of work).
 */
export function partsForJobs(
  size: number,
  jobs: number,
  minBytesPerJob = DEFAULT_MIN_BYTES_PER_JOB,
): number {
  return Math.max(1, Math.min(jobs, Math.floor(size / Math.max(1, minBytesPerJob))));
}

/**
 * Cuts a file into at most `parts` byte ranges, each starting at the beginning of a line.
 * Lines are never split; a part may be empty when a line is longer than a part.
 */
export function planRanges(path: string, parts: number): Array<{ start: number; end: number }> {
  const size = statSync(path).size;
  const cuts = [0];
  for (let k = 1; k < parts; k++) {
    const last = cuts[cuts.length - 1] as number;
    const cut = lineStartFrom(path, Math.max(Math.floor((size * k) / parts), last + 1), size);
    if (cut < size) cuts.push(cut);
  }
  return cuts.map((start, i) => ({
    start,
    end: i + 1 < cuts.length ? (cuts[i + 1] as number) : size,
  }));
}

export type { PartOutcome, PartRequest } from "./part-run";

/**
 * What a worker sends while validating a part: its findings in batches as they come (each
 * batch acknowledged by the coordinator with `{ kind: "ack" }`, so a worker never runs far
 * ahead of a coordinator that writes them to disk), then its outcome.
 */
export type PartMessage =
  | { kind: "findings"; findings: Finding[] }
  /** The part's reader stopped at `cut` as asked (its end: it had nothing left to hand over). */
  | { kind: "split"; cut: number }
  | ({ kind: "done" } & PartOutcome)
  | { kind: "failed"; error: string };

/** What the coordinator sends a worker: a part to validate, or the acknowledgement of a batch. */
export type CoordinatorMessage = { kind: "part"; request: PartRequest } | { kind: "ack" };

/** A part's whole result: its findings (all of them, in one array) and its outcome. */
export type PartResult =
  | ({ ok: true; findings: Finding[] } & PartOutcome)
  | { ok: false; error: string };

function workerUrl(): URL {
  // The worker script is built next to this module: worker.js (ESM) or worker.cjs (CJS). The
  // CJS build has no import.meta but has __filename (no shim: the shim would drag Node
  // built-ins into the isomorphic core's shared chunks).
  const here = typeof __filename === "string" ? pathToFileURL(__filename).href : import.meta.url;
  return new URL(here.endsWith(".cjs") ? "./worker.cjs" : "./worker.js", here);
}

/**
 * Each worker's heap. A worker keeps little (the ids of its range, compactly, and the findings
 * it may report); the rest is `JSON.parse` garbage that dies young. V8's default nursery (up to
 * 3 × 16 MiB semi-spaces, per thread) lets that garbage pile up in every thread before a
 * scavenge; a small nursery keeps each worker's resident memory small for little extra GC
 * time. The old generation is not capped below what large inputs may need.
 */
const WORKER_HEAP_LIMITS = { maxYoungGenerationSizeMb: 16 } as const;

/**
 * A part of the file: its request, and (while it runs) where its reader is. Parts are kept in
 * file order in `PartSlots`; a part that runs longer than the others hands its remaining
 * bytes, cut at a line start, to a new part right after it.
 */
interface PartSlot {
  request: PartRequest;
  control: SplitControl;
  state: "waiting" | "running" | "done";
  /** Set while a cut is asked for: called with the cut (the part's end: none was made). */
  cutMade?: (offset: number) => void;
  /** No cut could be made (no line start left in its range): not asked again. */
  uncuttable?: boolean;
}

/** What the coordinator does with what the parts send (each call is awaited before the ack). */
interface PartHandler {
  findings(part: PartSlot, batch: Finding[]): Promise<void>;
  done(part: PartSlot, outcome: PartOutcome): Promise<void>;
}

/**
 * A thread that is done with its parts takes half of what the slowest running part has left,
 * if that is at least this many bytes: parts of a file differ in cost (events and quotes with
 * their findings weigh more than persons), and a file is often sorted by record type.
 */
export const DEFAULT_MIN_SPLIT_BYTES = 4 << 20;

/** Findings per call of the handler, for the part the coordinator's own thread validates. */
const IN_PROCESS_BATCH = 1000;

/**
 * Runs the parts in `order` on `threads` threads: the calling thread is one of them (one V8
 * isolate fewer than a worker per thread: on two cores, three isolates and their garbage
 * collectors competed with each other), the others are worker threads. A thread takes the next
 * waiting part when it is done with one; when none waits, it takes over the second half of
 * the running part with the most bytes left (see `DEFAULT_MIN_SPLIT_BYTES`), inserted into
 * `order` right after it. Workers are reused across parts, so their compiled code stays warm.
 * The handler's calls are made one at a time, in the order the findings came; a worker's batch
 * is acknowledged once its call is done. On the first failure every worker is stopped.
 */
async function runParts(
  order: PartSlot[],
  threads: number,
  handler: PartHandler,
  minSplitBytes = DEFAULT_MIN_SPLIT_BYTES,
  onProgress?: ValidateOptions["onProgress"],
): Promise<void> {
  const progress = onProgress && partsProgress(order, onProgress);
  try {
    await runPartsOnThreads(order, threads, handler, minSplitBytes);
  } finally {
    progress?.stop();
  }
}

/**
 * Reports the progress of the parts as one run's: each part's thread publishes how far it has
 * got in its `SplitControl` (a function cannot be called across threads), and `pollProgress`
 * adds them up on this thread — parts cut off a running one included, as `order` grows.
 */
function partsProgress(
  order: readonly PartSlot[],
  onProgress: NonNullable<ValidateOptions["onProgress"]>,
): { stop(): void } {
  return pollProgress(() => {
    let bytes = 0;
    let records = 0;
    for (const slot of order) {
      bytes += slot.control.bytesValidated;
      records += slot.control.recordsValidated;
    }
    return { bytes, records };
  }, onProgress);
}

/**
 * Progress of work done on other threads, which publish counts in shared memory: `read` adds
 * them up every 100 ms and `onProgress` hears of each change. The timer does not keep the
 * process alive; `stop` reports the last figures once more. (The CLI's bounded map uses it too.)
 */
export function pollProgress(
  read: () => { bytes: number; records: number },
  onProgress: NonNullable<ValidateOptions["onProgress"]>,
  intervalMs = 100,
): { stop(): void } {
  let lastBytes = -1;
  const tick = () => {
    const now = read();
    if (now.bytes === lastBytes) return;
    lastBytes = now.bytes;
    onProgress(now);
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      tick();
    },
  };
}

/** `runParts` without the progress. */
async function runPartsOnThreads(
  order: PartSlot[],
  threads: number,
  handler: PartHandler,
  minSplitBytes: number,
): Promise<void> {
  let failed = false;
  let cause: { error: unknown } | undefined;
  const workers: Worker[] = [];
  // One call at a time: the handler orders findings across parts and must not interleave.
  let chain: Promise<void> = Promise.resolve();
  const serial = (call: () => Promise<void>): Promise<void> => {
    const run = chain.then(call);
    chain = run.catch(() => {});
    return run;
  };
  const finished = (slot: PartSlot) => {
    slot.state = "done";
    slot.cutMade?.(slot.request.end);
  };
  // A part's outcome is handed over in the handler's order, but its thread does not wait for
  // that (the merge of a part took ~1 s of the coordinator's time, under load, while the
  // worker that finished it sat idle): it takes the next part or a cut of a running one at once.
  const handing: Promise<void>[] = [];
  const fail = (error: unknown) => {
    cause ??= { error };
    failed = true;
    for (const other of workers) void other.terminate();
    // A thread waiting for a cut of a part that failed would wait for ever.
    for (const slot of order) slot.cutMade?.(slot.request.end);
  };
  const settle = (slot: PartSlot, outcome: PartOutcome) => {
    handing.push(serial(() => handler.done(slot, outcome)).catch(fail));
  };
  /** The next part for a free thread: a waiting one, or the second half of a running one. */
  const take = async (): Promise<PartSlot | undefined> => {
    for (;;) {
      // Marked at once: another thread asks in the meantime.
      const waiting = order.find((slot) => slot.state === "waiting");
      if (waiting) {
        waiting.state = "running";
        return waiting;
      }
      let victim: PartSlot | undefined;
      let most = 0;
      for (const slot of order) {
        if (slot.state !== "running" || slot.cutMade || slot.uncuttable) continue;
        const left = slot.request.end - slot.control.position;
        if (left > most) {
          most = left;
          victim = slot;
        }
      }
      if (!victim || most < minSplitBytes || failed) return undefined;
      const from = victim.control.position;
      const end = victim.request.end;
      const chosen = victim;
      const cut = await new Promise<number>((resolve) => {
        chosen.cutMade = resolve;
        chosen.control.request(from + Math.floor((end - from) / 2));
      });
      chosen.cutMade = undefined;
      if (cut >= end) {
        if (chosen.state === "running") chosen.uncuttable = true;
        continue;
      }
      chosen.request.end = cut;
      const slot = partSlot({
        ...chosen.request,
        start: cut,
        end,
        part: { ...chosen.request.part, baseOffset: cut, continuation: true, logLocalUses: true },
      });
      order.splice(order.indexOf(chosen) + 1, 0, slot);
      slot.state = "running";
      return slot;
    }
  };
  const onWorker = (worker: Worker, slot: PartSlot) =>
    new Promise<void>((resolve, reject) => {
      const stop = (error: unknown) => {
        worker.off("message", onMessage);
        worker.off("error", stop);
        worker.off("exit", onExit);
        reject(error);
      };
      const onExit = (code: number) =>
        stop(new Error(`validation worker stopped (exit code ${code})`));
      const onMessage = (message: PartMessage) => {
        if (message.kind === "findings") {
          serial(() => handler.findings(slot, message.findings)).then(
            () => worker.postMessage({ kind: "ack" } satisfies CoordinatorMessage),
            stop,
          );
          return;
        }
        if (message.kind === "split") {
          slot.cutMade?.(message.cut);
          return;
        }
        worker.off("message", onMessage);
        worker.off("error", stop);
        worker.off("exit", onExit);
        if (message.kind === "failed")
          reject(new Error(`validation worker failed: ${message.error}`));
        else {
          const { kind: _kind, ...outcome } = message;
          finished(slot);
          settle(slot, outcome);
          resolve();
        }
      };
      worker.on("message", onMessage);
      worker.once("error", stop);
      worker.once("exit", onExit);
      worker.postMessage({ kind: "part", request: slot.request } as CoordinatorMessage);
    });
  const here = async (slot: PartSlot) => {
    // Batched and acknowledged as a worker's findings are (one batch ahead at most).
    const batches: FindingBatches = new FindingBatches((batch) => {
      serial(() => handler.findings(slot, batch))
        .catch(fail)
        .finally(() => batches.acknowledge());
    }, IN_PROCESS_BATCH);
    const stopIfFailed = () => {
      if (cause) throw cause.error;
    };
    const outcome = await validatePart(
      slot.request,
      (finding) => {
        stopIfFailed();
        return batches.add(finding);
      },
      (cut) => slot.cutMade?.(cut),
    );
    await batches.flush();
    stopIfFailed();
    finished(slot);
    settle(slot, outcome);
  };
  const lane = async (onThisThread: boolean): Promise<void> => {
    let worker: Worker | undefined;
    try {
      for (let slot = await take(); slot && !failed; slot = await take()) {
        if (onThisThread) await here(slot);
        else {
          if (!worker) {
            // Loaded by the first part on another thread: a one-thread run never needs it.
            const { Worker } = await import("node:worker_threads");
            worker = new Worker(workerUrl(), { resourceLimits: WORKER_HEAP_LIMITS });
            workers.push(worker);
          }
          await onWorker(worker, slot);
        }
      }
    } catch (error) {
      // The first failure is the cause. Stopping the other workers makes them fail too
      // ("worker stopped"), possibly before this lane settles: report the cause, not those.
      fail(error);
    } finally {
      await worker?.terminate();
    }
  };
  const lanes = Math.min(threads, order.length);
  // The workers' lanes ask first, so a worker takes the first part and this thread the second
  // (this thread reads its part while the worker starts up). This thread taking the first part
  // instead (merged, and a worker's held findings passed on, before the last part is done) was
  // measured on 1 Dec: the main thread's CPU after the last part, 10 % invalid records, three
  // rounds each under load, 1.08–1.84 s against 1.09–1.49 s as it is: no gain, so not changed.
  await Promise.all([...Array.from({ length: lanes - 1 }, () => lane(false)), lane(true)]);
  await Promise.all(handing);
  if (cause) throw cause.error;
}

function partSlot(request: PartRequest): PartSlot {
  const control = new SplitControl();
  return { request: { ...request, control: control.buffer }, control, state: "waiting" };
}

/** The parts of a file cut into `parts` ranges at line boundaries, in file order. */
function partSlots(
  path: string,
  parts: number,
  options: ValidateOptions,
  readBytes?: number,
): PartSlot[] {
  const version = headerVersion(path);
  // Functions do not cross thread boundaries; caps are applied again after merging.
  const { onProgress: _p, signal: _s, ...plain } = options;
  const workerOptions: ValidateOptions = { ...plain, format: "ndjson" };
  return planRanges(path, parts).map((range, k) =>
    partSlot({
      path,
      start: range.start,
      end: range.end,
      options: workerOptions,
      part: { baseOffset: range.start, continuation: k > 0, version, logLocalUses: k > 0 },
      ...(readBytes ? { readBytes } : {}),
    }),
  );
}

/**
 * The chunks of a whole file for one thread. A regular file of plain NDJSON (what can be split)
 * goes through the NDJSON reader, which copies what it keeps: it is read into one reused
 * buffer, as a worker reads its part (its 1 MiB reads are full until the end of the file, so
 * the engine's format sniffing never holds a chunk across reads). A fresh buffer per read left dead chunks for the garbage collector — external
 * memory, collected late, and freed into a fragmented C heap: ~60 MB more peak RSS at
 * 1,000,000 records. Other inputs (gzip, JSON documents) get fresh buffers.
 */
function wholeFileChunks(path: string, splittable: boolean): AsyncGenerator<Uint8Array> {
  return splittable ? rangeChunksInOneBuffer(path, 0) : fileChunks(path);
}

/**
 * Validates one file. With `jobs > 1` a large uncompressed NDJSON file is validated by that
 * many worker threads; the findings are the same as with one thread (order: by position).
 */
export async function validateFile(
  path: string,
  options: ValidateFileOptions = {},
): Promise<ValidationResult> {
  const { parts, splittable, minSplitBytes, base } = splitPlan(path, options);
  if (parts <= 1) return validate(wholeFileChunks(path, splittable), base);
  return validateInParts(path, parts, base, PARTS_PER_THREAD, { minSplitBytes });
}

/**
 * How `validateFile` and `validateFileStream` validate a file: in how many parts (1: on this
 * thread, whole), whether it can be read by position, and the options of the run(s).
 */
function splitPlan(
  path: string,
  options: ValidateFileOptions,
): { parts: number; splittable: boolean; minSplitBytes: number; base: ValidateOptions } {
  const { jobs = 1, minBytesPerJob, minSplitBytes = DEFAULT_MIN_SPLIT_BYTES, ...rest } = options;
  const base: ValidateOptions = { file: path, ...rest };
  const stats = statSync(path);
  // Only a regular file is sniffed (a named pipe would lose the bytes read) and read by position.
  const splittable = stats.isFile() && isSplittable(path, base);
  const parts = splittable ? partsForJobs(stats.size, jobs, minBytesPerJob) : 1;
  return { parts, splittable, minSplitBytes, base };
}

/** Validates several files with up to `jobs` worker threads in total; results in the order of `paths`. */
export async function validateFiles(
  paths: string[],
  options: ValidateFileOptions = {},
): Promise<ValidationResult[]> {
  const jobs = Math.max(1, options.jobs ?? 1);
  if (jobs === 1 || paths.length === 1) {
    const out: ValidationResult[] = [];
    for (const path of paths) out.push(await validateFile(path, options));
    return out;
  }
  // Whole files spread over the pool; a file alone on the pool may still be split.
  const results: ValidationResult[] = new Array(paths.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(jobs, paths.length) }, async () => {
    while (next < paths.length) {
      const i = next++;
      results[i] = await validateFile(paths[i] as string, { ...options, jobs: 1 });
    }
  });
  await Promise.all(lanes);
  return results;
}

/**
 * One part per thread to begin with: every part boundary leaves the references that cross it
 * to the merger, and each part is a new run (with 4 parts per thread the 2-worker run used ~20 %
 * more CPU and was ~15 % slower). Uneven costs are balanced by cutting a running part in two
 * when a thread is free (see runParts).
 */
const PARTS_PER_THREAD = 1;

/** How running parts are cut further: see runParts. */
export interface PartTuning {
  /** A free thread takes over the rest of a running part that has this many bytes left. */
  minSplitBytes?: number;
  /** Bytes per read of a part (default 1 MiB): a part can be cut only between reads. */
  readBytes?: number;
}

/** Splits, validates the parts in `threads` threads, merges. Exported for tests and the benchmark. */
export async function validateInParts(
  path: string,
  threads: number,
  options: ValidateOptions,
  /** Parts per thread to begin with. */
  partsPerThread = PARTS_PER_THREAD,
  /** How parts are cut further while they run (tests cut small files many times). */
  { minSplitBytes = DEFAULT_MIN_SPLIT_BYTES, readBytes }: PartTuning = {},
): Promise<ValidationResult> {
  const order = partSlots(path, threads * partsPerThread, options, readBytes);
  const findings = new Map<PartSlot, Finding[]>();
  const outcomes = new Map<PartSlot, PartOutcome>();
  const merger = new PartMerger(options, path, statSync(path).size);
  try {
    let merged = 0;
    await runParts(
      order,
      threads,
      {
        findings: async (slot, batch) => {
          const held = findings.get(slot) ?? [];
          for (const finding of batch) held.push(finding);
          findings.set(slot, held);
        },
        done: async (slot, outcome) => {
          outcomes.set(slot, outcome);
          merged = mergeReady(order, outcomes, merged, (ready) => merger.add(ready));
        },
      },
      minSplitBytes,
      options.onProgress,
    );
    const results = order.map((slot) => ({
      ok: true as const,
      findings: findings.get(slot) ?? [],
      ...(outcomes.get(slot) as PartOutcome),
    }));
    return mergedResult(results, merger.finish(), options);
  } finally {
    merger.close();
  }
}

/** Merges part results (in input order) into one result, as if one thread had read the file. */
export function mergeParts(
  results: Array<Extract<PartResult, { ok: true }>>,
  options: ValidateOptions,
  /** The file the parts came from: the merger re-reads the records it reports on. */
  path: string,
): ValidationResult {
  return mergedResult(results, settleParts(results, options, path), options);
}

/** The parts' findings, placed in the file, with those settled across parts: sorted and capped. */
function mergedResult(
  results: ReadonlyArray<Extract<PartResult, { ok: true }>>,
  settled: SettledParts,
  options: ValidateOptions,
): ValidationResult {
  const all: Finding[] = [];
  for (const [k, result] of results.entries())
    for (const f of result.findings) all.push(shiftFinding(f, settled.shifts[k] as PartShift));
  for (const f of settled.crossPart) all.push(f);
  // Stable order whatever the timing of the workers: by position in the file.
  all.sort(compareFindings);
  // The same caps as one thread applies, over the merged findings in file order.
  const caps = new FindingCaps(options.maxFindings, options.maxFindingsPerRule);
  const findings: Finding[] = [];
  for (const f of all) {
    if (!caps.admit(f.ruleId)) continue;
    (settled.byRule[f.ruleId] as RuleCount).reported++;
    findings.push(f);
  }
  return { findings, summary: settledSummary(settled, options, findings.length, caps) };
}

/** How much a part's positions move: the lines and records of the parts before it. */
interface PartShift {
  lines: number;
  records: number;
}

/** A part's finding at its place in the whole file (byte offsets are the file's already). */
function shiftFinding(f: Finding, shift: PartShift): Finding {
  return {
    ...f,
    line: f.line + shift.lines,
    recordIndex: f.recordIndex === null ? null : f.recordIndex + shift.records,
  };
}

/** What settling the parts gives: the cross-part findings and the file's totals. */
interface SettledParts {
  crossPart: Finding[];
  /** Each part's shift, in file order. */
  shifts: readonly PartShift[];
  counts: Record<Severity, number>;
  byRule: Record<string, RuleCount>;
  recordsByType: Record<string, number>;
  records: number;
  bytes: number;
  invalidRecords: number;
  first: ValidationSummary | undefined;
  aborted: boolean;
}

/**
 * Settles what no part could settle alone (duplicates and references across parts) and adds
 * up the parts' totals. The merger is a run that reads nothing: it re-reads from the file only
 * the records it reports on, to position its findings exactly. Parts are added in file order as
 * soon as they and those before them are done, while other threads still validate: what they
 * leave can mostly be settled then (references to ids of the parts so far), and little is left
 * for the end, when every thread but this one would wait.
 */
class PartMerger {
  private readonly merger: Run;
  private readonly locator: ReturnType<typeof fileLocator>;
  private readonly outcomes: PartOutcome[] = [];
  /** Where each part merged so far starts in the whole file (the one place parts are placed). */
  private readonly shifts: PartShift[] = [];
  /** Where the next part to merge starts: its findings are placed by this. */
  next: PartShift = { lines: 0, records: 0 };

  constructor(
    options: ValidateOptions,
    /**
     * The file the parts came from: the merger re-reads the records it reports on, to position
     * its findings and to read the ids they name (parts send ids as hashes).
     */
    path: string,
    /** The file's size: the merger's tables are sized from the first part's share of it. */
    private readonly fileBytes?: number,
  ) {
    this.merger = new Run({ ...options, maxFindings: undefined, maxFindingsPerRule: undefined });
    this.locator = fileLocator(path, this.merger.limits);
    this.merger.datasetRules.locator = this.locator;
  }

  /** The next part in file order. */
  add(outcome: PartOutcome): void {
    const rules = this.merger.datasetRules;
    if (this.outcomes.length === 0) {
      this.merger.useVersion(outcome.summary.schemaVersion ?? null);
      // Sized once for the whole file (estimated from the first part) rather than grown by
      // doubling: each doubling holds the old and the new arrays at once.
      const share = this.fileBytes ? this.fileBytes / Math.max(1, outcome.summary.bytes) : 1;
      rules.reserve(
        Math.ceil((outcome.state.idLanes.length / 2) * share * 1.05),
        Math.ceil(outcome.summary.records * share * 1.05),
      );
    }
    rules.importState(outcome.state, this.next.lines, this.next.records);
    this.outcomes.push(outcome);
    this.shifts.push(this.next);
    this.next = {
      lines: this.next.lines + outcome.linesRead,
      records: this.next.records + outcome.summary.records,
    };
  }

  /** After the last part: what is left to settle, and the file's totals. */
  finish(): SettledParts {
    const { merger, outcomes } = this;
    merger.datasetRules.finish();
    const crossPart = [...merger.drain()];
    const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
    const byRule: Record<string, RuleCount> = {};
    const add = (ruleId: string, severity: Severity, n: number) => {
      counts[severity] += n;
      const tally = byRule[ruleId];
      if (tally) tally.count += n;
      else byRule[ruleId] = { severity, count: n, reported: 0 };
    };
    const recordsByType: Record<string, number> = {};
    let records = 0;
    let bytes = 0;
    for (const outcome of outcomes) {
      for (const [ruleId, tally] of Object.entries(outcome.summary.byRule))
        add(ruleId, tally.severity, tally.count);
      for (const [type, n] of Object.entries(outcome.summary.recordsByType))
        recordsByType[type] = (recordsByType[type] ?? 0) + n;
      records += outcome.summary.records;
      bytes += outcome.summary.bytes;
    }
    // The merger's own totals include what it counted without itemising (pending beyond the limit).
    for (const [ruleId, tally] of Object.entries(merger.summary().byRule))
      add(ruleId, tally.severity, tally.count);
    return {
      crossPart,
      shifts: this.shifts,
      counts,
      byRule,
      recordsByType,
      records,
      bytes,
      invalidRecords: countInvalid(outcomes, this.shifts, merger.findings.invalidRecordIndexes()),
      first: outcomes[0]?.summary,
      aborted: outcomes.some((r) => r.summary.aborted),
    };
  }

  /** Closes the file it re-reads records from. */
  close(): void {
    this.locator.close();
  }
}

/** Settles parts that are all done (see PartMerger). */
function settleParts(
  outcomes: readonly PartOutcome[],
  options: ValidateOptions,
  path: string,
): SettledParts {
  const merger = new PartMerger(options, path);
  try {
    for (const outcome of outcomes) merger.add(outcome);
    return merger.finish();
  } finally {
    merger.close();
  }
}

/**
 * Hands `merge` each part whose outcome is known and whose predecessors were handed over, in
 * file order; returns how many have been.
 */
function mergeReady(
  order: readonly PartSlot[],
  outcomes: ReadonlyMap<PartSlot, PartOutcome>,
  merged: number,
  merge: (outcome: PartOutcome) => void,
): number {
  let next = merged;
  for (let slot = order[next]; slot && outcomes.has(slot); slot = order[++next])
    merge(outcomes.get(slot) as PartOutcome);
  return next;
}

/**
 * Records invalid in the whole file: each part's (their record ranges do not overlap) and the
 * merger's that no part already counted. Each list is ascending, so a binary search answers
 * without a set of every invalid record (half a million of them when every line is broken).
 */
function countInvalid(
  outcomes: readonly PartOutcome[],
  shifts: readonly PartShift[],
  mergerInvalid: readonly number[],
): number {
  let total = outcomes.reduce((n, outcome) => n + outcome.invalid.length, 0);
  let k = 0;
  for (const index of mergerInvalid) {
    while (k + 1 < outcomes.length && index >= (shifts[k + 1] as PartShift).records) k++;
    const local = index - (shifts[k] as PartShift).records;
    const list = (outcomes[k] as PartOutcome).invalid;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid] as number) < local) lo = mid + 1;
      else hi = mid;
    }
    if (list[lo] !== local) total++;
  }
  return total;
}

/** The file's summary from its settled parts and what the caps let through. */
function settledSummary(
  settled: SettledParts,
  options: ValidateOptions,
  reported: number,
  caps: FindingCaps,
): ValidationSummary {
  const { counts, byRule, first } = settled;
  const total = counts.error + counts.warning + counts.info;
  const rulesCapped = new Set(caps.rulesCapped);
  for (const [ruleId, tally] of Object.entries(byRule))
    if (tally.count > tally.reported && caps.ruleAtCap(ruleId)) rulesCapped.add(ruleId);
  return {
    file: options.file ?? first?.file ?? "<stdin>",
    format: "ndjson",
    compressed: false,
    schemaVersion: first?.schemaVersion ?? null,
    schemaVersionSupported: first?.schemaVersionSupported ?? false,
    records: settled.records,
    recordsByType: settled.recordsByType,
    invalidRecords: settled.invalidRecords,
    bytes: settled.bytes,
    counts,
    byRule,
    reported,
    capped: total - reported,
    totalCapReached: reported >= caps.maxFindings && total > reported,
    rulesCapped: [...rulesCapped].sort(),
    aborted: settled.aborted,
  };
}

/**
 * Validates one file and streams its findings: like `validateFile`, but the findings of a file
 * split across `jobs` worker threads are never gathered in memory. Each worker sends its
 * findings in acknowledged batches; those of the first unfinished part go straight to the
 * caller, those of later parts wait on disk (`temporaryDirectory`) until their line numbers
 * are known. The findings come part by part, then those settled across parts: not sorted.
 * Nothing is capped (the options' caps are ignored): a caller that caps sorts first, with
 * `compareFindings`, as `parley validate` does; sorted, they are those of one thread.
 */
export function validateFileStream(
  path: string,
  options: ValidateFileOptions & {
    /** Where findings waiting for an earlier part are spilled (default: the OS temp dir). */
    temporaryDirectory?: string;
  } = {},
): ValidationRun {
  const {
    temporaryDirectory,
    maxFindings: _total,
    maxFindingsPerRule: _perRule,
    ...rest
  } = options;
  const { parts, splittable, minSplitBytes, base } = splitPlan(path, rest);
  if (parts <= 1) return validateStream(wholeFileChunks(path, splittable), base);
  return pulled((emit) => streamParts(path, parts, base, emit, temporaryDirectory, minSplitBytes));
}

/** Runs the parts, emitting each finding once its position in the whole file is known. */
async function streamParts(
  path: string,
  threads: number,
  options: ValidateOptions,
  emit: (finding: Finding) => Promise<void> | undefined,
  temporaryDirectory: string | undefined,
  minSplitBytes: number,
): Promise<ValidationSummary> {
  const order = partSlots(path, threads * PARTS_PER_THREAD, options);
  const held = new Map<PartSlot, HeldFindings>();
  const outcomes = new Map<PartSlot, PartOutcome>();
  /** The first part not yet done: its findings can be placed, those after it wait. */
  let current = 0;
  const emitted = new Map<string, number>();
  const pass = async (finding: Finding) => {
    emitted.set(finding.ruleId, (emitted.get(finding.ruleId) ?? 0) + 1);
    const waiting = emit(finding);
    if (waiting) await waiting;
  };
  const merger = new PartMerger(options, path, statSync(path).size);
  // The current part is the next the merger takes: it knows where that part starts.
  const send = (finding: Finding) => pass(shiftFinding(finding, merger.next));
  try {
    await runParts(
      order,
      threads,
      {
        findings: async (slot, batch) => {
          if (slot === order[current]) for (const finding of batch) await send(finding);
          else {
            const waiting = held.get(slot) ?? new HeldFindings(temporaryDirectory);
            held.set(slot, waiting);
            await waiting.add(batch);
          }
        },
        done: async (slot, outcome) => {
          outcomes.set(slot, outcome);
          for (let first = order[current]; first && outcomes.has(first); first = order[current]) {
            merger.add(outcomes.get(first) as PartOutcome);
            current++;
            const next = order[current];
            const waiting = next && held.get(next);
            if (waiting) for await (const finding of waiting.drain()) await send(finding);
          }
        },
      },
      minSplitBytes,
      options.onProgress,
    );
    const settled = merger.finish();
    for (const finding of settled.crossPart) await pass(finding);
    let reported = 0;
    for (const [ruleId, tally] of Object.entries(settled.byRule)) {
      tally.reported = emitted.get(ruleId) ?? 0;
      reported += tally.reported;
    }
    return settledSummary(settled, options, reported, new FindingCaps());
  } finally {
    merger.close();
    await Promise.all([...held.values()].map((h) => h.dispose()));
  }
}

/**
 * A validation run (an async iterable of findings and a summary) fed by a producer that
 * pushes: `emit` returns a promise while the consumer is behind (wait for it: that bounds the
 * findings in between), and throws once the consumer has stopped iterating.
 */
function pulled(
  produce: (emit: (finding: Finding) => Promise<void> | undefined) => Promise<ValidationSummary>,
): ValidationRun {
  const HIGH_WATER = 1024;
  let buffer: Finding[] = [];
  let finished = false;
  let failure: { error: unknown } | undefined;
  let stopped = false;
  let wakeConsumer: (() => void) | undefined;
  let wakeProducer: (() => void) | undefined;
  const wake = () => {
    wakeConsumer?.();
    wakeConsumer = undefined;
  };
  const emit = (finding: Finding): Promise<void> | undefined => {
    if (stopped) throw new Error("the findings are no longer read");
    buffer.push(finding);
    wake();
    return buffer.length >= HIGH_WATER
      ? new Promise<void>((resolve) => {
          wakeProducer = resolve;
        })
      : undefined;
  };
  const summary = produce(emit);
  summary.then(
    () => {
      finished = true;
      wake();
    },
    (error: unknown) => {
      failure = { error };
      finished = true;
      wake();
    },
  );
  async function* findings(): AsyncGenerator<Finding> {
    try {
      for (;;) {
        if (buffer.length > 0) {
          const ready = buffer;
          buffer = [];
          wakeProducer?.();
          wakeProducer = undefined;
          yield* ready;
          continue;
        }
        if (failure) throw failure.error;
        if (finished) return;
        await new Promise<void>((resolve) => {
          wakeConsumer = resolve;
        });
      }
    } finally {
      stopped = true;
      wakeProducer?.();
    }
  }
  return { [Symbol.asyncIterator]: findings, summary };
}

/** A sensible default for `--jobs`: the machine's parallelism. */
export function defaultJobs(): number {
  return availableParallelism();
}
export * from "./stages";
